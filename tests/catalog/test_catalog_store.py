"""The catalog store on both databases: photos, revisions, optimistic locking, history."""

import random
import sqlite3
import threading
from enum import StrEnum

import pytest

from editor_app import paths
from editor_app.catalog import PENDING_HASH, CatalogError, NewPhoto, PendingPhoto, open_catalog
from editor_app.catalog.db import default_url, redact, resolve_url
from editor_app.catalog.records import FieldChange
from editor_app.catalog.values import normalize
from editor_app.errors import EditConflict
from editor_app.metadata.fields import EDITABLE_FIELDS, LIST_FIELDS
from tests.catalog.catalog_helpers import new_photo


def test_new_photo_starts_at_version_one_with_an_import_revision(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="Fire", byline=("A", "B"))])
    photo = catalog.photo("/desk/a.jpg")
    assert (photo.id, photo.version, photo.pending_write) == (pid, 1, False)
    assert photo.fields["caption"] == "Fire"
    assert photo.fields["byline"] == ("A", "B")
    assert photo.fields["keywords"] == ()
    (rev,) = catalog.history(pid)
    assert (rev.version, rev.editor, rev.kind) == (1, "import", "import")
    assert {n: (c.old, c.new) for n, c in rev.changes.items()} == {
        "caption": ("", "Fire"),
        "byline": ((), ("A", "B")),
    }


def test_import_keeps_every_field_exactly(catalog):
    hostile = 'He said "no" & left\\ <b>\n\t\u2028 \u00e9\u0627\u4e2d\U0001f4f7'
    fields = {name: (hostile, "x") if name in LIST_FIELDS else hostile for name in EDITABLE_FIELDS}
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", **fields)])
    assert dict(catalog.photo("/desk/a.jpg").fields) == fields
    (rev,) = catalog.history(pid)
    assert {n: c.new for n, c in rev.changes.items()} == fields
    assert {c.old for c in rev.changes.values()} == {"", ()}


def test_import_revision_lists_fields_in_field_order_and_keeps_odd_text(catalog):
    fields = {"keywords": ("k",), "date_created": "2024", "caption": "[]", "byline": ("B",)}
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", **fields)])
    (rev,) = catalog.history(pid)
    assert list(rev.changes) == [n for n in EDITABLE_FIELDS if n in fields]
    assert rev.changes["caption"].new == "[]"  # text that looks like an empty list


def test_add_photos_skips_paths_already_there_and_returns_the_right_ids(catalog):
    (first,) = catalog.add_photos([new_photo("/desk/b.jpg", caption="B")])
    batch = [new_photo(p, caption=p) for p in ("/desk/a.jpg", "/desk/b.jpg", "/desk/c.jpg")]
    batch.append(new_photo("/desk/a.jpg", caption="again"))  # the same path twice in a batch
    ids = catalog.add_photos(batch)
    assert ids == [catalog.photo("/desk/a.jpg").id, catalog.photo("/desk/c.jpg").id]
    assert catalog.photo("/desk/b.jpg").fields["caption"] == "B"  # not overwritten
    assert catalog.photo("/desk/a.jpg").fields["caption"] == "/desk/a.jpg"
    assert [len(catalog.history(i)) for i in (first, *ids)] == [1, 1, 1]


def test_a_nul_read_from_a_file_is_dropped_on_both_databases(catalog):
    fields = {name: normalize(name, None) for name in EDITABLE_FIELDS}
    fields.update(
        caption=normalize("caption", "Fire\0 at dawn"),
        keywords=normalize("keywords", ["\0", "a\0b"]),
    )
    catalog.add_photos([NewPhoto("/desk/a.jpg", "h", "JPEG", 1, 1, fields)])
    stored = catalog.photo("/desk/a.jpg").fields
    assert (stored["caption"], stored["keywords"]) == ("Fire at dawn", ("ab",))


def test_save_makes_a_revision_and_bumps_the_version(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="Fire")])
    result = catalog.save_revision(
        pid, {"caption": "Blaze", "credit": "REUTERS"}, editor="jane", expected_version=1
    )
    assert result.photo.version == 2
    assert result.photo.pending_write  # the file does not have it yet
    assert result.revision.editor == "jane"
    assert result.revision.at.tzinfo is not None
    assert set(result.revision.changes) == {"caption", "credit"}
    assert [r.version for r in catalog.history(pid)] == [1, 2]
    assert catalog.pending_fields(pid) == {"caption": "Blaze", "credit": "REUTERS"}


def test_unchanged_values_make_no_revision(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="Fire")])
    result = catalog.save_revision(pid, {"caption": "Fire"}, editor="jane", expected_version=1)
    assert result.revision is None
    assert result.photo.version == 1
    assert len(catalog.history(pid)) == 1


def test_stale_save_is_refused_and_changes_nothing(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="Fire")])
    catalog.save_revision(pid, {"caption": "Blaze"}, editor="jane", expected_version=1)
    with pytest.raises(EditConflict) as info:
        catalog.save_revision(pid, {"caption": "Smoke"}, editor="joe", expected_version=1)
    assert (info.value.expected, info.value.actual) == (1, 2)
    assert "version 1" in str(info.value) and "version 2" in str(info.value)
    assert catalog.photo("/desk/a.jpg").fields["caption"] == "Blaze"
    assert len(catalog.history(pid)) == 2


def test_batch_save_refuses_only_the_stale_photo(catalog):
    ids = catalog.add_photos([new_photo(f"/desk/{n}.jpg", caption="old") for n in "abc"])
    catalog.save_revision(ids[1], {"caption": "someone else"}, editor="bob")
    results = catalog.save_revisions(
        ids, {"caption": "new", "byline": ("Jane Doe",)}, editor="jane", expected_version=1
    )
    assert [type(r).__name__ for r in results] == ["SaveResult", "EditConflict", "SaveResult"]
    assert (results[1].expected, results[1].actual) == (1, 2)
    for photo_id, result in zip(ids[::2], results[::2], strict=True):
        assert (result.photo.id, result.photo.version) == (photo_id, 2)
        assert result.photo.fields["byline"] == ("Jane Doe",)
        assert result.revision.changes["caption"] == FieldChange("old", "new")
        assert [r.editor for r in catalog.history(photo_id)] == ["import", "jane"]
        assert catalog.photo_by_id(photo_id) == result.photo  # what the database holds
    assert catalog.photo_by_id(ids[1]).fields["caption"] == "someone else"
    pending = catalog.pending_fields_of(ids)
    assert pending[ids[0]] == {"byline": ("Jane Doe",), "caption": "new"}
    assert pending[ids[1]] == {"caption": "someone else"}


def test_batch_save_of_one_photo_twice_makes_one_revision(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg")])
    first, second = catalog.save_revisions([pid, pid], {"caption": "Fire"}, editor="e")
    assert first.revision is not None and first.revision.version == 2
    assert second.revision is None and second.photo.version == 2
    assert len(catalog.history(pid)) == 2


def test_str_subclass_values_are_saved_as_text(catalog):
    class Desk(StrEnum):
        WIRE = "Wire"

    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg")])
    catalog.save_revision(pid, {"credit": Desk.WIRE, "keywords": (Desk.WIRE,)}, editor="e")
    (_, rev) = catalog.history(pid)
    assert (rev.changes["credit"].new, rev.changes["keywords"].new) == ("Wire", ("Wire",))
    assert catalog.photo_by_id(pid).fields["credit"] == "Wire"


def test_concurrent_overlapping_batches_neither_deadlock_nor_lose_a_revision(catalog):
    ids = catalog.add_photos([new_photo(f"/desk/{i}.jpg") for i in range(30)])
    errors = []

    def desk(seed):
        rnd = random.Random(seed)
        try:
            for n in range(15):
                pick = rnd.sample(ids, 12)  # overlapping sets, in a random order
                results = catalog.save_revisions(pick, {"caption": f"{seed}-{n}"}, editor="e")
                done = [(r.photo.id, r.photo.version, 1, 1) for r in results]
                catalog.mark_all_written(done[::-1])
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            catalog.close()

    threads = [threading.Thread(target=desk, args=(seed,)) for seed in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for photo_id in ids:
        versions = [r.version for r in catalog.history(photo_id)]
        assert versions == list(range(1, catalog.photo_by_id(photo_id).version + 1))


def test_batch_save_without_changes_makes_no_revision(catalog):
    ids = catalog.add_photos([new_photo(f"/desk/{n}.jpg", caption="same") for n in "ab"])
    results = catalog.save_revisions(ids, {"caption": "same"}, editor="jane")
    assert [(r.photo.version, r.revision) for r in results] == [(1, None), (1, None)]
    assert catalog.pending_fields_of(ids) == {}


def test_mark_written_only_for_the_current_version(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg")])
    catalog.save_revision(pid, {"caption": "one"}, editor="e")
    catalog.save_revision(pid, {"caption": "two"}, editor="e")
    assert not catalog.mark_written(pid, 2, 10, 20)  # version 3 exists: the file is behind
    assert catalog.photo_by_id(pid).pending_write
    assert catalog.mark_written(pid, 3, 10, 20)
    photo = catalog.photo_by_id(pid)
    assert (photo.pending_write, photo.size, photo.mtime_ns) == (False, 10, 20)
    assert catalog.pending_fields(pid) == {}


def test_mark_all_written_tells_which_photos_moved_on(catalog):
    ids = catalog.add_photos([new_photo(f"/desk/{n}.jpg") for n in "abc"])
    for photo_id in ids:
        catalog.save_revision(photo_id, {"caption": "v2"}, editor="e")
    catalog.save_revision(ids[1], {"caption": "v3"}, editor="e")  # saved again meanwhile
    done = [(photo_id, 2, 500, 7) for photo_id in ids]
    assert catalog.mark_all_written(done) == [True, False, True]
    assert [catalog.photo_by_id(i).pending_write for i in ids] == [False, True, False]
    assert catalog.photo_by_id(ids[0]).size == 500
    assert catalog.mark_all_written([]) == []


def test_write_failure_is_remembered_until_a_write_succeeds(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg")])
    catalog.save_revision(pid, {"caption": "one"}, editor="e")
    catalog.mark_write_failed(pid, "disk full")
    assert catalog.photo_by_id(pid).write_error == "disk full"
    catalog.mark_written(pid, 2, 1, 1)
    assert catalog.photo_by_id(pid).write_error is None


def test_unicode_and_list_values_round_trip(catalog):
    (pid,) = catalog.add_photos([new_photo("/desk/ü €.jpg")])
    catalog.save_revision(
        pid, {"keywords": ("Zürich", "漢字", "a;b"), "caption": "l1\nl2"}, editor="Zoë"
    )
    photo = catalog.photo("/desk/ü €.jpg")
    assert photo.fields["keywords"] == ("Zürich", "漢字", "a;b")
    assert photo.fields["caption"] == "l1\nl2"
    assert catalog.history(pid)[-1].editor == "Zoë"


def test_lookups_by_hash_and_known_files(catalog):
    catalog.add_photos(
        [new_photo("/d/a.jpg", "h1"), new_photo("/d/b.jpg", "h1"), new_photo("/d/c.jpg", "h2")]
    )
    found = catalog.photos_with_hash(["h1", "h3"])
    assert [p.path for p in found["h1"]] == ["/d/a.jpg", "/d/b.jpg"]
    assert "h3" not in found
    holders = catalog.hash_holders(["h1", "h2", "h3"])
    assert {h: [(p.id, p.path, p.image_hash) for p in ps] for h, ps in holders.items()} == {
        h: [(p.id, p.path, p.image_hash) for p in ps]
        for h, ps in catalog.photos_with_hash(["h1", "h2", "h3"]).items()
    }
    assert [p.path for p in holders["h1"]] == ["/d/a.jpg", "/d/b.jpg"]
    assert set(catalog.known_files()) == {"/d/a.jpg", "/d/b.jpg", "/d/c.jpg"}
    assert set(catalog.known_files(["/d/a.jpg", "/nope"])) == {"/d/a.jpg"}


def test_pending_hashes_are_set_only_where_the_file_state_still_matches(catalog):
    a, b, c = catalog.add_photos(
        [new_photo(f"/d/{n} é.jpg", PENDING_HASH) for n in "abc"]  # size 100, mtime 1000
    )
    done = catalog.set_image_hashes(
        [(a, "ha", 100, 1_000), (b, "hb", 100, 999), (c, "ha", 100, 1_000)]
    )
    assert done == [a, c]  # b's file changed since it was read: its hash stays pending
    assert catalog.photos_pending_hash() == [PendingPhoto(b, "/d/b é.jpg", 100, 1_000, 1)]
    assert [(p.id, p.path) for p in catalog.hash_holders(["ha"])["ha"]] == [
        (a, "/d/a é.jpg"),
        (c, "/d/c é.jpg"),
    ]
    assert catalog.set_image_hashes([(a, "hz", 100, 1_000)]) == []  # set already: kept
    assert catalog.photo_by_id(a).image_hash == "ha"


def test_photos_under_a_folder_matches_whole_names_only(catalog):
    catalog.add_photos(
        [
            new_photo("/d/x/a.jpg", "1"),
            new_photo("/d/x_y/b.jpg", "2"),
            new_photo("/d/X/c.jpg", "3"),
            new_photo("/d/x%/d.jpg", "4"),
        ]
    )
    assert [p.path for p in catalog.photos_under(["/d/x"])] == ["/d/x/a.jpg"]
    assert [p.path for p in catalog.photos_under(["/d/x/a.jpg"])] == ["/d/x/a.jpg"]
    assert len(catalog.photos_under()) == 4


def test_reopening_keeps_everything(db_url):
    with open_catalog(db_url) as cat:
        cat.add_photos([new_photo("/d/a.jpg", caption="kept")])
    with open_catalog(db_url) as cat:
        assert cat.photo("/d/a.jpg").fields["caption"] == "kept"


def test_catalog_from_threads(catalog):
    """peewee keeps a connection per thread; each thread connects on first use."""
    from concurrent.futures import ThreadPoolExecutor

    (pid,) = catalog.add_photos([new_photo("/d/a.jpg")])

    def save(n):
        result = catalog.save_revision(pid, {"caption": f"t{n}"}, editor=f"t{n}")
        catalog.close()
        return result.photo.version

    with ThreadPoolExecutor(4) as pool:
        versions = list(pool.map(save, range(20)))
    assert sorted(versions) == list(range(2, 22))


# URL rules


def test_default_catalog_lives_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CAPTION_DESK_HOME", str(tmp_path / "home"))
    assert default_url() == f"sqlite:///{tmp_path / 'home' / 'data' / 'catalog.db'}"
    with open_catalog() as cat:
        assert cat.backend == "sqlite"
    assert (paths.data_dir() / "catalog.db").exists()


def test_url_precedence(monkeypatch):
    monkeypatch.setenv("CAPTION_DESK_DB", "sqlite:////tmp/env.db")
    assert resolve_url("sqlite:////tmp/arg.db") == "sqlite:////tmp/arg.db"
    assert resolve_url(None) == "sqlite:////tmp/env.db"
    monkeypatch.delenv("CAPTION_DESK_DB")
    assert resolve_url(None) == default_url()


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "sqlite:///:memory:", "nonsense"])
def test_bad_urls_are_refused_clearly(url):
    with pytest.raises(CatalogError, match="catalog URL"):
        open_catalog(url)


def test_unreachable_postgres_is_a_clear_error():
    with pytest.raises(CatalogError, match="cannot open the catalog postgresql://u:\\*\\*\\*@"):
        open_catalog("postgresql://u:secret@127.0.0.1:1/nope")


def test_redact_hides_passwords():
    assert redact("postgresql://u:pw@h/db") == "postgresql://u:***@h/db"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"


def test_sqlite_is_in_wal_mode_with_a_busy_timeout(tmp_path):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as cat:
        cat.add_photos([new_photo("/d/a.jpg")])
        db = cat._db
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    conn = sqlite3.connect(tmp_path / "c.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_adding_a_path_someone_else_added_meanwhile_skips_it(catalog):
    (first,) = catalog.add_photos([new_photo("/d/a.jpg", "h1", caption="theirs")])
    ids = catalog.add_photos(
        [new_photo("/d/a.jpg", "h1", caption="mine"), new_photo("/d/b.jpg", "h2")]
    )
    assert len(ids) == 1 and first not in ids
    assert catalog.photo("/d/a.jpg").fields["caption"] == "theirs"
    assert len(catalog.history(first)) == 1
    assert catalog.photo_by_id(ids[0]).path == "/d/b.jpg"


def test_two_open_catalogs_each_see_their_own_photos(tmp_path):
    with (
        open_catalog(f"sqlite:///{tmp_path / 'one.db'}") as one,
        open_catalog(f"sqlite:///{tmp_path / 'two.db'}") as two,
    ):
        one.add_photos([new_photo("/d/one.jpg")])
        two.add_photos([new_photo("/d/two.jpg")])
        assert set(one.known_files()) == {"/d/one.jpg"}
        assert set(two.known_files()) == {"/d/two.jpg"}
