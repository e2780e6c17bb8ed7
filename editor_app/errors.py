"""Errors we expect and can explain in one line."""

import errno
import os
from datetime import datetime
from pathlib import Path


class CaptionDeskError(Exception):
    """Base for errors we expect and can explain."""


class UserError(CaptionDeskError):
    """A problem with one input the user can act on; ``str()`` is the one-line message."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = Path(path)
        self.reason = reason

    def __reduce__(self):  # rebuilt from its own arguments when it crosses a process boundary
        return (self.__class__, (self.path, self.reason))


class MetadataReadError(CaptionDeskError):
    """A file's metadata could not be read; the message is the reason, without the path."""


class MetadataWriteError(CaptionDeskError):
    """A file's metadata could not be written; the original is untouched."""


class UnsupportedFormat(MetadataReadError):
    """The file is not an image format we handle."""


_OS_REASONS = {
    errno.ENOENT: "no such file or directory",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a folder, not a photo",
    errno.EIO: "input/output error (a failing disk or a lost network share?)",
    errno.ELOOP: "a loop of symbolic links (a link that leads back to itself)",
}


def os_reason(exc: OSError) -> str:
    """An OS error as the end of a sentence: "permission denied" (lower case, no full stop)."""
    known = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    if known:
        return known
    if not exc.strerror:
        return exc.__class__.__name__
    return (exc.strerror[:1].lower() + exc.strerror[1:]).rstrip(".")


def path_reason(path: str | os.PathLike, exc: OSError) -> str:
    """:func:`os_reason`, naming a dangling symbolic link as such."""
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "a symbolic link to a file that does not exist"
    return os_reason(exc)


class ConfigError(CaptionDeskError):
    """The desk configuration (caption-desk.toml) is invalid."""


class EditConflict(CaptionDeskError):
    """A save was based on an old version of the photo's captions.

    ``editor`` and ``at`` name the save that made the catalog's version, when the catalog
    knows it (the desk shows "Jane saved this at 14:02").
    """

    def __init__(
        self,
        path: str,
        expected: int,
        actual: int,
        *,
        editor: str | None = None,
        at: datetime | None = None,
    ) -> None:
        super().__init__(
            f"{path}: edit conflict: you edited version {expected}, "
            f"but the catalog has version {actual}"
        )
        self.path, self.expected, self.actual = path, expected, actual
        self.editor, self.at = editor, at

    def __reduce__(self):
        return (_edit_conflict, (self.path, self.expected, self.actual, self.editor, self.at))


def _edit_conflict(path, expected, actual, editor, at) -> EditConflict:
    return EditConflict(path, expected, actual, editor=editor, at=at)
