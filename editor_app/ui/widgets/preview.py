"""The large view of one photo: fit to the window, Z for 100 %; decoded off the GUI thread.

The previous and next photos are decoded ahead, so arrowing through a folder is instant. Only
the latest request is shown: a preview that arrives after the editor moved on is dropped.
"""

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from editor_app.errors import path_reason
from editor_app.imaging.thumbnails import ThumbnailError, load_preview
from editor_app.ui.widgets.thumbnail_loader import to_qimage

log = logging.getLogger(__name__)

PREVIEW_SIDE = 2560  # decoded at most this big; bigger screens scale up slightly
_KEEP = 6  # previews kept in memory (the current one and its neighbours)


class _Signals(QObject):
    done = Signal(str, QImage, str)  # path, image (null on failure), reason


class _Decode(QRunnable):
    def __init__(self, path: Path, signals: _Signals) -> None:
        super().__init__()
        self._path, self._signals = path, signals

    def run(self) -> None:
        try:
            image = to_qimage(load_preview(self._path, PREVIEW_SIDE))
            self._signals.done.emit(str(self._path), image, "")
        except ThumbnailError as exc:
            self._signals.done.emit(str(self._path), QImage(), str(exc))
        except OSError as exc:  # gone, unreadable: the file system's reason
            self._signals.done.emit(str(self._path), QImage(), path_reason(self._path, exc))
        except Exception:  # a bad picture shows its reason, never stops the desk
            log.exception("preview of %s failed", self._path)
            reason = "the picture could not be decoded (damaged? details in the log)"
            self._signals.done.emit(str(self._path), QImage(), reason)


class PreviewPane(QWidget):
    """Signals: none; the desk tells it what to show (``show_photo``) and what is next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(1, 1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(self.picture)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setStyleSheet("background: #202020; color: #dddddd;")
        self.caption = QLabel(wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.caption)
        self.actual_size = False
        self._current: str | None = None
        self._images: OrderedDict[str, QImage | str] = OrderedDict()
        self._asked: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_decoded)

    def show_photo(self, path: Path, caption: str, neighbours: list[Path]) -> None:
        self._current = str(path)
        self.caption.setText(caption)
        self._ask(path)
        for other in neighbours:
            self._ask(other)
        self._render()

    def toggle_actual_size(self) -> None:
        self.actual_size = not self.actual_size
        self._render()

    def clear(self) -> None:
        self._current = None
        self._images.clear()
        self.picture.clear()

    def wait(self, msecs: int = 10_000) -> bool:
        return self._pool.waitForDone(msecs)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._render()

    def _ask(self, path: Path) -> None:
        key = str(path)
        if key in self._images or key in self._asked:
            return
        self._asked.add(key)
        self._pool.start(_Decode(path, self._signals))

    def _on_decoded(self, path: str, image: QImage, reason: str) -> None:
        self._asked.discard(path)
        self._images[path] = image if not image.isNull() else reason
        while len(self._images) > _KEEP:
            self._images.popitem(last=False)
        if path == self._current:
            self._render()

    def _render(self) -> None:
        shown = self._images.get(self._current or "")
        if shown is None:
            self.picture.setPixmap(QPixmap())
            self.picture.setText("Loading…" if self._current else "")
            return
        if isinstance(shown, str):
            self.picture.setPixmap(QPixmap())
            self.picture.setText(f"⚠ {shown}")
            return
        self.scroll_area.setWidgetResizable(not self.actual_size)
        if self.actual_size:
            pixmap = QPixmap.fromImage(shown)
            self.picture.resize(pixmap.size())
        else:
            area = self.scroll_area.viewport().size()
            pixmap = QPixmap.fromImage(
                shown.scaled(
                    area,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.picture.setPixmap(pixmap)
