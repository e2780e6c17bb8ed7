"""Our write adds nothing to ``exiftool -validate``: a new Exif carries the IFD0 tags the Exif
standard requires of a JPEG, and an existing one (IFD1 thumbnail included) stays as valid."""

import struct
import subprocess

import pytest
from PIL import TiffImagePlugin

from editor_app.metadata.io import read_photo
from editor_app.metadata.irb_write import encode_block
from editor_app.metadata.writer import write_photo
from editor_app.testing.factories import pixels
from tests.factories import app_segment, make_jpeg

CHANGES = {"caption": "Fire in the port", "byline": ["Jane Doe"], "copyright": "© 2024 Desk"}


def _validate(exiftool: str, path) -> list[str]:
    out = subprocess.run(
        [exiftool, "-validate", "-warning", "-a", "-s3", str(path)],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    return sorted(out.splitlines()[1:])  # the count line first, then one warning per line


def _with_thumbnail(exiftool: str, path, tmp_path):
    thumb = make_jpeg(tmp_path, "thumb.jpg", size=(16, 12), exif=None, icc=False)
    subprocess.run(
        [exiftool, "-q", "-overwrite_original", f"-ThumbnailImage<={thumb}", str(path)],
        check=True,
    )
    return path


def _jfif(units: int, x: int, y: int) -> bytes:
    return app_segment(0xE0, b"JFIF\x00\x01\x02" + struct.pack(">BHHBB", units, x, y, 0, 0))


FIXTURES = {
    "no exif": lambda tmp, tool: make_jpeg(tmp, exif=None),
    "no exif, no icc": lambda tmp, tool: make_jpeg(tmp, exif=None, icc=False),
    "camera": lambda tmp, tool: make_jpeg(tmp),
    "camera with IFD1 thumbnail": lambda tmp, tool: _with_thumbnail(tool, make_jpeg(tmp), tmp),
}


@pytest.mark.parametrize("name", FIXTURES)
def test_validation_is_unchanged_by_our_write(exiftool, tmp_path, name):
    photo = FIXTURES[name](tmp_path, exiftool)
    before = _validate(exiftool, photo)
    write_photo(photo, CHANGES)
    assert _validate(exiftool, photo) == before
    write_photo(photo, {"caption": "Second edit", "byline": []})  # the reused tail too
    assert _validate(exiftool, photo) == before


def test_new_exif_takes_the_jfif_density(exiftool, tmp_path):
    photo = make_jpeg(tmp_path, exif=None)
    data = photo.read_bytes()
    assert data[2:4] == b"\xff\xe0"  # Pillow's JFIF APP0: replace it with 300 x 150 per cm
    length = struct.unpack(">H", data[4:6])[0]
    photo.write_bytes(data[:2] + _jfif(2, 300, 150) + data[4 + length :])
    write_photo(photo, CHANGES)
    out = subprocess.run(
        [exiftool, "-s3", "-IFD0:XResolution", "-IFD0:YResolution", "-IFD0:ResolutionUnit",
         "-IFD0:YCbCrPositioning", str(photo)],
        capture_output=True, check=True, text=True,
    ).stdout.split()  # fmt: skip
    assert out == ["300", "150", "cm", "Centered"]


def test_a_second_edit_does_not_grow_the_new_exif(tmp_path):
    photo = make_jpeg(tmp_path, exif=None)
    write_photo(photo, CHANGES)
    size = photo.stat().st_size
    for text in ("x" * 10, "Fire in the port"):
        write_photo(photo, {"caption": text})
    assert photo.stat().st_size == size


def _tiff_with_photoshop_resources(tmp_path):
    """A TIFF saved by Photoshop: resources (here resolution info) but its IPTC, if any, in
    tag 33723 only."""
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[34377] = encode_block(0x03ED, struct.pack(">IHHIHH", 72 << 16, 1, 2, 72 << 16, 1, 2))
    info.tagtype[34377] = 1  # BYTE
    path = tmp_path / "photo.tif"
    pixels().save(path, "TIFF", tiffinfo=info)
    return path


def test_a_tiff_gets_no_iptc_in_its_photoshop_resources(exiftool, tmp_path):
    """ExifTool: "[minor] Non-standard IPTC at TIFF-IFD0-Photoshop-IPTC"; tag 33723 has it."""
    photo = _tiff_with_photoshop_resources(tmp_path)
    before = _validate(exiftool, photo)
    write_photo(photo, CHANGES)
    assert _validate(exiftool, photo) == before
    assert read_photo(photo).caption == CHANGES["caption"]
    found = subprocess.run(
        [exiftool, "-s3", "-a", "-IPTC:Caption-Abstract", str(photo)],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    assert found.splitlines() == [CHANGES["caption"]]  # once: from tag 33723
