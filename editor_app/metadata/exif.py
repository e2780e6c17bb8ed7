"""EXIF: the camera fields and the MWG-mapped text tags, decoded by ``exif_ifd`` for the usual
blob, by exifread (public API only, imported on first use) for anything else."""

import io
import logging
import math
import struct
from typing import Any, BinaryIO

from editor_app.errors import MetadataReadError
from editor_app.metadata import exif_ifd
from editor_app.metadata.exif_view import PatchedFile, patched, view_patches, walk
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.iptc import decode_text
from editor_app.metadata.record import ExifData

log = logging.getLogger(__name__)
# exifread logs a WARNING for every file without EXIF and for odd fields; we report those ourselves.
logging.getLogger("exifread").setLevel(logging.CRITICAL)

Tags = dict[str, Any]  # key like "Image Make" -> the values exifread would give


def read_exif_blob(blob: bytes) -> Tags:
    """Tags of a TIFF-structured EXIF blob (a JPEG APP1 payload after ``Exif\\0\\0``).

    Only the entries we use are decoded, each directory once (``exif_view``): a camera writes
    a hundred entries, and a crafted file can make a naive reader decode millions.
    """

    def read(offset: int, length: int) -> bytes:
        return blob[offset : offset + length]

    try:
        walked = walk(read, len(blob))
    except (struct.error, ValueError) as exc:
        raise MetadataReadError("unreadable EXIF (damaged directory structure)") from exc
    if walked is None:
        return read_exif_file(io.BytesIO(blob))  # not TIFF-shaped: exifread decides
    tags = exif_ifd.decode(walked, read)
    if tags is None:  # a value under a rewritten directory: exifread reads the view
        return read_exif_file(io.BytesIO(patched(blob, walked.patches)))
    return tags


def read_exif_tiff(fh: BinaryIO) -> Tags:
    """Tags of a TIFF file, with the same filtered view as :func:`read_exif_blob`."""
    size = fh.seek(0, io.SEEK_END)

    def read(offset: int, length: int) -> bytes:
        fh.seek(offset)
        return fh.read(length)

    try:
        patches = view_patches(read, size)
    except (struct.error, ValueError) as exc:
        raise MetadataReadError("unreadable EXIF (damaged directory structure)") from exc
    if patches is None:
        return read_exif_file(fh)
    return read_exif_file(PatchedFile(fh, patches))  # type: ignore[arg-type]


def read_exif_file(fh: BinaryIO) -> Tags:
    """Tags of a TIFF file or blob read by exifread, keyed like ``"Image Make"``."""
    import exifread  # only here: most files never need it, and it costs ~40 ms to import

    try:
        tags = exifread.process_file(fh, details=False, extract_thumbnail=False)
    except Exception as exc:  # exifread raises a wide range of errors on damaged files
        raise MetadataReadError(f"unreadable EXIF ({exc.__class__.__name__})") from exc
    return {key: getattr(tag, "values", tag) for key, tag in tags.items()}


def exif_data(tags: Tags) -> ExifData:
    """The record's ``exif`` part; a damaged tag is left empty rather than failing the file."""
    return _exif_data(
        make=text(tags, "Image Make").strip(),
        model=text(tags, "Image Model").strip(),
        lens=text(tags, "EXIF LensModel").strip(),
        serial=text(tags, "EXIF BodySerialNumber").strip(),
        datetime_original=datetime_original(tags),
        artist=text(tags, "Image Artist"),
        copyright=text(tags, "Image Copyright"),
        image_description=text(tags, "Image ImageDescription"),
        orientation=_int(tags, "Image Orientation"),
        gps_latitude=_gps(tags, "GPS GPSLatitude", "GPS GPSLatitudeRef", "S"),
        gps_longitude=_gps(tags, "GPS GPSLongitude", "GPS GPSLongitudeRef", "W"),
        exposure_time=_number(tags, "EXIF ExposureTime"),
        f_number=_number(tags, "EXIF FNumber"),
        iso=_int(tags, "EXIF ISOSpeedRatings"),
        focal_length=_number(tags, "EXIF FocalLength"),
    )


_exif_data = quick_init(ExifData)


def text(tags: Tags, key: str) -> str:
    """An ASCII tag as text: UTF-8 per MWG, Windows-1252 when it is not valid UTF-8."""
    values = tags.get(key)
    if type(values) is str:  # the usual case first
        return values
    if isinstance(values, bytes):
        return decode_text(values, "cp1252")
    return values if isinstance(values, str) else ""


def pixel_size(tags: Tags) -> tuple[int | None, int | None]:
    """Width and height from the main IFD (TIFF) or the EXIF IFD."""
    width = _int(tags, "Image ImageWidth") or _int(tags, "EXIF ExifImageWidth")
    height = _int(tags, "Image ImageLength") or _int(tags, "EXIF ExifImageLength")
    return width, height


def datetime_original(tags: Tags) -> str | None:
    """DateTimeOriginal as ISO 8601, with SubSecTimeOriginal and OffsetTimeOriginal if present."""
    raw = text(tags, "EXIF DateTimeOriginal").strip()
    iso = exif_datetime_to_iso(raw)
    if iso is None:
        return None
    subsec = text(tags, "EXIF SubSecTimeOriginal").strip()
    if subsec.isdigit() and len(iso) == 19:
        iso += f".{subsec}"
    offset = text(tags, "EXIF OffsetTimeOriginal").strip()
    if len(offset) == 6 and offset[0] in "+-" and offset[3] == ":":
        iso += offset
    return iso


def exif_datetime_to_iso(raw: str) -> str | None:
    """``2024:11:20 14:03:05`` -> ``2024-11-20T14:03:05``; blank or zeroed dates are None."""
    if len(raw) < 10 or not raw[:4].isdigit() or raw[:4] == "0000":
        return None
    date = raw[:10].replace(":", "-")
    parts = date.split("-")
    if (
        len(parts) != 3
        or not (parts[0].isdigit() and parts[1].isdigit() and parts[2].isdigit())
        or parts[1] == "00"
        or parts[2] == "00"
    ):
        return None
    time = raw[11:19].strip()
    if len(time) == 8 and time.replace(":", "").isdigit():
        return f"{date}T{time}"
    return date


def _values(tags: Tags, key: str) -> list:
    values = tags.get(key)
    return values if isinstance(values, list) else []


def _number(tags: Tags, key: str) -> float | None:
    values = _values(tags, key)
    if not values:
        return None
    try:
        value = float(values[0] if not isinstance(values[0], tuple) else values[0][0])
    except (ZeroDivisionError, TypeError, ValueError, OverflowError):
        return None
    return round(value, 6) if math.isfinite(value) else None  # JSON has no NaN or Infinity


def _int(tags: Tags, key: str) -> int | None:
    values = _values(tags, key)
    return values[0] if values and isinstance(values[0], int) else None


def _gps(tags: Tags, key: str, ref_key: str, negative: str) -> float | None:
    values = _values(tags, key)
    if len(values) != 3:
        return None
    try:
        degrees = float(values[0]) + float(values[1]) / 60 + float(values[2]) / 3600
    except (ZeroDivisionError, TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(degrees):
        return None
    if text(tags, ref_key).strip().upper().startswith(negative):
        degrees = -degrees
    return round(degrees, 7)
