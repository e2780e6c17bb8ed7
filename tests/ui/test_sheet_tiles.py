"""The contact sheet paints tiles from a cache: the same look, no stale tile past a turn of the
event loop, few Qt calls."""

import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QLineEdit, QListView

from editor_app.captions.findings import Finding, Severity
from editor_app.metadata.record import ExifData, PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.testing.qt_calls import qt_calls
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets import sheet_delegate
from editor_app.ui.widgets.sheet_delegate import SheetDelegate
from editor_app.ui.widgets.tile_cache import TileCache
from tests.ui.desks import close_desk, open_desk, sample_folder


class DirectDelegate(SheetDelegate):
    """Every tile drawn from scratch, as before the cache: the look to match."""

    def paint(self, painter, option, index):
        self.draw_tile(painter, option, index)


class Sheets:
    """The window's sheet twice over one model and one selection: cached and drawn directly."""

    def __init__(self, qtbot, model: ContactSheetModel) -> None:
        self.model = model
        self.views = [MainWindowView(), MainWindowView()]
        self.cached, self.direct = SheetDelegate(), DirectDelegate()
        for view, delegate in zip(self.views, (self.cached, self.direct), strict=True):
            qtbot.addWidget(view)
            view.resize(1600, 1000)
            view.sheet.setModel(model)
            view.sheet.setItemDelegate(delegate)
            view.show()
        self.sheet: QListView = self.views[0].sheet
        self.views[1].sheet.setSelectionModel(self.sheet.selectionModel())
        qtbot.waitExposed(self.views[0])
        self.renders = 0
        render = self.cached._render

        def counting(*args):
            self.renders += 1
            return render(*args)

        self.cached._render = counting  # type: ignore[method-assign]

    def grabs(self) -> tuple[QImage, QImage]:
        return tuple(view.sheet.viewport().grab().toImage() for view in self.views)  # type: ignore[return-value]


def _photos() -> list[DeskPhoto]:
    photos = [
        DeskPhoto(
            i + 1,
            PhotoMetadata(
                path=Path(f"/desk/WIRE_a_long_file_name_{i:03d}.jpg"),
                exif=ExifData(datetime_original=f"2024-11-09T14:{i:02d}:00"),
            ),
            pending_write=i == 2,
        )
        for i in range(8)
    ]
    broken = PhotoMetadata(path=Path("/desk/broken.jpg"), error="not a JPEG file")
    return [*photos, DeskPhoto(-1, broken)]


def _thumb(colour: QColor, height: int = 100) -> QImage:
    image = QImage(150, height, QImage.Format.Format_RGB32)
    image.fill(colour)
    return image


def _finding(photo: DeskPhoto, rule: str, severity: Severity = Severity.ERROR) -> Finding:
    return Finding(rule, severity, photo.path, "x", photo_id=photo.key)


@pytest.fixture
def sheets(qtbot):
    photos = _photos()
    findings = {
        1: (_finding(photos[0], "missing-credit"),),
        2: (
            _finding(photos[1], "metadata-conflict", Severity.WARNING),
            _finding(photos[1], "spelling", Severity.WARNING),
        ),
    }
    model = ContactSheetModel()
    model.set_photos(photos, findings)
    for i, photo in enumerate(photos[:6]):
        model.set_thumbnail(photo.path, _thumb(QColor(30 * i, 120, 200), 80 + 10 * i))
    model.set_unsaved(4, True)
    made = Sheets(qtbot, model)
    made.sheet.selectionModel().select(model.index(1), QItemSelectionModel.SelectionFlag.Select)
    qtbot.wait(20)
    return made


def test_cached_tiles_look_exactly_like_tiles_drawn_directly(sheets):
    cached, direct = sheets.grabs()
    assert len(sheets.cached.tiles) == sheets.model.rowCount()  # every tile shown
    assert cached == direct
    renders = sheets.renders
    again, _ = sheets.grabs()
    assert again == direct
    assert sheets.renders == renders  # a repaint of the same tiles: all from the cache


def _new_badge(sheets, qtbot):
    photo = sheets.model.photo(0)
    sheets.model.update_findings({photo.key: (_finding(photo, "caption-date-mismatch"),)})


def _badge_gone(sheets, qtbot):
    sheets.model.update_findings({sheets.model.photo(1).key: ()})


def _renamed(sheets, qtbot):
    photo = sheets.model.photo(6)  # no thumbnail: only the name changes
    record = dataclasses.replace(photo.record, path=photo.path.with_name("RENAMED.jpg"))
    sheets.model.replace_photos([dataclasses.replace(photo, record=record)])


def _new_time(sheets, qtbot):
    photo = sheets.model.photo(0)
    record = dataclasses.replace(photo.record, exif=ExifData(datetime_original="2023-01-02T03:04"))
    sheets.model.replace_photos([dataclasses.replace(photo, record=record)])


def _new_thumbnail(sheets, qtbot):
    sheets.model.set_thumbnail(sheets.model.photo(0).path, _thumb(QColor(250, 20, 20)))


def _first_thumbnail(sheets, qtbot):
    sheets.model.set_thumbnail(sheets.model.photo(7).path, _thumb(QColor(20, 250, 20)))


def _unsaved(sheets, qtbot):
    sheets.model.set_unsaved(sheets.model.photo(0).key, True)


def _written(sheets, qtbot):
    photo = sheets.model.photo(2)
    sheets.model.replace_photos([dataclasses.replace(photo, pending_write=False)])


def _selection_moved_by_keyboard(sheets, qtbot):
    sheets.sheet.setFocus()
    sheets.sheet.selectionModel().setCurrentIndex(
        sheets.model.index(1), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(sheets.sheet, Qt.Key.Key_Right)
    assert sheets.sheet.currentIndex().row() == 2


def _bigger_thumbnails(sheets, qtbot):
    for delegate in (sheets.cached, sheets.direct):
        delegate.thumb_size = 200
    for view in sheets.views:
        view.sheet.doItemsLayout()


@pytest.mark.parametrize(
    "change",
    [
        _new_badge,
        _badge_gone,
        _renamed,
        _new_time,
        _new_thumbnail,
        _first_thumbnail,
        _unsaved,
        _written,
        _selection_moved_by_keyboard,
        _bigger_thumbnails,
    ],
)
def test_a_change_is_painted_never_a_stale_tile(sheets, qtbot, change):
    before, _ = sheets.grabs()
    change(sheets, qtbot)
    qtbot.wait(20)
    cached, direct = sheets.grabs()
    assert cached != before  # the change shows
    assert cached == direct


def test_catalog_rows_replacing_a_listing_keep_the_scaled_thumbnails(sheets, qtbot, monkeypatch):
    """A new folder's tiles have key 0 until the import gives them catalog ids: the same
    thumbnails must not be scaled again for that (the paint then was the slowest of a load)."""
    scaled = []
    real_from_image = sheet_delegate.QPixmap.fromImage

    class Counting(QPixmap):
        @staticmethod
        def fromImage(image, *args):
            scaled.append(image.size())
            return real_from_image(image, *args)

    monkeypatch.setattr(sheet_delegate, "QPixmap", Counting)
    photos = sheets.model.photos()
    rekeyed = [dataclasses.replace(p, key=p.key + 100) if p.key > 0 else p for p in photos]
    sheets.model.set_photos(rekeyed, {})
    qtbot.wait(20)
    sheets.sheet.viewport().repaint()
    cached, direct = sheets.grabs()
    assert cached == direct  # repainted with the new rows
    assert sheets.renders and scaled == []  # tiles drawn anew, thumbnails not scaled again


def test_a_repaint_from_the_cache_makes_a_fraction_of_theqt_calls(sheets):
    viewport = sheets.sheet.viewport()
    viewport.repaint()
    cached = qt_calls(viewport.repaint)
    direct = qt_calls(sheets.views[1].sheet.viewport().repaint)
    tiles = sheets.model.rowCount()
    # ~6 and 45-67 per tile, measured (~12 cached while the view's pixel ratio, palette and
    # font were asked per tile, not once per turn)
    assert cached < 8 * tiles < 30 * tiles < direct


def test_laying_out_thousands_of_tiles_hardly_calls_python(qtbot):
    """The row count is C++: a relayout no longer calls into Python for every tile."""
    photos = [
        DeskPhoto(i + 1, PhotoMetadata(path=Path(f"/desk/W{i:05d}.jpg"))) for i in range(3000)
    ]
    model = ContactSheetModel()
    model.set_photos(photos, {})
    made = Sheets(qtbot, model)
    made.sheet.selectionModel().setCurrentIndex(
        model.index(2999), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.wait(20)

    def relayout() -> None:
        model.set_options(dataclasses.replace(model.options, sort="name"))
        for _ in range(20):  # the batched layout: 400 tiles per event-loop turn
            qtbot.wait(1)

    # ~400 (paints, the test's own waits); 7,127 with rowCount in Python (measured)
    assert qt_calls(relayout, into_python_only=True) < 1000
    assert made.sheet.currentIndex().row() == 2999


def test_the_sheet_starts_no_editor_on_a_tile(sheets, qtbot):
    sheet = sheets.sheet
    sheet.setFocus()
    sheet.setCurrentIndex(sheets.model.index(0))
    qtbot.keyClick(sheet, Qt.Key.Key_F2)
    rect = sheet.visualRect(sheets.model.index(0))
    qtbot.mouseDClick(sheet.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sheet.state() is not QListView.State.EditingState
    assert not sheet.findChildren(QLineEdit)


def test_the_cache_is_bounded_and_drops_the_least_recently_used(qapp):
    tiles = TileCache(max_bytes=3 * 10 * 10 * 4)
    for key in "abc":
        tiles.put(key, QPixmap(10, 10), 10, 10)
    assert tiles.get("a") is not None  # now the most recently used
    tiles.put("d", QPixmap(10, 10), 10, 10)
    assert tiles.get("b") is None
    assert {k for k in "acd" if tiles.get(k) is not None} == set("acd")
    assert len(tiles) == 3 and tiles.size_bytes == 3 * 400


def test_the_window_on_the_sample_desk_looks_as_if_drawn_directly(qtbot, tmp_path):
    names = [p.name for p in sorted(SAMPLE.glob("*.jpg"))][:8]
    desk = open_desk(qtbot, tmp_path, sample_folder(tmp_path, names))
    sheet = desk.view.sheet
    qtbot.waitUntil(
        lambda: all(desk.model.has_thumbnail(desk.model.photo(r).path) for r in range(len(names))),
        timeout=20_000,
    )
    qtbot.wait(50)
    cached = sheet.viewport().grab().toImage()
    assert len(desk.delegate.tiles) >= len(names)
    direct = DirectDelegate(sheet)
    direct.thumb_size = desk.delegate.thumb_size
    sheet.setItemDelegate(direct)
    qtbot.wait(20)
    assert sheet.viewport().grab().toImage() == cached
    close_desk(desk)


SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-desk"


def test_tiles_with_the_same_badges_share_one_drawn_row_of_them(qtbot):
    photos = _photos()[:4]
    model = ContactSheetModel()
    model.set_photos(photos, {p.key: (_finding(p, "missing-credit"),) for p in photos})
    made = Sheets(qtbot, model)
    qtbot.wait(20)
    cached, direct = made.grabs()
    assert cached == direct
    # photo 3 is also "not written": two rows of badges for four tiles
    assert len(made.cached._strips) == 2 and len(made.cached.tiles) == 4


def test_beyond_the_render_budget_a_tile_keeps_its_last_look_for_a_turn(sheets, qtbot, monkeypatch):
    """A paint draws anew only so many tiles; the others show their last look until the next
    turn of the event loop draws them, without anyone asking."""
    monkeypatch.setattr(sheet_delegate, "RENDER_BUDGET_S", 1e-9)  # one tile a turn
    for row in range(4):
        photo = sheets.model.photo(row)
        sheets.model.update_findings({photo.key: (_finding(photo, "caption-date-mismatch"),)})
    renders = sheets.renders
    sheets.sheet.viewport().repaint()
    assert sheets.renders == renders + 1
    cached, direct = sheets.grabs()  # the same turn: the other three still look as before
    assert cached != direct
    qtbot.waitUntil(lambda: sheets.renders >= renders + 4)
    qtbot.wait(20)
    cached, direct = sheets.grabs()
    assert cached == direct
    assert sheets.renders == renders + 4
