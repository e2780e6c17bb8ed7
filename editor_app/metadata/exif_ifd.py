"""Our own decoding of the few EXIF entries we use, value for value what exifread gives.

exifread costs most of a small photo's reading time (and ~40 ms of imports): it seeks and
unpacks each value through several layers. The entries we use are already found by
``exif_view.walk``; decoding their values here is a few ``struct`` calls. The rules are
exifread 3.5's, so ``show`` and ``check`` print the same bytes either way
(tests/metadata/test_exif_ifd.py compares both on the corpus and on mutated blobs): unknown
field types are skipped, a value that runs past the data reads as 0 (a float is dropped),
ASCII stops at the first NUL and stays bytes when it is not UTF-8, and no more than 999
numbers are read. When a value or the header lies where the view rewrote a directory, exifread
would read the rewritten bytes: :func:`decode` then returns None and the caller asks exifread.
"""

import functools
import struct
from collections.abc import Callable

from editor_app.errors import MetadataReadError
from editor_app.metadata.exif_view import Walked

Values = str | bytes | list  # exifread's ``IfdTag.values``
Read = Callable[[int, int], bytes]

# field type -> (bytes per value, struct code); exifread's FieldType 1-13
_TYPES = {
    1: (1, "B"),
    2: (1, ""),
    3: (2, "H"),
    4: (4, "I"),
    5: (8, "I"),
    6: (1, "b"),
    7: (1, "B"),
    8: (2, "h"),
    9: (4, "i"),
    10: (8, "i"),
    11: (4, "f"),
    12: (8, "d"),
    13: (4, "I"),
}
_ASCII, _RATIOS, _FLOATS = 2, (5, 10), (11, 12)
_HEADER = 8  # byte order, 42, the offset of IFD0
_MAX_NUMBERS = 1000  # exifread reads no values for a longer non-ASCII entry

# exifread's names of the entries we read (others are still decoded: they count as EXIF)
NAMES = {
    "Image": {
        0x0100: "ImageWidth",
        0x0101: "ImageLength",
        0x010E: "ImageDescription",
        0x010F: "Make",
        0x0110: "Model",
        0x0112: "Orientation",
        0x013B: "Artist",
        0x8298: "Copyright",
        0x8769: "ExifOffset",
        0x8825: "GPSInfo",
    },
    "EXIF": {
        0x829A: "ExposureTime",
        0x829D: "FNumber",
        0x8827: "ISOSpeedRatings",
        0x9003: "DateTimeOriginal",
        0x9011: "OffsetTimeOriginal",
        0x920A: "FocalLength",
        0x9291: "SubSecTimeOriginal",
        0xA002: "ExifImageWidth",
        0xA003: "ExifImageLength",
        0xA431: "BodySerialNumber",
        0xA434: "LensModel",
    },
    "GPS": dict(
        enumerate(
            [
                "GPSVersionID",
                "GPSLatitudeRef",
                "GPSLatitude",
                "GPSLongitudeRef",
                "GPSLongitude",
                "GPSAltitudeRef",
                "GPSAltitude",
                "GPSTimeStamp",
                "GPSSatellites",
                "GPSStatus",
                "GPSMeasureMode",
                "GPSDOP",
                "GPSSpeedRef",
                "GPSSpeed",
                "GPSTrackRef",
                "GPSTrack",
                "GPSImgDirectionRef",
                "GPSImgDirection",
                "GPSMapDatum",
                "GPSDestLatitudeRef",
                "GPSDestLatitude",
                "GPSDestLongitudeRef",
                "GPSDestLongitude",
                "GPSDestBearingRef",
                "GPSDestBearing",
                "GPSDestDistanceRef",
                "GPSDestDistance",
                "GPSProcessingMethod",
                "GPSAreaInformation",
                "GPSDate",
                "GPSDifferential",
            ]
        )
    ),
}


class Ratio:
    """A RATIONAL as exifread's ``Ratio`` converts: ``float()`` fails on a zero denominator."""

    __slots__ = ("den", "num")

    def __init__(self, num: int, den: int) -> None:
        self.num, self.den = num, den

    def __float__(self) -> float:
        if self.den == 0:
            raise ZeroDivisionError("zero denominator")
        return 0.0 if self.num == 0 else self.num / self.den  # a Fraction has no -0.0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ratio) and (self.num, self.den) == (other.num, other.den)

    def __hash__(self) -> int:
        return hash((self.num, self.den))

    def __repr__(self) -> str:
        return f"Ratio({self.num}, {self.den})"


def decode(walked: Walked, read: Read) -> dict[str, Values] | None:
    """Values keyed like exifread's tags (``"EXIF DateTimeOriginal"``); None when exifread
    must read the view instead (a value under a rewritten directory).

    Raises MetadataReadError where exifread raises (a lone float past the end of the data).
    """
    patched = [(offset, offset + len(new)) for offset, new in walked.patches.items()]
    if any(lo < _HEADER for lo, _ in patched):
        return None  # the view rewrites the header itself: exifread then reads another file
    endian = walked.endian
    unpack_entry = _ENTRY[endian].unpack
    tags: dict[str, Values] = {}
    for ifd_name, entries in walked.directories:
        keys = _KEYS[ifd_name]
        for entry in entries:
            tag, typ, count, pointer = unpack_entry(entry)
            spec = _TYPES.get(typ)
            if spec is None:
                continue  # exifread skips unknown field types
            length = spec[0] * count
            if length <= 4:
                data = entry[8 : 8 + length]
            else:
                end = pointer + length
                for lo, hi in patched:
                    if lo < end and pointer < hi:
                        return None
                data = read(pointer, length)
            key = keys.get(tag) or f"{ifd_name} Tag 0x{tag:04X}"
            tags[key] = _text(count, data) if typ == _ASCII else _values(endian, typ, count, data)
    return tags


# "EXIF DateTimeOriginal"... by directory and tag
_KEYS = {ifd: {tag: f"{ifd} {name}" for tag, name in names.items()} for ifd, names in NAMES.items()}
_ENTRY = {e: struct.Struct(e + "HHII") for e in "<>"}


def _text(count: int, data: bytes) -> str | bytes:
    text = data.split(b"\x00", 1)[0] if count else b""
    try:
        return text.decode("utf-8")
    except UnicodeDecodeError:
        return text


def _values(endian: str, typ: int, count: int, data: bytes) -> Values:
    if typ == _ASCII:
        return _text(count, data)
    if count >= _MAX_NUMBERS:
        return []
    size, code = _TYPES[typ]
    if len(data) == size * count:  # the usual case: every value is there
        numbers = list(_numbers(endian, code, count * (2 if typ in _RATIOS else 1)).unpack(data))
        return _shaped(typ, numbers)
    return _short_values(endian, typ, count, data)


@functools.lru_cache(maxsize=256)
def _numbers(endian: str, code: str, count: int) -> struct.Struct:
    return struct.Struct(f"{endian}{count}{code}")


def _shaped(typ: int, numbers: list) -> list:
    if typ in _RATIOS:
        return [Ratio(n, d) for n, d in zip(numbers[::2], numbers[1::2], strict=True)]
    if typ in _FLOATS:
        return [(n,) for n in numbers]  # exifread keeps struct's 1-tuples
    return numbers


def _short_values(endian: str, typ: int, count: int, data: bytes) -> list:
    """Values of an entry whose data ends early, read one by one as exifread does."""
    size, code = _TYPES[typ]
    part = size // 2 if typ in _RATIOS else size
    values: list = []
    for i in range(count):
        piece = data[i * size : (i + 1) * size]
        if typ in _FLOATS:
            if len(piece) == size:
                values.append(struct.unpack(endian + code, piece))
            continue  # exifread logs "possibly corrupted" and drops it
        numbers = [
            struct.unpack(endian + code, chunk)[0] if len(chunk) == part else 0
            for chunk in (piece[j : j + part] for j in range(0, size, part))
        ]
        values.append(Ratio(*numbers) if typ in _RATIOS else numbers[0])
    if count == 1 and not values:
        raise MetadataReadError("unreadable EXIF (IndexError)")  # exifread's own failure
    return values
