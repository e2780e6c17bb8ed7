"""Schema versions: fresh catalogs, upgrades from an old fixture, newer catalogs refused."""

import pytest

from editor_app.catalog import CatalogError, CatalogTooNew, open_catalog
from editor_app.catalog.db import make_database
from editor_app.catalog.migrations import SCHEMA_VERSION
from editor_app.metadata.identity import image_hash
from editor_app.ops.ingest import catalog_hasher
from tests.catalog.catalog_helpers import make_jpeg
from tests.catalog.schema_v1 import build_v1_catalog


def _columns(url: str) -> dict[str, list[str]]:
    db = make_database(url)
    with db.connection_context():
        return {t: sorted(c.name for c in db.get_columns(t)) for t in db.get_tables()}


def _meta(url: str) -> dict[str, str]:
    db = make_database(url)
    with db.connection_context():
        return dict(db.execute_sql("SELECT key, value FROM catalog_meta").fetchall())


def test_fresh_catalog_is_at_the_current_version(db_url):
    open_catalog(db_url).close()
    assert _meta(db_url)["schema_version"] == str(SCHEMA_VERSION)


def test_upgrade_from_version_1_keeps_every_photo_and_revision(db_url):
    build_v1_catalog(db_url)
    with open_catalog(db_url) as cat:
        photo = cat.photo("/desk/old.jpg")
        assert (photo.version, photo.fields["caption"], photo.fields["byline"]) == (
            2, "Second", ("Ann",),
        )  # fmt: skip
        assert photo.write_error is None  # the column added by schema 3
        assert [r.changes["caption"].new for r in cat.history(photo.id)] == ["First", "Second"]
        cat.save_revision(photo.id, {"caption": "Third"}, editor="bo", expected_version=2)
    assert _meta(db_url)["schema_version"] == str(SCHEMA_VERSION)


def test_an_upgraded_catalog_keeps_sha256_and_a_new_one_uses_blake3(db_url, tmp_path):
    build_v1_catalog(db_url)
    with open_catalog(db_url) as cat:
        assert cat.hash_algorithm == "sha256"  # its stored hashes stay comparable
        photo = make_jpeg(tmp_path / "a.jpg")
        assert catalog_hasher(cat)(str(photo)) == image_hash(photo, "sha256")
    assert _meta(db_url)["image_hash"] == "sha256"
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    with open_catalog(fresh) as cat:
        assert cat.hash_algorithm == "blake3"
        assert catalog_hasher(cat)(str(photo)) == image_hash(photo, "blake3")


def test_upgraded_schema_equals_a_fresh_one(db_url, tmp_path):
    build_v1_catalog(db_url)
    open_catalog(db_url).close()
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    open_catalog(fresh).close()
    assert _columns(db_url) == _columns(fresh)


def test_a_newer_catalog_is_refused_and_left_untouched(db_url):
    open_catalog(db_url).close()
    db = make_database(db_url)
    with db.connection_context():
        db.execute_sql("UPDATE catalog_meta SET value = '99' WHERE key = 'schema_version'")
    before = _columns(db_url)
    with pytest.raises(CatalogTooNew, match=r"schema version 99.*newer Caption Desk.*not changed"):
        open_catalog(db_url)
    assert _columns(db_url) == before
    assert _meta(db_url)["schema_version"] == "99"


def test_a_foreign_database_is_refused(db_url):
    db = make_database(db_url)
    with db.connection_context():
        db.execute_sql("CREATE TABLE photo (id INTEGER)")
    with pytest.raises(CatalogError, match="not a Caption Desk catalog"):
        open_catalog(db_url)


def test_opening_twice_does_not_migrate_again(db_url):
    open_catalog(db_url).close()
    before = _columns(db_url)
    open_catalog(db_url).close()
    assert _columns(db_url) == before
