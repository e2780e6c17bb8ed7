"""The contact-sheet window's smaller promises, proved on the real window: a folder dropped
on it, the Folders dock, the search fields, the filters, amber badges, the status bar's
counts and a damaged file's reason."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QPainter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from editor_app.captions.findings import Finding, Severity
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk
from editor_app.ui.widgets.sheet_delegate import ERROR_COLOUR, WARNING_COLOUR
from tests.ui import test_editing
from tests.ui.desks import close_desk, open_desk, painted_colours, sample_folder, settle
from tests.ui.made_photos import made_folder, names

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


# 1. drag and drop


def _drop_events(target: Path) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    """The events of a drag of ``target``; keep the mime data alive as long as them (they
    do not own it)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(target))])
    move = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(QPoint(50, 50), move, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(50, 50), move, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    return enter, drop, mime


def test_a_folder_dropped_on_the_window_opens(qtbot, tmp_path):
    first = made_folder(tmp_path, {"a.jpg": {}}, "first")
    second = made_folder(tmp_path, {"b.jpg": {}, "c.jpg": {}}, "second")
    desk = open_desk(qtbot, tmp_path, first)
    enter, drop, _mime = _drop_events(second)
    enter.ignore()  # the window must say yes itself
    QApplication.sendEvent(desk.view, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(desk.folder_loaded, timeout=20_000) as opened:
        QApplication.sendEvent(desk.view, drop)
    assert opened.args == [second]
    assert names(desk) == ["b.jpg", "c.jpg"]
    close_desk(desk)


def test_a_dropped_photo_opens_its_folder_and_other_files_are_refused(qtbot, tmp_path):
    """As ``caption-desk gui PHOTO`` does; a text file dragged on the window is not taken."""
    first = made_folder(tmp_path, {"a.jpg": {}}, "first")
    second = made_folder(tmp_path, {"b.jpg": {}, "c.jpg": {}}, "second")
    (second / "notes.txt").write_text("not a photo")
    desk = open_desk(qtbot, tmp_path, first)
    enter, _drop, _mime = _drop_events(second / "notes.txt")
    enter.ignore()
    QApplication.sendEvent(desk.view, enter)
    assert not enter.isAccepted()
    enter, drop, _mime = _drop_events(second / "c.jpg")
    enter.ignore()
    QApplication.sendEvent(desk.view, enter)
    assert enter.isAccepted()
    with qtbot.waitSignal(desk.folder_loaded, timeout=20_000) as opened:
        QApplication.sendEvent(desk.view, drop)
    assert opened.args == [second]
    close_desk(desk)


# 2. the Folders dock


def _child(parent, folder: Path):
    for i in range(parent.childCount()):
        if parent.child(i).toolTip(0) == str(folder):
            return parent.child(i)
    raise AssertionError(f"{folder} is not listed under {parent.text(0)}")


def _activate_by_enter(qtbot, panel, item) -> None:
    panel.tree.setFocus()
    panel.tree.setCurrentItem(item)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)


def test_folders_dock_adds_opens_and_removes_favourites(qtbot, tmp_path):
    wire = made_folder(tmp_path, {"w.jpg": {}}, "wire-in")
    sport = made_folder(tmp_path, {"s1.jpg": {}, "s2.jpg": {}}, "sport")
    desk = open_desk(qtbot, tmp_path, wire)
    panel = desk.view.folders
    qtbot.mouseClick(panel.add_button, LEFT)  # the open folder becomes a favourite
    assert panel.favourite_list() == [str(wire)]
    with qtbot.waitSignal(desk.folder_loaded, timeout=20_000):
        desk.open_folder(sport)
    # a favourite opens by Enter
    with qtbot.waitSignal(desk.folder_loaded, timeout=20_000) as opened:
        _activate_by_enter(qtbot, panel, _child(panel.favourites, wire))
    assert opened.args == [wire] and names(desk) == ["w.jpg"]
    # a recent folder opens by double-click
    item = _child(panel.recent, sport)
    rect = panel.tree.visualItemRect(item)
    with qtbot.waitSignal(desk.folder_loaded, timeout=20_000) as opened:
        # as a mouse does it: the first click, then the double click
        qtbot.mouseClick(panel.tree.viewport(), LEFT, pos=rect.center())
        qtbot.mouseDClick(panel.tree.viewport(), LEFT, pos=rect.center())
    assert opened.args == [sport] and names(desk) == ["s1.jpg", "s2.jpg"]
    qtbot.mouseClick(panel.add_button, LEFT)
    assert panel.favourite_list() == [str(wire), str(sport)]
    close_desk(desk)
    # the favourites are the home's: a new window shows them
    view = MainWindowView()
    qtbot.addWidget(view)
    again = Desk(view, TaskRunner(view), state=UiState(tmp_path / "ui.ini"))
    panel = again.view.folders
    assert panel.favourite_list() == [str(wire), str(sport)]
    panel.tree.setCurrentItem(_child(panel.favourites, wire))
    qtbot.mouseClick(panel.remove_button, LEFT)
    assert panel.favourite_list() == [str(sport)]
    view.close()  # closing writes the state file and waits for it
    assert UiState(tmp_path / "ui.ini").favourite_folders() == [str(sport)]


# 6. the search fields and 7. the filters

SEARCHED = {
    "a.jpg": {"caption": "Firefighters at the harbour.", "headline": "Blaze"},
    "b.jpg": {"caption": "Voters queue in the rain.", "credit": "QUOKKA PRESS"},
    "c.jpg": {"caption": "A goal in the last minute.", "byline": ["Mira Ozturk"]},
    "zebrafinch.jpg": {"caption": "Birds at dawn."},
    "e.jpg": {"caption": "Markets open lower."},
}


@pytest.fixture
def searched(qtbot, tmp_path):
    made = open_desk(qtbot, tmp_path, made_folder(tmp_path, SEARCHED))
    yield made
    close_desk(made)


def _search(qtbot, desk, text: str) -> list[str]:
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_F, CTRL)
    search = desk.view.search
    assert search.hasFocus()
    qtbot.keyClick(search, Qt.Key.Key_Backspace)  # Ctrl+F selected the last search
    qtbot.keyClicks(search, text)
    qtbot.keyClick(search, Qt.Key.Key_Return)  # back to the photos found
    return names(desk)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("blaze", "a.jpg"),  # headline
        ("quokka", "b.jpg"),  # credit
        ("ozturk", "c.jpg"),  # by-line
        ("zebrafin", "zebrafinch.jpg"),  # file name
        ("MARKETS", "e.jpg"),  # caption, whatever the case
    ],
)
def test_the_search_box_matches_each_field(qtbot, searched, text, found):
    assert _search(qtbot, searched, text) == [found]
    assert _search(qtbot, searched, "") == sorted(SEARCHED)  # emptied: every photo again


FILTERED = {
    "none.jpg": {"headline": "No caption here"},
    "twin-1.jpg": {"caption": "Rescue workers search the rubble after the quake in Izmir."},
    "twin-2.jpg": {"caption": "Rescue workers search the rubble after the quake in Izmir."},
    "own.jpg": {"caption": "A violinist tunes up before the gala concert."},
}


def test_missing_caption_and_duplicates_keep_exactly_their_photos(qtbot, tmp_path):
    desk = open_desk(qtbot, tmp_path, made_folder(tmp_path, FILTERED))
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_3, CTRL)
    assert desk.view.filter_box.currentData() == "missing"
    assert names(desk) == ["none.jpg"]
    qtbot.keyClick(sheet, Qt.Key.Key_4, CTRL)
    assert desk.view.filter_box.currentData() == "duplicates"
    assert names(desk) == ["twin-1.jpg", "twin-2.jpg"]
    qtbot.keyClick(sheet, Qt.Key.Key_1, CTRL)
    assert len(names(desk)) == 4
    close_desk(desk)


# 8. amber badges


def _painted_colours(findings: tuple[Finding, ...]) -> set[int]:
    return painted_colours(DeskPhoto(1, PhotoMetadata(path=Path("/desk/a.jpg"))), findings)


def test_warning_only_badges_are_amber_never_red(qapp):
    path = Path("/desk/a.jpg")
    warnings = (
        Finding("spelling", Severity.WARNING, path, "Typo."),
        Finding("metadata-conflict", Severity.WARNING, path, "IPTC and XMP differ."),
    )
    colours = _painted_colours(warnings)
    assert WARNING_COLOUR.rgb() in colours
    assert ERROR_COLOUR.rgb() not in colours
    # an error of one kind is red, the other kind's warning stays amber
    mixed = (Finding("spelling", Severity.ERROR, path, "Typo."), warnings[1])
    assert {WARNING_COLOUR.rgb(), ERROR_COLOUR.rgb()} <= _painted_colours(mixed)


# 9. the status bar


def test_status_bar_counts_photos_not_written_to_files(qtbot, tmp_path):
    folder = sample_folder(
        tmp_path, ("cat-01.jpg", "launch-01.jpg", "launch-02.jpg", "press-01.jpg")
    )
    desk = open_desk(qtbot, tmp_path, folder)
    desk.view.caption_editor.hold_writes.setChecked(True)
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    caption = test_editing._type_caption(qtbot, desk, "Held for the evening edition.")
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    settle(qtbot, desk)
    status = desk.view.status_label.text()
    assert status.startswith("4 photos") and "2 not written to files" in status, status
    assert desk.view.write_action.text() == "&Write to files (2)"  # the toolbar says it too
    qtbot.keyClick(sheet, Qt.Key.Key_W, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: desk.view.write_action.text() == "&Write to files", timeout=10_000)
    close_desk(desk)


def test_status_bar_says_one_photo_not_one_photos(qtbot, tmp_path):
    desk = open_desk(qtbot, tmp_path, made_folder(tmp_path, {"only.jpg": {"caption": "Alone."}}))
    status = desk.view.status_label.text()
    assert status.startswith("1 photo ·"), status
    close_desk(desk)


def test_an_empty_folder_says_so(qtbot, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a photo")
    desk = open_desk(qtbot, tmp_path, empty)
    assert desk.view.status_label.text().startswith("No photos in this folder")
    close_desk(desk)


# 10. a damaged file's reason


class _RecordingPainter(QPainter):
    """Keeps the text drawn, to read what a tile says."""

    def __init__(self, device) -> None:
        super().__init__(device)
        self.texts: list[str] = []

    def drawText(self, *args) -> None:  # noqa: N802 - Qt's name
        self.texts.extend(a for a in args if isinstance(a, str))
        super().drawText(*args)


def test_a_damaged_files_tile_says_why(qtbot, tmp_path):
    folder = made_folder(tmp_path, {"good.jpg": {"caption": "Fine."}})
    whole = (folder / "good.jpg").read_bytes()
    (folder / "cut.jpg").write_bytes(whole[: len(whole) // 2])  # a copy that stopped midway
    (folder / "notes.jpg").write_bytes(b"not a picture at all")
    desk = open_desk(qtbot, tmp_path, folder)
    assert names(desk) == ["cut.jpg", "good.jpg", "notes.jpg"]
    reasons = {"cut.jpg": "truncated", "notes.jpg": "not an image"}
    for row, name in ((0, "cut.jpg"), (2, "notes.jpg")):
        index = desk.model.index(row)
        assert desk.model.photo(row).unreadable
        tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert name in tooltip and reasons[name] in tooltip, tooltip
        option = QStyleOptionViewItem()
        option.initFrom(desk.view.sheet)
        option.rect = desk.view.sheet.visualRect(index)
        image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
        painter = _RecordingPainter(image)
        option.rect.moveTo(0, 0)
        desk.delegate.draw_tile(painter, option, index)
        painter.end()
        assert any(reasons[name] in text for text in painter.texts), painter.texts
    close_desk(desk)
