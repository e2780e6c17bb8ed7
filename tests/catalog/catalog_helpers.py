"""Helpers shared by the catalog tests: pictures, a fake reader, rows for ``add_photos``."""

import os
from pathlib import Path

from PIL import Image

from editor_app.catalog import NewPhoto
from editor_app.catalog.values import empty
from editor_app.metadata.fields import EDITABLE_FIELDS
from editor_app.metadata.record import PhotoMetadata


def make_jpeg(path: Path, color: tuple[int, int, int] = (200, 30, 30), size=(32, 24)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, "JPEG")
    return path


def fields(**values) -> dict:
    result = {name: empty(name) for name in EDITABLE_FIELDS}
    result.update(values)
    return result


def new_photo(path: str, image_hash: str = "h", **values) -> NewPhoto:
    return NewPhoto(path, image_hash, "JPEG", 100, 1_000, fields(**values))


def touch(path: Path, delta_ns: int = 1_000_000_000) -> None:
    """Change the mtime (as an outside tool would) without changing the content."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + delta_ns))


class FakeReader:
    """``read_photo`` stand-in: fields per file name, counting the files it opens."""

    def __init__(self) -> None:
        self.values: dict[str, dict] = {}
        self.opened: list[str] = []

    def set(self, path: Path, **values) -> None:
        self.values[path.name] = values

    def __call__(self, path: Path) -> PhotoMetadata:
        self.opened.append(path.name)
        if not path.exists():
            return PhotoMetadata(path=path, error="no such file")
        return PhotoMetadata(path=path, format="JPEG", **self.values.get(path.name, {}))


def two_photo_desk(tmp_path: Path) -> Path:
    """A folder "desk" with two small, different JPEGs: a.jpg and b.jpg."""
    folder = tmp_path / "desk"
    make_jpeg(folder / "a.jpg", (255, 0, 0))
    make_jpeg(folder / "b.jpg", (0, 255, 0))
    return folder
