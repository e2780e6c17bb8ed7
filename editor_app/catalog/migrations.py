"""Schema versions, upgraded in code (no migration files: frozen-build safe).

A fresh catalog gets the current tables straight from the models; an older one is upgraded one
step at a time, in one transaction, so a failed upgrade leaves it as it was. A catalog from a
newer Caption Desk is refused before anything is written.
"""

import logging
from collections.abc import Callable

from peewee import Database, TextField
from playhouse.migrate import SchemaMigrator, migrate

from editor_app import __version__
from editor_app.catalog.db import lock_for_migration, write_transaction
from editor_app.catalog.errors import CatalogError, CatalogTooNew
from editor_app.catalog.models import (
    ALL_MODELS,
    CatalogMeta,
    CodeReplacement,
    Template,
    WatchedFolder,
)
from editor_app.metadata.identity import DEFAULT_HASH, HASHES

log = logging.getLogger(__name__)

Migration = Callable[[Database, SchemaMigrator], None]
VERSION_KEY = "schema_version"
HASH_KEY = "image_hash"  # the algorithm of photo.image_hash (metadata.identity.HASHES)


def _add_desk_tables(db: Database, migrator: SchemaMigrator) -> None:
    db.create_tables([Template, CodeReplacement, WatchedFolder])


def _add_write_error(db: Database, migrator: SchemaMigrator) -> None:
    migrate(migrator.add_column("photo", "write_error", TextField(null=True)))


def _keep_sha256(db: Database, migrator: SchemaMigrator) -> None:
    # Photos are recognised by comparing hashes: an existing catalog keeps its algorithm.
    CatalogMeta.insert(key=HASH_KEY, value="sha256").execute()


def _add_file_facts(db: Database, migrator: SchemaMigrator) -> None:
    # NULL until the file is next read (a rescan of a changed file). Nullable, because
    # SQLite adds a NOT NULL column by rebuilding the table, which cascades to revisions.
    migrate(migrator.add_column("photo", "facts", TextField(null=True)))


# Version 1 (photo, revision, catalog_meta) is the baseline; each entry upgrades to its number.
MIGRATIONS: dict[int, Migration] = {
    2: _add_desk_tables,
    3: _add_write_error,
    4: _keep_sha256,  # the image-hash algorithm is recorded; new catalogs use BLAKE3
    5: _add_file_facts,  # photo.facts: capture time, other languages, conflicts... for the rules
}
SCHEMA_VERSION = max(MIGRATIONS)


def schema_version(db: Database) -> int | None:
    """The stored version; None for an empty database. Raises for a foreign database."""
    tables = set(db.get_tables())
    if "catalog_meta" not in tables:
        if "photo" in tables:
            raise CatalogError("this database has a photo table but is not a Caption Desk catalog")
        return None
    row = CatalogMeta.get_or_none(CatalogMeta.key == VERSION_KEY)
    if row is None:
        raise CatalogError("this catalog has no schema version; it is damaged or not ours")
    try:
        version = int(row.value)
    except (TypeError, ValueError):
        version = 0
    if version < 1:
        raise CatalogError(
            f"this catalog's schema version {row.value!r} is not one Caption Desk ever wrote: "
            "the catalog is damaged or was edited by hand; restore it from a backup"
        )
    return version


def upgrade_schema(db: Database) -> int:
    """Create or upgrade the schema; returns the version it is at now."""
    found = schema_version(db)
    if found is not None and found > SCHEMA_VERSION:
        raise CatalogTooNew(found, SCHEMA_VERSION)
    if found == SCHEMA_VERSION:
        return found
    with write_transaction(db):
        lock_for_migration(db)
        found = schema_version(db)  # another process may have done it meanwhile
        if found is None:
            _create_fresh(db)
        elif found < SCHEMA_VERSION:
            _upgrade(db, found)
    return SCHEMA_VERSION


def _create_fresh(db: Database) -> None:
    log.info("creating catalog schema version %d", SCHEMA_VERSION)
    db.create_tables(ALL_MODELS)
    CatalogMeta.insert_many(
        [
            {"key": VERSION_KEY, "value": str(SCHEMA_VERSION)},
            {"key": "created_with", "value": __version__},
            {"key": HASH_KEY, "value": DEFAULT_HASH},
        ]
    ).execute()


def _upgrade(db: Database, found: int) -> None:
    migrator = SchemaMigrator.from_database(db)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        log.info("upgrading catalog schema to version %d", version)
        MIGRATIONS[version](db, migrator)
    CatalogMeta.update(value=str(SCHEMA_VERSION)).where(CatalogMeta.key == VERSION_KEY).execute()


def hash_algorithm(db: Database) -> str:
    """The image-hash algorithm of this catalog (after :func:`upgrade_schema`)."""
    row = CatalogMeta.get_or_none(CatalogMeta.key == HASH_KEY)
    if row is None or row.value not in HASHES:
        raise CatalogError(f"this catalog's image hash {row and row.value!r} is not one we know")
    return row.value
