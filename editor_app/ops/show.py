"""Views of a record: the ``show`` JSON shape scripts rely on (a public contract), and the
readable text block the CLI prints and the desk window shows."""

import json
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from editor_app.captions.agencies import AgencyTable, agency_table
from editor_app.captions.credit import attribution
from editor_app.metadata.fields import LIST_FIELDS, TEXT_FIELDS, editor_fields
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.read import read_and_convert
from editor_app.settings import DeskSettings
from editor_app.textsafe import for_json, for_terminal

ShownRecord = PhotoMetadata  # what ``show`` prints: a record read from a file

_EXIF_KEYS = (
    "make",
    "model",
    "lens",
    "datetime_original",
    "artist",
    "copyright",
    "image_description",
    "orientation",
    "gps_latitude",
    "gps_longitude",
    "exposure_time",
    "f_number",
    "iso",
    "focal_length",
    "serial",
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


def json_lines(
    paths: Sequence[Path], settings: DeskSettings, *, jobs: int | None = None
) -> Iterator[tuple[str, bool]]:
    """``show --format json``: each photo's JSON text (attribution by the settings' agency
    table included) and whether reading it failed, in order; built in the reading processes."""
    table = agency_table(settings)
    return read_and_convert(paths, partial(_json_line, table), jobs=jobs)


def _json_line(agencies: AgencyTable, record: PhotoMetadata) -> tuple[str, bool]:
    extra = attribution(record, agencies).as_json()
    text = json.dumps(record_json(record, extra), ensure_ascii=False)
    return for_json(text), record.error is not None  # safe on any terminal, exact when parsed


def record_text(record: PhotoMetadata) -> str:
    """A readable block: every field that has a value, its source, conflicts and notes."""
    size = f"{record.width}x{record.height}" if record.width else "size unknown"
    lines = [f"{for_terminal(record.path)}  ({record.format}, {size})"]
    for spec in editor_fields():
        label, value = spec.label, getattr(record, spec.name)
        if isinstance(value, tuple):
            value = "; ".join(value)
        if value:
            source = record.sources.get(spec.name, "")
            shown = for_terminal(value, keep_newlines=True).replace("\n", "\n" + " " * 18)
            lines.append(f"  {label + ':':<15} {shown}" + (f"  [{source}]" if source else ""))
    exif = record.exif
    camera = " ".join(x for x in (exif.make, exif.model) if x)
    if camera or exif.datetime_original:
        camera_line = f"  {'Camera:':<15} {camera or '-'}  {exif.datetime_original or ''}"
        lines.append(for_terminal(camera_line.rstrip()))
    for conflict in record.conflicts:
        values = ", ".join(f"{s}={v!r}" for s, v in conflict.values.items())
        lines.append(
            for_terminal(f"  conflict: {conflict.field} differs ({values}); {conflict.chosen} wins")
        )
    lines.extend(f"  note: {for_terminal(note)}" for note in record.notes)
    return "\n".join(lines) + "\n"
