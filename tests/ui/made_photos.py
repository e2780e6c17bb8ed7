"""Small generated photos for the window tests: Pillow pixels, fields written by the app."""

from pathlib import Path

from PIL import Image

from editor_app.metadata.writer import write_photo


def made_folder(tmp_path: Path, photos: dict[str, dict[str, object]], name: str = "made") -> Path:
    """A folder of small JPEGs, each carrying its fields (``write_photo`` names)."""
    folder = tmp_path / name
    folder.mkdir()
    for i, (file, fields) in enumerate(photos.items()):
        path = folder / file
        # a colour each: pictures differ, so each has its own identity hash
        Image.new("RGB", (48, 32), (20 + 7 * i % 230, 90, 200 - 5 * i % 190)).save(path, "JPEG")
        if fields:
            write_photo(path, fields)
    return folder


def names(desk) -> list[str]:
    """The file names the sheet shows, in its order."""
    return [desk.model.photo(r).name for r in range(desk.model.rowCount())]
