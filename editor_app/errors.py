"""Errors we expect and can explain in one line."""

import os
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


class ConfigError(CaptionDeskError):
    """The desk configuration (caption-desk.toml) is invalid."""


class EditConflict(CaptionDeskError):
    """A save was based on an old version of the photo's captions."""

    def __init__(self, path: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{path}: edit conflict: you edited version {expected}, "
            f"but the catalog has version {actual}"
        )
        self.path, self.expected, self.actual = path, expected, actual

    def __reduce__(self):
        return (self.__class__, (self.path, self.expected, self.actual))
