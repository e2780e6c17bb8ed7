"""``Catalog``: the handle the rest of the app holds; opens, upgrades and closes the database.

Every method connects the calling thread on first use (peewee keeps one connection per thread)
and returns frozen records from :mod:`editor_app.catalog.records`.
"""

import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from peewee import Database, PeeweeException

from editor_app.catalog import desk_texts, facts, photos, revisions
from editor_app.catalog.changes import ChangeFeed, notify, open_feed
from editor_app.catalog.db import database, is_sqlite, make_database, redact, resolve_url
from editor_app.catalog.db import write_transaction as _write_transaction
from editor_app.catalog.errors import CatalogError
from editor_app.catalog.facts import DeskRow
from editor_app.catalog.messages import explain
from editor_app.catalog.migrations import hash_algorithm, schema_version, upgrade_schema
from editor_app.catalog.records import (
    HashHolder,
    KnownFile,
    NewPhoto,
    PendingPhoto,
    PhotoRecord,
    Revision,
    SaveResult,
)
from editor_app.catalog.values import FieldValue
from editor_app.errors import EditConflict
from editor_app.metadata.record import PhotoMetadata

log = logging.getLogger(__name__)


def open_catalog(url: str | None = None, *, create: bool = True) -> "Catalog":
    """Open (creating or upgrading) the catalog at ``url``, ``CAPTION_DESK_DB`` or the default.

    ``create=False`` (commands that only read): a missing SQLite file or an empty database is
    an error, not a new catalog. Raises CatalogError (CatalogTooNew for a catalog from a newer
    Caption Desk), one sentence naming the catalog.
    """
    url = resolve_url(url)
    db = make_database(url, create=create)
    database.initialize(db)
    catalog = Catalog(db, url)
    try:
        catalog.connect()
        if not create and schema_version(db) is None:
            raise CatalogError(
                f"{catalog.where} holds no Caption Desk catalog: check --db and CAPTION_DESK_DB "
                "(import and set create a catalog; this command only reads one)"
            )
        upgrade_schema(db)
        catalog.hash_algorithm = hash_algorithm(db)
    except PeeweeException as exc:
        _close_quietly(catalog)
        raise explain(exc, catalog.where) from exc
    except CatalogError as exc:
        _close_quietly(catalog)
        if type(exc) is not CatalogError or catalog.where in str(exc):
            raise
        raise CatalogError(f"the catalog {catalog.where}: {exc}") from exc
    except BaseException:
        _close_quietly(catalog)
        raise
    return catalog


def _close_quietly(catalog: "Catalog") -> None:
    try:
        catalog.close()
    except PeeweeException:  # closing a connection the server already dropped
        log.debug("closing the catalog failed", exc_info=True)


class Catalog:
    """One open catalog database (the module-level proxy points at it while it is open)."""

    def __init__(self, db: Database, url: str) -> None:
        self._db, self.url = db, url
        # read from the catalog by open_catalog; ops hash files with it (ops.ingest.catalog_hasher)
        self.hash_algorithm: str | None = None

    @property
    def backend(self) -> str:
        return "sqlite" if is_sqlite(self._db) else "postgresql"

    def connect(self) -> None:
        """Connect the calling thread (done implicitly by every method).

        Also points the models' proxy back at this catalog, so two open catalogs can be used
        one after the other (a tool copying between them); not from two threads at once.
        """
        if database.obj is not self._db:
            database.initialize(self._db)
        if self._db.is_closed():
            self._db.connect()

    def close(self) -> None:
        """Close the calling thread's connection."""
        if not self._db.is_closed():
            self._db.close()

    @property
    def where(self) -> str:
        """The catalog as messages name it: the SQLite file, or the URL without password."""
        return str(self._db.database) if is_sqlite(self._db) else redact(self.url)

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, tb: object) -> None:
        _close_quietly(self)
        if exc is not None and isinstance(exc, PeeweeException):
            raise explain(exc, self.where) from exc  # one sentence, not "internal error"

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several writes into one transaction (holding the write lock).

        A database failure (server gone, disk full) comes out as CatalogError: callers outside
        the catalog can report it without knowing peewee.
        """
        try:
            self.connect()
            with _write_transaction(self._db):
                yield
        except PeeweeException as exc:
            raise explain(exc, self.where) from exc

    def change_feed(self) -> ChangeFeed:
        """A feed of the photos changed from now on (by anyone); use it from one thread."""
        return open_feed(self._db, self.url)

    # reads

    def known_files(self, paths: Iterable[str] | None = None) -> dict[str, KnownFile]:
        self.connect()
        return photos.known_files(paths)

    def photo(self, path: str) -> PhotoRecord | None:
        self.connect()
        return photos.by_path(path)

    def photo_by_id(self, photo_id: int) -> PhotoRecord | None:
        self.connect()
        return photos.by_id(photo_id)

    def photos_by_id(self, photo_ids: Iterable[int]) -> dict[int, PhotoRecord]:
        """The photos with these ids; unknown ids are left out."""
        self.connect()
        return photos.by_ids(photo_ids)

    def pending_writes(self) -> list[int]:
        """Ids of the photos "not yet written to file", in id order."""
        self.connect()
        return photos.pending_ids()

    def photos_with_hash(self, hashes: Iterable[str]) -> dict[str, list[PhotoRecord]]:
        self.connect()
        return photos.by_hash(hashes)

    def hash_holders(self, hashes: Iterable[str]) -> dict[str, list[HashHolder]]:
        """The photos with these image hashes, lowest id first: only their ids and paths."""
        self.connect()
        return photos.holders_of(hashes)

    def photos_pending_hash(self, after: int = 0, limit: int | None = None) -> list[PendingPhoto]:
        """Photos imported without their image hash yet (``ingest_paths(defer_hash=True)``),
        in id order: those with an id above ``after``, at most ``limit``."""
        self.connect()
        return photos.pending_hash(after, limit)

    def pending_hash_count(self, after: int = 0) -> int:
        """How many photos with an id above ``after`` still wait for their image hash."""
        self.connect()
        return photos.pending_hash_count(after)

    def photos_under(self, prefixes: Sequence[str] | None = None) -> list[PhotoRecord]:
        """All photos (sorted by path), or those at or under the given absolute paths."""
        self.connect()
        return photos.under(prefixes)

    def rule_records(self, prefixes: Sequence[str] | None = None) -> dict[int, PhotoMetadata]:
        """What the rules take for each photo (by id, in path order): the file facts with
        the current values, pending writes included; ``prefixes`` as in :meth:`photos_under`."""
        self.connect()
        return facts.rule_records(prefixes)

    def desk_rows(
        self, prefixes: Sequence[str] | None = None
    ) -> list[tuple[PhotoRecord, PhotoMetadata]]:
        """:meth:`photos_under` and :meth:`rule_records` of the same photos, in one query."""
        self.connect()
        return facts.desk_rows(prefixes)

    def desk_raw_rows(self, prefixes: Sequence[str] | None = None) -> list[DeskRow]:
        """:meth:`desk_rows` not yet decoded (``decode_desk_rows``, in any process)."""
        self.connect()
        return facts.desk_raw_rows(prefixes)

    def desk_tiles(
        self, prefixes: Sequence[str] | None = None, *, paths: Sequence[str] | None = None
    ) -> list[PhotoRecord]:
        """:meth:`photos_under` without the field values (they stay empty): quick.
        ``paths``: only these files (a few hundred at most)."""
        self.connect()
        return facts.desk_tiles(prefixes, paths)

    def history(self, photo_id: int) -> list[Revision]:
        self.connect()
        return revisions.history(photo_id)

    def histories(self, photo_ids: Iterable[int]) -> dict[int, list[Revision]]:
        """:meth:`history` of many photos at once."""
        self.connect()
        return revisions.histories(photo_ids)

    def pending_fields(self, photo_id: int) -> dict[str, FieldValue]:
        self.connect()
        return revisions.pending_fields(photo_id)

    def pending_fields_of(self, photo_ids: Iterable[int]) -> dict[int, dict[str, FieldValue]]:
        """Pending fields of the photos whose file is behind; up-to-date ones are left out."""
        self.connect()
        return revisions.pending_fields_of(photo_ids)

    # writes

    def add_photos(self, new: Sequence[NewPhoto]) -> list[int]:
        """Add photos at version 1 with an "import" revision each; one transaction."""
        with self.transaction():
            added = photos.add_photos(self._db, new)
            notify(self._db, added)
            return added

    def save_revision(
        self,
        photo_id: int,
        changes: Mapping[str, FieldValue],
        *,
        editor: str,
        expected_version: int | None = None,
        kind: str = "edit",
        file_has_it: bool = False,
    ) -> SaveResult:
        """See :func:`editor_app.catalog.revisions.save_revision`; raises EditConflict."""
        self.connect()
        return revisions.save_revision(
            self._db,
            photo_id,
            changes,
            editor=editor,
            expected_version=expected_version,
            kind=kind,
            file_has_it=file_has_it,
        )

    def save_revisions(
        self,
        photo_ids: Sequence[int],
        changes: Mapping[str, FieldValue],
        *,
        editor: str,
        expected_version: int | None = None,
    ) -> list[SaveResult | EditConflict]:
        """The same changes for many photos in one transaction; a conflict refuses one photo."""
        self.connect()
        return revisions.save_revisions(
            self._db, photo_ids, changes, editor=editor, expected_version=expected_version
        )

    def save_each(
        self, edits: Sequence[revisions.Edit], *, editor: str, kind: str = "edit"
    ) -> list[SaveResult | EditConflict]:
        """Per-photo changes ``(photo_id, changes, expected_version)`` in one transaction.

        See :func:`editor_app.catalog.revisions.save_each`: one result per edit, in order.
        """
        self.connect()
        return revisions.save_each(self._db, edits, editor=editor, kind=kind)

    def set_file_state(
        self,
        photo_id: int,
        *,
        path: str,
        size: int,
        mtime_ns: int,
        image_hash: str,
        facts: str | None = None,  # encode_facts of the record read; None keeps the old ones
    ) -> None:
        with self.transaction():
            photos.set_file_state(
                photo_id,
                path=path,
                size=size,
                mtime_ns=mtime_ns,
                image_hash=image_hash,
                facts=facts,
            )
            notify(self._db, [photo_id])

    def set_image_hashes(self, hashes: Sequence[tuple[int, str, int, int]]) -> list[int]:
        """Pending hashes ``(photo_id, hash, size, mtime_ns)`` filled in, when the stored
        size and mtime still match; returns the ids set."""
        with self.transaction():
            return photos.set_hashes(self._db, hashes)

    def drop_unedited_photo(self, photo_id: int) -> bool:
        """Delete a photo still at version 1 (only its import); False when it was edited.

        The hash pass uses it when a file imported without its hash turns out to be a moved
        photo: the old photo, with its history, follows the file instead.
        """
        with self.transaction():
            dropped = photos.drop_unedited(photo_id)
            if dropped:
                notify(self._db, [photo_id])
            return dropped

    def mark_written(self, photo_id: int, version: int, size: int, mtime_ns: int) -> bool:
        """Record that the file holds ``version``; False if a newer version exists already."""
        with self.transaction():
            notify(self._db, [photo_id])
            return photos.mark_written(photo_id, version, size, mtime_ns)

    def mark_all_written(self, done: Sequence[tuple[int, int, int, int]]) -> list[bool]:
        """:meth:`mark_written` for many (photo_id, version, size, mtime_ns): one transaction."""
        with self.transaction():
            notify(self._db, [photo_id for photo_id, *_ in done])
            return photos.mark_all_written(self._db, done)

    def mark_write_failed(self, photo_id: int, message: str) -> None:
        with self.transaction():
            photos.mark_write_failed(photo_id, message)
            notify(self._db, [photo_id])

    # the desk's templates and code replacements (shared by every workstation of the catalog)

    def templates(self) -> dict[str, str]:
        """Every stored template: name -> JSON (``captions.templates.template_from_json``)."""
        self.connect()
        return desk_texts.templates()

    def save_template(self, name: str, fields_json: str) -> bool:
        """Store or replace a template; True when the name was new."""
        with self.transaction():
            return desk_texts.save_template(name, fields_json)

    def delete_template(self, name: str) -> bool:
        with self.transaction():
            return desk_texts.delete_template(name)

    def codes(self) -> dict[str, tuple[str, ...]]:
        """Every stored code replacement: code -> replacement columns."""
        self.connect()
        return desk_texts.codes()

    def save_codes(self, codes: Mapping[str, Sequence[str]]) -> int:
        """Add or replace code replacements in one transaction; returns how many."""
        with self.transaction():
            return desk_texts.save_codes(codes)
