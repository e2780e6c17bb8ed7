"""The normalized metadata record: one per photo, whatever segments the values came from."""

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from editor_app.metadata.fields import DATE_FIELDS, EDITABLE_FIELDS, LIST_FIELDS


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


def field_values(values: Mapping[str, object]) -> dict[str, Any]:
    """Field values as a record holds them: lists as tuples without empty items, an empty
    date as None. Raises ValueError for a name that is not an editable field."""
    held: dict[str, Any] = {}
    for name, value in values.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"unknown field {name!r}")
        if name in LIST_FIELDS:
            value = (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
            value = tuple(v for v in value if v)
        elif name in DATE_FIELDS:
            value = value or None
        held[name] = value
    return held


def with_values(record: PhotoMetadata, values: Mapping[str, object]) -> PhotoMetadata:
    """The file's facts in ``record`` with these current field values (from the catalog or the
    editor's unsaved text). A value that differs from the file's is an edit: the conflicts and
    source of its field drop, since the next write puts that one value in every segment."""
    edited = {
        name: value
        for name, value in field_values(values).items()
        if value != getattr(record, name)
    }
    if not edited:
        return record
    return replace(
        record,
        **edited,
        conflicts=tuple(c for c in record.conflicts if c.field not in edited),
        sources={k: v for k, v in record.sources.items() if k not in edited},
    )
