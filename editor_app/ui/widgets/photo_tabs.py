"""The Info and History tabs of the selected photo, each filled off the GUI thread.

The folder load reads no file, so the Info tab shows what the catalog knows at once and the
file's EXIF and sources when read; History comes from the catalog on the database lane. An
answer for a photo the editor has left (or saved since) is dropped.
"""

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from editor_app.ops.catalogs import Catalog
from editor_app.ops.desk import DeskPhoto, read_file_facts
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView

log = logging.getLogger(__name__)


class PhotoTabs(QObject):
    def __init__(
        self,
        view: MainWindowView,
        runner: TaskRunner,
        catalog: Callable[[], Catalog],
        current: Callable[[], DeskPhoto | None],
        selected_count: Callable[[], int],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self._runner, self._catalog = view, runner, catalog
        self._current, self._selected_count = current, selected_count

    def show_photo(self, photo: DeskPhoto | None) -> None:
        """Both tabs for ``photo`` (None: nothing selected)."""
        self.show_info(photo)
        if photo is None:
            self.view.history.clear()
        else:
            self.show_history(photo)

    def show_info(self, photo: DeskPhoto | None) -> None:
        self.view.info.show_photo(photo)
        if photo is None or photo.unreadable:
            return
        self._runner.submit(
            lambda _p, _c: read_file_facts(photo),
            on_done=lambda read: self._on_file_facts(photo, read),
            on_error=lambda exc: log.info("no file facts for %s: %s", photo.path, exc),
            lane="info",  # the editor moved on: the older read's answer is dropped
        )

    def _on_file_facts(self, photo: DeskPhoto, read: DeskPhoto) -> None:
        if self._current() == photo:  # the same snapshot: neither moved on nor saved
            self.view.info.show_photo(read)

    def show_history(self, photo: DeskPhoto) -> None:
        self.view.history.clear()
        if photo.key <= 0:  # not (yet) in the catalog
            return
        key = photo.key
        self._runner.submit(
            lambda _p, _c: self._catalog().history(key),
            on_done=lambda revisions: self._on_history(key, revisions),
            on_error=lambda exc: log.warning("history of %s failed: %s", key, exc),
            uses_db=True,
        )

    def _on_history(self, key: int, revisions) -> None:
        current = self._current()
        if current is not None and current.key == key:  # the editor may have moved on
            self.view.history.show_revisions(key, revisions, self._selected_count())
