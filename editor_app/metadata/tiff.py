"""Minimal TIFF structure reader: IFD entries and their raw values, bounded and defensive.

Used for TIFF files (IPTC in tag 33723, XMP in tag 700, Photoshop IRB in 34377) and by the
writer, which needs the raw entries of IFD0. EXIF tag *values* are decoded by exifread.
"""

import struct
from dataclasses import dataclass
from typing import BinaryIO

from editor_app.errors import MetadataReadError
from editor_app.metadata.formats import TIFF_BYTE_ORDER

TAG_IMAGE_WIDTH = 256
TAG_IMAGE_LENGTH = 257
TAG_XMP = 700
TAG_IPTC = 33723
TAG_PHOTOSHOP = 34377
TAG_EXIF_IFD = 0x8769
TAG_GPS_IFD = 0x8825
TAG_INTEROP_IFD = 0xA005
TAG_SUB_IFDS = 0x014A

# TIFF field type -> size in bytes of one value
TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}
_MAX_ENTRIES = 4096
_MAX_VALUE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class IfdEntry:
    tag: int
    type: int
    count: int
    raw_field: bytes  # the 4-byte value/offset field as stored
    value_offset: int | None  # where the value lives when it does not fit in the entry

    @property
    def size(self) -> int:
        return TYPE_SIZES.get(self.type, 1) * self.count


@dataclass(frozen=True, slots=True)
class Ifd:
    offset: int
    entries: tuple[IfdEntry, ...]
    next_offset: int

    def get(self, tag: int) -> IfdEntry | None:
        for entry in self.entries:
            if entry.tag == tag:
                return entry
        return None


class TiffReader:
    """Random access to a TIFF structure in ``fh``, whose TIFF header starts at ``base``."""

    def __init__(self, fh: BinaryIO, base: int = 0, size: int | None = None) -> None:
        self.fh, self.base = fh, base
        if size is None:
            fh.seek(0, 2)
            size = fh.tell() - base
        self.size = size
        header = self._read(0, 8)
        endian = TIFF_BYTE_ORDER.get(header[:4])
        if endian is None:
            raise MetadataReadError("not a TIFF structure (bad byte-order mark)")
        self.endian = endian
        (self.first_ifd,) = struct.unpack(self.endian + "I", header[4:8])
        self.damage: str | None = None  # set when a directory was cut by the end of the file

    def _read(self, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0 or offset + length > self.size:
            raise MetadataReadError(
                f"corrupt TIFF structure (offset {offset}+{length} is past the end, {self.size})"
            )
        self.fh.seek(self.base + offset)
        data = self.fh.read(length)
        if len(data) != length:
            raise MetadataReadError("truncated TIFF structure")
        return data

    def read_ifd(self, offset: int) -> Ifd:
        (count,) = struct.unpack(self.endian + "H", self._read(offset, 2))
        if count > _MAX_ENTRIES:
            raise MetadataReadError(f"corrupt TIFF directory ({count} entries at {offset})")
        available = self.size - offset - 2
        if count * 12 + 4 > available:  # a cut directory: keep the entries that are there
            self.damage = "truncated TIFF (a directory is cut off by the end of the file)"
            count = max(0, (available - 4) // 12) if available >= 4 else max(0, available // 12)
            data = self._read(offset + 2, count * 12) + b"\x00" * 4
        else:
            data = self._read(offset + 2, count * 12 + 4)
        entries = []
        for i in range(count):
            tag, typ, n = struct.unpack(self.endian + "HHI", data[i * 12 : i * 12 + 8])
            raw = data[i * 12 + 8 : i * 12 + 12]
            size = TYPE_SIZES.get(typ, 1) * n
            value_offset = struct.unpack(self.endian + "I", raw)[0] if size > 4 else None
            entries.append(IfdEntry(tag, typ, n, raw, value_offset))
        (next_offset,) = struct.unpack(self.endian + "I", data[-4:])
        return Ifd(offset, tuple(entries), next_offset)

    def value_bytes(self, entry: IfdEntry) -> bytes:
        """The raw bytes of an entry's value (bounded)."""
        if entry.size > _MAX_VALUE_BYTES:
            raise MetadataReadError(f"TIFF tag {entry.tag} claims {entry.size} bytes")
        if entry.value_offset is None:
            return entry.raw_field[: entry.size]
        return self._read(entry.value_offset, entry.size)

    def ints(self, entry: IfdEntry) -> list[int]:
        """Values of a BYTE/SHORT/LONG entry as ints."""
        code = {1: "B", 3: "H", 4: "I", 6: "b", 8: "h", 9: "i", 13: "I"}.get(entry.type)
        if code is None:
            return []
        return list(struct.unpack(f"{self.endian}{entry.count}{code}", self.value_bytes(entry)))
