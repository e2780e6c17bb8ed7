"""The JPEG header scanner: segment offsets and errors, with and without fill bytes (the
common "FF marker length" case is read in one step, anything else byte by byte)."""

import io
import re

import pytest

from editor_app.errors import MetadataReadError
from editor_app.metadata.jpeg import read_jpeg_header

APP1 = b"\xff\xe1\x00\x06Exif"
SOF = b"\xff\xc0\x00\x0b\x08\x00\x10\x00\x20\x01\x01\x11\x00"  # 32 x 16
SOS = b"\xff\xda\x00\x02"


def _scan(data: bytes, strict: bool = True):
    return read_jpeg_header(io.BytesIO(data), strict=strict)


def test_segments_offsets_size_and_sos():
    header = _scan(b"\xff\xd8" + APP1 + SOF + SOS + b"data\xff\xd9")
    assert [(s.marker, s.offset, s.payload[:4]) for s in header.segments] == [
        (0xE1, 2, b"Exif"),
        (0xC0, 10, b"\x08\x00\x10\x00"),
    ]
    assert (header.width, header.height, header.sos_offset) == (32, 16, 23)


def test_fill_bytes_and_standalone_markers_are_stepped_over():
    data = b"\xff\xd8" + b"\xff\xff" + APP1 + b"\xff\xd0" + SOF + b"\xff\xff\xff" + SOS
    header = _scan(data)
    assert [(s.marker, s.offset) for s in header.segments] == [(0xE1, 4), (0xC0, 14)]
    assert header.sos_offset == 30  # the 0xFF right before the marker


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\xff\xd8\xff\xe1\x00", "segment at byte 2 has no length"),
        (b"\xff\xd8\xff\xe1\x00\x01rest", "segment length 1 at byte 4"),
        (b"\xff\xd8\xff\xe1\x00\x10abc", "claims 16 bytes, file ends after 5"),
        (b"\xff\xd8" + APP1 + b"\x00\xff\xda", "expected a marker at byte 10"),
    ],
)
def test_damage_is_named_with_its_offset(data, message):
    with pytest.raises(MetadataReadError, match=message):
        _scan(data)
    assert _scan(b"\xff\xd8" + APP1 + data[2:], strict=False).segments[0].payload == b"Exif"


def test_a_file_ending_before_the_image_data():
    assert _scan(b"\xff\xd8" + APP1).sos_offset is None
    assert _scan(b"\xff\xd8" + APP1 + b"\xff\xd9" + SOF).segments[-1].marker == 0xE1


def _same_but_tables(data: bytes, strict: bool) -> None:
    """``apps_only`` keeps the APPn segments of the full scan and everything else of it."""
    try:
        full = read_jpeg_header(io.BytesIO(data), strict=strict)
    except MetadataReadError as exc:
        with pytest.raises(MetadataReadError, match=re.escape(str(exc))):
            read_jpeg_header(io.BytesIO(data), strict=strict, apps_only=True)
        return
    apps = read_jpeg_header(io.BytesIO(data), strict=strict, apps_only=True)
    assert apps.segments == tuple(s for s in full.segments if 0xE0 <= s.marker <= 0xEF)
    assert (apps.sos_offset, apps.width, apps.height, apps.damage, apps.whole) == (
        full.sos_offset,
        full.width,
        full.height,
        full.damage,
        full.whole,
    )


DQT = b"\xff\xdb\x00\x04\x00\x01"


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize(
    "data",
    [
        b"\xff\xd8" + APP1 + DQT + APP1 + SOF + SOS + b"data\xff\xd9",
        b"\xff\xd8" + DQT + b"\xff\xe1\x00",  # damage after a table only: still damage
        b"\xff\xd8" + DQT + SOF + b"\xff\xe1\x00\x09Exif",  # truncated after the frame
        b"\xff\xd8" + DQT * 5000 + SOS,  # too many segments, counted with the tables
        b"\xff\xd8" + APP1 + b"\xff\xff" + DQT + b"\xff\xd0" + SOS,
    ],
)
def test_apps_only_keeps_the_full_scans_metadata(data, strict):
    _same_but_tables(data, strict)


@pytest.mark.corpus
def test_apps_only_on_the_corpus(corpus):
    compared = 0
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".jpg", ".jpeg"):
            _same_but_tables(path.read_bytes(), strict=False)
            compared += 1
    assert compared > 300
