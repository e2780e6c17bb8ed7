"""An AFCP trailer (FotoStation) after the image data stays valid when our write resizes the
header: its absolute offsets are shifted with it (ExifTool warned "Adjusted AFCP offsets")."""

import struct

import pytest

from editor_app.metadata.writer import write_photo
from tests.factories import image_data, make_jpeg
from tests.metadata import builders
from tests.metadata.validate_sweep import validate_file

CHANGES = {"caption": "Fire in the port " * 20, "headline": "Port fire"}
_TEXT = b"Trailer text kept by FotoStation"


def afcp_trailer(at: int, signature: bytes) -> bytes:
    """A trailer starting at file offset ``at``: an IPTC entry and a text entry."""
    endian = ">" if signature == b"AXS!" else "<"
    iim = builders.iim_block(caption=b"AFCP caption")
    values = [(b"IPTC", iim), (b"Nail", _TEXT)]
    data_at = at + 12 + 12 * len(values)
    directory, blob = b"", b""
    for tag, value in values:
        directory += tag + struct.pack(endian + "II", len(value), data_at + len(blob))
        blob += value
    head = signature + struct.pack(endian + "HHI", 1, len(values), 0)
    return head + directory + blob + signature + struct.pack(endian + "II", at, 0)


def _with_afcp(tmp_path, signature: bytes = b"AXS!"):
    photo = make_jpeg(tmp_path)
    data = photo.read_bytes()
    photo.write_bytes(data + afcp_trailer(len(data), signature))
    return photo


def _read_afcp(data: bytes) -> tuple[int, dict[bytes, bytes]]:
    """Where the trailer starts (by its end record) and its entries, by their offsets."""
    endian = ">" if data[-9:-8] == b"!" else "<"
    (start,) = struct.unpack(endian + "I", data[-8:-4])
    assert data[start : start + 3] == b"AXS"
    (count,) = struct.unpack(endian + "H", data[start + 6 : start + 8])
    entries = {}
    for i in range(count):
        row = data[start + 12 + 12 * i : start + 24 + 12 * i]
        size, offset = struct.unpack(endian + "II", row[4:])
        entries[row[:4]] = data[offset : offset + size]
    return start, entries


@pytest.mark.parametrize("signature", [b"AXS!", b"AXS*"])
@pytest.mark.parametrize("changes", [CHANGES, {"caption": "x"}])
def test_afcp_offsets_follow_the_header(tmp_path, signature, changes):
    photo = _with_afcp(tmp_path, signature)
    before = photo.read_bytes()
    start, entries = _read_afcp(before)
    assert entries[b"Nail"] == _TEXT
    write_photo(photo, changes)
    after = photo.read_bytes()
    assert len(after) != len(before)  # the header changed size: the offsets had to move
    new_start, new_entries = _read_afcp(after)
    assert new_entries == entries
    assert new_start - start == len(after) - len(before)
    assert (
        image_data(photo)[: new_start - len(after)] == image_data_of(before)[: start - len(before)]
    )


def image_data_of(data: bytes) -> bytes:
    return data[data.index(b"\xff\xda") :]


def test_exiftool_validates_the_afcp_file_as_before(exiftool, tmp_path):
    photo = _with_afcp(tmp_path)
    before = validate_file(exiftool, photo)
    write_photo(photo, CHANGES)
    assert validate_file(exiftool, photo) == before
    assert "[minor] Non-standard IPTC at JPEG-Trailer-AFCP-IPTC" in before  # ExifTool read it


def test_a_trailer_already_off_is_left_as_it_was(tmp_path):
    """Offsets that did not match before our write (another tool moved it): not ours to fix."""
    photo = make_jpeg(tmp_path)
    data = photo.read_bytes()
    trailer = afcp_trailer(len(data) + 100, b"AXS!")
    photo.write_bytes(data + trailer)
    write_photo(photo, CHANGES)
    assert photo.read_bytes().endswith(trailer)
