"""Thumbnails for the tiles on screen and a screen ahead: asked of the loader when the sheet
scrolls or changes (coalesced), put into the model as they come, and the folder load told
when the first screen has them (it waits for that before it takes the cores)."""

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPoint, QTimer
from PySide6.QtWidgets import QListView

from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.widgets.thumbnail_loader import ThumbnailJob, ThumbnailLoader

log = logging.getLogger(__name__)

SCROLL_SETTLE_MS = 25  # coalesce scroll events before asking for thumbnails


class SheetThumbnails(QObject):
    """``first_screen``: the open folder's event the load waits on (a new one per folder)."""

    def __init__(
        self,
        sheet: QListView,
        model: ContactSheetModel,
        loader: ThumbnailLoader,
        first_screen: Callable[[], threading.Event],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._sheet, self._model, self._loader = sheet, model, loader
        self._first_screen = first_screen
        self._failed: set[Path] = set()  # pictures that failed to decode
        self._timer = single_shot(self, SCROLL_SETTLE_MS, self.request_visible)
        sheet.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())
        loader.thumbnail_ready.connect(self._on_ready)
        loader.thumbnail_failed.connect(self._on_failed)

    def schedule(self) -> None:
        """Ask for the visible tiles' thumbnails in a moment (the sheet changed)."""
        self._timer.start()

    def scheduled(self) -> bool:
        return self._timer.isActive()

    def stop(self) -> None:
        self._timer.stop()

    def reset(self) -> None:
        """Another folder: its pictures have not failed yet."""
        self._failed = set()

    def request_visible(self) -> None:
        first, last = self.visible_rows()
        if last < first:
            return
        ahead = last + 1 + (last - first + 1)  # a screen ahead: as many tiles as shown
        rows = [*range(first, last + 1), *range(last + 1, min(ahead, self._model.rowCount()))]
        photos = [self._model.photo(row) for row in rows]
        self._loader.request(
            [ThumbnailJob(p.path, p.image_hash) for p in photos if not p.unreadable]
        )

    def visible_rows(self) -> tuple[int, int]:
        sheet = self._sheet
        count = self._model.rowCount()
        if not count:
            return 0, -1
        area = sheet.viewport().rect()
        first = _index_near(sheet, area.topLeft(), 1)
        last = _index_near(sheet, area.bottomRight(), -1)
        first_row = first.row() if first.isValid() else 0
        last_row = last.row() if last.isValid() else count - 1
        # The diagonal from the bottom-right corner misses a bottom row that shows less than
        # the empty strip right of the last column is wide: the tiles after the one found
        # that start above the viewport's bottom are on screen too (rows fill in order).
        model, bottom = sheet.model(), area.bottom()
        while (
            last_row + 1 < count and sheet.visualRect(model.index(last_row + 1, 0)).top() <= bottom
        ):
            last_row += 1
        return first_row, max(first_row, last_row)

    def _on_ready(self, path: Path, image) -> None:
        self._model.set_thumbnail(path, image)
        self._note_first_screen()

    def _on_failed(self, path: Path, reason: str) -> None:
        log.info("no thumbnail for %s: %s", path, reason)
        self._failed.add(path)
        self._model.set_picture_error(path, reason)
        self._note_first_screen()

    def _note_first_screen(self) -> None:
        event = self._first_screen()
        if not event.is_set() and self._screen_has_thumbnails():
            event.set()

    def _screen_has_thumbnails(self) -> bool:
        first, last = self.visible_rows()
        model = self._model
        return all(
            model.has_thumbnail(photo.path) or photo.unreadable or photo.path in self._failed
            for photo in (model.photo(row) for row in range(first, last + 1))
        )


def single_shot(parent: QObject, msecs: int, slot) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(slot)
    return timer


def _index_near(sheet: QListView, point: QPoint, step: int) -> QModelIndex:
    """The tile at ``point`` or, in the gaps between tiles, the nearest one along a diagonal."""
    for offset in range(0, 400, 6):
        index = sheet.indexAt(point + QPoint(offset * step, offset * step))
        if index.isValid():
            return index
    return QModelIndex()
