"""Open only regular files: a FIFO, socket or device named ``*.jpg`` would block a read for ever.

The check is made on the opened descriptor (``fstat``), and the open itself never waits
(``O_NONBLOCK``), so a FIFO swapped in between a walk and the read cannot hang us either.
"""

import errno
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
    fd = open_descriptor(path)
    try:
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def open_descriptor(path: str | os.PathLike) -> int:
    """The descriptor of a regular file opened for reading, as :func:`open_regular` checks it;
    the caller closes it."""
    return open_sized(path)[0]


def open_sized(path: str | os.PathLike) -> tuple[int, int]:
    """:func:`open_descriptor`, and the file's size as its check found it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(not_regular_reason(info.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd, info.st_size


class DescriptorFile:
    """``read`` and ``seek`` straight on a descriptor (not closed here): a JPEG header is read
    in two or three calls, and the buffered layers of ``open`` cost more than those reads.
    ``read(n)`` returns ``n`` bytes unless the file ends first, as a buffered file's does.
    Reads are ``pread`` at a position kept here, and the end is the ``size`` the open found:
    a seek costs no system call (the descriptor's own offset is never used)."""

    __slots__ = ("_fd", "_pos", "_size")

    def __init__(self, fd: int, size: int) -> None:
        self._fd, self._pos, self._size = fd, 0, size

    def read(self, size: int) -> bytes:
        data = os.pread(self._fd, size, self._pos)
        while 0 < len(data) < size:  # a short read is not the end (FUSE, NFS): ask again
            more = os.pread(self._fd, size - len(data), self._pos + len(data))
            if not more:
                break
            data += more
        self._pos += len(data)
        return data

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += self._size
        if offset < 0:
            raise OSError(errno.EINVAL, os.strerror(errno.EINVAL))
        self._pos = offset
        return offset


def is_regular(path: str | os.PathLike) -> bool:
    """The path (symlinks followed) is a regular file; False when it is missing."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False
