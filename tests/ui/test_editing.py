"""Caption editing on the desk, driven by the keyboard as an editor would (issue 13's contract)."""

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from editor_app.metadata.io import read_photo
from tests.ui.desks import close_desk, open_desk, sample_folder, settle

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def folder(tmp_path):
    return sample_folder(tmp_path, ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg", "press-01.jpg"))


@pytest.fixture
def desk(qtbot, tmp_path, folder):
    made = open_desk(qtbot, tmp_path, folder)
    yield made
    close_desk(made)


_settle = settle


def _type_caption(qtbot, desk, text):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_I, CTRL)
    caption = desk.view.caption_editor.inputs["caption"]
    assert caption.hasFocus()
    qtbot.keyClick(caption, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(caption, text)
    return caption


def test_edit_save_and_read_back(qtbot, desk, folder, exiftool):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    assert desk.current_photo().name == "cat-01.jpg"
    caption = _type_caption(qtbot, desk, "A cat sleeps in Lyon, France, November 13, 2024.")
    assert desk.model.data(desk.model.index(0), Qt.ItemDataRole.UserRole + 5)  # unsaved mark
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    _settle(qtbot, desk)
    path = folder / "cat-01.jpg"
    assert read_photo(path).caption == "A cat sleeps in Lyon, France, November 13, 2024."
    out = subprocess.run(
        [exiftool, "-s3", "-XMP-dc:Description", "-IPTC:Caption-Abstract", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.splitlines() == ["A cat sleeps in Lyon, France, November 13, 2024."] * 2
    assert not desk.drafts and not desk.model.photo(0).pending_write


def test_batch_edit_changes_only_the_touched_field(qtbot, desk, folder):
    before = {p.name: read_photo(p) for p in folder.iterdir()}
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)
    assert len(desk.selected_photos()) == 3
    headline = desk.view.caption_editor.inputs["headline"]
    caption = desk.view.caption_editor.inputs["caption"]
    assert caption.toPlainText() == "" and "several" in caption.placeholderText()
    headline.setFocus()
    qtbot.keyClick(headline, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(headline, "Desk test")
    qtbot.keyClick(headline, Qt.Key.Key_S, CTRL)
    _settle(qtbot, desk)
    for name in ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg"):
        after = read_photo(folder / name)
        assert after.headline == "Desk test"
        assert after.caption == before[name].caption  # each keeps its own
        assert after.credit == before[name].credit
    assert read_photo(folder / "press-01.jpg").headline == before["press-01.jpg"].headline


def test_undo_after_save_restores_the_file(qtbot, desk, folder):
    path = folder / "cat-01.jpg"
    original = read_photo(path).caption
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    caption = _type_caption(qtbot, desk, "Wrong caption pasted here.")
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    _settle(qtbot, desk)
    assert read_photo(path).caption == "Wrong caption pasted here."
    desk.view.sheet.setFocus()
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, desk)
    assert read_photo(path).caption == original
    assert desk.view.caption_editor.inputs["caption"].toPlainText() == original
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Z, CTRL | SHIFT)
    _settle(qtbot, desk)
    assert read_photo(path).caption == "Wrong caption pasted here."


def test_save_and_next_moves_on_with_the_caption_focused(qtbot, desk, folder):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    caption = _type_caption(qtbot, desk, "First frame.")
    qtbot.keyClick(caption, Qt.Key.Key_Return, CTRL)
    _settle(qtbot, desk)
    assert desk.current_photo().name == "launch-01.jpg"
    assert desk.view.caption_editor.inputs["caption"].hasFocus()
    assert read_photo(folder / "cat-01.jpg").caption == "First frame."


def test_typing_updates_the_flags_live(qtbot, desk):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    key = desk.current_photo().key
    assert not any(f.rule == "missing-caption" for f in desk.model.findings(key))
    caption = _type_caption(qtbot, desk, "x")
    qtbot.keyClick(caption, Qt.Key.Key_Backspace)  # the caption is now empty, unsaved
    qtbot.waitUntil(
        lambda: any(f.rule == "missing-caption" for f in desk.model.findings(key)), timeout=5_000
    )
    assert "missing-caption" in {
        desk.view.problems.model.index(r, 1).data()
        for r in range(desk.view.problems.model.rowCount())
    }


def test_drafts_survive_moving_to_another_photo(qtbot, desk):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    _type_caption(qtbot, desk, "Half-typed caption")
    desk.view.sheet.setFocus()
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Right)
    assert desk.view.caption_editor.inputs["caption"].toPlainText() != "Half-typed caption"
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Left)
    assert desk.view.caption_editor.inputs["caption"].toPlainText() == "Half-typed caption"


def test_a_conflicting_save_keeps_the_typed_text(qtbot, desk, folder):
    """The colleague saves while the editor is typing; the save opens the side-by-side
    resolution; cancelling it keeps the typed text and overwrites nothing."""
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    path = folder / "cat-01.jpg"
    caption = _type_caption(qtbot, desk, "My caption.")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    other = subprocess.run(
        [
            sys.executable,
            "-m",
            "editor_app.cli",
            "set",
            str(path),
            "--caption",
            "A colleague's caption.",
            "--editor",
            "colleague",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert other.returncode == 0, other.stdout + other.stderr
    caption.setFocus()
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: desk.editing.conflicts.dialog is not None, timeout=10_000)
    dialog = desk.editing.conflicts.dialog
    assert "colleague" in dialog.findChild(QLabel).text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    _settle(qtbot, desk)
    assert caption.toPlainText() == "My caption."  # nothing typed is lost
    assert read_photo(path).caption == "A colleague's caption."  # nothing overwritten
    assert desk.drafts


def test_held_writes_wait_for_write_to_files(qtbot, desk, folder):
    desk.view.caption_editor.hold_writes.setChecked(True)
    path = folder / "cat-01.jpg"
    original = read_photo(path).caption
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    caption = _type_caption(qtbot, desk, "Held caption.")
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    _settle(qtbot, desk)
    assert read_photo(path).caption == original
    assert desk.model.photo(0).pending_write
    desk.view.sheet.setFocus()
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_W, CTRL | SHIFT)
    _settle(qtbot, desk)
    assert read_photo(path).caption == "Held caption."
    assert not desk.model.photo(0).pending_write


def test_closing_with_unsaved_text_asks(qtbot, desk, monkeypatch):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    _type_caption(qtbot, desk, "Unsaved")
    asked = []

    def cancel(box):
        asked.append(box.text())
        box.setProperty("chosen", "Cancel")
        for button in box.buttons():
            if button.text() == "Cancel":
                button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    desk.view.close()
    assert asked and "unsaved" in asked[0]
    assert desk.view.isVisible()
    QApplication.processEvents()
