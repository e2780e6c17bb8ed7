"""The desk window's status bar: the folder's counts, and the progress bar with its Cancel
button for work that takes a while (opening a folder, writing to files)."""

from collections.abc import Callable

from PySide6.QtCore import QObject

from editor_app.ops.drafts import Drafts
from editor_app.progress import CancelToken
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.sheet_thumbnails import single_shot

PROGRESS_DELAY_MS = 600  # a progress bar only for loads that take a while (Anki)


class StatusBar(QObject):
    """``running``: the tokens of the work Cancel stops (None where nothing runs)."""

    def __init__(
        self,
        view: MainWindowView,
        model: ContactSheetModel,
        drafts: Drafts,
        running: Callable[[], tuple[CancelToken | None, ...]],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._view, self._model, self._drafts, self._running = view, model, drafts, running
        self._write_text = view.write_action.text()  # "&Write to files", then its count
        # A child of the view: it must not fire into a closed window's deleted progress bar.
        self._timer = single_shot(view, PROGRESS_DELAY_MS, self._show_progress)
        view.cancel_button.clicked.connect(self._cancel)

    def show_counts(self, note: str = "") -> None:
        count, flagged, pending = self._model.counts()
        parts = [f"{count:,} photo{'' if count == 1 else 's'}", f"{flagged:,} with problems"]
        if not count and self._model.root:  # an open folder's empty sheet says why
            parts = ["No photos in this folder (JPEG, TIFF, PNG and WebP files are shown)"]
        if self._drafts:
            parts.append(f"{len(self._drafts.keys()):,} unsaved")
        if pending:
            parts.append(f"{pending:,} not written to files")
        shown = self._model.rowCount()
        if shown != count:
            parts.append(f"{shown:,} shown")
        if note:
            parts.append(note)
        self._view.status_label.setText(" · ".join(parts))
        # the design's "Write to files (12)": what is saved but not yet in the files
        write = self._write_text
        self._view.write_action.setText(f"{write} ({pending:,})" if pending else write)

    def start_progress(self) -> None:
        """Work began: its progress bar shows if it is still running in a moment."""
        self._view.progress.setValue(0)
        self._timer.start()

    def progress(self, done: int, total: int, _label: str = "") -> None:
        self._view.progress.setMaximum(max(total, 1))
        self._view.progress.setValue(done)

    def hide_progress(self) -> None:
        self._timer.stop()
        self._view.progress.hide()
        self._view.cancel_button.hide()

    def stop(self) -> None:
        self._timer.stop()

    def _show_progress(self) -> None:
        self._view.progress.show()
        self._view.cancel_button.show()

    def _cancel(self) -> None:
        for token in self._running():
            if token is not None:
                token.cancel()
