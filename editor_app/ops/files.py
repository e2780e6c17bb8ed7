"""Turn command-line paths into the list of photo files to handle."""

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

PHOTO_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".tif", ".tiff", ".png", ".webp"})


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files as given (whatever their name), directories walked for photos, in argument order.

    A path that does not exist is kept: reading it produces its readable error.
    """
    result: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            result.extend(iter_photo_paths(path))
        else:
            result.append(path)
    return result


def iter_photo_paths(folder: Path) -> Iterator[Path]:
    """Photo files under ``folder``, sorted, hidden folders and files skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in PHOTO_SUFFIXES:
                yield Path(root, name)
