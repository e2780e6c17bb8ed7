"""The desk window: a contact sheet of a catalogued folder, off the GUI thread, by keyboard."""

import io
import os
import shutil
import struct
import threading
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from editor_app.captions.findings import Finding, Severity
from editor_app.imaging.cache import ThumbnailCache
from editor_app.metadata.identity import image_hash
from editor_app.ops.desk import DeskPhoto, list_folder
from editor_app.ui.models.sheet_view import index_photos
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk
from editor_app.ui.widgets.sheet_delegate import ERROR_COLOUR, SheetDelegate, badges
from tests.sample_desk import SAMPLE_DESK, wire_folder
from tests.ui.desks import painted_colours


@pytest.fixture
def folder(tmp_path):
    return wire_folder(tmp_path, "launch-*.jpg", broken=True)


@pytest.fixture
def desk(qtbot, tmp_path):
    view = MainWindowView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    cache = ThumbnailCache(tmp_path / "thumbs")
    made = Desk(view, runner, cache=cache, state=UiState(tmp_path / "ui.ini"))
    yield made
    made.shutdown()


def _open(qtbot, desk, folder):
    with qtbot.waitSignal(desk.model.modelReset, timeout=20_000):
        desk.open_folder(folder)
    qtbot.waitUntil(lambda: "photos" in desk.view.status_label.text(), timeout=20_000)


def _focused_sheet(qtbot, desk, folder):
    """The folder open by name, the window shown, the sheet focused."""
    desk.sheet_options.set_options(sort="name")
    _open(qtbot, desk, folder)
    desk.view.show()
    sheet = desk.view.sheet
    sheet.setFocus()
    return sheet


def _key(desk, name):
    return next(p.key for p in desk.model.photos() if p.name == name)


def _names(desk):
    return [desk.model.photo(r).name for r in range(desk.model.rowCount())]


def test_opening_a_folder_catalogs_it_and_fills_the_sheet(qtbot, desk, folder):
    desk.sheet_options.set_options(sort="name")
    _open(qtbot, desk, folder)
    assert _names(desk) == [
        "broken.jpg",
        "launch-01.jpg",
        "launch-02.jpg",
        "launch-03.jpg",
        "launch-04.jpg",
    ]
    broken = desk.model.photo(0)
    assert broken.key < 0 and broken.record.error  # a grey tile with its reason
    tip = desk.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "broken.jpg" in tip and broken.record.error in tip
    good = desk.model.photo(1)
    assert good.key > 0  # a catalog record (its picture identified after: the identity pass)
    status = desk.view.status_label.text()
    assert "5 photos" in status and "with problems" in status
    rules = {f.rule for _, f in desk.model.all_findings()}
    assert {"unreadable-file", "near-duplicate-caption", "duplicate-caption"} <= rules
    assert desk.view.problems.model.rowCount() == len(list(desk.model.all_findings()))


def test_thumbnails_arrive_and_are_cached(qtbot, desk, folder, tmp_path):
    _open(qtbot, desk, folder)
    good = [p for p in desk.model.photos() if p.key > 0]
    qtbot.waitUntil(lambda: all(desk.model.has_thumbnail(p.path) for p in good), timeout=20_000)
    cache = ThumbnailCache(tmp_path / "thumbs")  # as after a restart
    # under the picture's hash, found by the identity pass after the rows were shown
    keys = [image_hash(p.path) for p in good]
    qtbot.waitUntil(lambda: all(cache.get(key, 256) for key in keys), timeout=20_000)


def test_a_changed_picture_gets_a_new_thumbnail(qtbot, desk, folder):
    from PIL import Image

    from editor_app.metadata.writer import write_photo

    target = folder / "launch-02.jpg"
    _open(qtbot, desk, folder)
    qtbot.waitUntil(lambda: desk.model.has_thumbnail(target), timeout=20_000)
    old = desk.model.thumbnail(target)
    assert old is not None and old.pixelColor(5, 5).blue() > old.pixelColor(5, 5).red()
    Image.new("RGB", (640, 427), (250, 20, 20)).save(target, "JPEG")  # another picture
    write_photo(target, {"caption": "A new picture with the old name."})
    before = desk.model.photo(desk.model.row_of_path(target)).image_hash
    _open(qtbot, desk, folder)  # F5 / reopen: the listing still has the old hash
    qtbot.waitUntil(
        lambda: (
            (image := desk.model.thumbnail(target)) is not None
            and image.pixelColor(5, 5).red() > 200
        ),
        timeout=20_000,
    )
    assert desk.model.photo(desk.model.row_of_path(target)).image_hash != before


def test_a_superseded_load_never_shows_its_rows(qtbot, desk, folder, tmp_path, monkeypatch):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(SAMPLE_DESK / "cat-01.jpg", other / "cat-01.jpg")
    release = threading.Event()
    real = desk.folder_load._load

    def slow(path, progress, cancel, *rest):
        if path == folder:
            release.wait(10)
        return real(path, progress, cancel, *rest)

    monkeypatch.setattr(desk.folder_load, "_load", slow)
    resets = []
    desk.model.modelReset.connect(lambda: resets.append(desk.model.rowCount()))
    desk.open_folder(folder)
    desk.open_folder(other)  # the editor changes their mind before A finished
    release.set()
    assert desk._runner.wait(20_000)
    # B's answer may still be queued behind A's on a busy machine: wait for it, not 50 ms
    qtbot.waitUntil(lambda: "1 photo ·" in desk.view.status_label.text(), timeout=10_000)
    assert desk._runner.wait(20_000)
    qtbot.wait(50)
    assert _names(desk) == ["cat-01.jpg"]
    assert not desk.view.progress.isVisible()
    assert 5 not in resets  # folder A's rows were never shown


def test_keyboard_moves_previews_and_returns(qtbot, desk, folder):
    sheet = _focused_sheet(qtbot, desk, folder)
    qtbot.keyClick(sheet, Qt.Key.Key_End)
    assert desk.current_photo().name == "launch-04.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    assert desk.current_photo().name == "broken.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Right)
    assert desk.current_photo().name == "launch-01.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Return)
    preview = desk.view.preview
    assert desk.view.centre.currentWidget() is preview
    qtbot.waitUntil(lambda: not preview.picture.pixmap().isNull(), timeout=10_000)
    qtbot.keyClick(preview, Qt.Key.Key_Right)  # next photo, still in the preview
    assert desk.current_photo().name == "launch-02.jpg"
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    assert preview.actual_size
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert desk.view.centre.currentWidget() is sheet
    assert desk.current_photo().name == "launch-02.jpg"


def test_an_unreadable_files_preview_says_what_its_tile_says(qtbot, desk, folder):
    sheet = _focused_sheet(qtbot, desk, folder)
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    broken = desk.current_photo()
    assert broken.name == "broken.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Return)
    preview = desk.view.preview
    assert preview.picture.text() == f"⚠ {broken.record.error}"
    assert preview.caption.text() == "broken.jpg"  # no caption: no dangling dash


def test_filters_search_and_shortcuts(qtbot, desk, folder):
    _open(qtbot, desk, folder)
    desk.view.show()
    desk.view.activateWindow()  # window shortcuts need the active window
    qtbot.waitUntil(desk.view.isActiveWindow)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    flagged = {p.name for p in desk.model.photos() if desk.model.findings(p.key)}
    assert set(_names(desk)) == flagged and desk.view.filter_box.currentData() == "problems"
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert len(_names(desk)) == 5
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert desk.view.search.hasFocus()
    qtbot.keyClicks(desk.view.search, "cocoa beach")
    assert sorted(_names(desk)) == ["launch-02.jpg", "launch-04.jpg"]


def test_a_filter_that_hides_the_current_photo_makes_the_first_shown_current(qtbot, desk, folder):
    _open(qtbot, desk, folder)
    desk.view.show()
    desk.view.activateWindow()
    qtbot.waitUntil(desk.view.isActiveWindow)
    sheet = desk.view.sheet
    sheet.setCurrentIndex(desk.model.index(desk.model.row_of(_key(desk, "launch-01.jpg"))))
    qtbot.keyClick(sheet, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(desk.view.search, "cocoa beach")  # launch-01 is not among them
    assert _names(desk) == ["launch-02.jpg", "launch-04.jpg"]
    assert desk.current_photo().name == "launch-02.jpg"  # not "no current photo"
    sheet.setFocus()
    qtbot.keyClick(sheet, Qt.Key.Key_Right)
    assert desk.current_photo().name == "launch-04.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    assert desk.current_photo().name == "launch-02.jpg"


def _as_listed_then_loaded(qtbot, desk, tmp_path):
    """A folder shown as a cold open shows it: the quick listing (file-name order: no capture
    times yet), then the catalog's rows (capture-time order)."""
    whole = wire_folder(tmp_path, "*.jpg")
    _open(qtbot, desk, whole)
    rows = tuple(desk.model.photos())
    listed = list_folder(desk._catalog_here(), whole)
    desk._rows_shown = False
    desk._on_folder_listed((listed, index_photos(listed), True))
    assert _names(desk) == sorted(_names(desk))  # name order while the rows come
    return rows


def test_rows_arriving_in_another_order_keep_the_photo_the_editor_chose(qtbot, desk, tmp_path):
    rows = _as_listed_then_loaded(qtbot, desk, tmp_path)
    sheet = desk.view.sheet
    sheet.setCurrentIndex(
        desk.model.index(desk.model.row_of_path(tmp_path / "wire" / "cat-02.jpg"))
    )
    qtbot.keyClick(sheet, Qt.Key.Key_Right)  # the editor moves on by a key
    picked = desk.current_photo().name
    desk._on_rows_loaded((rows, index_photos(rows)))
    assert _names(desk) != sorted(_names(desk))  # capture-time order now
    assert desk.current_photo().name == picked  # not whichever photo took its row


def test_rows_arriving_in_another_order_start_at_the_top_when_nothing_was_chosen(
    qtbot, desk, tmp_path
):
    rows = _as_listed_then_loaded(qtbot, desk, tmp_path)
    assert desk.model.index(0) == desk.view.sheet.currentIndex()  # chosen by the window
    desk._on_rows_loaded((rows, index_photos(rows)))
    assert desk.view.sheet.currentIndex().row() == 0


def test_rows_arriving_in_another_order_keep_the_photo_being_captioned(qtbot, desk, tmp_path):
    """A reopened folder's tiles can be edited before its rows come: typing into the photo
    the window chose makes it the editor's."""
    rows = _as_listed_then_loaded(qtbot, desk, tmp_path)
    first = desk.current_photo().name  # the window's choice, the first name
    headline = desk.view.caption_editor.inputs["headline"]
    headline.setFocus()
    qtbot.keyClicks(headline, "Typed before the rows came")
    desk._on_rows_loaded((rows, index_photos(rows)))
    assert desk.model.photo(0).name != first
    assert desk.current_photo().name == first
    assert headline.text().endswith("Typed before the rows came")
    desk.drafts.clear()  # closing would ask about them


def test_problem_click_selects_the_duplicate_group(qtbot, desk, folder):
    _open(qtbot, desk, folder)
    panel = desk.view.problems
    rows = [
        r
        for r in range(panel.model.rowCount())
        if panel.model.index(r, 1).data() == "near-duplicate-caption"
    ]
    assert rows
    panel.table.clicked.emit(panel.model.index(rows[0], 0))
    chosen = {p.name for p in desk.selected_photos()}
    assert chosen == {"launch-01.jpg", "launch-03.jpg"}


def test_state_persists(qtbot, tmp_path, folder):
    def make():
        view = MainWindowView()
        qtbot.addWidget(view)
        return Desk(view, TaskRunner(view), state=UiState(tmp_path / "ui.ini"))

    first = make()
    first.view.size_slider.setValue(224)
    first.sheet_options.set_filter("problems")
    _open(qtbot, first, folder)
    first.view.close()
    again = make()
    assert again.view.size_slider.value() == 224 and again.delegate.thumb_size == 224
    assert again.model.options.filter == "problems"
    assert again._state.recent_folders()[0] == str(folder)
    again.shutdown()


def test_delegate_paints_a_badge_per_problem_kind(qtbot, folder):
    from editor_app.metadata.io import read_photo

    record = read_photo(SAMPLE_DESK / "launch-01.jpg")
    photo = DeskPhoto(1, record)
    findings = (
        Finding("missing-credit", Severity.ERROR, record.path, "x"),
        Finding("metadata-conflict", Severity.WARNING, record.path, "y"),
    )
    assert badges(findings) == [("credit", Severity.ERROR), ("conflict", Severity.WARNING)]
    colours = painted_colours(photo, findings)
    assert ERROR_COLOUR.rgb() in colours


def test_models_are_consistent(qtmodeltester, desk, qtbot, folder):
    _open(qtbot, desk, folder)
    qtmodeltester.check(desk.model)
    desk.sheet_options.set_options(filter="problems", sort="problems")
    qtmodeltester.check(desk.model)
    qtmodeltester.check(desk.view.problems.model)


def test_gui_refuses_politely_without_display(monkeypatch):
    from editor_app.ui.app import missing_display

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    reason = missing_display()
    assert reason and "xvfb-run" in reason and "\n" not in reason


def _undecodable_png(path: Path) -> None:
    """A PNG whose header and size read fine and whose picture data is zeros: its metadata
    is catalogued, its picture cannot be decoded."""
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "PNG")
    data = buffer.getvalue()
    at = data.index(b"IDAT")
    size = struct.unpack(">I", data[at - 4 : at])[0]
    zeros = b"\0" * size
    crc = struct.pack(">I", zlib.crc32(b"IDAT" + zeros) & 0xFFFFFFFF)
    path.write_bytes(data[: at + 4] + zeros + crc + data[at + 8 + size :])


def test_a_picture_that_cannot_be_decoded_is_a_tile_with_its_reason(qtbot, desk, folder):
    _undecodable_png(folder / "zeros.png")
    desk.sheet_options.set_options(sort="name")
    _open(qtbot, desk, folder)
    row = desk.model.row_of_path(folder / "zeros.png")
    assert row is not None and desk.model.photo(row).key > 0  # its metadata was read
    qtbot.waitUntil(lambda: bool(desk.model.picture_error(folder / "zeros.png")), timeout=10_000)
    reason = desk.model.picture_error(folder / "zeros.png")
    assert "cannot be decoded" in reason
    assert reason in desk.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    tile = desk.model.tile(row)
    assert tile.picture_error == reason and tile.thumb is None
    image = QImage(200, 260, QImage.Format.Format_ARGB32)
    image.fill(0)
    option = QStyleOptionViewItem()
    option.rect = image.rect()
    painter = QPainter(image)
    SheetDelegate().draw_tile(painter, option, desk.model.index(row))
    painter.end()
    grey = QColor(150, 150, 150).rgb()
    assert sum(image.pixel(x, 60) == grey for x in range(image.width())) > 50  # not "loading"


def test_a_photo_in_a_sub_folder_says_where_it_is(qtbot, desk, folder):
    (folder / "old").mkdir()
    shutil.copy(folder / "launch-01.jpg", folder / "old" / "launch-01.jpg")
    _open(qtbot, desk, folder)
    labels = {desk.model.tile(r).label for r in range(desk.model.rowCount())}
    assert {"launch-01.jpg", "old/launch-01.jpg".replace("/", os.sep)} <= labels
    row = desk.model.row_of_path(folder / "old" / "launch-01.jpg")
    tip = desk.model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith(f"old{os.sep}launch-01.jpg")


def test_info_tab_shows_the_selected_files_exif_and_sources(qtbot, desk, folder):
    sheet = _focused_sheet(qtbot, desk, folder)
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right)  # launch-01.jpg: the folder load read no file
    assert desk.current_photo().name == "launch-01.jpg"
    info = desk.view.info.text
    qtbot.waitUntil(lambda: "Canon EOS R5" in info.toPlainText(), timeout=10_000)
    assert "XMP" in info.toPlainText()  # where the caption came from
    qtbot.keyClick(sheet, Qt.Key.Key_Left)  # the broken file: its reason, no camera
    qtbot.waitUntil(lambda: "Canon" not in info.toPlainText(), timeout=10_000)
    assert "Problem" in info.toPlainText()
    title = desk.view.caption_editor.title.text()  # the Caption tab says why, not "no photo"
    assert "broken.jpg" in title and "cannot be read" in title
    findings = desk.view.caption_editor.findings  # and lists its problem, as the dock does
    assert findings.count() == 1 and "could not be read" in findings.item(0).text()


def test_problems_table_sorts_and_filters_on_cells_built_once(qtbot, qtmodeltester):
    from editor_app.metadata.record import PhotoMetadata
    from editor_app.ui.widgets.problems_dock import ProblemsPanel

    photos = [DeskPhoto(i, PhotoMetadata(path=Path(f"/w/{n}.jpg"))) for i, n in enumerate("bca")]
    rows = [
        (photos[0], Finding("missing-credit", Severity.ERROR, photos[0].path, "No credit.")),
        (photos[1], Finding("spelling", Severity.WARNING, photos[1].path, "Typo: teh.")),
        (photos[2], Finding("missing-credit", Severity.ERROR, photos[2].path, "No credit.")),
    ]
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.set_findings(rows)
    model = panel.model
    assert [model.index(r, 0).data() for r in range(3)] == ["a.jpg", "b.jpg", "c.jpg"]  # A to Z
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["a.jpg", "b.jpg", "c.jpg"]
    model.sort(3, Qt.SortOrder.DescendingOrder)  # by message
    assert [model.index(r, 3).data() for r in range(3)][0] == "Typo: teh."
    panel.rule_filter.setCurrentText("missing-credit")
    assert model.rowCount() == 2 and panel.count.text() == "2 problems"
    panel.set_findings(rows[:2])  # a new folder's findings keep the chosen rule
    assert [model.row(r)[0].name for r in range(model.rowCount())] == ["b.jpg"]
    qtmodeltester.check(model)


def test_the_load_waits_for_the_first_screen_of_thumbnails(qtbot, desk, folder, monkeypatch):
    import editor_app.ui.widgets.folder_load as desk_module

    real = desk_module.load_folder
    seen = []

    def load(catalog, root, settings, **kwargs):
        good = [p for p in desk.model.photos() if not p.unreadable]
        seen.append((len(good), sum(desk.model.has_thumbnail(p.path) for p in good)))
        return real(catalog, root, settings, **kwargs)

    monkeypatch.setattr(desk_module, "load_folder", load)
    monkeypatch.setattr(desk_module, "FIRST_SCREEN_WAIT_S", 20)  # a loaded test machine
    desk.view.show()
    _open(qtbot, desk, folder)
    # the listing's tiles (the broken file's too: its decode failed) were done before the load
    assert seen == [(5, 4)]
