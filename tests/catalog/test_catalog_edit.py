"""``ops.edit.save_changes`` on both databases: the revision first, then the file."""

import re

import pytest

from editor_app.errors import EditConflict, MetadataWriteError, UserError
from editor_app.metadata.identity import image_hash
from editor_app.metadata.io import read_photo
from editor_app.ops.edit import save_changes, write_pending
from editor_app.ops.export import FileState, caption_sheet
from editor_app.ops.ingest import photo_ids_at
from tests.catalog.catalog_helpers import make_jpeg
from tests.ops.editing import save_file


class Recorder:
    """A write function that records calls and can be told to fail."""

    def __init__(self, fail: bool = False):
        self.calls = []
        self.fail = fail

    def __call__(self, path, changes):
        self.calls.append(dict(changes))
        if self.fail:
            raise MetadataWriteError("disk full")


@pytest.fixture
def photo(tmp_path):
    return make_jpeg(tmp_path / "desk" / "a.jpg")


def test_save_writes_the_catalog_and_the_file(catalog, photo):
    hash_before = image_hash(photo)
    outcome = save_file(
        catalog, photo, {"caption": "Firefighters", "byline": ["Ann Lee"]}, editor="jane"
    )
    assert (outcome.version, outcome.written, outcome.changed) == (2, True, ("caption", "byline"))
    record = read_photo(photo)
    assert (record.caption, record.byline) == ("Firefighters", ("Ann Lee",))
    assert image_hash(photo) == hash_before  # the identity survives the write
    stored = catalog.photo(str(photo))
    assert (stored.pending_write, stored.size) == (False, photo.stat().st_size)
    assert [r.editor for r in catalog.history(stored.id)] == ["import", "jane"]
    assert caption_sheet(catalog)[0].file_state == FileState.UP_TO_DATE


def test_revision_comes_before_the_file_write(catalog, photo):
    def write(path, changes):
        saved = catalog.photo(str(path))  # what the catalog holds while the file is written
        assert (saved.version, saved.fields["caption"]) == (2, "New")
        assert saved.pending_write

    assert save_file(catalog, photo, {"caption": "New"}, editor="e", writer=write).written


def test_failed_write_keeps_the_revision_and_marks_the_photo(catalog, photo):
    before = photo.read_bytes()
    outcome = save_file(catalog, photo, {"caption": "New"}, editor="e", writer=Recorder(True))
    assert (outcome.written, outcome.write_error, outcome.version) == (False, "disk full", 2)
    stored = catalog.photo(str(photo))
    assert stored.pending_write and stored.write_error == "disk full"
    assert stored.fields["caption"] == "New"
    assert photo.read_bytes() == before
    assert caption_sheet(catalog)[0].file_state == FileState.NOT_WRITTEN


def test_next_save_writes_every_pending_field(catalog, photo):
    save_file(catalog, photo, {"caption": "One"}, editor="e", writer=Recorder(True))
    recorder = Recorder()
    outcome = save_file(catalog, photo, {"headline": "Two"}, editor="e", writer=recorder)
    assert recorder.calls == [{"caption": "One", "headline": "Two"}]
    assert outcome.written and outcome.version == 3


def test_write_pending_retries_without_a_new_revision(catalog, photo):
    first = save_file(catalog, photo, {"caption": "One"}, editor="e", writer=Recorder(True))
    (outcome,) = write_pending(catalog, [first.photo_id])
    assert outcome.written and read_photo(photo).caption == "One"
    assert len(catalog.history(first.photo_id)) == 2


def test_expected_version_guards_the_save(catalog, photo):
    recorder = Recorder()
    save_file(catalog, photo, {"caption": "One"}, editor="a", expected_version=1, writer=recorder)
    outcome = save_file(
        catalog, photo, {"caption": "Two"}, editor="b", expected_version=1, writer=recorder
    )
    assert isinstance(outcome.conflict, EditConflict)
    assert re.search("version 1.*version 2", str(outcome.conflict))
    assert (outcome.version, outcome.written, outcome.pending_write) == (2, False, False)
    assert (outcome.conflict.editor, outcome.conflict.at is not None) == ("a", True)
    assert len(recorder.calls) == 1
    assert catalog.photo(str(photo)).fields["caption"] == "One"


def test_nothing_to_save_touches_nothing(catalog, photo):
    recorder = Recorder()
    save_file(catalog, photo, {"caption": "One"}, editor="a", writer=recorder)
    outcome = save_file(catalog, photo, {"caption": "One"}, editor="a", writer=recorder)
    assert (outcome.changed, outcome.written, outcome.version) == ((), True, 2)
    assert len(recorder.calls) == 1


def test_bad_change_set_is_refused_before_anything_is_saved(catalog, photo):
    (photo_id,) = photo_ids_at(catalog, [photo])
    recorder = Recorder()
    good = {"caption": "fine"}
    with pytest.raises(ValueError, match="unknown field"):
        save_changes(catalog, {photo_id: good, 999: {"colour": "red"}}, editor="a", writer=recorder)
    with pytest.raises(ValueError, match="ISO 8601"):
        save_changes(catalog, {photo_id: {"date_created": "May"}}, editor="a", writer=recorder)
    assert len(catalog.history(photo_id)) == 1 and recorder.calls == []


def test_unreadable_file_is_a_user_error(catalog, tmp_path):
    with pytest.raises(UserError):
        save_file(catalog, tmp_path / "none.jpg", {"caption": "x"}, editor="a", writer=Recorder())
    assert catalog.photos_under() == []


def test_save_on_a_moved_file_follows_the_photo(catalog, photo, tmp_path):
    first = save_file(catalog, photo, {"caption": "One"}, editor="a")
    moved = photo.rename(tmp_path / "moved.jpg")
    outcome = save_file(catalog, moved, {"caption": "Two"}, editor="a", expected_version=2)
    assert (outcome.photo_id, outcome.version, outcome.written) == (first.photo_id, 3, True)


def test_outcome_carries_what_the_writer_returned(catalog, photo):
    outcome = save_file(catalog, photo, {"caption": "x"}, editor="e")
    assert outcome.write_result.fields == ("caption",)  # the writer's WriteResult
