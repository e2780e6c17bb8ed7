"""Build a replacement TIFF IFD0 to append after existing data, without moving any other byte.

Both the JPEG Exif writer and the TIFF writer use the same layout: the new IFD at an even
offset, immediately followed by the out-of-line values of the entries *we* manage, in entry
order, each padded to an even length. Entries we do not manage are copied verbatim (their value
offsets stay valid because nothing before them moves). ``our_tail_start`` recognizes that layout
at the end of the data, so a second edit can overwrite the region the first one appended
instead of growing the file each time.
"""

import struct
from collections.abc import Iterable
from dataclasses import dataclass

from editor_app.errors import MetadataWriteError
from editor_app.metadata.tiff import TYPE_SIZES, Ifd, IfdEntry

ASCII = 2
BYTE = 1
LONG = 4
UNDEFINED = 7


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry we write: its value bytes are placed after the IFD when longer than 4 bytes."""

    tag: int
    type: int
    count: int
    data: bytes


def ascii_entry(tag: int, text: str) -> NewEntry:
    """A TIFF ASCII entry holding UTF-8, as MWG recommends for EXIF strings."""
    data = text.encode("utf-8") + b"\x00"
    return NewEntry(tag, ASCII, len(data), data)


def long_padded_entry(tag: int, data: bytes) -> NewEntry:
    """A LONG entry over ``data`` padded to 4 bytes (how Photoshop stores IPTC in tag 33723)."""
    data += b"\x00" * (-len(data) % 4)
    return NewEntry(tag, LONG, len(data) // 4, data)


def byte_entry(tag: int, data: bytes) -> NewEntry:
    return NewEntry(tag, BYTE, len(data), data)


def build_ifd(
    kept: Iterable[IfdEntry], new: Iterable[NewEntry], start: int, endian: str, next_ifd: int
) -> bytes:
    """IFD bytes for offset ``start`` (even) followed by the values of the ``new`` entries."""
    rows = _merged(kept, new)
    value_pos = start + 2 + 12 * len(rows) + 4
    table = [struct.pack(endian + "H", len(rows))]
    values: list[bytes] = []
    for tag, typ, count, data, raw in rows:
        if data is None:
            field = raw
        elif len(data) <= 4:
            field = data.ljust(4, b"\x00")
        else:
            field = struct.pack(endian + "I", value_pos)
            padded = data + b"\x00" * (len(data) & 1)
            values.append(padded)
            value_pos += len(padded)
        table.append(struct.pack(endian + "HHI", tag, typ, count) + field)
    table.append(struct.pack(endian + "I", next_ifd))
    return b"".join(table) + b"".join(values)


_Row = tuple[int, int, int, bytes | None, bytes]


def _merged(kept: Iterable[IfdEntry], new: Iterable[NewEntry]) -> list[_Row]:
    """The kept entries in their own order, each new one before the first bigger kept tag.

    Sorted entries stay sorted. A directory the file already had out of order (or with a tag
    twice) keeps that order: sorting it would change what ExifTool reports about it ("Tag ID
    out of sequence" becoming "Duplicate tag") and, for a duplicate, which value readers take.
    """
    pending = sorted(new, key=lambda added: added.tag)
    rows: list[_Row] = []
    for entry in kept:
        while pending and pending[0].tag < entry.tag:
            added = pending.pop(0)
            rows.append((added.tag, added.type, added.count, added.data, b""))
        rows.append((entry.tag, entry.type, entry.count, None, entry.raw_field))
    rows += [(added.tag, added.type, added.count, added.data, b"") for added in pending]
    return rows


def check_entries(ifd: Ifd) -> None:
    """Refuse a directory with entries of unknown field types: it is damaged, and copying its
    entries into a new IFD0 would only spread the damage."""
    bad = [e for e in ifd.entries if e.type not in TYPE_SIZES]
    if bad:
        raise MetadataWriteError(
            f"the TIFF directory is damaged (entry {bad[0].tag} has unknown type {bad[0].type}); "
            "not rewriting it"
        )


def our_tail_start(
    ifd: Ifd, total: int, managed: frozenset[int], data: bytes | None = None
) -> int | None:
    """``ifd.offset`` when IFD0 and values of managed tags alone fill ``[offset, total)``.

    That is exactly the region ``build_ifd`` appended in an earlier edit; reusing it is safe
    because no byte there belongs to anything else. With ``data`` (the whole blob), zero bytes
    after the values are accepted too: the Exif writer pads its tail (``exif_write``).
    """
    if ifd.offset < 8 or ifd.offset & 1:
        return None
    pos = ifd.offset + 2 + 12 * len(ifd.entries) + 4
    for entry in sorted(ifd.entries, key=lambda e: e.tag):
        if entry.value_offset is None:
            continue
        if entry.tag not in managed:
            if entry.value_offset + entry.size > ifd.offset:
                return None
            continue
        if entry.value_offset != pos:
            return None
        pos += entry.size + (entry.size & 1)
    if pos == total:
        return ifd.offset
    padded = data is not None and pos < total and not data[pos:total].strip(b"\x00")
    return ifd.offset if padded and not pos <= ifd.next_offset < total else None
