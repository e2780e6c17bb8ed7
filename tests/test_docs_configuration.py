"""docs/configuration.md's key reference is the one the code generates: it cannot drift."""

import pytest

from editor_app import settings
from editor_app.settings_reference import BEGIN, END, HELP, reference, rewrite
from tests.test_docs import ROOT

PAGE = ROOT / "docs" / "configuration.md"


def test_the_page_holds_the_generated_reference():
    text = PAGE.read_text("utf-8")
    generated = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert generated.strip() == reference().strip(), (
        "docs/configuration.md is stale: run python -m editor_app.settings_reference "
        "docs/configuration.md"
    )


def test_every_key_the_reader_accepts_is_listed_with_its_default():
    text = reference()
    for key in (*settings._TOP, *settings._SPELLING, *settings._AGENCY):
        assert f"| `{key}` |" in text
    for spec in settings._SECTIONS.values():
        assert all(f"| `{key}` |" in text for key in spec)
    assert '| `agency` | `"Reuters"` |' in text
    assert "| `threshold` | `0.8` |" in text
    assert '| `weekday` | `"never"` |' in text


def test_a_new_key_without_a_line_fails(monkeypatch):
    monkeypatch.setitem(settings._TOP, "new-key", ("agency", settings._string))
    with pytest.raises(KeyError, match="new-key"):
        reference()


def test_a_changed_default_shows(monkeypatch):
    monkeypatch.setattr(settings.DeskSettings, "__init__", _with_agency("AP"))
    assert '| `agency` | `"AP"` |' in reference()


def test_a_removed_key_fails(monkeypatch):
    monkeypatch.setitem(HELP, ("dates", "gone"), "a key the reader no longer has")
    with pytest.raises(KeyError, match="gone"):
        reference()


def test_rewrite_puts_the_reference_between_the_markers(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"intro\n{BEGIN}\nSTALE TEXT\n{END}\noutro\n", "utf-8")
    assert rewrite(page)
    text = page.read_text("utf-8")
    assert text.startswith("intro\n") and text.endswith("outro\n") and "STALE TEXT" not in text
    assert not rewrite(page)  # unchanged the second time


def _with_agency(agency: str):
    original = settings.DeskSettings.__init__

    def init(self, *args, **kwargs):
        kwargs.setdefault("agency", agency)
        original(self, *args, **kwargs)

    return init
