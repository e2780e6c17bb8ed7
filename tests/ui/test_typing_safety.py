"""What an editor types lands on the photo they meant, whatever the keys around it (non-negotiable
3: the window never drops typed text): typing while a save runs, after Ctrl+Enter, with several
photos selected, after a filter key, and the keys that lead in and out of the fields."""

import subprocess
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from editor_app.metadata.io import read_photo
from editor_app.ui.models.sheet import UNSAVED_ROLE
from tests.ui import test_editing
from tests.ui.desks import SAMPLE_DESK, close_desk, open_desk, sample_folder, settle

folder, desk = test_editing.folder, test_editing.desk  # a desk on 4 sample photos
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
K = Qt.Key


def _go(qtbot, desk, name):
    sheet = desk.view.sheet
    sheet.setFocus()
    qtbot.keyClick(sheet, K.Key_Home)
    while desk.current_photo().name != name:
        qtbot.keyClick(sheet, K.Key_Right)


def _typed(qtbot, widget, text):
    """As a person types: the event loop (and a save's answer) runs between the keys."""
    for char in text:
        qtbot.keyClicks(widget, char)
        qtbot.wait(15)


def _caption(desk):
    return desk.view.caption_editor.inputs["caption"]


def _replace_caption(qtbot, desk, name, text):
    """On ``name``: Ctrl+I, Ctrl+A, ``text`` (unsaved); the caption field."""
    _go(qtbot, desk, name)
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    qtbot.keyClick(caption, K.Key_A, CTRL)
    qtbot.keyClicks(caption, text)
    return caption


def _save_caption(qtbot, desk, name, text):
    """``_replace_caption``, then Ctrl+S and the save done; the caption field."""
    caption = _replace_caption(qtbot, desk, name, text)
    qtbot.keyClick(caption, K.Key_S, CTRL)
    settle(qtbot, desk)
    return caption


def _draft_over_a_change(qtbot, desk, exiftool, path, tag):
    """ "My caption." typed on ``path``'s photo, then ``tag`` written by another program and
    read by F5 under the draft; the caption field."""
    _go(qtbot, desk, path.name)
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    qtbot.keyClick(caption, K.Key_A, CTRL)
    qtbot.keyClicks(caption, "My caption.")
    subprocess.run([exiftool, "-q", "-overwrite_original", f"-{tag}", str(path)], check=True)
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        qtbot.keyClick(caption, K.Key_F5)
    return caption


def _add_keyword(qtbot, desk, name, keyword):
    """``keyword`` typed into ``name``'s keywords and Enter; the keywords field."""
    _go(qtbot, desk, name)
    keywords = desk.view.caption_editor.inputs["keywords"]
    keywords.setFocus()
    qtbot.keyClicks(keywords.input, keyword)
    qtbot.keyClick(keywords.input, K.Key_Return)
    return keywords


def _photo(desk, name):
    return next(p for p in desk.model.photos() if p.name == name)


def test_text_typed_while_the_save_runs_is_kept_where_it_was_typed(qtbot, desk, folder):
    _go(qtbot, desk, "cat-01.jpg")
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    before = caption.toPlainText()
    qtbot.keyClicks(caption, " Lede.")
    qtbot.keyClick(caption, K.Key_S, CTRL)
    _typed(qtbot, caption, " More text.")  # the save answers somewhere in these keys
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption.startswith(before + " Lede.")
    assert caption.toPlainText() == before + " Lede. More text."
    assert desk.drafts.of(_photo(desk, "cat-01.jpg").key) == {
        "caption": before + " Lede. More text."
    }  # what came after the save is still to save
    row = desk.model.row_of(_photo(desk, "cat-01.jpg").key)
    assert desk.model.data(desk.model.index(row), UNSAVED_ROLE)
    qtbot.keyClick(caption, K.Key_S, CTRL)
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption == before + " Lede. More text."
    assert not desk.drafts


def test_after_ctrl_enter_the_keys_go_on_in_the_next_caption_after_its_text(qtbot, desk, folder):
    caption = _replace_caption(qtbot, desk, "cat-01.jpg", "First.")
    qtbot.keyClick(caption, K.Key_Return, CTRL)
    _typed(qtbot, caption, " Second.")  # straight on, the save still running
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption == "First."
    assert not desk.drafts.of(_photo(desk, "cat-01.jpg").key)
    following = desk.current_photo()
    assert following.name != "cat-01.jpg" and caption.hasFocus()
    assert caption.toPlainText() == following.record.caption + " Second."


def test_ctrl_z_in_the_caption_undoes_typing_then_the_save(qtbot, desk, folder):
    original = read_photo(folder / "cat-01.jpg").caption
    caption = _save_caption(qtbot, desk, "cat-01.jpg", "Wrong caption.")
    assert read_photo(folder / "cat-01.jpg").caption == "Wrong caption."
    qtbot.keyClicks(caption, "!")
    qtbot.keyClick(caption, K.Key_Z, CTRL)  # first what was typed since the save
    assert caption.toPlainText() == "Wrong caption."
    assert read_photo(folder / "cat-01.jpg").caption == "Wrong caption."
    qtbot.keyClick(caption, K.Key_Z, CTRL)  # then the save itself, from the caption
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption == original
    assert caption.toPlainText() == original and not desk.drafts
    qtbot.keyClick(caption, K.Key_Z, CTRL | SHIFT)  # and redone
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption == "Wrong caption."


def test_a_slip_in_a_field_of_several_values_changes_no_photo(qtbot, desk, folder):
    before = {p.name: read_photo(p).caption for p in folder.iterdir()}
    _go(qtbot, desk, "launch-01.jpg")
    qtbot.keyClick(desk.view.sheet, K.Key_Right, SHIFT)
    names = [p.name for p in desk.selected_photos()]
    assert len(names) == 2 and len({before[n] for n in names}) == 2
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    assert caption.toPlainText() == "" and caption.placeholderText() == "(several values)"
    qtbot.keyClicks(caption, "x")
    assert {desk.drafts.of(p.key).get("caption") for p in desk.selected_photos()} == {"x"}
    desk.editing.photos_changed.emit([])  # a refresh meanwhile (a save, undo or colleague's)
    qtbot.keyClick(caption, K.Key_Backspace)  # taken back: each keeps its own caption
    assert not desk.drafts
    assert caption.placeholderText() == "(several values)"
    qtbot.keyClick(caption, K.Key_S, CTRL)
    settle(qtbot, desk)
    assert {n: read_photo(folder / n).caption for n in names} == {n: before[n] for n in names}


def test_ctrl_i_and_tab_bring_the_caption_tab_forward(qtbot, desk):
    tabs, caption = desk.view.tabs, _caption(desk)
    for key, modifier, away in (
        (K.Key_I, CTRL, desk.view.info),
        (K.Key_Tab, None, desk.view.history),
    ):
        tabs.setCurrentWidget(away)
        desk.view.sheet.setFocus()
        if modifier is None:
            qtbot.keyClick(desk.view.sheet, key)
        else:
            qtbot.keyClick(desk.view.sheet, key, modifier)
        assert tabs.currentWidget() is desk.view.caption_editor
        assert caption.hasFocus() and caption.isVisible()


def test_esc_leaves_the_fields_for_the_sheet_or_the_preview(qtbot, desk):
    sheet, preview, caption = desk.view.sheet, desk.view.preview, _caption(desk)
    _go(qtbot, desk, "cat-01.jpg")
    qtbot.keyClick(sheet, K.Key_I, CTRL)
    qtbot.keyClicks(caption, " Kept.")
    qtbot.keyClick(caption, K.Key_Escape)
    assert sheet.hasFocus()
    assert desk.drafts.of(_photo(desk, "cat-01.jpg").key)["caption"].endswith(" Kept.")
    qtbot.keyClick(sheet, K.Key_Right)  # the keys move in the sheet again
    assert desk.current_photo().name != "cat-01.jpg"
    qtbot.keyClick(sheet, K.Key_Space)
    assert preview.hasFocus()
    qtbot.keyClick(preview, K.Key_I, CTRL)
    assert caption.hasFocus()
    qtbot.keyClick(caption, K.Key_Escape)
    assert preview.hasFocus() and desk.view.centre.currentWidget() is preview


def test_a_filter_key_never_sends_the_typing_into_another_photo(qtbot, tmp_path):
    wire = sample_folder(tmp_path, ("cat-01.jpg", "camera-default.jpg", "launch-01.jpg"))
    desk = open_desk(qtbot, tmp_path, wire)
    try:
        _filter_while_typing(qtbot, desk)
    finally:
        close_desk(desk)


def _filter_while_typing(qtbot, desk):
    _go(qtbot, desk, "cat-01.jpg")
    cat = _photo(desk, "cat-01.jpg")
    assert not desk.model.findings(cat.key)  # the "with problems" filter hides it
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    qtbot.keyClicks(caption, " Half")
    qtbot.keyClick(caption, K.Key_2, CTRL)
    assert desk.current_photo().key != cat.key
    assert not caption.hasFocus()  # the next keys are not a caption of the photo now current
    qtbot.keyClicks(QApplication.focusWidget(), "written")
    assert desk.drafts.keys() == [cat.key]
    assert desk.drafts.of(cat.key)["caption"].endswith(" Half")


def test_search_enter_and_esc_lead_to_the_photos_found(qtbot, desk):
    sheet, search = desk.view.sheet, desk.view.search
    for key in (K.Key_Return, K.Key_Escape):
        qtbot.keyClick(sheet, K.Key_F, CTRL)
        assert search.hasFocus()
        qtbot.keyClicks(search, "launch")
        qtbot.keyClick(search, key)
        assert sheet.hasFocus() and search.text() == "launch"
        assert {desk.model.photo(r).name for r in range(desk.model.rowCount())} == {
            "launch-01.jpg",
            "launch-02.jpg",
        }
        search.clear()


def test_f5_checks_again_in_place_keeping_drafts_and_undo(qtbot, desk, folder, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text()) or 0)
    original = read_photo(folder / "cat-01.jpg").caption
    caption = _save_caption(qtbot, desk, "cat-01.jpg", "Saved.")
    _go(qtbot, desk, "press-01.jpg")
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    qtbot.keyClicks(caption, " Unsaved.")
    typed = caption.toPlainText()
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        qtbot.keyClick(caption, K.Key_F5)
    assert not asked  # nothing to leave: the same folder, the same photos
    assert desk.current_photo().name == "press-01.jpg"
    assert caption.toPlainText() == typed and caption.hasFocus()
    _go(qtbot, desk, "cat-01.jpg")
    qtbot.keyClick(desk.view.sheet, K.Key_Z, CTRL)  # the save before F5 is still undoable
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption == original


def test_thumbnail_size_keys_keep_the_current_photo_in_sight(qtbot, tmp_path):
    wire = sample_folder(tmp_path, (p.name for p in sorted(SAMPLE_DESK.glob("*.jpg"))))
    made = open_desk(qtbot, tmp_path, wire)
    try:
        sheet, slider = made.view.sheet, made.view.size_slider
        qtbot.keyClick(sheet, K.Key_End)  # the last of 20: the sheet scrolled down to it
        size = slider.value()
        qtbot.keyClick(sheet, K.Key_Plus, CTRL)  # Ctrl++ as well as Ctrl+=
        assert slider.value() > size
        for _ in range(6):
            qtbot.keyClick(sheet, K.Key_Equal, CTRL)
        assert slider.value() == slider.maximum()
        assert sheet.viewport().rect().contains(sheet.visualRect(sheet.currentIndex()))
    finally:
        close_desk(made)


def test_the_preview_shows_the_caption_just_saved(qtbot, desk):
    sheet, preview, caption = desk.view.sheet, desk.view.preview, _caption(desk)
    _go(qtbot, desk, "cat-01.jpg")
    qtbot.keyClick(sheet, K.Key_Space)
    qtbot.keyClick(preview, K.Key_I, CTRL)
    qtbot.keyClick(caption, K.Key_A, CTRL)
    qtbot.keyClicks(caption, "New preview caption.")
    qtbot.keyClick(caption, K.Key_S, CTRL)
    settle(qtbot, desk)
    assert preview.caption.text() == "cat-01.jpg — New preview caption."


def test_a_keyword_added_to_photos_with_their_own_keywords_is_added_to_each(qtbot, desk):
    keywords = _add_keyword(qtbot, desk, "cat-01.jpg", "animals")
    qtbot.keyClick(keywords.input, K.Key_S, CTRL)
    settle(qtbot, desk)
    _go(qtbot, desk, "cat-01.jpg")
    qtbot.keyClick(desk.view.sheet, K.Key_Right, SHIFT)
    photos = desk.selected_photos()
    own = {p.key: p.record.keywords for p in photos}
    assert len(set(own.values())) == 2 and ("animals",) in own.values()
    assert keywords.text() == "" and keywords.input.placeholderText() == "(several values)"
    keywords.setFocus()
    qtbot.keyClicks(keywords.input, "France")
    qtbot.keyClick(keywords.input, K.Key_Return)
    assert {p.key: desk.drafts.of(p.key)["keywords"] for p in photos} == {
        key: (*mine, "France") for key, mine in own.items()
    }


def test_a_draft_over_a_photo_changed_outside_and_reread_by_f5_is_merged(
    qtbot, desk, folder, exiftool
):
    path = folder / "cat-01.jpg"
    caption = _draft_over_a_change(qtbot, desk, exiftool, path, "XMP-dc:Description=Theirs.")
    assert caption.toPlainText() == "My caption."
    qtbot.keyClick(caption, K.Key_S, CTRL)
    qtbot.waitUntil(lambda: desk.editing.conflicts.dialog is not None, timeout=10_000)
    assert read_photo(path).caption == "Theirs."  # nothing overwritten
    desk.editing.conflicts.dialog.reject()


def test_ctrl_z_over_unsaved_text_never_undoes_another_photos_save(qtbot, desk, folder):
    _save_caption(qtbot, desk, "cat-01.jpg", "Cat saved.")
    _go(qtbot, desk, "press-01.jpg")
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    qtbot.keyClicks(caption, " draft words")
    _go(qtbot, desk, "launch-01.jpg")  # away and back: the field's own undo history is gone
    _go(qtbot, desk, "press-01.jpg")
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    for key in (K.Key_Z, K.Key_Y):
        qtbot.keyClick(caption, key, CTRL)
        settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").caption == "Cat saved."
    assert caption.toPlainText().endswith(" draft words")


def test_ctrl_enter_stays_on_a_photo_whose_save_is_refused_or_fails(qtbot, desk, folder):
    _go(qtbot, desk, "cat-01.jpg")
    date_field = desk.view.caption_editor.inputs["date_created"]
    date_field.setFocus()
    qtbot.keyClick(date_field, K.Key_A, CTRL)
    qtbot.keyClicks(date_field, "12/11/2024")  # not a date: the save fails
    qtbot.keyClick(date_field, K.Key_Return, CTRL)
    settle(qtbot, desk)
    assert desk.current_photo().name == "cat-01.jpg"
    assert desk.drafts.of(_photo(desk, "cat-01.jpg").key) == {"date_created": "12/11/2024"}
    qtbot.keyClick(date_field, K.Key_A, CTRL)
    qtbot.keyClicks(date_field, "2024-11-13")
    qtbot.keyClick(date_field, K.Key_Return, CTRL)  # now it is in, and on it goes
    settle(qtbot, desk)
    assert desk.current_photo().name != "cat-01.jpg"


def test_ctrl_enter_pressed_again_while_saving_captions_each_photo_in_turn(qtbot, desk, folder):
    _go(qtbot, desk, "cat-01.jpg")
    caption = _caption(desk)
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    order = [desk.model.photo(r).name for r in range(desk.model.rowCount())]
    start = order.index("cat-01.jpg")
    names = order[start : start + 3]
    before = {n: read_photo(folder / n).caption for n in names}
    for i in range(3):
        _typed(qtbot, caption, f" P{i}")
        qtbot.keyClick(caption, K.Key_Return, CTRL)  # the saves answer when they answer
    settle(qtbot, desk)
    assert {n: read_photo(folder / n).caption for n in names} == {
        n: before[n] + f" P{i}" for i, n in enumerate(names)
    }
    assert not desk.drafts


def test_ctrl_z_while_a_save_runs_waits_for_it_and_undoes_that_save(qtbot, desk, folder):
    before = {n: read_photo(folder / n).caption for n in ("cat-01.jpg", "press-01.jpg")}
    _save_caption(qtbot, desk, "cat-01.jpg", "Earlier save.")
    caption = _save_caption(qtbot, desk, "press-01.jpg", "Wrong.")  # leaves it unsettled:
    _go(qtbot, desk, "press-01.jpg")
    qtbot.keyClick(desk.view.sheet, K.Key_I, CTRL)
    qtbot.keyClick(caption, K.Key_A, CTRL)
    qtbot.keyClicks(caption, "Wrong again.")
    qtbot.keyClick(caption, K.Key_S, CTRL)
    desk.view.sheet.setFocus()
    qtbot.keyClick(desk.view.sheet, K.Key_Z, CTRL)  # before the save answers
    settle(qtbot, desk)
    assert read_photo(folder / "press-01.jpg").caption == "Wrong."  # that save, undone
    assert read_photo(folder / "cat-01.jpg").caption == "Earlier save."
    assert before["cat-01.jpg"] != "Earlier save."


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_country_code_is_filled_from_a_whole_name_and_taken_back(qtbot, desk):
    _go(qtbot, desk, "cat-01.jpg")
    country = desk.view.caption_editor.inputs["country"]
    code = desk.view.caption_editor.inputs["country_code"]
    before = code.text()
    country.setFocus()
    qtbot.keyClick(country, K.Key_A, CTRL)
    qtbot.keyClicks(country, "Ca")  # a code (Canada), but here the start of a name
    assert code.text() == before
    qtbot.keyClicks(country, "nada")
    assert code.text() == "CAN"
    qtbot.keyClicks(country, "x")  # no country any more: the code filled in goes
    assert code.text() == before


def test_ctrl_z_in_the_keywords_never_types_a_keyword_twice(qtbot, desk, folder):
    keywords = _add_keyword(qtbot, desk, "cat-01.jpg", "animals")
    qtbot.keyClick(keywords.input, K.Key_Z, CTRL)
    assert desk.drafts.of(_photo(desk, "cat-01.jpg").key)["keywords"] == ("animals",)
    qtbot.keyClick(keywords.input, K.Key_S, CTRL)
    settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").keywords == ("animals",)


def test_text_typed_while_a_merge_is_saved_stays_a_draft(
    qtbot, desk, folder, monkeypatch, exiftool
):
    path = folder / "cat-01.jpg"
    merge = desk.editing.conflicts._save_here
    monkeypatch.setattr(  # a share that takes its time: the editor types meanwhile
        desk.editing.conflicts, "_save_here", lambda *a, **k: time.sleep(0.4) or merge(*a, **k)
    )
    caption = _draft_over_a_change(qtbot, desk, exiftool, path, "XMP-photoshop:Headline=Theirs")
    qtbot.keyClick(caption, K.Key_S, CTRL)
    qtbot.waitUntil(lambda: desk.editing.conflicts.dialog is not None, timeout=10_000)
    desk.editing.conflicts.dialog.save_button.click()
    caption.setFocus()
    _typed(qtbot, caption, " More.")
    settle(qtbot, desk)
    assert read_photo(path).caption == "My caption."
    assert caption.toPlainText() == "My caption. More."
    assert desk.drafts.of(_photo(desk, "cat-01.jpg").key) == {"caption": "My caption. More."}


def test_a_template_applied_while_a_save_runs_waits_for_it(qtbot, desk, folder):
    caption = _replace_caption(qtbot, desk, "cat-01.jpg", "Saved first.")
    qtbot.keyClick(caption, K.Key_S, CTRL)
    key = _photo(desk, "cat-01.jpg").key
    assert desk.editing.save_values({key: {"headline": "Then the template"}})  # at once
    settle(qtbot, desk)
    assert desk.editing.conflicts.dialog is None  # not refused as made over the old version
    record = read_photo(folder / "cat-01.jpg")
    assert (record.caption, record.headline) == ("Saved first.", "Then the template")
