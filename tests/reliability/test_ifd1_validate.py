"""Issue 11 item 14: "Short directory size for IFD1" after our write.

ExifTool sizes every directory chained after IFD0 (IFD1, the thumbnail's) by IFD0's region:
from IFD0 to the end of the Exif blob. Our writer appends a new IFD0 at the end, so an IFD1
with more entries than that appended region is long got the warning (exiv2-bug495.jpg of the
corpus: IFD0 of 10 entries, IFD1 of 155). The writer now pads its tail to the IFD1's size.
"""

import io
import json
import shutil
import struct
from collections import Counter

import pytest

from editor_app.errors import MetadataWriteError
from editor_app.metadata import jpeg
from editor_app.metadata.tiff import TiffReader
from editor_app.metadata.writer import write_photo
from tests.factories import app_segment, make_jpeg
from tests.metadata.validate_sweep import validate

CHANGES = {"caption": "Fire in the port", "byline": ["Jane Doe"], "copyright": "© 2024 Desk"}
_ASCII, _SHORT, _LONG, _RATIONAL = 2, 3, 4, 5


def _ifd(entries: list[tuple[int, int, int, bytes]], at: int, next_ifd: int) -> bytes:
    """A little-endian IFD at offset ``at``, its out-of-line values right after it."""
    value_pos = at + 2 + 12 * len(entries) + 4
    table, values = [struct.pack("<H", len(entries))], b""
    for tag, typ, count, data in sorted(entries):
        if len(data) <= 4:
            field = data.ljust(4, b"\x00")
        else:
            field = struct.pack("<I", value_pos + len(values))
            values += data + b"\x00" * (len(data) & 1)
        table.append(struct.pack("<HHI", tag, typ, count) + field)
    table.append(struct.pack("<I", next_ifd))
    return b"".join(table) + values


def _camera_exif_with_big_ifd1(thumbnail: bytes) -> bytes:
    """Exif of a camera whose thumbnail directory (IFD1) has more entries than its IFD0."""

    def short(tag: int, value: int) -> tuple[int, int, int, bytes]:
        return tag, _SHORT, 1, struct.pack("<H", value)

    def rational(tag: int, value: int) -> tuple[int, int, int, bytes]:
        return tag, _RATIONAL, 1, struct.pack("<II", value, 1)

    ifd0 = [
        (0x010F, _ASCII, 6, b"NIKON\x00"),
        (0x0110, _ASCII, 10, b"NIKON D70\x00"),
        short(0x0112, 1),
        rational(0x011A, 300),
        rational(0x011B, 300),
        short(0x0128, 2),
        short(0x0213, 2),
    ]
    head = _ifd(ifd0, 8, 0)
    ifd1_at = 8 + len(head) + (len(head) & 1)
    ifd1 = [
        short(0x0100, 160),  # ImageWidth
        short(0x0101, 120),  # ImageLength
        (0x0102, _SHORT, 3, struct.pack("<HHH", 8, 8, 8)),  # BitsPerSample
        short(0x0103, 6),  # Compression: JPEG
        short(0x0106, 6),  # PhotometricInterpretation: YCbCr
        short(0x0112, 1),
        short(0x0115, 3),  # SamplesPerPixel
        rational(0x011A, 72),
        rational(0x011B, 72),
        short(0x0128, 2),
        (0x0201, _LONG, 1, b"\x00" * 4),  # ThumbnailOffset, set below
        (0x0202, _LONG, 1, struct.pack("<I", len(thumbnail))),
        (0x0212, _SHORT, 2, struct.pack("<HH", 2, 1)),  # YCbCrSubSampling
        short(0x0213, 2),
    ]
    size = len(_ifd(ifd1, ifd1_at, 0))
    thumb_at = ifd1_at + size + (size & 1)
    ifd1[10] = (0x0201, _LONG, 1, struct.pack("<I", thumb_at))
    body = _ifd(ifd1, ifd1_at, 0)
    head = _ifd(ifd0, 8, ifd1_at)
    blob = b"II*\x00" + struct.pack("<I", 8) + head.ljust(ifd1_at - 8, b"\x00")
    return blob + body.ljust(thumb_at - ifd1_at, b"\x00") + thumbnail


def _camera_jpeg(tmp_path):
    """The only file in its folder (``tmp_path/photo``)."""
    for sub in ("thumb", "photo"):
        (tmp_path / sub).mkdir()
    thumb = make_jpeg(tmp_path / "thumb", size=(16, 12), exif=None, icc=False).read_bytes()
    exif = app_segment(0xE1, b"Exif\x00\x00" + _camera_exif_with_big_ifd1(thumb))
    return make_jpeg(tmp_path / "photo", exif=None, extra_segments=exif)


def _exif_blob(path) -> bytes:
    with open(path, "rb") as fh:
        header = jpeg.read_jpeg_header(fh)
    seg = next(s for s in header.segments if s.payload.startswith(jpeg.EXIF_HEADER))
    return seg.payload[len(jpeg.EXIF_HEADER) :]


def _ifd0_region_and_ifd1_size(path) -> tuple[int, int]:
    blob = _exif_blob(path)
    reader = TiffReader(io.BytesIO(blob))
    ifd0 = reader.read_ifd(reader.first_ifd)
    ifd1 = reader.read_ifd(ifd0.next_offset)
    return len(blob) - ifd0.offset, 2 + 12 * len(ifd1.entries)


@pytest.mark.parametrize("changes", [CHANGES, {"caption": "x"}])
def test_the_ifd0_region_is_as_long_as_ifd1(tmp_path, changes):
    """ExifTool's rule, checked without ExifTool: IFD1 must fit the region IFD0 starts."""
    photo = _camera_jpeg(tmp_path)
    region, ifd1 = _ifd0_region_and_ifd1_size(photo)
    assert region >= ifd1  # the camera's own layout
    write_photo(photo, changes)
    region, ifd1 = _ifd0_region_and_ifd1_size(photo)
    assert region >= ifd1


def test_the_padding_is_reused_by_the_next_edit(tmp_path):
    photo = _camera_jpeg(tmp_path)
    write_photo(photo, CHANGES)
    size = photo.stat().st_size
    for changes in ({"caption": "x" * 40}, {"caption": "Fire", "byline": []}, CHANGES):
        write_photo(photo, changes)
        assert photo.stat().st_size == size
        region, ifd1 = _ifd0_region_and_ifd1_size(photo)
        assert region >= ifd1


def test_exiftool_validation_is_unchanged_for_a_big_ifd1(exiftool, tmp_path):
    photo = _camera_jpeg(tmp_path)
    before = validate(exiftool, photo.parent)
    write_photo(photo, CHANGES)
    assert validate(exiftool, photo.parent) == before
    write_photo(photo, {"caption": "x", "byline": [], "copyright": ""})
    assert validate(exiftool, photo.parent) == before


# Camera files whose validation our write changes on purpose, with the reason.
DELIBERATE: dict[str, str] = {}


def _camera_jpegs(corpus) -> list[str]:
    entries = json.loads((corpus / "exiftool.json").read_text(encoding="utf-8"))
    return sorted(
        e["SourceFile"].removeprefix("./")
        for e in entries
        if e.get("File:FileType") == "JPEG" and "IFD0:Make" in e and "ExifTool:Error" not in e
    )


@pytest.mark.corpus
def test_exiftool_warns_of_nothing_new_on_corpus_camera_files(exiftool, corpus, tmp_path):
    sources = [s for s in _camera_jpegs(corpus) if s not in DELIBERATE]
    assert len(sources) > 100
    names = {}
    for n, source in enumerate(sources):
        copy = tmp_path / f"{n:04d}.jpg"
        shutil.copyfile(corpus / source, copy)  # copyfile: the corpus files are read-only
        names[copy.name] = source
    before = validate(exiftool, tmp_path)
    written = set()
    for name in names:
        try:
            write_photo(tmp_path / name, CHANGES)
        except MetadataWriteError:
            continue  # refused: the file is untouched
        written.add(name)
    after = validate(exiftool, tmp_path)
    assert len(written) > 100
    # Warnings about the old IFD0 (odd offsets, order) go with it; none may appear.
    added = {names[n]: Counter(after[n]) - Counter(before[n]) for n in written}
    assert {source: sorted(new) for source, new in added.items() if new} == {}
