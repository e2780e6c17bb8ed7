"""Thumbnails are asked for the tiles on screen first, then a screen ahead, nothing further;
a scroll replaces what was queued, so the rows scrolled past never hold up the new screen."""

import pytest
from PySide6.QtCore import Qt

from editor_app.ui.widgets.thumbnail_loader import ThumbnailLoader
from tests.ui.desks import close_desk, open_desk
from tests.ui.made_photos import made_folder

COUNT = 120


@pytest.fixture
def asked(monkeypatch):
    """Each request's file names, in the order the loader is asked to make them."""
    requests: list[list[str]] = []
    real = ThumbnailLoader.request

    def recording(self, jobs):
        requests.append([job.path.name for job in jobs])
        return real(self, jobs)

    monkeypatch.setattr(ThumbnailLoader, "request", recording)
    return requests


@pytest.fixture
def desk(qtbot, tmp_path):
    folder = made_folder(tmp_path, {f"p{i:03d}.jpg": {} for i in range(COUNT)})
    made = open_desk(qtbot, tmp_path, folder)
    made.view.resize(1400, 800)  # a few rows of tiles a screen
    _idle(qtbot, made)
    yield made
    close_desk(made)


def _idle(qtbot, desk) -> None:
    loader = desk.loader  # the decodes released (the load is done) and none left to make
    qtbot.waitUntil(lambda: not (loader._held or loader._running or _queued(desk)), timeout=10_000)


def _queued(desk) -> list[str]:
    """The decodes waiting in the loader, in its order (not the cache stores)."""
    with desk.loader._lock:
        return [job.path.name for job, phase, _ in desk.loader._queue if phase != "store"]


def _on_screen(desk, whole: bool = False) -> list[str]:
    """The tiles the viewport shows (``whole``: only those shown whole), by their geometry,
    not by the code under test."""
    sheet = desk.view.sheet
    area = sheet.viewport().rect()
    seen = area.contains if whole else area.intersects
    rows = range(desk.model.rowCount())
    return [desk.model.photo(r).name for r in rows if seen(sheet.visualRect(desk.model.index(r)))]


def _scroll(qtbot, desk, asked, key: Qt.Key, times: int = 1) -> list[str]:
    """Move by keys until the sheet scrolls; the request that follows."""
    asked.clear()
    for _ in range(times):
        qtbot.keyClick(desk.view.sheet, key)
    qtbot.waitUntil(lambda: bool(asked))
    return asked[-1]


def test_the_screen_is_asked_first_then_a_screen_ahead(qtbot, desk, asked, monkeypatch):
    # nothing decodes from here: what is queued stays to be looked at
    monkeypatch.setattr(desk.loader, "_start_workers", lambda: None)
    _scroll(qtbot, desk, asked, Qt.Key.Key_End)
    request = _scroll(qtbot, desk, asked, Qt.Key.Key_PageUp, 4)  # rows never decoded yet
    shown, whole = _on_screen(desk), _on_screen(desk, whole=True)
    assert 3 <= len(whole) < COUNT // 4
    everything = [desk.model.photo(r).name for r in range(desk.model.rowCount())]
    first = everything.index(shown[0])
    # from the first tile on screen, in the sheet's order: the screen first, then what follows
    assert request == everything[first : first + len(request)]
    assert set(whole) <= set(request[: len(whole)])
    # a screen ahead (as many tiles as the screen holds), and nothing further
    assert 2 * len(whole) <= len(request) <= 2 * len(shown)
    # queued so: each tile's quick thumbnail (cached or embedded), then the decodes
    with desk.loader._lock:
        queued = [(job.path.name, phase) for job, phase, _ in desk.loader._queue]
    assert queued[: 2 * len(request)] == [
        *((name, "quick") for name in request),
        *((name, "full") for name in request),
    ]


def test_a_scroll_replaces_the_queue(qtbot, desk, asked, monkeypatch):
    monkeypatch.setattr(desk.loader, "_start_workers", lambda: None)  # as above
    _scroll(qtbot, desk, asked, Qt.Key.Key_End)
    passed = set(_on_screen(desk))
    assert passed and passed <= set(_queued(desk))  # waiting to be decoded
    _scroll(qtbot, desk, asked, Qt.Key.Key_PageUp, 4)  # the editor goes back up a way
    shown = _on_screen(desk)
    assert not passed & set(shown)
    queued = _queued(desk)
    assert queued[: len(shown)] == shown  # the new screen first
    assert not passed & set(queued)  # the rows scrolled past are no longer waiting
    monkeypatch.undo()
    desk.loader._start_workers()
    qtbot.waitUntil(lambda: all(desk.model.has_thumbnail(desk.folder / n) for n in shown))
    _idle(qtbot, desk)
    assert not any(desk.model.has_thumbnail(desk.folder / n) for n in passed)


@pytest.mark.parametrize("width", [692, 760, 1000, 1400])
def test_a_bottom_row_barely_shown_counts_as_on_screen(qtbot, desk, width):
    sheet = desk.view.sheet
    desk.view.resize(width, 800)
    qtbot.waitUntil(lambda: sheet.viewport().width() > 0)
    tile = sheet.visualRect(desk.model.index(0)).height()
    for shown in (8, tile // 3):  # the bottom row's top this far above the viewport's bottom
        top = next(
            sheet.visualRect(desk.model.index(r)).top() + sheet.verticalScrollBar().value()
            for r in range(desk.model.rowCount())
            if sheet.visualRect(desk.model.index(r)).top() + sheet.verticalScrollBar().value()
            > sheet.viewport().height()
        )
        sheet.verticalScrollBar().setValue(top + shown - sheet.viewport().height())
        on_screen = _on_screen(desk)
        first, last = desk.thumbnails.visible_rows()
        assert [desk.model.photo(r).name for r in range(first, last + 1)] == on_screen
