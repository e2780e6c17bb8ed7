"""The file half of a save works in locked turns: every photo is written and recorded, and a
photo another writer already brought up to date is not rewritten."""

import pytest

from editor_app.catalog import open_catalog
from editor_app.metadata.io import read_photo
from editor_app.ops import write_back
from editor_app.ops.edit import save_changes, write_pending
from editor_app.ops.ingest import photo_ids_at
from tests.factories import make_jpeg


@pytest.fixture
def catalog(tmp_path):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as opened:
        yield opened


def test_many_turns_write_and_record_every_photo(catalog, tmp_path, monkeypatch):
    monkeypatch.setattr(write_back, "LOCK_CHUNK", 2)
    paths = [make_jpeg(tmp_path, f"{n}.jpg") for n in range(5)]
    ids = photo_ids_at(catalog, paths)
    seen = []
    result = save_changes(
        catalog, {pid: {"caption": "Fire"} for pid in ids}, editor="e",
        progress=lambda done, total, name: seen.append(done),
    )  # fmt: skip
    assert [o.written for o in result] == [True] * 5
    assert seen == [1, 2, 3, 4, 5]
    assert all(read_photo(p).caption == "Fire" for p in paths)
    assert not any(p.pending_write for p in catalog.photos_under())


def test_a_photo_written_meanwhile_is_not_rewritten(catalog, tmp_path):
    photo = make_jpeg(tmp_path)
    (pid,) = photo_ids_at(catalog, [photo])
    save_changes(catalog, {pid: {"caption": "One"}}, editor="e", write=False)
    calls = []
    stale = write_back.FileWrite(pid, photo, 2, {"caption": "One"})
    write_pending(catalog, [pid])  # another writer's turn came first
    done = write_back.write_and_record(catalog, [stale], lambda p, f: calls.append(p))
    assert done[pid].done and calls == []
