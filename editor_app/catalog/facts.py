"""The file facts the caption rules read beyond the field values, kept with each photo.

A photo's ``facts`` column holds, as JSON, what the reader saw in the file besides the caption
fields: the camera's capture time, ImageDescription and Artist, the other caption languages,
the sources that disagreed, the reader's notes, the picture's size. ``rules_record`` joins
them with the photo's current values (pending writes included) into the record the rules take.
"""

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from editor_app.catalog.models import FIELD_COLUMNS, Photo
from editor_app.catalog.pathtext import from_db, to_db
from editor_app.catalog.photos import _under_clause
from editor_app.catalog.records import PhotoRecord
from editor_app.catalog.values import FieldValue, decode, decode_columns
from editor_app.gcpause import gc_paused
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.fields import DATE_FIELDS, EDITABLE_FIELDS, LIST_FIELDS
from editor_app.metadata.record import (
    Conflict,
    ExifData,
    PhotoMetadata,
    field_values,
    with_values,
)

_EXIF_FACTS = ("datetime_original", "image_description", "artist")


def facts_of(record: PhotoMetadata) -> dict[str, Any]:
    """The facts of a record read from a file, as plain JSON values (empty ones left out)."""
    facts: dict[str, Any] = {
        name: getattr(record.exif, name) for name in _EXIF_FACTS if getattr(record.exif, name)
    }
    if record.caption_languages:
        facts["caption_languages"] = dict(record.caption_languages)
    if record.conflicts:
        facts["conflicts"] = [c.as_json() for c in record.conflicts]
        # what the file showed for those fields: a different current value is an edit
        facts["read"] = {c.field: getattr(record, c.field) for c in record.conflicts}
    if record.notes:
        facts["notes"] = list(record.notes)
    if record.error:
        facts["error"] = record.error
    if record.width is not None and record.height is not None:
        facts["width"], facts["height"] = record.width, record.height
    return facts


def encode_facts(record: PhotoMetadata) -> str:
    return _encode(facts_of(record))


# one encoder: json.dumps with options builds a new one per call (an import encodes each file)
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def rules_record(
    path: str, fmt: str, facts_json: str | None, fields: Mapping[str, FieldValue]
) -> PhotoMetadata:
    """The record the rules take: the file's facts with the catalog's current values.

    A conflicted field whose current value is no longer the one the file showed has been
    edited: its conflict drops (``with_values``), since the write puts one value everywhere.
    """
    facts = json.loads(facts_json) if facts_json and facts_json != "{}" else {}
    exif = _exif_data(**{name: facts[name] for name in _EXIF_FACTS if name in facts})
    languages = facts.get("caption_languages", {})
    if "x-default" in languages and languages["x-default"] != fields.get("caption"):
        # the file's caption as it was read: the editor has replaced it (or cleared it, and a
        # stale copy here would count as a caption), as with_values drops it for an edit
        languages = {k: v for k, v in languages.items() if k != "x-default"}
    common: dict[str, Any] = {
        "path": Path(path),
        "format": fmt,
        "width": facts.get("width"),
        "height": facts.get("height"),
        "exif": exif,
        "caption_languages": languages,
        "notes": tuple(facts.get("notes", ())),
        "error": facts.get("error"),
    }
    if "conflicts" not in facts:  # most photos: the values in one go (a replace per row
        return _record(**common, **_held(fields))  # was half the desk's rows)
    conflicts = tuple(Conflict(c["field"], c["values"], c["chosen"]) for c in facts["conflicts"])
    read: dict[str, Any] = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in facts.get("read", {}).items()
    }
    return with_values(PhotoMetadata(**common, conflicts=conflicts, **read), fields)


# Quick constructors (``metadata.fastinit``): a folder's load builds one of each per photo.
_record = quick_init(PhotoMetadata)
_exif_data = quick_init(ExifData)
_photo_record = quick_init(PhotoRecord)
_EVERY_FIELD = frozenset(EDITABLE_FIELDS)


def _held(fields: Mapping[str, FieldValue]) -> dict[str, Any]:
    """``field_values`` of a row's decoded columns, which hold every editable field and
    lists as tuples already: the same values without its checks (0.02 ms a photo less).
    Text fields are taken as they are: only the lists and dates need a look."""
    if fields.keys() != _EVERY_FIELD:
        return field_values(fields)  # a partial or unknown set: its checks and errors
    held: dict[str, Any] = dict(fields)
    for name in LIST_FIELDS:
        value = held[name]
        value = (value,) if isinstance(value, str) else value
        held[name] = tuple(filter(None, value)) if value else ()
    for name in DATE_FIELDS:
        held[name] = held[name] or None
    return held


def rule_records(prefixes: Sequence[str] | None = None) -> dict[int, PhotoMetadata]:
    """Each photo's rules record by id, in path order (at or under ``prefixes`` when given)."""
    query = Photo.select().order_by(Photo.path)
    if prefixes:
        query = query.where(_under_clause(prefixes))
    return {
        row.id: rules_record(
            from_db(row.path),
            row.format,
            row.facts,
            {name: decode(name, getattr(row, name)) for name in FIELD_COLUMNS},
        )
        for row in query
    }


_DESK_COLUMNS = (
    Photo.id,
    Photo.path,
    Photo.image_hash,
    Photo.format,
    Photo.size,
    Photo.mtime_ns,
    Photo.version,
    Photo.written_version,
    Photo.write_error,
    Photo.facts,
    *FIELD_COLUMNS.values(),
)


DeskRow = tuple[Any, ...]  # one photo as ``desk_raw_rows`` has it: plain text and integers


def desk_rows(prefixes: Sequence[str] | None = None) -> list[tuple[PhotoRecord, PhotoMetadata]]:
    """Each photo's record and rules record, in path order, from one query of plain tuples
    (peewee's model rows cost more than the rest of the work on a 10,000-photo folder)."""
    return decode_desk_rows(desk_raw_rows(prefixes))


def desk_raw_rows(prefixes: Sequence[str] | None = None) -> list[DeskRow]:
    """:func:`desk_rows` before decoding: picklable in a few microseconds a row, so a worker
    process can decode a share of them itself (a decoded record costs ~50 us each way)."""
    query = Photo.select(*_DESK_COLUMNS).order_by(Photo.path)
    if prefixes:
        query = query.where(_under_clause(prefixes))
    return _raw(query)


def decode_desk_rows(raw: Sequence[DeskRow]) -> list[tuple[PhotoRecord, PhotoMetadata]]:
    """:func:`desk_rows` of rows from :func:`desk_raw_rows` (any process)."""
    found = []
    with gc_paused():
        for pid, path, digest, fmt, size, mtime, version, written, error, facts, *values in raw:
            fields = decode_columns(values)  # the columns are in field order
            path = from_db(path)
            error = error and from_db(error)
            record = _photo_record(
                pid, path, digest, fmt, size, mtime, version, written, error, fields
            )
            found.append((record, rules_record(path, fmt, facts, fields)))
    return found


def desk_tiles(
    prefixes: Sequence[str] | None = None, paths: Sequence[str] | None = None
) -> list[PhotoRecord]:
    """:func:`desk_rows`'s photo records without their field values: a folder's first screen
    needs ids, paths and image hashes only, and gets 10,000 of them in a few tens of ms.
    ``paths``: just these files (at most a few hundred: one ``IN``)."""
    query = Photo.select(*_DESK_COLUMNS[:9]).order_by(Photo.path)
    if prefixes:
        query = query.where(_under_clause(prefixes))
    if paths is not None:
        query = query.where(Photo.path.in_([to_db(p) for p in paths]))
    with gc_paused():
        return [
            PhotoRecord(
                pid,
                from_db(path),
                digest,
                fmt,
                size,
                mtime,
                version,
                written,
                error and from_db(error),
            )
            for pid, path, digest, fmt, size, mtime, version, written, error in _raw(query)
        ]


def _raw(query: Any) -> list[tuple[Any, ...]]:
    """The rows straight from the cursor: peewee's per-value conversions cost a third of the
    time here, and these columns need none (text, integers; paths go through ``from_db``)."""
    return list(Photo._meta.database.execute(query).fetchall())
