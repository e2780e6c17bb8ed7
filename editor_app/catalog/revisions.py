"""Saving edits with optimistic locking, and reading a photo's history back."""

import json
import logging
from collections.abc import Mapping
from datetime import UTC

from peewee import Database

from editor_app.catalog.db import is_sqlite, write_transaction
from editor_app.catalog.errors import CatalogError
from editor_app.catalog.models import Photo
from editor_app.catalog.models import Revision as RevisionRow
from editor_app.catalog.photos import to_record, utc_now
from editor_app.catalog.records import FieldChange, Revision, SaveResult
from editor_app.catalog.values import FieldValue, decode, encode, json_changes
from editor_app.errors import EditConflict

log = logging.getLogger(__name__)


def save_revision(
    db: Database,
    photo_id: int,
    changes: Mapping[str, FieldValue],
    *,
    editor: str,
    expected_version: int | None = None,
    kind: str = "edit",
    file_has_it: bool = False,
) -> SaveResult:
    """Apply ``changes`` as one new revision, in one transaction.

    With ``expected_version`` the save is refused (EditConflict) unless the photo is still at
    that version; without it, the save applies to whatever version is current. Fields whose
    value does not change are left out; when nothing changes no revision is made.
    ``file_has_it`` marks the new version as already in the file (changes read from the file).
    """
    with write_transaction(db):
        row = _locked_photo(db, photo_id)
        if expected_version is not None and row.version != expected_version:
            raise EditConflict(row.path, expected_version, row.version)
        diff = _diff(row, changes)
        if not diff:
            return SaveResult(to_record(row), None)
        revision = _apply(row, diff, editor=editor, kind=kind, file_has_it=file_has_it)
        return SaveResult(to_record(Photo.get_by_id(photo_id)), revision)


def _locked_photo(db: Database, photo_id: int) -> Photo:
    query = Photo.select().where(Photo.id == photo_id)
    if not is_sqlite(db):  # SQLite already holds the write lock (BEGIN IMMEDIATE)
        query = query.for_update()
    row = query.first()
    if row is None:
        raise CatalogError(f"photo {photo_id} is not in the catalog")
    return row


def _diff(row: Photo, changes: Mapping[str, FieldValue]) -> dict[str, FieldChange]:
    diff = {}
    for name, new in changes.items():
        old = decode(name, getattr(row, name))
        if old != new:
            diff[name] = FieldChange(old, new)
    return diff


def _apply(
    row: Photo, diff: dict[str, FieldChange], *, editor: str, kind: str, file_has_it: bool
) -> Revision:
    new_version = row.version + 1
    values = {name: encode(name, change.new) for name, change in diff.items()}
    if file_has_it and row.written_version == row.version:
        values["written_version"] = new_version
    updated = (
        Photo.update(version=new_version, **values)
        .where((Photo.id == row.id) & (Photo.version == row.version))
        .execute()
    )
    if updated != 1:  # only reachable if the row lock was not honoured
        current = Photo.get_by_id(row.id).version
        raise EditConflict(row.path, row.version, current)
    at = utc_now()
    RevisionRow.insert(
        photo=row.id,
        version=new_version,
        editor=editor,
        kind=kind,
        at=at,
        changes=json_changes((name, c.old, c.new) for name, c in diff.items()),
    ).execute()
    return Revision(new_version, editor, kind, at.replace(tzinfo=UTC), diff)


def history(photo_id: int) -> list[Revision]:
    """Every revision of the photo, oldest first."""
    query = RevisionRow.select().where(RevisionRow.photo == photo_id).order_by(RevisionRow.version)
    return [_to_revision(row) for row in query]


def _to_revision(row: RevisionRow) -> Revision:
    changes = {
        name: FieldChange(_value(old), _value(new))
        for name, (old, new) in json.loads(row.changes).items()
    }
    return Revision(row.version, row.editor, row.kind, row.at.replace(tzinfo=UTC), changes)


def _value(plain) -> FieldValue:
    return tuple(plain) if isinstance(plain, list) else plain


def pending_fields(photo_id: int) -> dict[str, FieldValue]:
    """Current values of the fields changed since the version the file holds."""
    row = Photo.get_by_id(photo_id)
    names: set[str] = set()
    query = RevisionRow.select(RevisionRow.changes).where(
        (RevisionRow.photo == photo_id) & (RevisionRow.version > row.written_version)
    )
    for revision in query:
        names.update(json.loads(revision.changes))
    return {name: decode(name, getattr(row, name)) for name in sorted(names)}
