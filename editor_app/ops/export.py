"""The caption sheet (``caption-desk export``): one row per photo, as CSV or JSON."""

import csv
import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from editor_app.catalog import Catalog, FieldValue, PhotoRecord
from editor_app.catalog.values import display, to_json
from editor_app.metadata.fields import EDITABLE_FIELDS
from editor_app.ops.files import file_state
from editor_app.textsafe import for_csv

log = logging.getLogger(__name__)


class FileState:
    UP_TO_DATE = "up to date"
    NOT_WRITTEN = "not yet written to file"
    CHANGED = "changed on disk"
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One photo on the caption sheet."""

    path: str
    version: int
    file_state: str  # one of FileState
    fields: Mapping[str, FieldValue]

    @property
    def up_to_date(self) -> bool:
        return self.file_state == FileState.UP_TO_DATE


def caption_sheet(catalog: Catalog, paths: Sequence[str | os.PathLike] = ()) -> list[SheetRow]:
    """Photos at or under ``paths`` (all when empty), sorted by path."""
    prefixes = [os.path.abspath(p) for p in paths] or None
    return [_sheet_row(photo) for photo in catalog.photos_under(prefixes)]


def _sheet_row(photo: PhotoRecord) -> SheetRow:
    return SheetRow(photo.path, photo.version, photo_file_state(photo), photo.fields)


def photo_file_state(photo: PhotoRecord) -> str:
    """Up to date: no pending write, and size and mtime (sidecar included) as last recorded."""
    try:
        state = file_state(photo.path)
    except OSError:
        return FileState.MISSING
    if photo.pending_write:
        return FileState.NOT_WRITTEN
    if state != (photo.size, photo.mtime_ns):
        return FileState.CHANGED
    return FileState.UP_TO_DATE


SHEET_COLUMNS = ("path", "version", "up_to_date", "file_state", *EDITABLE_FIELDS)


def sheet_as_json(rows: Iterable[SheetRow]) -> list[dict]:
    """JSON-ready rows: list fields as arrays."""
    return [
        {
            "path": r.path,
            "version": r.version,
            "up_to_date": r.up_to_date,
            "file_state": r.file_state,
            **{n: to_json(r.fields[n]) for n in EDITABLE_FIELDS},
        }
        for r in rows
    ]


def write_sheet_csv(rows: Iterable[SheetRow], out: TextIO) -> None:
    """CSV with a header row; list fields joined with ``"; "``; up_to_date is yes/no."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SHEET_COLUMNS)
    for r in rows:
        cells = [r.path, r.version, "yes" if r.up_to_date else "no", r.file_state]
        cells += [display(r.fields[n]) for n in EDITABLE_FIELDS]
        writer.writerow([for_csv(cell) for cell in cells])  # formulas neutralised
