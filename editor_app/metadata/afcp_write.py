"""Keep an AFCP trailer (FotoStation's AXS metadata after the image data) valid when we write.

AFCP stores absolute file offsets: its end record points at its header, and each directory
entry at its data. We copy the trailer byte for byte, so when the JPEG header before the image
data grows or shrinks by ``delta`` those offsets are patched by ``delta`` in the new file, as
ExifTool does when it writes one (checksums set to 0, as ExifTool writes them). A trailer whose
offsets were already wrong is left as it was (ExifTool "adjusts" it as before).
"""

import os
import struct

_SIGNATURES = (b"AXS!", b"AXS*")  # big-endian, little-endian
_RECORD = 12  # the header and the end record: signature, 2 x 32 bits


def afcp_patches(src: int, size: int, sos_offset: int, delta: int) -> list[tuple[int, bytes]]:
    """(position in the new file, bytes) to write over the copied trailer; [] for none."""
    if delta == 0 or size - sos_offset < 2 * _RECORD:
        return []
    end = os.pread(src, _RECORD, size - _RECORD)
    if end[:4] not in _SIGNATURES:
        return []
    endian = ">" if end[3:4] == b"!" else "<"
    (start,) = struct.unpack(endian + "I", end[4:8])
    if not sos_offset <= start <= size - 2 * _RECORD:
        return []
    head = os.pread(src, _RECORD, start)
    if head[:4] != end[:4]:
        return []  # already off: leave it as the file had it
    (count,) = struct.unpack(endian + "H", head[6:8])
    directory = os.pread(src, 12 * count, start + _RECORD)
    if len(directory) != 12 * count or start + _RECORD + 12 * count > size - _RECORD:
        return []
    moved = start + delta
    zero = b"\x00" * 4
    patches = [
        (size - _RECORD + delta + 4, struct.pack(endian + "I", moved) + zero),
        (moved + 8, zero),
    ]
    for i in range(count):
        (offset,) = struct.unpack_from(endian + "I", directory, 12 * i + 8)
        if offset >= sos_offset:  # in the copied part: it moved with it
            field = moved + _RECORD + 12 * i + 8
            patches.append((field, struct.pack(endian + "I", offset + delta)))
    return patches
