"""What exifread is shown of a TIFF structure: the entries we use, each directory decoded once.

exifread decodes every entry it meets and follows every sub-directory pointer, so a crafted
IFD0 with thousands of GPS pointers to one directory of thousands of entries costs N x M tag
decodes (a 98 KB JPEG took 40 s). We walk the structure ourselves first, in one linear pass,
and hand exifread a view in which IFD0 keeps only the tags we read (first of each), the EXIF
and GPS pointers lead to two distinct directories filtered the same way, the IFD chain ends
after IFD0 and no value array is longer than we need. Offsets never move: the rewritten
directories are shorter than the originals and overwrite them in place.
"""

import io
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from editor_app.metadata.fastinit import quick_init

Read = Callable[[int, int], bytes]  # (offset, length) -> bytes, short at the end of the data
Patches = dict[int, bytes]  # offset -> bytes that replace the original ones there

EXIF_POINTER, GPS_POINTER = 0x8769, 0x8825
IFD0_WANTED = frozenset(
    {0x0100, 0x0101, 0x010E, 0x010F, 0x0110, 0x0112, 0x013B, 0x8298, EXIF_POINTER, GPS_POINTER}
)
GPS_WANTED = frozenset(range(0x20))
EXIF_WANTED = frozenset(
    {0x829A, 0x829D, 0x8827, 0x9003, 0x9011, 0x9291, 0x920A, 0xA002, 0xA003, 0xA431, 0xA434}
)
_SUB_WANTED = {EXIF_POINTER: EXIF_WANTED, GPS_POINTER: GPS_WANTED}
_SUB_NAMES = {EXIF_POINTER: "EXIF", GPS_POINTER: "GPS"}
_ASCII, _LONG, _IFD = 2, 4, 13
MAX_VALUES = 64  # values of one non-text entry; we read at most three (GPS degrees, min, sec)


def view_patches(read: Read, size: int) -> Patches | None:
    """The patches that leave only the wanted entries; None when the header is not TIFF or
    IFD0 lies outside the data (exifread then finds nothing to decode either)."""
    walked = walk(read, size)
    return None if walked is None else walked.patches


@dataclass(frozen=True, slots=True)
class Walked:
    """What one linear walk found: the kept entries of each directory, and the patches."""

    endian: str
    directories: tuple[tuple[str, list[bytes]], ...]  # ("Image" | "GPS" | "EXIF", entries)
    patches: Patches


_walked = quick_init(Walked)  # one per EXIF block read


def walk(read: Read, size: int) -> Walked | None:
    """The wanted entries of IFD0 and of the EXIF and GPS directories, as exifread would be
    shown them; None as for :func:`view_patches`."""
    head = read(0, 8)
    endian = {b"II": "<", b"MM": ">"}.get(head[:2])
    if endian is None or len(head) < 8:
        return None
    (ifd0,) = struct.unpack_from(endian + "I", head, 4)
    entries = _entries(read, size, endian, ifd0)
    if entries is None:
        return None
    regions = [(ifd0, ifd0 + 6 + len(entries))]
    patches: Patches = {}
    kept: list[bytes] = []
    directories = [("Image", kept)]
    unpack_entry = _ENTRY[endian].unpack
    for entry in _first_wanted(entries, endian, IFD0_WANTED):
        tag, typ, count, value = unpack_entry(entry)
        if tag in _SUB_WANTED:
            sub = _sub_directory(read, size, endian, (typ, count, value), regions)
            if sub is None:
                continue  # a pointer to nowhere, or to a directory already decoded: dropped
            sub_kept = _first_wanted(sub, endian, _SUB_WANTED[tag])
            patches[value] = _directory(endian, sub_kept)
            directories.append((_SUB_NAMES[tag], sub_kept))
        kept.append(entry)
    patches[ifd0] = _directory(endian, kept)
    return _walked(endian, tuple(directories), patches)


def filtered_blob(blob: bytes) -> bytes:
    """``blob`` with the patches applied (the original when it is no TIFF structure)."""
    patches = view_patches(lambda offset, length: blob[offset : offset + length], len(blob))
    return blob if patches is None else patched(blob, patches)


def patched(blob: bytes, patches: Patches) -> bytes:
    """``blob`` with ``patches`` applied."""
    data = bytearray(blob)
    for offset, new in patches.items():
        data[offset : offset + len(new)] = new
    return bytes(data)


class PatchedFile(io.RawIOBase):
    """A read-only file that shows ``patches`` over ``fh`` (a TIFF file is not read whole)."""

    def __init__(self, fh: BinaryIO, patches: Patches) -> None:
        super().__init__()
        self._fh, self._patches, self._pos = fh, patches, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._pos = self._fh.seek(offset, whence) if whence != os.SEEK_SET else offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer) -> int:
        self._fh.seek(self._pos)
        data = bytearray(self._fh.read(len(buffer)))
        start, end = self._pos, self._pos + len(data)
        for offset, new in self._patches.items():
            lo, hi = max(start, offset), min(end, offset + len(new))
            if lo < hi:
                data[lo - start : hi - start] = new[lo - offset : hi - offset]
        buffer[: len(data)] = data
        self._pos = end
        return len(data)


def _entries(read: Read, size: int, endian: str, offset: int) -> bytes | None:
    """The 12-byte entries of the directory at ``offset`` as one string, cut to what the data
    holds."""
    if offset + 2 > size:
        return None
    (count,) = _COUNT[endian].unpack(read(offset, 2))
    count = max(0, min(count, (size - offset - 6) // 12))
    raw = read(offset + 2, 12 * count)
    return raw[: len(raw) - len(raw) % 12]


def _first_wanted(raw: bytes, endian: str, wanted: frozenset[int]) -> list[bytes]:
    """The first entry of each wanted tag whose value is no longer than we need."""
    seen: set[int] = set()
    kept = []
    at = 0
    for tag, typ, count, _ in _ENTRY[endian].iter_unpack(raw):
        if tag in wanted and tag not in seen and (typ == _ASCII or count <= MAX_VALUES):
            seen.add(tag)
            kept.append(raw[at : at + 12])
        at += 12
    return kept


_ENTRY = {e: struct.Struct(e + "HHII") for e in "<>"}
_COUNT = {e: struct.Struct(e + "H") for e in "<>"}


def _sub_directory(
    read: Read, size: int, endian: str, pointer: tuple[int, int, int], regions: list
) -> bytes | None:
    typ, count, offset = pointer
    if typ not in (_LONG, _IFD) or count != 1:
        return None
    entries = _entries(read, size, endian, offset)
    if entries is None:
        return None
    region = (offset, offset + 6 + len(entries))
    if any(lo < region[1] and region[0] < hi for lo, hi in regions):
        return None  # the same directory again, or one overlapping another
    regions.append(region)
    return entries


def _directory(endian: str, entries: list[bytes]) -> bytes:
    """A directory of ``entries`` that ends the chain (next IFD offset 0)."""
    return _COUNT[endian].pack(len(entries)) + b"".join(entries) + b"\x00\x00\x00\x00"
