"""Shift the image offsets of a Multi-Picture Format (CIPA DC-007) APP2 segment.

MP entry offsets count from the segment's own TIFF header to images stored after the first
image's EOI. Those images are copied unchanged, so when the JPEG header between the MPF segment
and the image data changes length by ``delta`` bytes, every non-zero offset moves by ``delta``.
"""

import struct

from editor_app.errors import MetadataWriteError
from editor_app.metadata.formats import TIFF_BYTE_ORDER

_MP_ENTRY = 0xB002
_ENTRY_SIZE = 16


def shift_mpf(payload: bytes, delta: int) -> bytes:
    """``payload`` ("MPF\\0" + TIFF structure) with every MP entry offset moved by ``delta``."""
    data = bytearray(payload)
    base = 4
    endian = TIFF_BYTE_ORDER.get(bytes(data[base : base + 4]))
    if endian is None:
        raise MetadataWriteError("the MPF segment is damaged; cannot keep its offsets valid")
    try:
        (ifd,) = struct.unpack_from(endian + "I", data, base + 4)
        (count,) = struct.unpack_from(endian + "H", data, base + ifd)
        for i in range(count):
            tag, _typ, size, value = struct.unpack_from(
                endian + "HHII", data, base + ifd + 2 + 12 * i
            )
            if tag == _MP_ENTRY:
                _shift_entries(data, endian, base + value, size // _ENTRY_SIZE, delta)
    except struct.error:
        raise MetadataWriteError(
            "the MPF segment is truncated; cannot keep its offsets valid"
        ) from None
    return bytes(data)


def _shift_entries(data: bytearray, endian: str, start: int, count: int, delta: int) -> None:
    for i in range(count):
        at = start + _ENTRY_SIZE * i + 8
        (offset,) = struct.unpack_from(endian + "I", data, at)
        if offset:
            if not 0 <= offset + delta < 1 << 32:
                raise MetadataWriteError("the MPF offsets cannot be shifted")
            struct.pack_into(endian + "I", data, at, offset + delta)
