"""ops.edit.save_edits: a batch's revisions are committed before any file is written."""

import contextlib
import os
import sqlite3

import pytest

from editor_app.catalog import open_catalog
from editor_app.errors import EditConflict, UserError
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from editor_app.ops.edit import EditOutcome, save_edit, save_edits
from tests.factories import make_jpeg


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'c.db'}"


def _kinds(catalog, path):
    return [r.kind for r in catalog.history(catalog.photo(os.path.abspath(path)).id)]


def test_one_revision_per_file_and_a_conflict_refuses_only_its_file(url, tmp_path):
    a, b, c = (make_jpeg(tmp_path, f"{n}.jpg") for n in "abc")
    with open_catalog(url) as catalog:
        save_edit(catalog, a, {"caption": "someone else"}, editor="bob")  # a is now version 2
        outcomes = save_edits(
            catalog, [a, b, c], {"caption": "Fire"}, editor="ann", expected_version=1
        )
        assert isinstance(outcomes[0], EditConflict) and outcomes[0].actual == 2
        assert outcomes[0].path == str(a)
        assert [o.written for o in outcomes[1:]] == [True, True]
        assert [o.version for o in outcomes[1:]] == [2, 2]
        assert _kinds(catalog, a) == ["import", "edit"]
        assert _kinds(catalog, b) == _kinds(catalog, c) == ["import", "edit"]
    assert read_photo(a).caption == "someone else"
    assert read_photo(b).caption == read_photo(c).caption == "Fire"


def test_revisions_are_committed_before_any_file_is_written(url, tmp_path):
    db = tmp_path / "c.db"
    paths = [make_jpeg(tmp_path, f"{n}.jpg") for n in range(4)]
    seen = []

    def write(path, pending):
        with contextlib.closing(sqlite3.connect(db)) as other:  # sees only committed data
            seen.append([v for (v,) in other.execute("SELECT version FROM photo ORDER BY path")])
        return write_photo(path, dict(pending))

    with open_catalog(url) as catalog:
        outcomes = save_edits(catalog, paths, {"headline": "H"}, editor="e", write=write)
        assert all(o.written for o in outcomes)
        assert all(not p.pending_write for p in catalog.photos_under())
    assert seen == [[2, 2, 2, 2]] * 4


def test_failed_writes_stay_pending_and_unreadable_files_are_errors(url, tmp_path):
    good, bad = make_jpeg(tmp_path, "good.jpg"), make_jpeg(tmp_path, "bad.jpg")
    missing = tmp_path / "missing.jpg"

    def write(path, pending):
        if path.name == "bad.jpg":
            raise OSError("disk full")
        return write_photo(path, dict(pending))

    with open_catalog(url) as catalog:
        outcomes = save_edits(
            catalog, [good, missing, bad], {"caption": "x"}, editor="e", write=write
        )
        assert isinstance(outcomes[0], EditOutcome) and outcomes[0].written
        assert isinstance(outcomes[1], UserError) and outcomes[1].path == missing
        assert not outcomes[2].written and outcomes[2].write_error == "disk full"
        assert catalog.photo(os.path.abspath(bad)).pending_write
        assert catalog.pending_fields(outcomes[2].photo_id) == {"caption": "x"}


def test_a_path_given_twice_is_written_once(url, tmp_path):
    photo = make_jpeg(tmp_path)
    calls = []

    def write(path, pending):
        calls.append(path)
        return write_photo(path, dict(pending))

    with open_catalog(url) as catalog:
        outcomes = save_edits(catalog, [photo, photo], {"caption": "x"}, editor="e", write=write)
        assert [o.written for o in outcomes] == [True, True]
        assert _kinds(catalog, photo) == ["import", "edit"]
    assert len(calls) == 1
