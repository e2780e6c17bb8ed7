"""Importing without the image hash (the desk window), then hashing: on both databases.

The identity semantics must not change: after ``hash_pending`` the catalog is what an import
with hashing would have made (moves followed, copies kept apart, changed pictures noticed).
"""

import shutil

import pytest

from editor_app.catalog import PENDING_HASH
from editor_app.errors import MetadataWriteError
from editor_app.metadata.identity import image_hash
from editor_app.ops.identify import hash_pending
from editor_app.ops.ingest import ingest_paths
from editor_app.ops.write_back import check_identity
from tests.catalog.catalog_helpers import FakeReader, make_jpeg, touch, two_photo_desk
from tests.catalog.test_catalog_ingest import CountingHasher


@pytest.fixture
def desk(tmp_path):
    return two_photo_desk(tmp_path)


def test_deferred_import_reads_metadata_only_and_the_pass_hashes(catalog, desk):
    reader, hasher = FakeReader(), CountingHasher()
    reader.set(desk / "a.jpg", caption="Fire in the hills")
    changes = ingest_paths(catalog, [desk], read=reader, hasher=hasher, defer_hash=True)
    assert len(changes.added) == 2 and hasher.calls == 0
    photo = catalog.photo(str(desk / "a.jpg"))
    assert (photo.image_hash, photo.fields["caption"], photo.version) == (
        PENDING_HASH, "Fire in the hills", 1,
    )  # fmt: skip
    assert {p.path for p in catalog.photos_pending_hash()} == {
        str(desk / "a.jpg"), str(desk / "b.jpg"),
    }  # fmt: skip
    done = hash_pending(catalog, jobs=2)
    assert done.hashed == {str(desk / n): image_hash(desk / n) for n in ("a.jpg", "b.jpg")}
    assert (done.moved, done.problems) == ((), ())
    assert catalog.photo(str(desk / "a.jpg")).image_hash == image_hash(desk / "a.jpg")
    assert catalog.photos_pending_hash() == []


def test_a_move_found_by_the_pass_keeps_the_old_photo_and_its_history(catalog, desk):
    ingest_paths(catalog, [desk])
    pid = catalog.photo(str(desk / "a.jpg")).id
    catalog.save_revision(pid, {"headline": "Edited"}, editor="jane")
    (desk / "moved").mkdir()
    shutil.move(desk / "a.jpg", desk / "moved" / "renamed.jpg")
    changes = ingest_paths(catalog, [desk], defer_hash=True)
    (fresh,) = changes.added  # not known yet without the hash
    done = hash_pending(catalog)
    assert (done.moved, done.dropped) == ((pid,), (fresh,))
    photo = catalog.photo(str(desk / "moved" / "renamed.jpg"))
    assert photo.id == pid and photo.fields["headline"] == "Edited"
    assert photo.image_hash == image_hash(desk / "moved" / "renamed.jpg")
    assert catalog.photo_by_id(fresh) is None and catalog.history(fresh) == []
    assert [r.editor for r in catalog.history(pid)][:2] == ["import", "jane"]
    assert catalog.photo(str(desk / "a.jpg")) is None


def test_a_row_edited_before_the_pass_stays_a_photo_of_its_own(catalog, desk):
    ingest_paths(catalog, [desk])
    pid = catalog.photo(str(desk / "a.jpg")).id
    shutil.move(desk / "a.jpg", desk / "renamed.jpg")
    (fresh,) = ingest_paths(catalog, [desk], defer_hash=True).added
    catalog.save_revision(fresh, {"caption": "Typed at once"}, editor="jane")
    done = hash_pending(catalog)
    assert (done.moved, done.dropped) == ((), ())
    assert catalog.photo(str(desk / "renamed.jpg")).id == fresh  # as a copy would be
    assert catalog.photo_by_id(pid).path == str(desk / "a.jpg")  # still missing


def test_a_changed_picture_is_still_noticed(catalog, desk):
    ingest_paths(catalog, [desk], defer_hash=True)
    hash_pending(catalog)
    before = catalog.photo(str(desk / "a.jpg")).image_hash
    make_jpeg(desk / "a.jpg", (0, 0, 0))  # another picture under the same name
    touch(desk / "a.jpg")
    hasher = CountingHasher()
    ingest_paths(catalog, [desk], hasher=hasher, defer_hash=True)
    after = catalog.photo(str(desk / "a.jpg")).image_hash
    assert hasher.calls == 1  # a known path that changed is hashed at once, even deferred
    assert after == image_hash(desk / "a.jpg") != before


def test_a_file_changed_before_the_pass_stays_pending_for_the_rescan(catalog, desk):
    ingest_paths(catalog, [desk], defer_hash=True)
    make_jpeg(desk / "a.jpg", (0, 0, 0))
    touch(desk / "a.jpg")
    done = hash_pending(catalog)
    assert list(done.hashed) == [str(desk / "b.jpg")]
    photo = catalog.photo(str(desk / "a.jpg"))
    assert photo.image_hash == PENDING_HASH
    with pytest.raises(MetadataWriteError, match="before its picture was identified"):
        check_identity(catalog, photo, desk / "a.jpg")  # never written into unconfirmed
    ingest_paths(catalog, [desk])  # the rescan re-reads it, with its hash
    assert catalog.photo(str(desk / "a.jpg")).image_hash == image_hash(desk / "a.jpg")


def test_the_pass_goes_a_batch_at_a_time(catalog, desk):
    make_jpeg(desk / "c.jpg", (0, 0, 255))
    (desk / "d.jpg").write_bytes(b"\xff\xd8\xff\xd9")  # no image data: stays pending
    reader = FakeReader()
    ingest_paths(catalog, [desk], read=reader, defer_hash=True)
    first = hash_pending(catalog, limit=2)
    assert (len(first.hashed), first.left) == (2, 2)
    second = hash_pending(catalog, after=first.last_id, limit=2)
    assert (len(second.hashed), second.left, len(second.problems)) == (1, 0, 1)
    last = hash_pending(catalog, after=second.last_id, limit=2)
    assert (last.hashed, last.left, last.problems) == ({}, 0, ())  # the bad one not retried
    assert [p.path for p in catalog.photos_pending_hash()] == [str(desk / "d.jpg")]


def test_an_import_with_hashing_finishes_what_a_window_left_pending(catalog, desk):
    ingest_paths(catalog, [desk], defer_hash=True)  # the window closed before its pass
    changes = ingest_paths(catalog, [desk])  # caption-desk import
    assert changes.unchanged == 2 and catalog.photos_pending_hash() == []
    assert catalog.photo(str(desk / "b.jpg")).image_hash == image_hash(desk / "b.jpg")
