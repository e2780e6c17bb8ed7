"""Saving edits with optimistic locking, and reading a photo's history back."""

import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime

from peewee import Database, chunked

from editor_app.catalog.changes import notify
from editor_app.catalog.db import is_sqlite, write_transaction
from editor_app.catalog.errors import CatalogError
from editor_app.catalog.models import Photo, tuples
from editor_app.catalog.models import Revision as RevisionRow
from editor_app.catalog.pathtext import from_db, to_db
from editor_app.catalog.photos import REVISION_COLUMNS, to_record
from editor_app.catalog.records import FieldChange, Revision, SaveResult
from editor_app.catalog.sql import BATCH as _BATCH
from editor_app.catalog.sql import db_time, insert_sql, utc_now
from editor_app.catalog.values import FieldValue, decode, encode, json_changes, normalize
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
    (result,) = save_revisions(
        db,
        [photo_id],
        changes,
        editor=editor,
        expected_version=expected_version,
        kind=kind,
        file_has_it=file_has_it,
    )
    if isinstance(result, EditConflict):
        raise result
    return result


# One photo's part of a batch save: its id, its changes, the version the editor saw (or None).
Edit = tuple[int, Mapping[str, FieldValue], int | None]


def save_revisions(
    db: Database,
    photo_ids: Sequence[int],
    changes: Mapping[str, FieldValue],
    *,
    editor: str,
    expected_version: int | None = None,
    kind: str = "edit",
    file_has_it: bool = False,
) -> list[SaveResult | EditConflict]:
    """:func:`save_revision` of the same changes for many photos, in one transaction."""
    edits = [(photo_id, changes, expected_version) for photo_id in photo_ids]
    return save_each(db, edits, editor=editor, kind=kind, file_has_it=file_has_it)


def save_each(
    db: Database,
    edits: Sequence[Edit],
    *,
    editor: str,
    kind: str = "edit",
    file_has_it: bool = False,
) -> list[SaveResult | EditConflict]:
    """Each photo's own changes as one new revision each, all in one transaction.

    One result per edit, in order; a photo at another version than its expected one gets an
    EditConflict (naming who saved the version that won, and when) and nothing is saved for it
    (the others are). The rows are locked and read once, and the updates and revisions go to
    the database as batched statements: a desk applying a caption to hundreds of photos should
    wait for the disk, not for SQL. Raises CatalogError for an id not in the catalog.
    """
    normalized: dict[int, dict[str, FieldValue]] = {}  # by id(): one change set shared by many
    with write_transaction(db):
        rows = _locked_photos(db, [edit[0] for edit in edits])
        results: list[SaveResult | EditConflict] = []
        planned: list[tuple[Photo, dict[str, FieldChange]]] = []
        made_at: list[int] = []  # index in results of each planned save
        for photo_id, changes, expected_version in edits:
            row = rows.get(photo_id)
            if row is None:
                raise CatalogError(f"photo {photo_id} is not in the catalog")
            if expected_version is not None and row.version != expected_version:
                results.append(EditConflict(from_db(row.path), expected_version, row.version))
                continue
            if id(changes) not in normalized:
                normalized[id(changes)] = {n: normalize(n, v) for n, v in changes.items()}
            diff = _diff(row, normalized[id(changes)])
            if diff:  # a photo listed twice finds its own new values the second time
                planned.append((row, diff))
                made_at.append(len(results))
                rows[photo_id] = _next_version(row, diff, file_has_it)
            results.append(SaveResult(to_record(rows[photo_id]), None))
        revisions = _store(db, planned, editor, kind, file_has_it)
        if planned:  # other desks hear of it at commit (PostgreSQL NOTIFY)
            notify(db, [row.id for row, _ in planned])
        results = _name_winners(results)
    for index, revision in zip(made_at, revisions, strict=True):
        results[index] = SaveResult(results[index].photo, revision)  # type: ignore[union-attr]
    return results


def _name_winners(
    results: list[SaveResult | EditConflict],
) -> list[SaveResult | EditConflict]:
    """Conflicts completed with the editor and time of the revision that won (one query)."""
    lost = {r.path: r for r in results if isinstance(r, EditConflict)}
    if not lost:
        return results
    winners: dict[str, tuple[str, object]] = {}
    for chunk in chunked(sorted(map(to_db, lost)), _BATCH):
        query = tuples(
            RevisionRow.select(Photo.path, RevisionRow.editor, RevisionRow.at)
            .join(Photo)
            .where(Photo.path.in_(chunk) & (RevisionRow.version == Photo.version))
        )
        winners.update((from_db(path), (editor, at)) for path, editor, at in query)
    return [_named(r, winners.get(r.path)) if isinstance(r, EditConflict) else r for r in results]


def _named(conflict: EditConflict, winner: tuple[str, object] | None) -> EditConflict:
    if winner is None:
        return conflict
    editor, at = winner
    when = _aware(at) if isinstance(at, datetime) else None
    return EditConflict(conflict.path, conflict.expected, conflict.actual, editor=editor, at=when)


def _locked_photos(db: Database, photo_ids: Sequence[int]) -> dict[int, Photo]:
    rows: dict[int, Photo] = {}
    for chunk in chunked(sorted(set(photo_ids)), _BATCH):
        # In id order: two desks locking overlapping sets in one order cannot deadlock.
        query = Photo.select().where(Photo.id.in_(chunk)).order_by(Photo.id)
        if not is_sqlite(db):  # SQLite already holds the write lock (BEGIN IMMEDIATE)
            query = query.for_update()
        rows.update((row.id, row) for row in query)
    return rows


def _diff(row: Photo, changes: Mapping[str, FieldValue]) -> dict[str, FieldChange]:
    diff = {}
    for name, new in changes.items():
        old = decode(name, getattr(row, name))
        if old != new:
            diff[name] = FieldChange(old, new)
    return diff


def _next_version(row: Photo, diff: dict[str, FieldChange], file_has_it: bool) -> Photo:
    """The row as it will be after the save (not saved: ``_store`` writes it)."""
    after = Photo(**row.__data__)
    after.version = row.version + 1
    for name, change in diff.items():
        setattr(after, name, encode(name, change.new))
    if file_has_it and row.written_version == row.version:
        after.written_version = after.version
    return after


def _store(
    db: Database,
    planned: list[tuple[Photo, dict[str, FieldChange]]],
    editor: str,
    kind: str,
    file_has_it: bool,
) -> list[Revision]:
    """Write the new versions (guarded by the old version) and their revision rows."""
    at = utc_now()
    groups: dict[tuple[str, ...], list[tuple]] = {}
    for row, diff in planned:
        names = tuple(diff)
        if file_has_it and row.written_version == row.version:
            names += ("written_version",)
        values = [encode(n, diff[n].new) if n in diff else row.version + 1 for n in names]
        groups.setdefault(names, []).append((row.version + 1, *values, row.id, row.version))
    cursor = db.cursor()
    q = db.param
    for names, params in groups.items():
        assignments = ", ".join(f'"{n}" = {q}' for n in ("version", *names))
        sql = f'UPDATE "photo" SET {assignments} WHERE "id" = {q} AND "version" = {q}'
        cursor.executemany(sql, params)
        if cursor.rowcount != len(params):  # only reachable if the row lock was not honoured
            raise CatalogError("a photo changed while its row was locked; nothing was saved")
    stamp = db_time(db, at)
    cursor.executemany(
        insert_sql(RevisionRow, REVISION_COLUMNS, param=q),
        [
            (row.id, row.version + 1, editor, kind, stamp, _changes_json(diff))
            for row, diff in planned
        ],
    )
    aware = at.replace(tzinfo=UTC)
    return [Revision(row.version + 1, editor, kind, aware, diff) for row, diff in planned]


def _changes_json(diff: Mapping[str, FieldChange]) -> str:
    return json_changes((name, c.old, c.new) for name, c in diff.items())


def history(photo_id: int) -> list[Revision]:
    """Every revision of the photo, oldest first."""
    query = RevisionRow.select().where(RevisionRow.photo == photo_id).order_by(RevisionRow.version)
    return [_to_revision(row) for row in query]


def histories(photo_ids: Iterable[int]) -> dict[int, list[Revision]]:
    """:func:`history` of many photos (one query per 400); every id asked for is a key."""
    found: dict[int, list[Revision]] = {photo_id: [] for photo_id in photo_ids}
    for chunk in chunked(sorted(found), _BATCH):
        query = (
            RevisionRow.select()
            .where(RevisionRow.photo.in_(chunk))
            .order_by(RevisionRow.photo, RevisionRow.version)
        )
        for row in query:
            found[row.photo_id].append(_to_revision(row))
    return found


def _to_revision(row: RevisionRow) -> Revision:
    changes = {
        name: FieldChange(_value(old), _value(new))
        for name, (old, new) in json.loads(row.changes).items()
    }
    return Revision(row.version, row.editor, row.kind, _aware(row.at), changes)


def _aware(at: datetime) -> datetime:
    return at.replace(tzinfo=UTC)  # stored as naive UTC


def _value(plain) -> FieldValue:
    return tuple(plain) if isinstance(plain, list) else plain


def pending_fields(photo_id: int) -> dict[str, FieldValue]:
    """Current values of the fields changed since the version the file holds."""
    return pending_fields_of([photo_id]).get(photo_id, {})


def pending_fields_of(photo_ids: Iterable[int]) -> dict[int, dict[str, FieldValue]]:
    """:func:`pending_fields` of many photos (two queries per 400); up-to-date ones left out."""
    found: dict[int, dict[str, FieldValue]] = {}
    for chunk in chunked(sorted(set(photo_ids)), _BATCH):
        rows = {
            row.id: row
            for row in Photo.select().where(
                Photo.id.in_(chunk) & (Photo.written_version != Photo.version)
            )
        }
        if not rows:
            continue
        names: dict[int, set[str]] = {photo_id: set() for photo_id in rows}
        query = tuples(
            RevisionRow.select(RevisionRow.photo, RevisionRow.changes)
            .join(Photo)
            .where(Photo.id.in_(list(rows)) & (RevisionRow.version > Photo.written_version))
        )
        for photo_id, changes in query:
            names[photo_id].update(json.loads(changes))
        for photo_id, row in rows.items():
            fields = sorted(names[photo_id])
            found[photo_id] = {name: decode(name, getattr(row, name)) for name in fields}
    return found
