"""Issue 13's keyboard contract and desk-ux.md's key table, key by key, on the real window.

test_editing.py drives Ctrl+S, Ctrl+Enter, Ctrl+Z / Ctrl+Shift+Z and Ctrl+Shift+W through
edits; this file covers the rest of the table and Help ▸ Keyboard shortcuts.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from editor_app.ui.views.shortcuts import SHORTCUTS
from tests.ui import test_editing
from tests.ui.desks import SAMPLE_DESK, close_desk, open_desk, sample_folder

folder, desk = test_editing.folder, test_editing.desk  # the same fixtures: a desk on 4 photos
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
POPUP = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")

# desk-ux.md's "Keyboard" table, as the design writes its keys.
DESIGN_KEYS = (
    "Home/End", "PgUp/PgDn", "Enter", "Space", "Esc", "Z", "Ctrl+I", "Tab", "Ctrl+S",
    "Ctrl+Enter", "Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Shift+W", "Ctrl+F", "Ctrl+1", "F5", "Ctrl+O",
    "Ctrl+Shift+O", "Ctrl+=", "Ctrl+-",
)  # fmt: skip


def _names(desk) -> list[str]:
    return [desk.model.photo(r).name for r in range(desk.model.rowCount())]


def test_help_lists_every_key_of_the_design_and_every_shortcut_is_in_a_menu(qtbot, desk):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert box.windowTitle() == "Keyboard shortcuts"
    listed = box.text()
    for key in DESIGN_KEYS:
        assert key in listed, key
    for key, what in SHORTCUTS:
        assert f"<b>{key}</b></td><td>{what}" in listed
    box.close()
    in_menus = set()
    for menu_action in desk.view.menuBar().actions():
        in_menus |= set(menu_action.menu().actions())
    bound = [a for a in desk.view.actions() if not a.shortcut().isEmpty()]
    assert len(bound) >= 20
    assert [a.text() for a in bound if a not in in_menus] == []  # every action also in a menu


def test_moving_in_the_sheet_and_into_the_caption(qtbot, desk):
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_End)
    assert desk.current_photo().name == "press-01.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    assert desk.current_photo().name == "cat-01.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Right)
    assert desk.current_photo().name == "launch-01.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Left)
    assert desk.current_photo().name == "cat-01.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Tab)  # Tab from the sheet: into the caption field
    caption = desk.view.caption_editor.inputs["caption"]
    assert caption.hasFocus()
    qtbot.keyClick(caption, Qt.Key.Key_A, CTRL)  # Ctrl+A then typing replaces its text
    qtbot.keyClicks(caption, "Replaced.")
    assert caption.toPlainText() == "Replaced."
    assert desk.drafts.of(desk.current_photo().key)["caption"] == "Replaced."


def test_into_the_caption_the_cursor_follows_its_text(qtbot, desk):
    sheet = desk.view.sheet
    caption = desk.view.caption_editor.inputs["caption"]
    qtbot.keyClick(sheet, Qt.Key.Key_End)
    before = caption.toPlainText()
    assert before  # a sample caption to go on writing
    qtbot.keyClick(sheet, Qt.Key.Key_I, CTRL)  # Ctrl+I from the sheet
    assert caption.hasFocus()
    qtbot.keyClicks(caption, " More.")
    assert caption.toPlainText() == before + " More."
    qtbot.keyClick(caption, Qt.Key.Key_Home)  # the editor moves the cursor himself...
    qtbot.keyClick(sheet.window(), Qt.Key.Key_I, CTRL)  # ...Ctrl+I again leaves it there
    qtbot.keyClicks(caption, "A ")
    assert caption.toPlainText().startswith("A ")
    qtbot.keyClick(caption, Qt.Key.Key_Escape)
    sheet.setFocus()
    qtbot.keyClick(sheet, Qt.Key.Key_Home)  # another photo, then Tab from the sheet
    other = caption.toPlainText()
    qtbot.keyClick(sheet, Qt.Key.Key_Tab)
    qtbot.keyClicks(caption, "!")
    assert caption.toPlainText() == other + "!"


def test_page_keys_move_a_screenful(qtbot, tmp_path):
    wire = sample_folder(tmp_path, (p.name for p in sorted(SAMPLE_DESK.glob("*.jpg"))))
    made = open_desk(qtbot, tmp_path, wire)
    try:
        sheet, slider = made.view.sheet, made.view.size_slider
        slider.setValue(slider.maximum())  # big tiles: a screen holds a few rows of the 20
        qtbot.waitUntil(lambda: sheet.visualRect(made.model.index(1)).top() == 4)
        qtbot.keyClick(sheet, Qt.Key.Key_Home)
        tops = [sheet.visualRect(made.model.index(r)).top() for r in range(20)]
        columns = tops.count(tops[0])
        rows = sheet.viewport().height() // (sheet.visualRect(made.model.index(0)).height() + 4)
        assert 1 <= columns * max(rows, 1) < 20  # a page is less than the folder
        qtbot.keyClick(sheet, Qt.Key.Key_PageDown)
        assert sheet.currentIndex().row() == columns * max(rows, 1)
        for _ in range(20):
            qtbot.keyClick(sheet, Qt.Key.Key_PageDown)
        assert sheet.currentIndex().row() == 19  # the end, not past it
        for _ in range(20):
            qtbot.keyClick(sheet, Qt.Key.Key_PageUp)
        assert sheet.currentIndex().row() == 0
        assert [p.name for p in made.selected_photos()] == [made.model.photo(0).name]
    finally:
        close_desk(made)


def test_space_previews_esc_returns(qtbot, desk):
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Space)
    assert desk.view.centre.currentWidget() is desk.view.preview
    qtbot.keyClick(desk.view.preview, Qt.Key.Key_Escape)
    assert desk.view.centre.currentWidget() is sheet


def test_thumbnail_size_and_filters_by_keys(qtbot, desk):
    sheet, slider = desk.view.sheet, desk.view.size_slider
    size = slider.value()
    qtbot.keyClick(sheet, Qt.Key.Key_Equal, CTRL)
    assert slider.value() > size
    qtbot.keyClick(sheet, Qt.Key.Key_Minus, CTRL)
    assert slider.value() == size
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    caption = test_editing._type_caption(qtbot, desk, "Unsaved text.")
    sheet.setFocus()
    filters = {}
    for number in range(1, 7):
        qtbot.keyClick(sheet, getattr(Qt.Key, f"Key_{number}"), CTRL)
        filters[desk.view.filter_box.currentData()] = _names(desk)
    assert list(filters) == ["all", "problems", "missing", "duplicates", "unsaved", "unwritten"]
    assert filters["all"] == ["cat-01.jpg", "launch-01.jpg", "launch-02.jpg", "press-01.jpg"]
    assert filters["unsaved"] == ["cat-01.jpg"]
    assert caption.toPlainText() == "Unsaved text."


@POPUP
def test_open_recent_and_recheck_by_keys(qtbot, desk, folder, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    asked = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", lambda *_a: asked.append(_a) or str(other)
    )
    sheet = desk.view.sheet
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        qtbot.keyClick(sheet, Qt.Key.Key_F5)  # re-check: the folder again
    assert desk.folder == folder
    sheet.setFocus()
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        qtbot.keyClick(sheet, Qt.Key.Key_O, CTRL)
    assert asked and desk.folder == other
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_O, CTRL | SHIFT)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is desk.view.recent_menu)
    recent = [a.text() for a in desk.view.recent_menu.actions()]
    assert recent[:2] == [str(other), str(folder)]
    desk.view.recent_menu.close()


def test_switching_folders_with_unsaved_text_asks(qtbot, desk, folder, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(other))
    answers, asked = ["Cancel", "Discard"], []

    def answer(box):
        asked.append((box.windowTitle(), box.text()))
        wanted = answers.pop(0)
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    test_editing._type_caption(qtbot, desk, "Not saved yet.")
    desk.view.sheet.setFocus()
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_O, CTRL)
    assert asked == [("Open another folder", "1 photo has unsaved caption text.")]
    assert desk.folder == folder and desk.drafts  # Cancel: nothing changed
    assert desk.view.caption_editor.inputs["caption"].toPlainText() == "Not saved yet."
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        qtbot.keyClick(desk.view.sheet, Qt.Key.Key_O, CTRL)
    assert len(asked) == 2 and desk.folder == other and not desk.drafts
