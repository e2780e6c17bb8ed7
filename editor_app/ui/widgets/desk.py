"""The desk window's behaviour: load a folder off the GUI thread, show the selected photo.

Folder reads run on the runner's ``folder`` lane: opening B while A is still being read drops
everything A still reports. Closing the window cancels running work and waits for it.
"""

import logging
from pathlib import Path

from PySide6.QtCore import QItemSelection, QObject, QTimer
from PySide6.QtWidgets import QHeaderView

from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.files import iter_photo_paths
from editor_app.ops.read import read_photos
from editor_app.ops.show import record_text
from editor_app.progress import Cancelled, CancelToken, Progress
from editor_app.ui.models.photo_table import PhotoTableModel
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600  # a progress bar only for loads that take a while (Anki)


class Desk(QObject):
    """Controller of MainWindowView; every file read happens on the runner's threads."""

    def __init__(
        self,
        view: MainWindowView,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        jobs: int = 1,
    ) -> None:
        """``jobs``: worker processes for big folders (pools never fork: see parallel.py)."""
        super().__init__(parent)
        self.view, self._runner, self._jobs = view, runner, jobs
        view.closing.connect(self._on_view_closing)
        self.model = PhotoTableModel(self)
        view.table.setModel(self.model)
        header = view.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(
            PhotoTableModel.COLUMNS.index("Caption"), QHeaderView.ResizeMode.Stretch
        )
        view.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        view.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        self._token: CancelToken | None = None
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.timeout.connect(self._show_progress)

    def open_folder(self, folder: Path) -> CancelToken:
        """Start reading ``folder``; the table fills when the read finishes."""
        if self._token is not None:
            self._token.cancel()
        self.view.status_label.setText(f"Reading {folder} …")
        self.view.progress.setValue(0)
        self._progress_timer.start(PROGRESS_DELAY_MS)
        jobs = self._jobs
        self._token = self._runner.submit(
            lambda progress, cancel: _read_folder(folder, progress, cancel, jobs),
            on_done=self._on_folder_read,
            on_error=self._on_folder_failed,
            on_progress=self._on_read_progressed,
            lane="folder",
        )
        return self._token

    def _on_view_closing(self) -> None:
        self._runner.shutdown()  # no thread may outlive the window it reports to

    def _show_progress(self) -> None:
        self.view.progress.show()
        self.view.cancel_button.show()

    def _hide_progress(self) -> None:
        self._progress_timer.stop()
        self.view.progress.hide()
        self.view.cancel_button.hide()

    def _on_read_progressed(self, done: int, total: int, label: str) -> None:
        self.view.progress.setMaximum(total)
        self.view.progress.setValue(done)

    def _on_folder_read(self, records: list[PhotoMetadata]) -> None:
        self._hide_progress()
        self.model.set_rows(records)
        for column in range(self.model.columnCount()):
            if PhotoTableModel.COLUMNS[column] != "Caption":
                self.view.table.resizeColumnToContents(column)
        bad = sum(1 for r in records if r.error)
        note = f", {bad} with problems" if bad else ""
        self.view.status_label.setText(f"{len(records)} photos{note}")
        if records:
            self.view.table.selectRow(0)

    def _on_folder_failed(self, exc: BaseException) -> None:
        self._hide_progress()
        if isinstance(exc, Cancelled):
            self.view.status_label.setText("Reading cancelled")
            return
        log.error("reading the folder failed", exc_info=exc)
        self.view.status_label.setText(f"Could not read the folder: {exc}")

    def _on_cancel_button_clicked(self) -> None:
        if self._token is not None:
            self._token.cancel()

    def _on_table_selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if rows:
            self.view.details.setPlainText(record_text(self.model.record(min(rows))))


def _read_folder(
    folder: Path, progress: Progress, cancel: CancelToken, jobs: int
) -> list[PhotoMetadata]:
    paths = list(iter_photo_paths(folder))
    return list(read_photos(paths, jobs=jobs, progress=progress, cancel=cancel))
