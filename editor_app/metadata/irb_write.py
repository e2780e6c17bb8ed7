"""Photoshop image resource blocks (IRB) for writing: replace IPTC and its digest, keep the rest.

Every other resource block (thumbnails, resolution, clipping paths, unknown ones, and their
signatures) is copied byte for byte. In JPEG the resources live in APP13 "Photoshop 3.0"
segments; when they do not fit in one, they are split over several consecutive segments, at
block boundaries when possible, exactly as Photoshop and ExifTool read them back (concatenated).
"""

import struct

from editor_app.errors import MetadataWriteError
from editor_app.metadata.fields import IRB_IPTC, IRB_IPTC_DIGEST

_SIGNATURES = (b"8BIM", b"PHUT", b"DCSR", b"AgHg", b"MeSa")
MAX_SEGMENT_DATA = 65533 - 14  # APP13 payload limit minus "Photoshop 3.0\0"


def split_blocks(data: bytes) -> list[tuple[int, bytes]]:
    """(resource id, raw bytes including header and padding) for every block in ``data``."""
    blocks: list[tuple[int, bytes]] = []
    pos, end = 0, len(data)
    while pos < end:
        if end - pos < 12 or data[pos : pos + 4] not in _SIGNATURES:
            if not any(data[pos:]):
                break  # zero padding after the last block
            raise MetadataWriteError("the Photoshop resources are damaged; not rewriting them")
        (rid,) = struct.unpack(">H", data[pos + 4 : pos + 6])
        name_len = data[pos + 6]
        size_at = pos + 7 + name_len + (0 if name_len & 1 else 1)
        if size_at + 4 > end:
            raise MetadataWriteError("the Photoshop resources are truncated; not rewriting them")
        (size,) = struct.unpack(">I", data[size_at : size_at + 4])
        stop = size_at + 4 + size
        if stop > end:
            raise MetadataWriteError("the Photoshop resources are truncated; not rewriting them")
        stop = min(stop + (size & 1), end)
        blocks.append((rid, data[pos:stop]))
        pos = stop
    return blocks


def iim_blocks(data: bytes) -> list[bytes]:
    """The IIM data of every 0x0404 block."""
    return [_block_data(raw) for rid, raw in split_blocks(data) if rid == IRB_IPTC]


def encode_block(resource_id: int, data: bytes) -> bytes:
    """One 8BIM block with an empty name, padded to an even length."""
    return (
        b"8BIM" + struct.pack(">HHI", resource_id, 0, len(data)) + data + b"\x00" * (len(data) & 1)
    )


def replace_iptc(data: bytes, iim: bytes, digest: bytes, *, with_iim: bool = True) -> bytes:
    """``data`` with its IPTC (0x0404) and digest (0x0425) blocks replaced by new ones.

    The new pair takes the place of the first old IPTC or digest block, or goes last.
    ``with_iim=False`` writes the digest alone (a TIFF keeps its IPTC in tag 33723; IPTC in
    its Photoshop resources is non-standard, so it is not added there).
    """
    ours = encode_block(IRB_IPTC_DIGEST, digest)
    if with_iim:
        ours = encode_block(IRB_IPTC, iim) + ours
    out: list[bytes] = []
    for rid, raw in split_blocks(data):
        if rid in (IRB_IPTC, IRB_IPTC_DIGEST):
            if ours:
                out.append(ours)
                ours = b""
            continue
        out.append(raw)
    out.append(ours)
    return b"".join(out)


def split_for_segments(data: bytes, limit: int = MAX_SEGMENT_DATA) -> list[bytes]:
    """Chunks of at most ``limit`` bytes, cut between blocks unless one block is bigger."""
    chunks: list[bytes] = []
    current = b""
    for _rid, raw in split_blocks(data):
        if current and len(current) + len(raw) > limit:
            chunks.append(current)
            current = b""
        current += raw
        while len(current) > limit:
            chunks.append(current[:limit])
            current = current[limit:]
    if current or not chunks:
        chunks.append(current)
    return chunks


def _block_data(raw: bytes) -> bytes:
    name_len = raw[6]
    size_at = 7 + name_len + (0 if name_len & 1 else 1)
    (size,) = struct.unpack(">I", raw[size_at : size_at + 4])
    return raw[size_at + 4 : size_at + 4 + size]
