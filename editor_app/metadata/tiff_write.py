"""Rewrite IFD0 of a TIFF file: caption strings, IPTC (33723), Photoshop IRB (34377), XMP (700).

The file is copied as is and a new IFD0 is appended at its end (``tiff_ifd``), then the header
is repointed to it. Image strips/tiles, other IFDs (pages, EXIF, GPS, SubIFDs) and every other
IFD0 entry keep their bytes and offsets. When the tail of the file is the IFD0 an earlier edit
of ours appended, the copy stops before it and the new IFD0 replaces it. A page whose "next"
pointer leads back to IFD0 (a looped chain) is repointed to the new IFD0, so the chain keeps
its shape instead of gaining the old IFD0 as one more page.
"""

import os
import struct
from dataclasses import dataclass
from typing import BinaryIO

from editor_app.errors import MetadataReadError, MetadataWriteError
from editor_app.metadata.exif_write import MANAGED_TAGS as EXIF_TAGS
from editor_app.metadata.jpeg_write import copy_range
from editor_app.metadata.tiff import TAG_IPTC, TAG_PHOTOSHOP, TAG_XMP, Ifd, TiffReader
from editor_app.metadata.tiff_ifd import (
    NewEntry,
    ascii_entry,
    build_ifd,
    byte_entry,
    check_entries,
    long_padded_entry,
    our_tail_start,
)

MANAGED_TAGS = EXIF_TAGS | {TAG_IPTC, TAG_PHOTOSHOP, TAG_XMP}
_MAX_PAGES = 10_000  # pages walked looking for a pointer back to IFD0


@dataclass(frozen=True, slots=True)
class TiffValues:
    """What the file holds today in the entries we manage (None: entry absent)."""

    reader: TiffReader
    ifd0: Ifd
    size: int
    iim: bytes | None
    irb: bytes | None
    xmp: bytes | None


@dataclass(frozen=True, slots=True)
class TailPlan:
    stop: int  # the old file is copied up to here
    tail: bytes  # then this (padding + the new IFD0 and its values)
    ifd0: int  # where the new IFD0 starts
    repoint: tuple[int, ...] = ()  # offsets of "next IFD" fields to point at the new IFD0


@dataclass(frozen=True, slots=True)
class TiffUpdate:
    """New values; for ``strings`` "" removes the tag, for the rest None keeps the old value."""

    strings: dict[int, str]
    iim: bytes | None = None
    irb: bytes | None = None
    xmp: bytes | None = None


def read_tiff_values(fh: BinaryIO) -> TiffValues:
    """Raises MetadataReadError for a structure we cannot rewrite safely."""
    reader = TiffReader(fh)
    ifd0 = reader.read_ifd(reader.first_ifd)
    check_entries(ifd0)
    _check_in_file(ifd0, reader)

    def value(tag: int) -> bytes | None:
        entry = ifd0.get(tag)
        return reader.value_bytes(entry) if entry else None

    return TiffValues(
        reader, ifd0, reader.size, value(TAG_IPTC), value(TAG_PHOTOSHOP), value(TAG_XMP)
    )


def plan_tail(old: TiffValues, update: TiffUpdate) -> TailPlan:
    """Where the copy of the old file stops, and the bytes (padding + new IFD0) that follow."""
    reader, ifd0 = old.reader, old.ifd0
    replaced = set(update.strings)
    new: list[NewEntry] = [ascii_entry(t, s) for t, s in update.strings.items() if s]
    for tag, data, make in (
        (TAG_IPTC, update.iim, long_padded_entry),
        (TAG_PHOTOSHOP, update.irb, byte_entry),
        (TAG_XMP, update.xmp, byte_entry),
    ):
        if data is not None:
            replaced.add(tag)
            new.append(make(tag, data))
    for entry in ifd0.entries:
        if entry.tag in MANAGED_TAGS and entry.tag not in replaced:
            new.append(NewEntry(entry.tag, entry.type, entry.count, reader.value_bytes(entry)))
    kept = [e for e in ifd0.entries if e.tag not in MANAGED_TAGS]
    stop = our_tail_start(ifd0, old.size, MANAGED_TAGS)
    if stop is None:
        stop = old.size
    start = stop + (stop & 1)
    next_ifd = start if ifd0.next_offset == ifd0.offset else ifd0.next_offset
    tail = b"\x00" * (start - stop) + build_ifd(kept, new, start, reader.endian, next_ifd)
    return TailPlan(stop, tail, start, _pointers_back(reader, ifd0, stop))


def write_tiff(dst: int, src: int, plan: TailPlan, endian: str) -> None:
    """Copy ``src[:stop]``, append ``tail`` and point the header (and any page that leads
    back to IFD0) at the new IFD0."""
    copy_range(src, dst, 0, plan.stop)
    view = memoryview(plan.tail)
    while view:
        view = view[os.write(dst, view) :]
    pointer = struct.pack(endian + "I", plan.ifd0)
    for field in (4, *plan.repoint):
        os.pwrite(dst, pointer, field)


def _pointers_back(reader: TiffReader, ifd0: Ifd, stop: int) -> tuple[int, ...]:
    """Offsets of the "next IFD" fields of later pages that point back at IFD0 (a loop)."""
    found: list[int] = []
    seen = {ifd0.offset}
    offset = ifd0.next_offset
    while offset and offset not in seen and len(seen) < _MAX_PAGES:
        seen.add(offset)
        try:
            page = reader.read_ifd(offset)
        except MetadataReadError:
            break  # a damaged page: the chain ends there for every reader
        field = page.offset + 2 + 12 * len(page.entries)
        if page.next_offset == ifd0.offset and field + 4 <= stop:
            found.append(field)
        offset = page.next_offset
    return tuple(found)


def _check_in_file(ifd0: Ifd, reader: TiffReader) -> None:
    """Refuse an IFD0 cut by the end of the file, with values or image data past it: our IFD0
    goes at the end, where such dangling offsets would then point into it (a decoder would
    read our directory as pixels)."""
    if reader.damage:
        raise MetadataWriteError(f"the TIFF is damaged ({reader.damage}); not rewriting it")
    for entry in ifd0.entries:
        if entry.value_offset is not None and entry.value_offset + entry.size > reader.size:
            raise MetadataWriteError(
                f"the TIFF directory is damaged (the value of tag {entry.tag} lies past the end "
                "of the file); not rewriting it"
            )
    for offsets, counts in _IMAGE_DATA:
        starts, sizes = ifd0.get(offsets), ifd0.get(counts)
        if starts is None or sizes is None:
            continue
        pairs = zip(reader.ints(starts), reader.ints(sizes), strict=False)
        if any(start + size > reader.size for start, size in pairs):
            raise MetadataWriteError(
                "the TIFF's image data runs past the end of the file (truncated or damaged); "
                "not rewriting it"
            )


# (offsets tag, byte counts tag): strips, tiles, an old-style JPEG stream
_IMAGE_DATA = ((273, 279), (324, 325), (513, 514))
