"""Open only regular files: a FIFO, socket or device named ``*.jpg`` would block a read for ever.

The check is made on the opened descriptor (``fstat``), and the open itself never waits
(``O_NONBLOCK``), so a FIFO swapped in between a walk and the read cannot hang us either.
"""

import os
import stat
from typing import BinaryIO

from editor_app.errors import MetadataReadError

_KINDS = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
    (stat.S_ISDIR, "folder"),
)


class NotRegularFile(MetadataReadError):
    """The path is a FIFO, socket, device or folder, not a file holding a photo."""


def file_kind(mode: int) -> str:
    """``FIFO``, ``socket``... for a stat mode that is not a regular file."""
    return next((name for test, name in _KINDS if test(mode)), "special file")


def not_regular_reason(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a folder, not a photo"
    return f"not a regular file ({file_kind(mode)})"


def open_regular(path: str | os.PathLike) -> BinaryIO:
    """``open(path, "rb")`` for a regular file; NotRegularFile (never a wait) for anything else.

    Raises OSError as ``open`` does (missing file, permission denied).
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(not_regular_reason(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def is_regular(path: str | os.PathLike) -> bool:
    """The path (symlinks followed) is a regular file; False when it is missing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
