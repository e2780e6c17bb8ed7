"""Splice new Exif, XMP and Photoshop APP segments into a JPEG header; copy the image data as is.

Only the header (SOI up to the first SOS) is rebuilt in memory. Everything from the SOS marker on,
including any images appended after EOI (MPF previews), is copied byte for byte by the kernel
(``copy_file_range``), never decoded or read into Python.

Placement: a segment we replace stays where it was; a new one goes right after the Exif APP1
(or after the leading APP0 segments). The offsets of an MPF (APP2 "MPF") segment, relative to
itself and pointing at images after the first one's EOI, are shifted by however much the
header after it grew or shrank (``mpf_write``); so are the absolute offsets of an AFCP
trailer after the image data (``afcp_write``).
"""

import errno
import os
import struct
from dataclasses import dataclass

from editor_app.errors import MetadataWriteError
from editor_app.metadata.afcp_write import afcp_patches
from editor_app.metadata.jpeg import (
    APP1,
    APP13,
    EXIF_HEADER,
    PHOTOSHOP_HEADER,
    XMP_HEADER,
    JpegHeader,
    Segment,
)
from editor_app.metadata.mpf_write import shift_mpf

APP0 = 0xE0
APP2 = 0xE2
MAX_PAYLOAD = 65533
MAX_XMP_PACKET = 65502  # XMP spec, part 3: the packet of a standard XMP APP1 segment
BLOCK = 4096  # the filesystem block size that block sharing (reflink) works in
_MPF_HEADER = b"MPF\x00"
# Seen in the wild (metadata-extractor's withXmp.jpg) and read by ExifTool with a warning; same
# length as the standard header. We read it as the XMP segment and write it back standard.
_ODD_XMP_HEADER = b"XMP\x00://ns.adobe.com/xap/1.0/\x00"
_COPY_CHUNK = 1 << 30
_NO_KERNEL_COPY = frozenset(
    {errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL, errno.EPERM}
)


@dataclass(frozen=True, slots=True)
class NewSegments:
    """Replacement payloads; None keeps the file's own segments of that kind."""

    exif: bytes | None = None  # TIFF blob, without "Exif\0\0"
    xmp: bytes | None = None  # packet, without the namespace header
    photoshop: list[bytes] | None = None  # resource data per APP13, without "Photoshop 3.0\0"


def segment_kind(seg: Segment) -> str:
    if seg.marker == APP1 and seg.payload.startswith(EXIF_HEADER):
        return "exif"
    if seg.marker == APP1 and seg.payload.startswith((XMP_HEADER, _ODD_XMP_HEADER)):
        return "xmp"
    if seg.marker == APP13 and seg.payload.startswith(PHOTOSHOP_HEADER):
        return "photoshop"
    if seg.marker == APP2 and seg.payload.startswith(_MPF_HEADER):
        return "mpf"
    if seg.marker == APP0:
        return "app0"
    return "other"


def build_header(header: JpegHeader, new: NewSegments) -> bytes:
    """SOI and every header segment, with the new ones spliced in (see module docstring)."""
    if new.xmp is not None and len(new.xmp) > MAX_XMP_PACKET:
        raise MetadataWriteError(
            f"XMP packet of {len(new.xmp)} bytes is over the {MAX_XMP_PACKET}-byte JPEG limit "
            "(write a sidecar with --sidecar instead)"
        )
    kinds = [segment_kind(s) for s in header.segments]
    items = [(k, s.marker, s.payload) for k, s in zip(kinds, header.segments, strict=True)]
    return _join(_splice(kinds, items, _replacements(new)), header)


Item = tuple[str, int, bytes]  # (kind, marker, payload)


def _replacements(new: NewSegments) -> dict[str, list[tuple[int, bytes]]]:
    found: dict[str, list[tuple[int, bytes]]] = {}
    if new.exif is not None:
        found["exif"] = [(APP1, EXIF_HEADER + new.exif)]
    if new.xmp is not None:
        found["xmp"] = [(APP1, XMP_HEADER + new.xmp)]
    if new.photoshop is not None:
        found["photoshop"] = [(APP13, PHOTOSHOP_HEADER + p) for p in new.photoshop]
    return found


def _splice(kinds: list[str], items: list[Item], replacement: dict) -> list[Item]:
    """Replace the first segment of each kind in place; new kinds go at the insertion point.

    Photoshop resources are merged into one run; extra Exif/XMP segments are kept.
    """
    placed: dict[int, list[tuple[int, bytes]]] = {}
    removed: set[int] = set()
    floating: list[Item] = []
    for kind, payloads in replacement.items():
        indexes = [i for i, k in enumerate(kinds) if k == kind]
        removed.update(indexes if kind == "photoshop" else indexes[:1])
        if indexes:
            placed[indexes[0]] = payloads
        else:
            floating += [("new", m, p) for m, p in payloads]
    anchor = _insertion_index(kinds)
    out: list[Item] = list(floating) if anchor < 0 else []
    for index, item in enumerate(items):
        if index in placed:
            out += [(item[0], m, p) for m, p in placed[index]]
        elif index not in removed:
            out.append(item)
        if index == anchor:
            out += floating
    return out


def _join(items: list[Item], header: JpegHeader) -> bytes:
    """The header bytes; an MPF segment gets its offsets shifted by what moved before the SOS."""
    segments = [_segment(marker, payload) for _k, marker, payload in items]
    kinds = [k for k, _m, _p in items]
    if "mpf" in kinds:
        index = kinds.index("mpf")
        old = next(s for s in header.segments if segment_kind(s) == "mpf")
        new_pos = 2 + sum(len(s) for s in segments[:index])
        new_len = 2 + sum(len(s) for s in segments)
        assert header.sos_offset is not None
        delta = (new_len - new_pos) - (header.sos_offset - old.offset)
        if delta:
            segments[index] = _segment(items[index][1], shift_mpf(items[index][2], delta))
    return b"\xff\xd8" + b"".join(segments)


def _insertion_index(kinds: list[str]) -> int:
    """Index of the segment after which new segments go; -1 means right after SOI."""
    if "exif" in kinds:
        return kinds.index("exif")
    anchor = -1
    while anchor + 1 < len(kinds) and kinds[anchor + 1] == "app0":
        anchor += 1
    return anchor


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) > MAX_PAYLOAD:
        raise MetadataWriteError(f"a JPEG segment of {len(payload)} bytes is over the limit")
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def write_jpeg(dst: int, src: int, header: bytes, sos_offset: int, size: int) -> None:
    """Write ``header`` then copy ``src[sos_offset:size]`` into ``dst`` (file descriptors).

    The copy is split at the source's first block boundary: when the header keeps the image
    data's offset modulo ``BLOCK`` (the writer pads XMP for that), the rest starts block-aligned
    on both sides, and filesystems with shared extents (XFS, Btrfs) clone it instead of copying.
    """
    patches = afcp_patches(src, size, sos_offset, len(header) - sos_offset)
    _write_all(dst, header)
    head = min(-sos_offset % BLOCK, size - sos_offset)
    copy_range(src, dst, sos_offset, head)
    copy_range(src, dst, sos_offset + head, size - sos_offset - head)
    for position, data in patches:
        os.pwrite(dst, data, position)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def copy_range(src: int, dst: int, offset: int, count: int) -> None:
    """Copy ``count`` bytes of ``src`` from ``offset`` to the current position of ``dst``.

    In-kernel (``copy_file_range``) when the system allows, else through a 1 MiB buffer.
    """
    end = offset + count
    kernel = hasattr(os, "copy_file_range")
    while offset < end:
        want = min(end - offset, _COPY_CHUNK)
        if kernel:
            try:
                n = os.copy_file_range(src, dst, want, offset)
            except OSError as exc:
                if exc.errno not in _NO_KERNEL_COPY:
                    raise
                kernel = False
                continue
        else:
            data = os.pread(src, min(want, 1 << 20), offset)
            _write_all(dst, data)
            n = len(data)
        if n == 0:
            raise MetadataWriteError("the file got shorter while it was being copied")
        offset += n
