"""``ops.merge`` on both databases: a refused save resolved field by field into ONE revision."""

import pytest

from editor_app.errors import UserError
from editor_app.metadata.io import read_photo
from editor_app.ops.edit import save_changes
from editor_app.ops.ingest import photo_ids_at
from editor_app.ops.merge import Side, plan_merge, save_merge
from tests.catalog.catalog_helpers import make_jpeg


@pytest.fixture
def started(catalog, tmp_path):
    """A photo both editors opened at version 2; the colleague then saved version 3."""
    path = make_jpeg(tmp_path / "a.jpg")
    (pid,) = photo_ids_at(catalog, [path])
    save_changes(catalog, {pid: {"caption": "Start", "headline": "H0", "city": "Lyon"}}, editor="a")
    theirs = {"caption": "Their caption", "headline": "Their headline"}
    save_changes(catalog, {pid: theirs}, editor="colleague", expected_versions={pid: 2})
    return pid, path


def test_the_plan_shows_ancestor_theirs_and_mine(catalog, started):
    pid, _ = started
    mine = {"caption": "My caption", "city": "Paris"}
    plan = plan_merge(catalog, pid, 2, mine)
    assert (plan.base_version, plan.their_version, plan.their_editor) == (2, 3, "colleague")
    fields = {f.name: f for f in plan.fields}
    assert set(fields) == {"caption", "headline", "city"}  # untouched fields are not asked
    caption, headline, city = fields["caption"], fields["headline"], fields["city"]
    assert (caption.base, caption.theirs, caption.mine) == ("Start", "Their caption", "My caption")
    assert caption.clash and caption.default is Side.MINE
    assert (headline.base, headline.theirs, headline.mine) == ("H0", "Their headline", "H0")
    assert headline.default is Side.THEIRS and not headline.clash  # only they changed it
    assert (city.base, city.theirs, city.mine) == ("Lyon", "Lyon", "Paris")
    assert city.default is Side.MINE


def test_defaults_keep_both_sides_in_one_revision(catalog, started):
    pid, path = started
    plan = plan_merge(catalog, pid, 2, {"caption": "My caption", "city": "Paris"})
    (outcome,) = save_merge(catalog, plan, editor="me")
    assert outcome.conflict is None and outcome.version == 4
    stored = catalog.photo_by_id(pid).fields
    assert (stored["caption"], stored["headline"], stored["city"]) == (
        "My caption",
        "Their headline",
        "Paris",
    )
    history = catalog.history(pid)
    assert len(history) == 4 and history[-1].editor == "me"  # one new revision
    assert set(history[-1].changes) == {"caption", "city"}
    assert read_photo(path).headline == "Their headline" and read_photo(path).city == "Paris"


def test_choosing_theirs_everywhere_saves_nothing(catalog, started):
    pid, _ = started
    plan = plan_merge(catalog, pid, 2, {"caption": "My caption"})
    choices = dict.fromkeys((f.name for f in plan.fields), Side.THEIRS)
    assert plan.resolve(choices) == {}
    (outcome,) = save_merge(catalog, plan, choices, editor="me")
    assert not outcome.changed and catalog.photo_by_id(pid).version == 3


def test_a_third_save_meanwhile_is_a_conflict_again(catalog, started):
    pid, _ = started
    plan = plan_merge(catalog, pid, 2, {"caption": "My caption"})
    save_changes(catalog, {pid: {"caption": "Third"}}, editor="third")
    (outcome,) = save_merge(catalog, plan, editor="me")
    assert outcome.conflict is not None and outcome.conflict.editor == "third"
    assert catalog.photo_by_id(pid).fields["caption"] == "Third"


def test_list_fields_merge(catalog, tmp_path):
    path = make_jpeg(tmp_path / "b.jpg")
    (pid,) = photo_ids_at(catalog, [path])
    save_changes(catalog, {pid: {"keywords": ["a"]}}, editor="colleague")
    plan = plan_merge(catalog, pid, 1, {"byline": ("Ann Lee",)})
    assert plan.resolve() == {"byline": ("Ann Lee",)}
    assert {f.name: f.theirs for f in plan.fields} == {"keywords": ("a",), "byline": ()}


def test_a_version_the_photo_never_had_is_refused(catalog, started):
    pid, _ = started
    with pytest.raises(UserError):
        plan_merge(catalog, pid, 9, {"caption": "x"})
