"""EXIF pointer amplification (issue 11, item 6): many IFD0 entries pointing at one big GPS
directory made exifread decode N x M tags. The work is counted, not timed."""

import struct

import pytest
from exifread.core import exif_header

from editor_app.metadata.io import read_photo
from tests.metadata.builders import app1_exif, pixels_jpeg, splice, write

GPS_LATITUDE, RATIONAL, LONG = 0x0002, 5, 4


def amplifier(pointers: int, entries: int, endian: str = "<") -> bytes:
    """IFD0 of ``pointers`` GPS pointers, all to one GPS directory of ``entries`` latitudes."""
    ifd0 = 8
    gps = ifd0 + 6 + 12 * pointers
    values = gps + 6 + 12 * entries
    head = (b"II*\x00" if endian == "<" else b"MM\x00*") + struct.pack(endian + "I", ifd0)
    pointer = struct.pack(endian + "HHII", 0x8825, LONG, 1, gps)
    latitude = struct.pack(endian + "HHII", GPS_LATITUDE, RATIONAL, 3, values)
    return (
        head
        + struct.pack(endian + "H", pointers)
        + pointer * pointers
        + b"\x00" * 4
        + struct.pack(endian + "H", entries)
        + latitude * entries
        + b"\x00" * 4
        + struct.pack(endian + "6I", 48, 1, 30, 1, 0, 1)
    )


@pytest.fixture
def decoded(monkeypatch):
    """Counts the tags exifread decodes."""
    calls = []
    original = exif_header.ExifHeader._process_tag

    def counting(self, *args, **kwargs):
        calls.append(args[4] if len(args) > 4 else None)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(exif_header.ExifHeader, "_process_tag", counting)
    return calls


@pytest.mark.parametrize("container", ["jpeg", "tiff"])
@pytest.mark.parametrize("endian", ["<", ">"])
def test_each_directory_is_decoded_once(tmp_path, decoded, container, endian):
    blob = amplifier(400, 400, endian)  # 160,400 tag decodes before the fix
    data = splice(pixels_jpeg(), [app1_exif(blob)]) if container == "jpeg" else blob
    record = read_photo(write(tmp_path / f"amp.{container}", data))
    assert record.exif.gps_latitude == 48.5  # the first pointer and the first entry are kept
    assert len(decoded) <= 4


def test_pointers_back_to_a_decoded_directory_are_dropped():
    from editor_app.metadata.exif_view import filtered_blob

    blob = bytearray(amplifier(1, 1))
    ifd0 = 8
    struct.pack_into("<I", blob, ifd0 + 2 + 8, ifd0)  # the GPS pointer leads back to IFD0
    view = filtered_blob(bytes(blob))
    assert struct.unpack_from("<H", view, ifd0)[0] == 0
