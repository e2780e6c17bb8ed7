"""``ops.edit.save_changes`` / ``write_pending`` on both databases: per-photo changes and
per-photo outcomes (saved, written, conflicted, failed, held)."""

import pytest

from editor_app.errors import MetadataWriteError
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from editor_app.ops.edit import save_changes, write_pending
from editor_app.ops.ingest import photo_ids_at
from tests.catalog.catalog_helpers import make_jpeg


class Writer:
    """The real writer, recording calls; files named in ``failing`` raise instead."""

    def __init__(self, *failing: str):
        self.failing, self.calls = set(failing), []

    def __call__(self, path, fields):
        self.calls.append((path.name, dict(fields)))
        if path.name in self.failing:
            raise MetadataWriteError("disk full")
        return write_photo(path, dict(fields))


@pytest.fixture
def photos(tmp_path):
    return [make_jpeg(tmp_path / f"{n}.jpg", (n * 40, 20, 20)) for n in range(3)]


@pytest.fixture
def ids(catalog, photos):
    return photo_ids_at(catalog, photos)


def test_each_photo_gets_its_own_changes(catalog, photos, ids):
    changes = {
        ids[0]: {"caption": "Fire in Lyon", "city": "Lyon"},
        ids[1]: {"caption": "Fire in Nice", "byline": ["Ann", "Bo"]},
        ids[2]: {"headline": "Storm"},
    }
    result = save_changes(catalog, changes, editor="ann")
    assert [o.changed for o in result] == [
        ("caption", "city"),
        ("caption", "byline"),
        ("headline",),
    ]
    assert [(o.version, o.written) for o in result] == [(2, True)] * 3
    assert result.changed_ids == tuple(ids)
    assert (read_photo(photos[0]).city, read_photo(photos[1]).byline) == ("Lyon", ("Ann", "Bo"))
    assert (read_photo(photos[2]).caption, read_photo(photos[2]).headline) == ("", "Storm")
    for pid, fields in changes.items():
        (revision,) = [r for r in catalog.history(pid) if r.version == 2]
        assert set(revision.changes) == set(fields) and revision.editor == "ann"


def test_a_conflict_refuses_only_its_photo_and_names_who_won(catalog, photos, ids):
    save_changes(catalog, {ids[0]: {"caption": "Bob's"}}, editor="bob")  # now version 2
    result = save_changes(
        catalog,
        dict.fromkeys(ids, {"caption": "Ann's"}),
        editor="ann",
        expected_versions=dict.fromkeys(ids, 1),
    )
    lost = result.outcome(ids[0])
    assert lost.conflict is not None and (lost.conflict.expected, lost.conflict.actual) == (1, 2)
    assert lost.conflict.editor == "bob" and lost.conflict.at.tzinfo is not None
    bob_saved = catalog.history(ids[0])[-1].at
    assert lost.conflict.at == bob_saved
    assert (lost.version, lost.written, lost.pending_write) == (2, False, False)
    assert result.conflicts == (lost,)
    assert [(o.version, o.written) for o in result.outcomes[1:]] == [(2, True), (2, True)]
    assert read_photo(photos[0]).caption == "Bob's"
    assert read_photo(photos[1]).caption == read_photo(photos[2]).caption == "Ann's"


def test_a_failed_write_stays_pending_and_write_pending_retries_it(catalog, photos, ids):
    failing = Writer("1.jpg")
    result = save_changes(catalog, dict.fromkeys(ids, {"caption": "x"}), editor="e", writer=failing)
    (failed,) = result.failed
    assert (failed.photo_id, failed.write_error, failed.pending_write) == (
        ids[1],
        "disk full",
        True,
    )
    assert catalog.photo_by_id(ids[1]).write_error == "disk full"
    assert [o.written for o in result] == [True, False, True]
    save_changes(catalog, {ids[1]: {"headline": "y"}}, editor="e", write=False)

    writer = Writer()
    retried = write_pending(catalog, writer=writer)  # every pending photo: only ids[1]
    assert [(o.photo_id, o.written, o.version) for o in retried] == [(ids[1], True, 3)]
    assert writer.calls == [("1.jpg", {"caption": "x", "headline": "y"})]
    assert (read_photo(photos[1]).caption, read_photo(photos[1]).headline) == ("x", "y")
    assert catalog.pending_writes() == [] and catalog.photo_by_id(ids[1]).write_error is None
    assert len(catalog.history(ids[1])) == 3  # a retry makes no revision


def test_hold_writes_saves_to_the_catalog_only(catalog, photos, ids):
    before = [p.read_bytes() for p in photos]
    writer = Writer()
    result = save_changes(
        catalog,
        {ids[0]: {"caption": "a"}, ids[2]: {"caption": "c"}},
        editor="e",
        write=False,
        writer=writer,
    )
    assert [(o.version, o.written, o.pending_write) for o in result] == [(2, False, True)] * 2
    assert writer.calls == [] and [p.read_bytes() for p in photos] == before
    assert catalog.pending_writes() == [ids[0], ids[2]]
    assert catalog.photo_by_id(ids[0]).fields["caption"] == "a"

    done = write_pending(catalog, [ids[2], ids[1]], writer=writer)
    assert [(o.photo_id, o.written) for o in done] == [(ids[2], True), (ids[1], True)]
    assert writer.calls == [("2.jpg", {"caption": "c"})]  # ids[1] was up to date already
    assert catalog.pending_writes() == [ids[0]]
    assert read_photo(photos[0]).caption == "" and read_photo(photos[2]).caption == "c"


def test_nothing_to_change_writes_nothing(catalog, photos, ids):
    writer = Writer()
    result = save_changes(catalog, {ids[0]: {"caption": ""}}, editor="e", writer=writer)
    (outcome,) = result
    assert (outcome.changed, outcome.version, outcome.written) == ((), 1, True)
    assert writer.calls == [] and result.changed_ids == ()
