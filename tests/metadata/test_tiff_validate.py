"""TIFF writes that leave ``exiftool -validate`` unchanged (issue 11 item 14, corpus sweep).

Classes the sweep found: a looped page chain gained the old IFD0 as one more page; an IFD0 out
of order (or with a tag twice) was sorted, turning "out of sequence" into "Duplicate tag"; and
damaged directories (cut by the end of the file, values past it) were rewritten so that their
dangling offsets pointed into our new IFD0. Now the loop is repointed, the order kept, and the
damaged ones refused (untouched).
"""

import struct

import pytest

from editor_app.errors import MetadataWriteError
from editor_app.metadata.io import read_photo
from editor_app.metadata.tiff import TiffReader
from editor_app.metadata.tiff_write import MANAGED_TAGS
from editor_app.metadata.writer import write_photo
from tests.metadata import builders
from tests.metadata.builders import LONG, SHORT, TiffBuilder, patch_entry, set_next_ifd
from tests.metadata.validate_sweep import validate_file

CHANGES = {"caption": "Fire in the port", "headline": "Port fire"}


def _page_entries(builder: TiffBuilder, shade: int) -> list[builders.Entry]:
    strip = builder.add_blob(bytes([shade]) * 12)
    return [
        (builders.IMAGE_WIDTH, LONG, 4),
        (builders.IMAGE_LENGTH, LONG, 3),
        (builders.BITS_PER_SAMPLE, SHORT, 8),
        (builders.COMPRESSION, SHORT, 1),
        (builders.PHOTOMETRIC, SHORT, 1),
        (builders.STRIP_OFFSETS, LONG, strip),
        (builders.SAMPLES_PER_PIXEL, SHORT, 1),
        (builders.ROWS_PER_STRIP, LONG, 3),
        (builders.STRIP_BYTE_COUNTS, LONG, 12),
        (0x011A, builders.RATIONAL, (72, 1)),
        (0x011B, builders.RATIONAL, (72, 1)),
        (0x0128, SHORT, 2),
    ]


def _looped_tiff(pages: int) -> bytes:
    """``pages`` grey pages whose last "next" pointer leads back to IFD0 (Pillow's
    multipage_*_loop.tiff)."""
    builder = TiffBuilder("<")
    later: list[int] = []
    for n in range(pages - 1, 0, -1):  # the last page first: each links to the one after it
        later.insert(0, builder.add_ifd(_page_entries(builder, 40 * n), later[0] if later else 0))
    ifd0 = builder.add_ifd(_page_entries(builder, 0), next_ifd=later[0] if later else 0)
    builder.set_first_ifd(ifd0)
    builder.add_blob(b"\x00" * 16)  # data after IFD0, as in Pillow's files: not our old tail
    return set_next_ifd(builder.to_bytes(), later[-1] if later else ifd0, ifd0)


def _chain(path) -> tuple[int, int]:
    """(pages before the chain repeats, index of the page the last one leads back to)."""
    with open(path, "rb") as fh:
        reader = TiffReader(fh)
        offsets, offset = [], reader.first_ifd
        while offset and offset not in offsets:
            offsets.append(offset)
            offset = reader.read_ifd(offset).next_offset
    return len(offsets), offsets.index(offset)


@pytest.mark.parametrize("pages", [1, 2, 3])
def test_a_looped_page_chain_keeps_its_shape(tmp_path, pages):
    photo = builders.write(tmp_path / "loop.tif", _looped_tiff(pages))
    assert _chain(photo) == (pages, 0)
    for changes in (CHANGES, {"caption": "x" * 300}, {"caption": ""}):
        write_photo(photo, changes)
        assert _chain(photo) == (pages, 0)  # not pages + 1: the old IFD0 is no page
    assert read_photo(photo).headline == "Port fire"


@pytest.mark.parametrize("pages", [1, 2])
def test_a_looped_page_chain_validates_as_before(exiftool, tmp_path, pages):
    photo = builders.write(tmp_path / "loop.tif", _looped_tiff(pages))
    before = validate_file(exiftool, photo)
    assert any("pointer references previous" in w for w in before)
    write_photo(photo, CHANGES)
    assert validate_file(exiftool, photo) == before


def _tags(path) -> list[int]:
    with open(path, "rb") as fh:
        reader = TiffReader(fh)
        return [e.tag for e in reader.read_ifd(reader.first_ifd).entries]


def _swap_entries(data: bytes, first: int, second: int) -> bytes:
    """Two IFD0 entries (by tag) exchanged in place: the directory is out of order."""
    a, b = builders.entry_position(data, first), builders.entry_position(data, second)
    out = bytearray(data)
    out[a : a + 12], out[b : b + 12] = data[b : b + 12], data[a : a + 12]
    return bytes(out)


def _retag(data: bytes, tag: int, new_tag: int) -> bytes:
    pos = builders.entry_position(data, tag)
    return data[:pos] + struct.pack("<H", new_tag) + data[pos + 2 :]


def _disordered_tiff() -> bytes:
    data = builders.tiff_file(
        ifd0=[builders.ascii_entry(0x0131, "Scanner 1"), builders.ascii_entry(0x0132, "x")]
    )
    data = _swap_entries(data, builders.ROWS_PER_STRIP, builders.STRIP_BYTE_COUNTS)
    return _retag(data, 0x0132, 0x0131)  # Software twice


def test_an_ifd0_out_of_order_keeps_its_order(tmp_path):
    photo = builders.write(tmp_path / "odd.tif", _disordered_tiff())
    before = _tags(photo)
    assert before != sorted(before)
    write_photo(photo, CHANGES)
    after = _tags(photo)
    assert [t for t in after if t not in MANAGED_TAGS] == before
    mine = [i for i, t in enumerate(after) if t in MANAGED_TAGS]
    for i in mine:  # ours go where they are in sequence with their neighbours
        assert after[i - 1] < after[i] and (i + 1 == len(after) or after[i] < after[i + 1])
    assert read_photo(photo).caption == CHANGES["caption"]


def test_an_ifd0_out_of_order_validates_as_before(exiftool, tmp_path):
    photo = builders.write(tmp_path / "odd.tif", _disordered_tiff())
    before = validate_file(exiftool, photo)
    assert "Entries in IFD0 are out of order" in before
    write_photo(photo, CHANGES)
    assert validate_file(exiftool, photo) == before


def _past_the_end() -> bytes:
    data = builders.tiff_file(ifd0=[builders.ascii_entry(0x0131, "Scanner 1, long name")])
    return patch_entry(data, 0x0131, field=len(data) - 4)  # 20 bytes from 4 before the end


def _cut_directory() -> bytes:
    data = builders.tiff_file()
    (ifd0,) = struct.unpack("<I", data[4:8])
    return data[: ifd0 + 2 + 12 * 5]  # the builder puts IFD0 last: cut it after 5 entries


def _strip_past_the_end() -> bytes:
    """A strip byte count longer than the file (Pillow's tiff_wrong_bits_per_sample.tiff)."""
    data = builders.tiff_file()
    return patch_entry(data, builders.STRIP_BYTE_COUNTS, field=len(data) * 3)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_past_the_end, "lies past the end of the file"),
        (_cut_directory, "cut off"),
        (_strip_past_the_end, "image data runs past the end of the file"),
    ],
)
def test_a_damaged_ifd0_is_refused_untouched(tmp_path, make, reason):
    photo = builders.write(tmp_path / "damaged.tif", make())
    data = photo.read_bytes()
    with pytest.raises(MetadataWriteError, match=reason):
        write_photo(photo, CHANGES)
    assert photo.read_bytes() == data


def test_the_new_ifd0_is_read_back_by_our_reader(tmp_path):
    """The chain repointing does not disturb the page itself (its strip still reads)."""
    photo = builders.write(tmp_path / "loop.tif", _looped_tiff(2))
    write_photo(photo, CHANGES)
    with open(photo, "rb") as fh:
        reader = TiffReader(fh)
        ifd0 = reader.read_ifd(reader.first_ifd)
        page = reader.read_ifd(ifd0.next_offset)
        strip = page.get(builders.STRIP_OFFSETS)
        assert strip is not None
        fh.seek(reader.ints(strip)[0])
        assert fh.read(12) == bytes([40]) * 12
        assert page.next_offset == reader.first_ifd
