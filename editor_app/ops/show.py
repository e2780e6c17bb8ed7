"""The ``show`` view of a record: the JSON shape scripts rely on (a public contract)."""

from typing import Any

from editor_app.metadata.fields import LIST_FIELDS, TEXT_FIELDS
from editor_app.metadata.record import PhotoMetadata

_EXIF_KEYS = (
    "make", "model", "lens", "datetime_original", "artist", "copyright", "image_description",
    "orientation", "gps_latitude", "gps_longitude", "exposure_time", "f_number", "iso",
    "focal_length", "serial",
)


def record_json(record: PhotoMetadata, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """One object of ``show --format json``; keys are only ever added, never renamed."""
    out: dict[str, Any] = {
        "path": str(record.path),
        "format": record.format or None,
        "width": record.width,
        "height": record.height,
    }
    for name in TEXT_FIELDS:
        out[name] = getattr(record, name)
    for name in LIST_FIELDS:
        out[name] = list(getattr(record, name))
    out["date_created"] = record.date_created
    out["exif"] = {key: getattr(record.exif, key) for key in _EXIF_KEYS}
    out["sources"] = dict(record.sources)
    out["conflicts"] = [c.as_json() for c in record.conflicts]
    out["caption_languages"] = dict(record.caption_languages)
    out["iptc_charset"] = record.iim_charset
    out["sidecar"] = str(record.sidecar) if record.sidecar else None
    out["notes"] = list(record.notes)
    if extra:
        out.update(extra)
    out["error"] = record.error
    return out
