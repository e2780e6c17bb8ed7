"""The Credit combo and the Keywords tokens of the caption tab, driven by keys."""

import re
import shutil

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication

from editor_app.captions.codes import parse_codes
from editor_app.metadata.io import read_photo
from tests.ui import test_editing
from tests.ui.desks import SAMPLE_DESK

folder, desk = test_editing.folder, test_editing.desk  # the same fixtures: a desk on 4 photos
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT, ALT = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.AltModifier


def _into_caption(qtbot, desk):
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_I, CTRL)
    return desk.view.caption_editor.inputs["caption"]


def test_the_credit_combo_offers_the_agency_credits_and_takes_free_text(qtbot, desk):
    caption = _into_caption(qtbot, desk)
    view = desk.view.caption_editor
    credit = view.inputs["credit"]
    qtbot.keyClick(caption, Qt.Key.Key_Tab)  # Caption, Title, then Credit
    qtbot.keyClick(desk.view.caption_editor.inputs["title"], Qt.Key.Key_Tab)
    assert credit.hasFocus()
    qtbot.waitUntil(lambda: desk.engine is not None, timeout=10_000)  # it brings the credits
    offered = [view.credit_box.itemText(i) for i in range(view.credit_box.count())]
    assert offered[0] == "Marie DUPONT / AFP"  # this photo's photographer under its agency
    assert offered[1] == "REUTERS"  # then the desk's own agency (the default desk: Reuters)
    assert {"AP Photo", "AFP", "Getty Images"} <= set(offered)
    key = desk.current_photo().key
    qtbot.keyClick(credit, Qt.Key.Key_Down)  # the list, by keys: its next credit
    picked = view.credit_box.currentText()
    assert picked in offered
    assert credit.text() == picked
    assert desk.drafts.of(key)["credit"] == picked
    qtbot.keyClick(credit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(credit, "Courtesy of Jane Doe")
    assert desk.drafts.of(key)["credit"] == "Courtesy of Jane Doe"
    assert view.credit_box.count() == len(offered)  # free text is not added to the list


def test_keywords_are_tokens_added_and_removed_by_keys(qtbot, desk, folder):
    _into_caption(qtbot, desk)
    tokens = desk.view.caption_editor.inputs["keywords"]
    key = desk.current_photo().key
    before = list(tokens.tokens)
    tokens.setFocus()
    assert tokens.input.hasFocus()
    qtbot.keyClicks(tokens.input, "flood")
    qtbot.keyClick(tokens.input, Qt.Key.Key_Return)
    qtbot.keyClicks(tokens.input, "rescue,boat")
    assert tokens.tokens == [*before, "flood", "rescue"]
    assert tokens.input.text() == "boat"
    assert desk.drafts.of(key)["keywords"] == (*before, "flood", "rescue", "boat")  # typed counts
    qtbot.keyClick(tokens.input, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(tokens.input, Qt.Key.Key_Backspace)  # clears the box
    qtbot.keyClick(tokens.input, Qt.Key.Key_Backspace)  # the box is empty: the last token goes
    assert tokens.tokens == [*before, "flood"]
    assert desk.drafts.of(key)["keywords"] == (*before, "flood")
    qtbot.keyClick(tokens.input, Qt.Key.Key_S, CTRL)
    test_editing._settle(qtbot, desk)
    assert read_photo(folder / "cat-01.jpg").keywords == (*before, "flood")
    assert tokens.tokens == [*before, "flood"]  # shown again from the saved value


def _country_selected(qtbot, desk):
    """The Country field of the current photo focused with its text selected (Ctrl+A):
    the Country and Country code inputs and the photo's key."""
    _into_caption(qtbot, desk)
    inputs = desk.view.caption_editor.inputs
    country, code = inputs["country"], inputs["country_code"]
    country.setFocus()
    qtbot.keyClick(country, Qt.Key.Key_A, CTRL)
    return country, code, desk.current_photo().key


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_country_and_its_code_fill_each_other(qtbot, desk):
    country, code, key = _country_selected(qtbot, desk)
    qtbot.keyClicks(country, "Germany")
    assert code.text() == "DEU"
    assert desk.drafts.of(key)["country_code"] == "DEU"
    qtbot.keyClick(country, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(country, Qt.Key.Key_Delete)
    code.setFocus()
    qtbot.keyClick(code, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(code, "ITA")
    assert country.text() == "Italy"
    assert desk.drafts.of(key)["country"] == "Italy"


def test_date_created_from_capture_time(qtbot, desk):
    _into_caption(qtbot, desk)
    view = desk.view.caption_editor
    key = desk.current_photo().key
    view.inputs["date_created"].setFocus()
    qtbot.keyClick(view.inputs["date_created"], Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(view.inputs["date_created"], "2020-01-01")
    view.from_capture.setFocus()
    qtbot.keyClick(view.from_capture, Qt.Key.Key_Space)
    # EXIF DateTimeOriginal with its OffsetTimeOriginal: the day and the zone it was taken in
    assert view.inputs["date_created"].text() == "2024-11-13T11:20:00+01:00"
    assert desk.drafts.of(key)["date_created"] == "2024-11-13T11:20:00+01:00"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_a_field_whose_sources_disagree_has_a_marker_that_chooses(qtbot, tmp_path):
    wire = tmp_path / "conflict"
    wire.mkdir()
    shutil.copy(SAMPLE_DESK / "cafe-03.jpg", wire / "cafe-03.jpg")
    made = next(test_editing.desk.__wrapped__(qtbot, tmp_path, wire))  # its folder, not 4
    try:
        view = made.view.caption_editor
        qtbot.keyClick(made.view.sheet, Qt.Key.Key_Home)
        marker = view.markers["headline"]
        assert marker.isVisible()
        assert not view.markers["caption"].isVisible()
        view.markers["headline"].setFocus()
        qtbot.keyClick(marker, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
        menu = QApplication.activePopupWidget()
        labels = [a.text() for a in menu.actions()]
        assert labels == ["XMP: Cafe owner prepares to open", "IPTC: Morning coffee in Montreal"]
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)
        assert view.inputs["headline"].text() == "Morning coffee in Montreal"
        assert made.drafts.of(made.current_photo().key)["headline"] == "Morning coffee in Montreal"
        assert not marker.isVisible()  # the editor chose
    finally:
        made.drafts.clear()
        made.view.close()


def test_keyword_tokens_with_the_desks_codes_loaded(qtbot, desk):
    """Code replacement (=code=) is for the text fields; typing a keyword with codes loaded
    neither expands nor fails."""
    desk.caption.codes = parse_codes("nyc\tNew York City\n")
    _into_caption(qtbot, desk)
    tokens = desk.view.caption_editor.inputs["keywords"]
    before = list(tokens.tokens)
    tokens.setFocus()
    qtbot.keyClicks(tokens.input, "=nyc=")
    qtbot.keyClick(tokens.input, Qt.Key.Key_Return)
    assert tokens.tokens == [*before, "=nyc="]


def _offered(view) -> list[str]:
    return [view.credit_box.itemText(i) for i in range(view.credit_box.count())]


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_the_credit_combo_offers_this_photos_photographer_under_its_agency(qtbot, desk, folder):
    view = desk.view.caption_editor
    credit, byline = view.inputs["credit"], view.inputs["byline"]
    qtbot.waitUntil(lambda: desk.engine is not None, timeout=10_000)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_End)  # press-01: REUTERS, Ricardo Moraes
    assert desk.current_photo().name == "press-01.jpg"
    assert _offered(view)[0] == "REUTERS/Ricardo Moraes"  # the selection brings its own
    caption = view.inputs["caption"]
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_I, CTRL)
    for widget in (caption, view.inputs["title"], credit):  # Caption, Title, Credit, By-line
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert byline.hasFocus()
    qtbot.keyClick(byline, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(byline, "Leah Millis; Bo Chan")
    # typed, not saved: the entries follow the by-line, and the Credit text is left alone
    assert _offered(view)[:3] == ["REUTERS/Leah Millis", "REUTERS/Bo Chan", "REUTERS"]
    assert credit.text() == "REUTERS"
    qtbot.keyClick(byline, Qt.Key.Key_Tab, SHIFT)
    assert credit.hasFocus()
    qtbot.keyClick(credit, Qt.Key.Key_Down, ALT)  # opens the list
    popup = view.credit_box.view()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Home)  # the list opens on "REUTERS"; the first entry
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert credit.text() == "REUTERS/Leah Millis"
    key = desk.current_photo().key
    assert desk.drafts.of(key)["credit"] == "REUTERS/Leah Millis"
    qtbot.keyClick(credit, Qt.Key.Key_S, CTRL)
    test_editing._settle(qtbot, desk)
    saved = read_photo(folder / "press-01.jpg")
    assert (saved.credit, saved.byline) == ("REUTERS/Leah Millis", ("Leah Millis", "Bo Chan"))
    assert desk.model.photos()[-1].record.credit == "REUTERS/Leah Millis"  # the catalog's
    # Back on the photo, the by-line saved: the entries are built from it
    assert _offered(view)[:2] == ["REUTERS/Leah Millis", "REUTERS/Bo Chan"]


def test_several_photos_get_photographer_credits_only_for_a_common_byline(qtbot, desk):
    view = desk.view.caption_editor
    qtbot.waitUntil(lambda: desk.engine is not None, timeout=10_000)
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right)  # launch-01: REUTERS, Jane Smith
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)  # and launch-02: the same
    assert len(desk.selected_photos()) == 2
    assert _offered(view)[0] == "REUTERS/Jane Smith"
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)  # press-01: Ricardo Moraes
    assert _offered(view)[0] == "REUTERS"  # no name fits all three
    credit, byline = view.inputs["credit"], view.inputs["byline"]
    credit.setFocus()
    qtbot.keyClick(credit, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(credit, "Handout")
    byline.setFocus()
    qtbot.keyClicks(byline, "Ann Lee")  # typed over the three: now common
    assert _offered(view)[0] == "REUTERS/Ann Lee"
    assert credit.text() == "Handout"  # what the editor typed is never replaced
    assert {desk.drafts.of(p.key)["credit"] for p in desk.selected_photos()} == {"Handout"}
    qtbot.keyClick(sheet, Qt.Key.Key_Home)  # cat-01 alone: AFP's photographer
    assert _offered(view)[0] == "Marie DUPONT / AFP"


def _type_accented(widget, text: str) -> None:
    """Type as a keyboard whose layout has the letter does (QTest only types ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def test_the_byte_counter_follows_typing_and_turns_red_past_the_iim_limit(qtbot, desk):
    caption = _into_caption(qtbot, desk)
    counter = desk.view.caption_editor.byte_counter
    qtbot.keyClick(caption, Qt.Key.Key_A, CTRL)
    _type_accented(caption, "Zoë")
    assert counter.text() == "4 / 2,000 bytes"  # UTF-8 bytes, not characters
    normal = counter.palette().color(counter.foregroundRole())
    _type_accented(caption, "é" * 999)  # two bytes each: 1,998 more
    assert counter.text() == "2,002 / 2,000 bytes"
    assert counter.palette().color(counter.foregroundRole()) == QColor(200, 40, 40)
    qtbot.keyClick(caption, Qt.Key.Key_Backspace)
    qtbot.keyClick(caption, Qt.Key.Key_Backspace)
    assert counter.text() == "1,998 / 2,000 bytes"
    assert counter.palette().color(counter.foregroundRole()) == normal


def test_the_photos_problems_are_listed_under_the_fields_as_the_editor_types(qtbot, desk):
    caption = _into_caption(qtbot, desk)
    view = desk.view.caption_editor
    qtbot.waitUntil(lambda: desk.engine is not None, timeout=10_000)

    def listed():
        return [view.findings.item(i).text() for i in range(view.findings.count())]

    qtbot.keyClick(caption, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(caption, Qt.Key.Key_Delete)  # no caption: the rule says so, unsaved
    qtbot.waitUntil(lambda: any("caption" in t.lower() for t in listed()), timeout=10_000)
    missing = next(
        f for f in desk.model.findings(desk.current_photo().key) if f.rule == "missing-caption"
    )
    assert missing.message in listed()
    # in sight while typing: under the scrolling fields, not at the end of them
    box = view.findings
    qtbot.waitUntil(  # once the layout has placed it
        lambda: box.isVisible() and box.mapTo(view, box.rect().bottomLeft()).y() <= view.height()
    )
    assert not box.visibleRegion().isEmpty()
    count = len(listed())
    assert view.findings_title.text() == f"── this photo: {count} problem{'s' * (count != 1)} ──"
    qtbot.keyClicks(caption, "A cat sleeps on a sofa in Lyon, France, November 13, 2024.")
    qtbot.waitUntil(lambda: missing.message not in listed(), timeout=10_000)
    assert "1 unsaved" in desk.view.status_label.text()  # the status counts follow too
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    test_editing._settle(qtbot, desk)
    assert "unsaved" not in desk.view.status_label.text()


def test_a_batch_save_is_undone_in_one_step(qtbot, desk, folder):
    names = ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg")
    before = [read_photo(folder / n).headline for n in names]
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)
    headline = desk.view.caption_editor.inputs["headline"]
    headline.setFocus()
    qtbot.keyClick(headline, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(headline, "One step")
    qtbot.keyClick(headline, Qt.Key.Key_S, CTRL)
    test_editing._settle(qtbot, desk)
    assert [read_photo(folder / n).headline for n in names] == ["One step"] * 3
    assert desk.editing.undo_stack.count() == 1
    sheet.setFocus()
    qtbot.keyClick(sheet, Qt.Key.Key_Z, CTRL)  # once
    test_editing._settle(qtbot, desk)
    assert [read_photo(folder / n).headline for n in names] == before


def test_the_history_tab_says_who_when_which_field_and_old_to_new(qtbot, desk, folder):
    original = read_photo(folder / "cat-01.jpg").caption
    caption = _into_caption(qtbot, desk)
    qtbot.keyClick(caption, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(caption, "A cat sleeps.")
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    test_editing._settle(qtbot, desk)
    desk.view.tabs.setCurrentWidget(desk.view.history)
    tree = desk.view.history.tree
    qtbot.waitUntil(lambda: tree.topLevelItemCount() == 2, timeout=10_000)
    newest = tree.topLevelItem(0)
    assert newest.text(0) == "2"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", newest.text(1))
    assert newest.text(2) == desk.editing.editor_name
    change = newest.child(0)
    assert change.text(2) == "Caption"  # the field's label, as on the Caption tab
    assert change.text(3) == f"{original!r} → {'A cat sleeps.'!r}"


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard)")
def test_country_and_code_complete_from_the_iso_table(qtbot, desk):
    country, code, key = _country_selected(qtbot, desk)
    qtbot.keyClicks(country, "germ")
    popup = country.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "Germany"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert (country.text(), code.text()) == ("Germany", "DEU")
    assert desk.drafts.of(key)["country"] == "Germany"
    code.setFocus()
    qtbot.keyClick(code, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(code, "it")
    popup = code.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert popup.model().index(0, 0).data() == "ITA — Italy"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert code.text() == "ITA"
    assert desk.drafts.of(key)["country_code"] == "ITA"


def test_a_long_problem_wraps_and_its_row_is_as_tall_as_its_lines(qtbot):
    from PySide6.QtWidgets import QListWidgetItem

    from editor_app.ui.views.caption_editor_view import CaptionEditorView

    view = CaptionEditorView()
    qtbot.addWidget(view)
    view.resize(420, 700)
    view.show()
    message = (
        "The credit in the Credit field names Pilar Olivares, but the by-line is Ricardo "
        "Moraes; one of them is wrong."
    )
    view.findings.addItem(QListWidgetItem(message))
    view.fit_findings()
    line = view.findings.fontMetrics().lineSpacing()
    row = view.findings.item(0).sizeHint().height()
    assert row >= 2 * line  # the second line is not cut off
    assert view.findings.height() >= row
    view.resize(260, 700)  # a narrower dock: more lines, a taller row
    qtbot.waitUntil(lambda: view.findings.item(0).sizeHint().height() > row)
    assert view.findings.height() >= view.findings.item(0).sizeHint().height()


def test_the_fields_view_ends_under_a_whole_row_whatever_the_tabs_height(qtbot):
    from PySide6.QtWidgets import QFormLayout, QListWidgetItem

    from editor_app.ui.views.caption_editor_view import CaptionEditorView

    view = CaptionEditorView()
    qtbot.addWidget(view)
    view.findings.addItem(QListWidgetItem("The by-line field is empty."))
    view.show()
    form = view._form
    rows = [form.itemAt(i, QFormLayout.ItemRole.FieldRole).widget() for i in range(form.rowCount())]
    cut = []
    for height in range(420, 900, 23):  # a row is ~24 px: every offset of the edge in a row
        view.resize(420, height)
        qtbot.waitUntil(lambda: not view._snap_due)
        QApplication.processEvents()
        edge = view._scroll.viewport().height()
        cut += [(height, w.objectName()) for w in rows if w.y() < edge < w.geometry().bottom()]
    assert cut == []  # no field crossed by the edge, its label cut in half
    view.resize(420, 2000)  # room for every field: no limit, nothing left under the buttons
    qtbot.waitUntil(lambda: not view._snap_due)
    QApplication.processEvents()
    assert view._scroll.maximumHeight() > 10_000


def test_a_long_headline_shows_its_start(qtbot, desk):
    headline = desk.view.caption_editor.inputs["headline"]
    headline.resize(120, headline.height())  # far narrower than the text
    long = "Firefighters battle a wildfire that forced thousands to flee in Los Angeles"
    desk.caption.set_field("headline", long)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Right)  # another photo, then back
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Left)
    assert headline.text() == long
    assert headline.cursorPosition() == 0  # "Firefighters battle…", not "…in Los Angeles"
