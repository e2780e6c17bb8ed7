"""Live flags through the incremental engine, and spelling in the caption, driven by keys."""

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from editor_app import paths
from editor_app.ops.live_flags import Misspelling
from tests.ui import test_editing

folder, desk = test_editing.folder, test_editing.desk  # the same fixtures: a desk on 4 photos
_type_caption = test_editing._type_caption

# The offscreen platform cannot raise a popup menu or grab the keyboard for it; say so in peace.
POPUP = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
TYPO = "The attroney speaks to reporters at the shelter in Lyon, France."


def _underlined(caption) -> list[str]:
    text = caption.toPlainText()
    block = caption.document().firstBlock()
    return [
        text[r.start : r.start + r.length]
        for r in block.layout().formats()
        if r.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    ]


def _open_menu_on(qtbot, desk, caption, word):
    """Put the cursor in ``word`` by keys and open the context menu with the Menu key."""
    qtbot.keyClick(caption, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(caption.toPlainText().index(word) + 2):
        qtbot.keyClick(caption, Qt.Key.Key_Right)
    desk.flags.context_menu = None
    # What the Menu key sends (QTest's key clicks skip the window that turns it into this).
    at = caption.cursorRect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, caption.mapToGlobal(at))
    QApplication.sendEvent(caption, event)
    qtbot.waitUntil(lambda: desk.flags.context_menu is not None, timeout=2_000)
    return desk.flags.context_menu


@POPUP
def test_a_misspelt_word_is_underlined_and_a_suggestion_replaces_it(qtbot, desk):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    caption = _type_caption(qtbot, desk, TYPO)
    qtbot.waitUntil(lambda: _underlined(caption) == ["attroney"], timeout=10_000)
    menu = _open_menu_on(qtbot, desk, caption, "attroney")
    labels = [a.text() for a in menu.actions()]
    assert labels[0] == "attorney"
    assert "Add “attroney” to the desk's names" in labels
    qtbot.keyClick(menu, Qt.Key.Key_Down)  # the first entry: the likeliest suggestion
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert caption.toPlainText() == TYPO.replace("attroney", "attorney")
    qtbot.waitUntil(lambda: _underlined(caption) == [], timeout=10_000)
    key = desk.current_photo().key
    assert desk.drafts.of(key)["caption"] == TYPO.replace("attroney", "attorney")
    qtbot.waitUntil(lambda: not _spelling(desk, key), timeout=10_000)


def test_typing_on_shifts_the_underline_and_never_misplaces_it(qtbot, desk):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    caption = _type_caption(qtbot, desk, TYPO)
    qtbot.waitUntil(lambda: _underlined(caption) == ["attroney"], timeout=10_000)
    desk.flags._live_timer.stop()  # no new check: the old spans must follow the text
    cursor = caption.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.Start)
    caption.setTextCursor(cursor)
    qtbot.keyClicks(caption, "Today ")
    desk.flags._live_timer.stop()
    assert _underlined(caption) == ["attroney"]


@POPUP
def test_a_word_added_to_the_desks_names_is_no_longer_flagged_here_or_by_check(qtbot, desk, folder):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    key = desk.current_photo().key
    caption = _type_caption(qtbot, desk, "Volunteers feed a zorblat at the shelter in Lyon.")
    qtbot.waitUntil(lambda: _underlined(caption) == ["zorblat"], timeout=10_000)
    qtbot.waitUntil(lambda: bool(_spelling(desk, key)), timeout=10_000)
    menu = _open_menu_on(qtbot, desk, caption, "zorblat")
    add = next(a for a in menu.actions() if a.text().startswith("Add “zorblat”"))
    menu.setActiveAction(add)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert _underlined(caption) == []  # at once, before the folder is re-checked
    qtbot.waitUntil(lambda: not _spelling(desk, key), timeout=20_000)
    names = paths.config_dir() / "names.txt"
    assert names.read_text(encoding="utf-8").splitlines() == ["zorblat"]
    desk.view.activateWindow()  # the offscreen platform leaves that to the test
    qtbot.waitUntil(desk.view.isActiveWindow)
    qtbot.keyClick(caption, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # to the file
    assert desk._runner.wait(30_000)
    qtbot.waitUntil(lambda: not desk.drafts, timeout=10_000)
    assert desk._runner.wait(30_000)
    result = _check(folder / "cat-01.jpg")
    assert "zorblat" not in result
    names.unlink()  # the same check without the desk's names flags it
    assert "zorblat" in _check(folder / "cat-01.jpg")


def test_live_flags_go_through_the_engine_and_reach_the_duplicate_neighbour(
    qtbot, desk, monkeypatch
):
    def no_full_validate(*_args, **_kwargs):
        raise AssertionError("a full validate while typing")

    monkeypatch.setattr("editor_app.ui.widgets.live_flags.LiveChecker.findings", no_full_validate)
    monkeypatch.setattr("editor_app.ops.desk.validate", no_full_validate)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    photos = desk.model.photos()
    first, other = photos[0], photos[1]
    assert not any(f.rule == "duplicate-caption" for f in desk.model.findings(other.key))
    _type_caption(qtbot, desk, other.record.caption)
    qtbot.waitUntil(
        lambda: any(f.rule == "duplicate-caption" for f in desk.model.findings(other.key)),
        timeout=10_000,
    )
    assert any(f.rule == "duplicate-caption" for f in desk.model.findings(first.key))
    assert desk.engine.record(first.key).caption == other.record.caption
    flagged = sum(1 for p in desk.model.photos() if desk.model.findings(p.key))
    assert f"{flagged:,} with problems" in desk.view.status_label.text()
    rules = {
        desk.view.problems.model.index(r, 1).data()
        for r in range(desk.view.problems.model.rowCount())
    }
    assert "duplicate-caption" in rules


def _spelling(desk, key) -> list:
    return [f for f in desk.model.findings(key) if f.rule == "spelling"]


def _check(path) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "editor_app.cli", "check", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ},
    )
    return json.dumps([f for f in json.loads(out.stdout)["problems"] if f["rule"] == "spelling"])


def _type_misspelt_headline(qtbot, desk):
    """The first photo's headline typed over with one misspelt word, its underline shown."""
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    headline = desk.view.caption_editor.inputs["headline"]
    spelling = desk.flags.headline_spelling
    headline.setFocus()
    qtbot.keyClick(headline, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(headline, "Firefighters clean up the stadum")
    qtbot.waitUntil(lambda: [s.word for s in spelling.spans] == ["stadum"], timeout=10_000)
    return headline, spelling


def test_typing_in_the_headline_moves_its_underline_with_the_text(qtbot, desk):
    """As in the caption: the underline follows the word until the next check, drawn where
    a fresh check would draw it; an edit of the word itself drops it."""
    headline, spelling = _type_misspelt_headline(qtbot, desk)
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)  # a steady cursor: two pictures of the field compare
    try:
        desk.flags._live_timer.stop()  # no new check: the old spans must follow the text
        qtbot.keyClick(headline, Qt.Key.Key_Home)
        qtbot.keyClicks(headline, "Today ")
        desk.flags._live_timer.stop()
        text = headline.text()
        assert text == "Today Firefighters clean up the stadum"
        start = text.index("stadum")
        assert [(s.start, s.end, s.word) for s in spelling.spans] == [(start, start + 6, "stadum")]
        moved = headline.grab().toImage()
        spelling.clear_spans()
        assert headline.grab().toImage() != moved  # the moved underline was drawn...
        spelling.set_misspellings(text, [Misspelling(start, start + 6, "stadum")])
        assert headline.grab().toImage() == moved  # ...where a fresh check draws it
        qtbot.keyClick(headline, Qt.Key.Key_End)
        qtbot.keyClick(headline, Qt.Key.Key_Backspace)  # "stadu": the word itself changed
        desk.flags._live_timer.stop()
        assert spelling.spans == []
    finally:
        QApplication.setCursorFlashTime(flash)


@POPUP
def test_the_headline_is_underlined_too_and_its_menu_replaces_the_word(qtbot, desk):
    headline, spelling = _type_misspelt_headline(qtbot, desk)
    underlined = headline.grab().toImage()
    spelling.clear_spans()
    assert headline.grab().toImage() != underlined  # the underline was drawn
    qtbot.keyClick(headline, Qt.Key.Key_End)
    qtbot.keyClick(headline, Qt.Key.Key_Space)  # a pause after typing on: checked again
    qtbot.waitUntil(lambda: [s.word for s in spelling.spans] == ["stadum"], timeout=10_000)
    qtbot.keyClick(headline, Qt.Key.Key_Left)
    qtbot.keyClick(headline, Qt.Key.Key_Left)
    qtbot.keyClick(headline, Qt.Key.Key_Left)
    desk.flags.context_menu = None
    at = headline.inputMethodQuery(Qt.InputMethodQuery.ImCursorRectangle).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, at, headline.mapToGlobal(at))
    QApplication.sendEvent(headline, event)
    qtbot.waitUntil(lambda: desk.flags.context_menu is not None, timeout=2_000)
    menu = desk.flags.context_menu
    assert menu.actions()[0].text() == "stadium"
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert headline.text() == "Firefighters clean up the stadium "
    key = desk.current_photo().key
    assert desk.drafts.of(key)["headline"] == "Firefighters clean up the stadium "
