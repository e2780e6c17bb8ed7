"""ops.edit with the real writer on SQLite: batches, the order of catalog and file, cancel."""

import contextlib
import sqlite3
import time

import pytest

from editor_app.catalog import open_catalog
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from editor_app.ops.edit import EditChanges, FieldChanges, default_editor, save_changes
from editor_app.ops.export import FileState, caption_sheet
from editor_app.ops.ingest import photo_ids_at
from editor_app.progress import CancelToken
from tests.factories import make_jpeg, make_png, make_tiff
from tests.ops.editing import save_file


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'c.db'}"


@pytest.fixture
def catalog(url):
    with open_catalog(url) as cat:
        yield cat


def _ids(catalog, paths):
    ids = photo_ids_at(catalog, paths)
    assert all(isinstance(i, int) for i in ids), ids
    return ids


@pytest.mark.parametrize("make", [make_jpeg, make_tiff, make_png])
def test_saved_caption_reaches_the_file_and_the_sheet(catalog, tmp_path, make):
    path = make(tmp_path)
    outcome = save_file(catalog, path, {"caption": "Fire", "credit": "AP"}, editor="ann")
    assert outcome.written and not outcome.pending_write
    record = read_photo(path)
    assert (record.caption, record.credit) == ("Fire", "AP")
    (row,) = caption_sheet(catalog)
    assert row.file_state == FileState.UP_TO_DATE and row.version == 2


def test_default_editor_is_the_login_name():
    assert default_editor()
    assert default_editor() != "unknown"


def test_revisions_are_committed_before_any_file_is_written(catalog, tmp_path):
    db = tmp_path / "c.db"
    ids = _ids(catalog, [make_jpeg(tmp_path, f"{n}.jpg") for n in range(4)])
    seen = []

    def write(path, pending):
        with contextlib.closing(sqlite3.connect(db)) as other:  # sees only committed data
            seen.append([v for (v,) in other.execute("SELECT version FROM photo ORDER BY path")])
        return write_photo(path, dict(pending))

    result = save_changes(catalog, dict.fromkeys(ids, {"headline": "H"}), editor="e", writer=write)
    assert all(o.written for o in result)
    assert all(not p.pending_write for p in catalog.photos_under())
    assert seen == [[2, 2, 2, 2]] * 4


def test_the_results_are_recorded_together_after_the_files(catalog, tmp_path):
    db = tmp_path / "c.db"
    ids = _ids(catalog, [make_jpeg(tmp_path, f"{n}.jpg") for n in range(4)])
    seen = []

    def write(path, pending):
        with contextlib.closing(sqlite3.connect(db)) as other:
            seen.append([v for (v,) in other.execute("SELECT written_version FROM photo")])
        return write_photo(path, dict(pending))

    changes = dict.fromkeys(ids, {"headline": "H"})
    result = save_changes(catalog, changes, editor="e", writer=write, workers=1)
    assert seen == [[1, 1, 1, 1]] * 4  # no result recorded while files are still written
    assert [o.written for o in result] == [True] * 4
    with contextlib.closing(sqlite3.connect(db)) as other:
        assert [v for (v,) in other.execute("SELECT written_version FROM photo")] == [2] * 4


def test_one_change_set_is_validated_once_for_the_batch(catalog, tmp_path, monkeypatch):
    import editor_app.ops.edit as edit

    ids = _ids(catalog, [make_jpeg(tmp_path, f"{n}.jpg") for n in range(5)])
    calls = []
    real = edit.normalize_changes
    monkeypatch.setattr(edit, "normalize_changes", lambda c: calls.append(c) or real(c))
    shared = {"caption": "same"}
    save_changes(catalog, dict.fromkeys(ids, shared), editor="e", write=False)
    assert len(calls) == 1
    save_changes(catalog, dict.fromkeys(ids, FieldChanges.of({"caption": "x"})), editor="e")
    assert len(calls) == 2  # FieldChanges.of validated; the op did not again


def test_outcomes_keep_the_order_given_with_parallel_writers(catalog, tmp_path):
    paths = [make_jpeg(tmp_path, f"p{i}.jpg") for i in range(6)]
    ids = list(reversed(_ids(catalog, paths)))

    def slow_first(path, pending):
        if path.name == "p5.jpg":
            time.sleep(0.1)  # the first given finishes last
        return write_photo(path, dict(pending))

    changes = {pid: {"caption": f"c{pid}"} for pid in ids}
    result = save_changes(catalog, changes, editor="e", writer=slow_first, workers=3)
    assert [o.photo_id for o in result] == ids
    assert [read_photo(p).caption for p in paths] == [f"c{pid}" for pid in reversed(ids)]


def test_cancel_leaves_the_files_not_started_pending(catalog, tmp_path):
    paths = [make_jpeg(tmp_path, f"p{i}.jpg") for i in range(5)]
    ids = _ids(catalog, paths)
    token = CancelToken()
    seen = []

    def progress(done, total, label=""):
        seen.append((done, total))
        token.cancel()

    def slow_after_first(path, pending):
        if path != paths[0]:
            time.sleep(0.2)  # the cancel lands while the second file waits
        return write_photo(path, dict(pending))

    result = save_changes(
        catalog,
        dict.fromkeys(ids, {"caption": "c"}),
        editor="e",
        writer=slow_after_first,
        workers=1,
        progress=progress,
        cancel=token,
    )
    assert isinstance(result, EditChanges) and result.cancelled
    assert read_photo(paths[0]).caption == "c"
    assert [read_photo(p).caption for p in paths[2:]] == ["", "", ""]
    assert {o.photo_id for o in result.pending} >= set(ids[2:])
    assert all(o.write_error is None for o in result.pending)
    assert seen[0] == (1, 5)


def test_set_with_a_path_given_twice_saves_and_writes_it_once(tmp_path, capsys, monkeypatch):
    from editor_app.cli import main

    photo = make_jpeg(tmp_path)
    db = f"sqlite:///{tmp_path / 'set.db'}"
    calls = []
    real = write_photo

    def counting(path, changes, options=None):
        calls.append(path)
        return real(path, changes, options) if options else real(path, changes)

    monkeypatch.setattr("editor_app.ops.write_back.write_photo", counting)
    assert main(["set", str(photo), str(photo), "--caption", "x", "--db", db]) == 0
    assert capsys.readouterr().out == f"written: {photo}\nwritten: {photo}\n"
    assert len(calls) == 1
    with open_catalog(db) as cat:
        assert [r.kind for r in cat.history(cat.photos_under()[0].id)] == ["import", "edit"]


def test_an_edit_conflict_crosses_a_process_boundary_whole():
    import pickle
    from datetime import UTC, datetime

    from editor_app.errors import EditConflict

    at = datetime(2026, 11, 30, 14, 2, tzinfo=UTC)
    again = pickle.loads(pickle.dumps(EditConflict("/a.jpg", 1, 2, editor="bob", at=at)))
    assert (again.path, again.expected, again.actual, again.editor, again.at) == (
        "/a.jpg",
        1,
        2,
        "bob",
        at,
    )
    assert (
        str(again) == "/a.jpg: edit conflict: you edited version 1, but the catalog has version 2"
    )
