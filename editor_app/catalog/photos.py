"""Photo rows: bulk add, lookups by path and image hash, file state after scans and writes."""

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from peewee import Database, chunked, fn

from editor_app.catalog.db import is_sqlite
from editor_app.catalog.models import FIELD_COLUMNS, Photo, Revision, tuples
from editor_app.catalog.pathtext import from_db, to_db
from editor_app.catalog.records import (
    HashHolder,
    ImportColumns,
    KnownFile,
    NewPhoto,
    PendingPhoto,
    PhotoRecord,
)
from editor_app.catalog.sql import BATCH, db_time, insert_sql, utc_now
from editor_app.catalog.values import (
    IMPORT_CHANGE_PREFIX,
    FieldValue,
    decode,
    decode_columns,
    encode_basestring,
    json_list,
)
from editor_app.gcpause import gc_paused
from editor_app.metadata.fields import LIST_FIELDS

log = logging.getLogger(__name__)

IMPORT_EDITOR = "import"
PENDING_HASH = ""  # image hash not computed yet (the desk imports first, hashes after)


def to_record(row: Photo) -> PhotoRecord:
    fields = {name: decode(name, getattr(row, name)) for name in FIELD_COLUMNS}
    return PhotoRecord(
        id=row.id,
        path=from_db(row.path),
        image_hash=row.image_hash,
        format=row.format,
        size=row.size,
        mtime_ns=row.mtime_ns,
        version=row.version,
        written_version=row.written_version,
        write_error=row.write_error and from_db(row.write_error),
        fields=fields,
    )


def known_files(paths: Iterable[str] | None = None) -> dict[str, KnownFile]:
    """Stored size and mtime by path: all photos in one query, or just ``paths``."""
    columns = (Photo.path, Photo.id, Photo.size, Photo.mtime_ns)
    if paths is None:  # the raw cursor: peewee's row wrappers cost a third of a rescan
        rows: Iterable[tuple] = Photo._meta.database.execute(Photo.select(*columns)).fetchall()
    else:
        rows = (
            row
            for chunk in chunked(map(to_db, paths), BATCH)
            for row in tuples(Photo.select(*columns).where(Photo.path.in_(chunk)))
        )
    return {from_db(path): KnownFile(pid, size, mtime) for path, pid, size, mtime in rows}


def by_path(path: str) -> PhotoRecord | None:
    row = Photo.get_or_none(Photo.path == to_db(path))
    return to_record(row) if row else None


def by_id(photo_id: int) -> PhotoRecord | None:
    row = Photo.get_or_none(Photo.id == photo_id)
    return to_record(row) if row else None


def by_ids(photo_ids: Iterable[int]) -> dict[int, PhotoRecord]:
    """The photos with these ids (unknown ids are left out)."""
    found: dict[int, PhotoRecord] = {}
    for chunk in chunked(sorted(set(photo_ids)), BATCH):
        found.update((row.id, to_record(row)) for row in Photo.select().where(Photo.id.in_(chunk)))
    return found


def pending_ids() -> list[int]:
    """Photos whose file does not hold their current version yet, in id order."""
    query = Photo.select(Photo.id).where(Photo.written_version != Photo.version)
    return [photo_id for (photo_id,) in tuples(query.order_by(Photo.id))]


def by_hash(hashes: Iterable[str]) -> dict[str, list[PhotoRecord]]:
    """Photos with these image hashes, lowest id first."""
    found: dict[str, list[PhotoRecord]] = {}
    for chunk in chunked(sorted(set(hashes)), BATCH):
        query = Photo.select().where(Photo.image_hash.in_(chunk)).order_by(Photo.id)
        for row in query:
            found.setdefault(row.image_hash, []).append(to_record(row))
    return found


def holders_of(hashes: Iterable[str]) -> dict[str, list[HashHolder]]:
    """:func:`by_hash` with only each photo's id and path: the identity pass asks it for every
    batch, and a whole record per photo of a much-copied picture made it slower by the batch."""
    found: dict[str, list[HashHolder]] = {}
    for chunk in chunked(sorted(set(hashes)), BATCH):
        query = (
            Photo.select(Photo.id, Photo.path, Photo.image_hash)
            .where(Photo.image_hash.in_(chunk))
            .order_by(Photo.id)
        )
        for photo_id, path, digest in tuples(query):
            found.setdefault(digest, []).append(HashHolder(photo_id, from_db(path), digest))
    return found


def pending_hash(after: int = 0, limit: int | None = None) -> list[PendingPhoto]:
    """Photos catalogued without their image hash yet, in id order (the column is indexed):
    those with an id above ``after``, at most ``limit`` of them. Without their field values:
    whole records were a quarter of an identity-pass batch's time."""
    query = (
        Photo.select(Photo.id, Photo.path, Photo.size, Photo.mtime_ns, Photo.version)
        .where((Photo.image_hash == PENDING_HASH) & (Photo.id > after))
        .order_by(Photo.id)
    )
    if limit is not None:
        query = query.limit(limit)
    return [
        PendingPhoto(photo_id, from_db(path), size, mtime_ns, version)
        for photo_id, path, size, mtime_ns, version in tuples(query)
    ]


def pending_hash_count(after: int = 0) -> int:
    """How many photos with an id above ``after`` still wait for their image hash."""
    return Photo.select().where((Photo.image_hash == PENDING_HASH) & (Photo.id > after)).count()


def set_hashes(db: Database, hashes: Sequence[tuple[int, str, int, int]]) -> list[int]:
    """Fill in pending hashes ``(photo_id, hash, size, mtime_ns)``; a photo whose file state
    changed meanwhile (re-read by a rescan) keeps its hash pending. Returns the ids set.
    One prepared statement run per photo: peewee building each UPDATE took ~1 ms a photo."""
    q = db.param
    sql = (
        f'UPDATE "photo" SET "image_hash" = {q} WHERE "id" = {q} AND "image_hash" = {q} '
        f'AND "size" = {q} AND "mtime_ns" = {q}'
    )
    cursor = db.cursor()
    done = []
    for photo_id, digest, size, mtime_ns in hashes:
        cursor.execute(sql, (digest, photo_id, PENDING_HASH, size, mtime_ns))
        if cursor.rowcount == 1:
            done.append(photo_id)
    return done


def drop_unedited(photo_id: int) -> bool:
    """Delete a photo that has no revision but its import (a moved file found late)."""
    if not Photo.select().where((Photo.id == photo_id) & (Photo.version == 1)).exists():
        return False
    Revision.delete().where(Revision.photo == photo_id).execute()
    return bool(Photo.delete().where(Photo.id == photo_id).execute())


def under(prefixes: Sequence[str] | None) -> list[PhotoRecord]:
    """Photos whose path is one of ``prefixes`` or inside one of them (all when None)."""
    query = Photo.select().order_by(Photo.path)
    if prefixes:
        query = query.where(_under_clause(prefixes))
    return [to_record(row) for row in query]


def _under_clause(prefixes: Sequence[str]):
    clause = None
    for prefix in prefixes:
        prefix = to_db(prefix)
        folder = prefix.rstrip("/") + "/"
        # SUBSTR, not LIKE: paths may hold % and _, and LIKE ignores case in SQLite
        part = (Photo.path == prefix) | (fn.SUBSTR(Photo.path, 1, len(folder)) == folder)
        clause = part if clause is None else clause | part
    return clause


def add_photos(db: Database, photos: Sequence[NewPhoto]) -> list[int]:
    """Insert new photos at version 1, each with its "import" revision; returns their ids.

    A path that is in the catalog already (another workstation imported it meanwhile) is
    skipped, not an error; the ids returned are those of the photos actually added.
    """
    sqlite = is_sqlite(db)
    now = utc_now()
    stamp = db_time(db, now)
    with gc_paused():
        built = [_import_rows(p, stamp) for p in photos]
    photo_rows = [photo_row for photo_row, _ in built]
    ids = _insert_photos_sqlite(db, photo_rows) if sqlite else _insert_photos_pg(photo_rows)
    added = []
    for photo, (_, changes) in zip(photos, built, strict=True):
        photo_id = ids.pop(to_db(photo.path), None)  # pop: a path twice in one batch is added once
        if photo_id is not None:
            added.append((photo_id, changes))
    revision_rows = [(pid, 1, IMPORT_EDITOR, "import", stamp, changes) for pid, changes in added]
    if sqlite:
        db.cursor().executemany(insert_sql(Revision, REVISION_COLUMNS), revision_rows)
    else:  # multi-row INSERTs: psycopg2's executemany is a round trip per row
        for chunk in chunked(revision_rows, BATCH):
            Revision.insert_many(
                [dict(zip(REVISION_COLUMNS, r, strict=True)) for r in chunk]
            ).execute()
    return [photo_id for photo_id, _ in added]


_FIELD_KINDS = tuple((name, name in LIST_FIELDS) for name in FIELD_COLUMNS)
_LIST_FLAGS = tuple(is_list for _, is_list in _FIELD_KINDS)
_PREFIXES = tuple(IMPORT_CHANGE_PREFIX[name] for name in FIELD_COLUMNS)
PHOTO_COLUMNS = (
    "path",
    "image_hash",
    "format",
    "size",
    "mtime_ns",
    "version",
    "written_version",
    "added_at",
    *FIELD_COLUMNS,
    "facts",
)
REVISION_COLUMNS = ("photo", "version", "editor", "kind", "at", "changes")


def _insert_photos_sqlite(db: Database, rows: list[tuple]) -> dict[str, int]:
    # Tuples straight to executemany: dicts and peewee's per-value conversion cost more than
    # SQLite's insert itself. Under BEGIN IMMEDIATE nobody else inserts, and ids only grow:
    # every row above the largest id before the insert is ours (one range scan, no lookups).
    cursor = db.cursor()
    before = cursor.execute('SELECT MAX("id") FROM "photo"').fetchone()[0] or 0
    cursor.executemany(insert_sql(Photo, PHOTO_COLUMNS, or_ignore=True), rows)
    if cursor.rowcount == len(rows):  # none ignored: rowids are max + 1, in row order
        return {row[0]: pid for pid, row in enumerate(rows, before + 1)}
    return dict(cursor.execute('SELECT "path", "id" FROM "photo" WHERE "id" > ?', (before,)))


def _insert_photos_pg(rows: list[tuple]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in chunked(rows, BATCH):
        dicts = [dict(zip(PHOTO_COLUMNS, row, strict=True)) for row in chunk]
        query = Photo.insert_many(dicts).on_conflict_ignore().returning(Photo.path, Photo.id)
        ids.update(query.tuples().execute())
    return ids


def _import_rows(photo: NewPhoto, stamp: str | datetime) -> tuple[tuple, str]:
    """The photo row and its import revision's change set (JSON)."""
    values, changes = photo.columns or import_columns(photo.fields)
    row = (
        to_db(photo.path),
        photo.image_hash,
        photo.format,
        photo.size,
        photo.mtime_ns,
        1,
        1,
        stamp,
    )
    return (*row, *values, photo.facts), changes


def import_columns(fields: Mapping[str, FieldValue]) -> ImportColumns:
    """A new photo's field columns and its import revision's change set in one pass.

    The hot loop of bulk imports (run in the import's reading processes): each list value is
    JSON-encoded once for both, and the change set, in field order, is assembled from
    per-field prefixes (old values are empty). ``fields_of_columns`` is the way back.
    """
    # Lists, not generators, and "[]" without json_list for an empty tuple (most are): half
    # the time of a desk file's columns
    values = tuple(
        [
            (json_list(fields[name]) if fields[name] != () else "[]")
            if is_list
            else str(fields[name])
            for name, is_list in _FIELD_KINDS
        ]
    )
    changes = ", ".join(
        [
            prefix + (value if is_list else encode_basestring(value)) + "]"
            for prefix, is_list, value in zip(_PREFIXES, _LIST_FLAGS, values, strict=True)
            if (value != "[]" if is_list else value)  # "" and [] are the empty values
        ]
    )
    return values, "{" + changes + "}"


def fields_of_columns(values: Sequence[str]) -> dict[str, FieldValue]:
    """The field values back from ``import_columns``'s column texts."""
    return decode_columns(values)


def set_file_state(
    photo_id: int, *, path: str, size: int, mtime_ns: int, image_hash: str, facts: str | None = None
) -> None:
    """Where the file is now and what it looked like (after a move or an outside change)."""
    state = {"path": to_db(path), "size": size, "mtime_ns": mtime_ns, "image_hash": image_hash}
    if facts is not None:
        state["facts"] = facts
    Photo.update(**state).where(Photo.id == photo_id).execute()


def mark_written(photo_id: int, version: int, size: int, mtime_ns: int) -> bool:
    """The file now holds ``version``; False when a newer version was saved meanwhile."""
    updated = (
        Photo.update(written_version=version, write_error=None, size=size, mtime_ns=mtime_ns)
        .where((Photo.id == photo_id) & (Photo.version == version))
        .execute()
    )
    return updated == 1


def mark_all_written(db: Database, done: Sequence[tuple[int, int, int, int]]) -> list[bool]:
    """:func:`mark_written` for many (photo id, version, size, mtime_ns); one result each.

    One batched statement; only when some photo has moved on meanwhile (someone saved a newer
    version) are the rows asked one by one which of them it was.
    """
    if not done:
        return []
    q = db.param
    sql = (
        f'UPDATE "photo" SET "written_version" = {q}, "write_error" = NULL, "size" = {q}, '
        f'"mtime_ns" = {q} WHERE "id" = {q} AND "version" = {q}'
    )
    cursor = db.cursor()
    in_id_order = sorted(done)  # the order rows are locked in everywhere: no deadlocks
    cursor.executemany(sql, [(v, size, mtime, pid, v) for pid, v, size, mtime in in_id_order])
    if cursor.rowcount == len(done):
        return [True] * len(done)
    return [mark_written(pid, v, size, mtime) for pid, v, size, mtime in done]


def mark_write_failed(photo_id: int, message: str) -> None:
    Photo.update(write_error=to_db(message)).where(Photo.id == photo_id).execute()
