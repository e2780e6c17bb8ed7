"""The normalized metadata record: one per photo, whatever segments the values came from."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class FieldSource(StrEnum):
    EXIF = "exif"
    IPTC = "iptc"
    XMP = "xmp"


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two or more sources carry different values for one field (beyond whitespace)."""

    field: str
    values: Mapping[str, str]  # source name -> value as that source has it
    chosen: str  # the source that won

    def as_json(self) -> dict:
        return {"field": self.field, "chosen": self.chosen, "values": dict(self.values)}


@dataclass(frozen=True, slots=True)
class ExifData:
    make: str = ""
    model: str = ""
    lens: str = ""
    serial: str = ""
    datetime_original: str | None = None  # ISO 8601, with fraction and offset when known
    artist: str = ""
    copyright: str = ""
    image_description: str = ""
    orientation: int | None = None
    gps_latitude: float | None = None
    gps_longitude: float | None = None
    exposure_time: float | None = None
    f_number: float | None = None
    iso: int | None = None
    focal_length: float | None = None


@dataclass(frozen=True, slots=True)
class PhotoMetadata:
    path: Path
    format: str = ""
    width: int | None = None
    height: int | None = None
    caption: str = ""
    title: str = ""
    headline: str = ""
    byline: tuple[str, ...] = ()
    credit: str = ""
    source: str = ""
    copyright: str = ""
    city: str = ""
    sublocation: str = ""
    state: str = ""
    country: str = ""
    country_code: str = ""
    date_created: str | None = None  # ISO 8601, possibly partial ("2024", "2024-11")
    keywords: tuple[str, ...] = ()
    instructions: str = ""
    transmission_reference: str = ""
    caption_writer: str = ""
    exif: ExifData = field(default_factory=ExifData)
    sources: Mapping[str, str] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()
    caption_languages: Mapping[str, str] = field(default_factory=dict)  # XMP lang -> text
    iim_charset: str | None = None  # how the IIM text was decoded: utf-8, cp1252, mac_roman
    has_exif: bool = False
    has_iptc: bool = False
    has_xmp: bool = False
    sidecar: Path | None = None  # the XMP sidecar that was read, if any
    notes: tuple[str, ...] = ()  # reader remarks: digest mismatch, ignored extended XMP...
    error: str | None = None  # one readable sentence when the file could not be read

    @property
    def ok(self) -> bool:
        return self.error is None


def failed(path: Path, reason: str, fmt: str = "") -> PhotoMetadata:
    """The record of a file that could not be read."""
    return PhotoMetadata(path=path, format=fmt, error=reason)
