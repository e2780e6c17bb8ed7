"""``ops.revert`` on both databases: a new revision restoring earlier values, file included."""

import pytest

from editor_app.errors import UserError
from editor_app.metadata.io import read_photo
from editor_app.ops.edit import save_changes
from editor_app.ops.history import history_lines
from editor_app.ops.ingest import photo_ids_at
from editor_app.ops.revert import revert, revert_many
from tests.catalog.catalog_helpers import make_jpeg


@pytest.fixture
def photos(tmp_path):
    return [make_jpeg(tmp_path / f"{n}.jpg", (n * 40, 20, 20)) for n in range(3)]


def test_edit_twice_then_revert_to_the_import(catalog, photos):
    (pid, *_) = photo_ids_at(catalog, photos[:1])
    save_changes(catalog, {pid: {"caption": "One", "byline": ["Ann"]}}, editor="a")
    save_changes(catalog, {pid: {"caption": "Two", "city": "Lyon"}}, editor="b")
    result = revert(catalog, pid, 1, editor="c")
    (outcome,) = result
    assert (outcome.version, outcome.written) == (4, True)
    assert set(outcome.changed) == {"caption", "byline", "city"}
    record = read_photo(photos[0])
    assert (record.caption, record.byline, record.city) == ("", (), "")
    stored = catalog.photo_by_id(pid)
    assert (stored.fields["caption"], stored.fields["byline"], stored.version) == ("", (), 4)
    history = catalog.history(pid)
    assert [(r.version, r.kind, r.editor) for r in history][-1] == (4, "revert", "c")
    assert history[-1].changes["caption"].old == "Two"
    assert "c (revert)" in history_lines(history)[-4]


def test_revert_to_a_middle_version_keeps_what_it_had(catalog, photos):
    (pid,) = photo_ids_at(catalog, photos[:1])
    save_changes(catalog, {pid: {"caption": "One"}}, editor="a")
    save_changes(catalog, {pid: {"caption": "Two", "headline": "H"}}, editor="a")
    revert(catalog, pid, 2, editor="a")
    assert catalog.photo_by_id(pid).fields["caption"] == "One"
    assert (read_photo(photos[0]).caption, read_photo(photos[0]).headline) == ("One", "")


def test_undo_of_a_batch_restores_each_photos_own_old_values(catalog, photos):
    ids = photo_ids_at(catalog, photos)
    save_changes(catalog, {pid: {"caption": f"own {i}"} for i, pid in enumerate(ids)}, editor="a")
    applied = save_changes(catalog, dict.fromkeys(ids, {"caption": "Same for all"}), editor="a")
    undo = revert_many(catalog, {o.photo_id: o.version - 1 for o in applied}, editor="a")
    assert [(o.version, o.written, o.changed) for o in undo] == [(4, True, ("caption",))] * 3
    assert [read_photo(p).caption for p in photos] == ["own 0", "own 1", "own 2"]


def test_revert_conflicts_when_someone_saved_meanwhile(catalog, photos):
    (pid,) = photo_ids_at(catalog, photos[:1])
    save_changes(catalog, {pid: {"caption": "One"}}, editor="a")
    save_changes(catalog, {pid: {"caption": "Two"}}, editor="b")
    (outcome,) = revert(catalog, pid, 1, editor="a", expected_version=2)
    assert outcome.conflict is not None and outcome.conflict.editor == "b"
    assert catalog.photo_by_id(pid).fields["caption"] == "Two"


def test_revert_refuses_a_version_the_photo_never_had(catalog, photos):
    (pid,) = photo_ids_at(catalog, photos[:1])
    with pytest.raises(UserError, match="no version 5"):
        revert(catalog, pid, 5, editor="a")
    with pytest.raises(UserError, match="not in the catalog"):
        revert(catalog, pid + 100, 1, editor="a")
