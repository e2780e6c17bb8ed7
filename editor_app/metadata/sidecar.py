"""XMP sidecar naming, in one place: ``NAME.xmp`` beside ``NAME.jpg``, or ``NAME.XMP``.

The reader, the writer, the rescan's file state and the folder walk all find a photo's sidecar
here, so a sidecar one of them sees is never missed by another (some tools write ``.XMP``).
"""

import errno
import os
import stat
from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import TypeVar

SUFFIXES = (".xmp", ".XMP")  # in order of preference when a folder holds both
_T = TypeVar("_T")


class Unknown(Enum):
    """No folder listing says what sidecar a photo has: the reader looks on disk."""

    LOOK = "look on disk"


LOOK = Unknown.LOOK
Known = str | None | Unknown  # a sidecar's file name in the photo's folder, None for none, LOOK


def sidecar_path(photo: Path) -> Path:
    """Where a new sidecar goes: ``photo.xmp``, the name Lightroom and Photo Mechanic read."""
    return photo.with_suffix(SUFFIXES[0])


def sidecar_names(photo_name: str) -> tuple[str, ...]:
    """The file names a sidecar of ``photo_name`` may have, preferred first."""
    stem = os.path.splitext(photo_name)[0]
    return tuple(stem + suffix for suffix in SUFFIXES if stem + suffix != photo_name)


def find_sidecar(photo: Path) -> Path | None:
    """The existing sidecar of ``photo`` on disk, or None."""
    head = os.path.dirname(photo)  # os.path and os.stat: pathlib costs more than the stat
    for name in sidecar_names(photo.name):
        try:
            if stat.S_ISREG(os.stat(os.path.join(head, name)).st_mode):
                return photo.with_name(name)
        except OSError as exc:
            if exc.errno not in _MISSING:  # as Path.is_file: other errors are raised
                raise
        except ValueError:
            continue
    return None


_MISSING = (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP)


def sidecar_in(listing: Mapping[str, _T], photo_name: str) -> _T | None:
    """The sidecar's entry in a folder listing keyed by file name (``os.scandir``), or None."""
    for name in sidecar_names(photo_name):
        entry = listing.get(name)
        if entry is not None:
            return entry
    return None


def listed_sidecar(listing: Mapping[str, os.DirEntry], photo_name: str) -> Known:
    """What :func:`find_sidecar` would find, from a folder listing (``os.scandir`` entries by
    name, folders left out): the sidecar's name, None, or LOOK when an entry cannot be stat'ed
    (the reader then asks the disk and reports what it meets, as before)."""
    for name in sidecar_names(photo_name):
        entry = listing.get(name)
        if entry is None:
            continue
        try:
            mode = entry.stat().st_mode  # cached by the listing's walk
        except OSError:
            return LOOK
        if stat.S_ISREG(mode):
            return name
    return None


def sidecar_stat(photo: str | os.PathLike) -> os.stat_result | None:
    """``os.stat`` of the sidecar of ``photo``, or None when it has none."""
    head, name = os.path.split(os.fspath(photo))
    for candidate in sidecar_names(name):
        try:
            found = os.stat(os.path.join(head, candidate))
        except OSError:
            continue
        if stat.S_ISREG(found.st_mode):
            return found
    return None
