"""The Template tab and =code= typing, driven by the keyboard as an editor would (issue 14)."""

import shutil

import pytest
from PySide6.QtCore import Qt

from editor_app.metadata.io import read_photo
from tests.ui.desks import SAMPLE_DESK, close_desk, open_desk, sample_folder, settle

CTRL = Qt.KeyboardModifier.ControlModifier
NAMES = ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg", "press-01.jpg")
CODES = "\ufeff// desk codes\r\nlm\tLeah Millis\tMillis\r\nbiden\tU.S. President Joe Biden\r\n"
TEMPLATE = """name = "Wire boilerplate"

[set]
headline = "Wire: {city}"
instructions = "NO RESALES. NO ARCHIVES"

[append]
caption = " Picture taken {date} in {city}, {country}."
keywords = ["WIRE"]
"""


@pytest.fixture
def folder(tmp_path):
    out = sample_folder(tmp_path, NAMES)
    (tmp_path / "codes.txt").write_bytes(CODES.encode("utf-8"))
    (tmp_path / "wire.toml").write_text(TEMPLATE, encoding="utf-8")
    return out


@pytest.fixture
def desk(qtbot, tmp_path, folder):
    made = open_desk(qtbot, tmp_path, folder)
    yield made
    close_desk(made)


_settle = settle


def _import(qtbot, desk, path, kind="template"):
    with qtbot.waitSignal(desk.templates.loaded, timeout=30_000):
        desk.templates.import_file(path, kind)


def test_typing_a_code_in_the_caption_expands_it(qtbot, desk, folder):
    _import(qtbot, desk, folder.parent / "codes.txt", "codes")
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Home)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_I, CTRL)
    caption = desk.view.caption_editor.inputs["caption"]
    assert caption.hasFocus()
    qtbot.keyClick(caption, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(caption, "=biden= greets photographer =lm= and =lm#2=")
    assert caption.toPlainText() == (
        "U.S. President Joe Biden greets photographer Leah Millis and Millis"
    )
    qtbot.keyClicks(caption, ", then =zz= waves.")  # an unknown code stays as typed
    assert caption.toPlainText().endswith("and Millis, then =zz= waves.")
    # a one-line field expands too, and the draft holds the expanded text
    byline = desk.view.caption_editor.inputs["byline"]
    byline.setFocus()
    qtbot.keyClick(byline, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(byline, "=lm=")
    assert byline.text() == "Leah Millis"
    key = desk.current_photo().key
    assert desk.drafts.of(key)["byline"] == ("Leah Millis",)
    qtbot.keyClick(byline, Qt.Key.Key_S, CTRL)
    _settle(qtbot, desk)
    saved = read_photo(folder / "cat-01.jpg")
    assert saved.byline == ("Leah Millis",)
    assert saved.caption.startswith("U.S. President Joe Biden greets photographer Leah Millis")


def test_a_template_on_the_selection_is_one_undo_step(qtbot, desk, folder):
    before = {name: read_photo(folder / name) for name in NAMES}
    _import(qtbot, desk, folder.parent / "wire.toml")
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_A, CTRL)
    assert len(desk.selected_photos()) == 4
    panel = desk.view.template_panel
    desk.view.tabs.setCurrentWidget(panel)
    assert panel.templates.currentText() == "Wire boilerplate"
    # the preview fills the template on the first photo; unticking a field leaves it alone
    assert panel.preview.toPlainText().splitlines()[0] == "Headline: Wire: Lyon"
    assert "Picture taken November 13, 2024 in Lyon, France." in panel.preview.toPlainText()
    instructions = next(
        panel.fields.item(r)
        for r in range(panel.fields.count())
        if panel.fields.item(r).data(Qt.ItemDataRole.UserRole) == "instructions"
    )
    instructions.setCheckState(Qt.CheckState.Unchecked)
    assert "NO RESALES" not in panel.preview.toPlainText()
    assert panel.apply_button.text() == "Apply to 4 photos"
    panel.apply_button.setFocus()
    qtbot.keyClick(panel.apply_button, Qt.Key.Key_Space)
    _settle(qtbot, desk)
    for name in NAMES:
        after, old = read_photo(folder / name), before[name]
        assert after.headline == f"Wire: {old.city}"
        day = old.exif.datetime_original[:10]
        assert after.caption.startswith(old.caption + " Picture taken ")
        assert after.caption.endswith(f" in {old.city}, {old.country}.")
        assert day and after.keywords == (*old.keywords, "WIRE")
        assert after.instructions == old.instructions
    assert desk.editing.undo_stack.count() == 1
    sheet.setFocus()
    qtbot.keyClick(sheet, Qt.Key.Key_Z, CTRL)
    _settle(qtbot, desk)
    for name in NAMES:
        restored, old = read_photo(folder / name), before[name]
        assert (restored.caption, restored.headline, restored.keywords) == (
            old.caption,
            old.headline,
            old.keywords,
        )


def test_a_photo_the_template_cannot_fill_is_left_alone(qtbot, desk, folder):
    _import(qtbot, desk, folder.parent / "wire.toml")
    key = desk.current_photo().key
    desk.caption.set_field("city", "")  # a draft: the preview reads what the editor sees
    panel = desk.view.template_panel
    assert "{city} has no value for cat-01.jpg" in panel.problems.text()
    messages = []
    desk.templates.message.connect(messages.append)
    desk.view.template_action.trigger()  # Edit ▸ Apply the template to the selection
    assert desk.view.tabs.currentWidget() is panel
    assert messages and "not applied to cat-01.jpg" in messages[0]
    assert not desk.editing.undo_stack.count()
    assert desk.drafts.of(key) == {"city": ""}


def test_ticking_apply_to_arrivals_fills_each_photo_that_arrives(qtbot, desk, folder):
    _import(qtbot, desk, folder.parent / "wire.toml")
    panel = desk.view.template_panel
    desk.view.tabs.setCurrentWidget(panel)
    assert desk.wire.on_arrival is None  # arrivals stay as they come until asked
    panel.on_arrivals.setFocus()
    qtbot.keyClick(panel.on_arrivals, Qt.Key.Key_Space)
    assert panel.on_arrivals.isChecked() and desk.wire.on_arrival is not None
    before = desk.model.rowCount()
    arrived = folder / "zz-arrived.jpg"
    shutil.copy(SAMPLE_DESK / "cafe-01.jpg", arrived)
    old = read_photo(SAMPLE_DESK / "cafe-01.jpg")
    qtbot.waitUntil(lambda: desk.model.rowCount() == before + 1, timeout=15_000)
    _settle(qtbot, desk)
    after = read_photo(arrived)
    assert after.headline == f"Wire: {old.city}"
    assert after.caption.startswith(old.caption + " Picture taken ")
    tile = next(
        desk.model.photo(r)
        for r in range(desk.model.rowCount())
        if desk.model.photo(r).name == "zz-arrived.jpg"
    )
    assert tile.record.headline == f"Wire: {old.city}"  # the tile shows the filled values
    qtbot.keyClick(panel.on_arrivals, Qt.Key.Key_Space)  # unticked: the next one is left alone
    assert desk.wire.on_arrival is None
