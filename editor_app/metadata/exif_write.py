"""Rewrite the MWG-mapped IFD0 strings (ImageDescription, Artist, Copyright) of an Exif blob.

The TIFF blob of a JPEG's Exif APP1 keeps every byte in place: a new IFD0 is appended at the end
and the header is repointed to it, so the Exif IFD, GPS IFD, thumbnail and maker notes (whose
internal offsets are often absolute) stay valid. See ``tiff_ifd`` for the reuse of our own tail.
"""

import io
import struct

from editor_app.errors import MetadataReadError, MetadataWriteError
from editor_app.metadata.changes import FieldValue, exif_text
from editor_app.metadata.fields import EXIF_FIELDS
from editor_app.metadata.tiff import Ifd, TiffReader
from editor_app.metadata.tiff_ifd import (
    NewEntry,
    ascii_entry,
    build_ifd,
    check_entries,
    our_tail_start,
)

MANAGED_TAGS = frozenset(EXIF_FIELDS.values())
# IFD0 tags Exif 2.3 requires of a JPEG (CIPA DC-008 table 4), written into a new Exif so that
# `exiftool -validate` has nothing to add; carried like ours so the tail stays reusable.
X_RESOLUTION, Y_RESOLUTION, RESOLUTION_UNIT, YCBCR_POSITIONING = 0x011A, 0x011B, 0x0128, 0x0213
REQUIRED_TAGS = frozenset({X_RESOLUTION, Y_RESOLUTION, RESOLUTION_UNIT, YCBCR_POSITIONING})
_CARRIED = MANAGED_TAGS | REQUIRED_TAGS
_RATIONAL, _SHORT = 5, 3
DEFAULT_RESOLUTION = (72, 72, 2)  # x, y, unit (2: inches): the Exif default
MAX_BLOB = 65533 - 6  # APP1 payload limit minus the "Exif\0\0" header


class ExifFullError(MetadataWriteError):
    """The Exif segment has no room left for the new IFD0 (64 KB limit)."""

    def __init__(self, size: int, present: frozenset[int]) -> None:
        super().__init__(
            f"EXIF would grow to {size} bytes, over the {MAX_BLOB}-byte JPEG segment limit"
        )
        self.present = present  # the managed tags the old IFD0 has
        self.size = size


def exif_values(changes: dict[str, FieldValue]) -> dict[int, str]:
    """Tag -> new text ("" removes the tag) for the EXIF fields among ``changes``."""
    return {
        tag: exif_text(name, changes[name]) for name, tag in EXIF_FIELDS.items() if name in changes
    }


def update_exif_blob(
    blob: bytes | None,
    values: dict[int, str],
    resolution: tuple[int, int, int] = DEFAULT_RESOLUTION,
) -> bytes | None:
    """The new TIFF blob, or None when there was none and nothing needs writing.

    A new blob gets the required IFD0 tags too, with ``resolution`` (x, y, Exif unit: the
    JPEG's JFIF density when it has one).
    """
    if not values:
        return blob
    if blob is None:
        if not any(values.values()):
            return None
        return _new_blob(values, resolution)
    try:
        return _rewrite(blob, values)
    except MetadataReadError as exc:
        raise MetadataWriteError(f"cannot update EXIF: {exc}") from None


def _new_blob(values: dict[int, str], resolution: tuple[int, int, int]) -> bytes:
    x, y, unit = resolution
    entries = [ascii_entry(tag, text) for tag, text in values.items() if text]
    entries += [
        NewEntry(X_RESOLUTION, _RATIONAL, 1, struct.pack(">II", x, 1)),
        NewEntry(Y_RESOLUTION, _RATIONAL, 1, struct.pack(">II", y, 1)),
        NewEntry(RESOLUTION_UNIT, _SHORT, 1, struct.pack(">H", unit)),
        NewEntry(YCBCR_POSITIONING, _SHORT, 1, struct.pack(">H", 1)),  # centered
    ]
    return b"MM\x00*" + struct.pack(">I", 8) + build_ifd((), entries, 8, ">", 0)


def _rewrite(blob: bytes, values: dict[int, str]) -> bytes:
    reader = TiffReader(io.BytesIO(blob))
    ifd = reader.read_ifd(reader.first_ifd)
    check_entries(ifd)
    kept = [e for e in ifd.entries if e.tag not in _CARRIED]
    carried = [
        NewEntry(e.tag, e.type, e.count, reader.value_bytes(e))
        for e in ifd.entries
        if e.tag in _CARRIED and e.tag not in values
    ]
    new = carried + [ascii_entry(tag, text) for tag, text in values.items() if text]
    start = our_tail_start(ifd, len(blob), _CARRIED, blob)
    if start is None:
        start = len(blob) + (len(blob) & 1)
    body = blob[:start].ljust(start, b"\x00")
    tail = build_ifd(kept, new, start, reader.endian, ifd.next_offset)
    room = _room_for_next_ifds(blob, ifd, reader.endian)
    if room > len(tail) and start + room <= MAX_BLOB:
        tail += b"\x00" * (room - len(tail))
    result = bytearray(body + tail)
    result[4:8] = struct.pack(reader.endian + "I", start)
    if len(result) > MAX_BLOB:
        present = frozenset(e.tag for e in ifd.entries if e.tag in MANAGED_TAGS)
        raise ExifFullError(len(result), present)
    return bytes(result)


def _room_for_next_ifds(blob: bytes, ifd0: Ifd, endian: str) -> int:
    """How long our tail must be for IFD1 (and the IFDs after it) to validate as before.

    ExifTool sizes every directory of the IFD0 chain by IFD0's own region (from IFD0 to the
    end of the blob): an IFD1 with more entries than our appended IFD0 region is long gets
    "Short directory size for IFD1". So the tail is padded with zeros to the largest such
    directory that fitted the old region (one that did not is left as it was).
    """
    before = len(blob) - ifd0.offset
    need, offset, seen = 0, ifd0.next_offset, set[int]()
    while 8 <= offset <= len(blob) - 2 and offset not in seen and len(seen) < _CHAIN:
        seen.add(offset)
        (count,) = struct.unpack_from(endian + "H", blob, offset)
        size = 2 + 12 * count
        if size <= before:
            need = max(need, size)
        end = offset + size
        offset = struct.unpack_from(endian + "I", blob, end)[0] if end + 4 <= len(blob) else 0
    return need


_CHAIN = 8  # IFD1, maybe IFD2 (a preview): a longer chain is damage, not worth padding for
