"""The large view of one photo: fit to the window, Z for 100 %; decoded off the GUI thread.

The previous and next photos are decoded ahead, so arrowing through a folder is instant. Only
the latest request is shown: a preview that arrives after the editor moved on is dropped.

The fit view is scaled on the worker too (``Fitted``): each decode also fits the picture to the
view's size as it is then, and a resize fits the photos again; the GUI thread only puts up a
picture made for it (or meanwhile a stand-in scaled fast), never scales smoothly.

100 % is one image pixel on one screen pixel. The preview is decoded at most PREVIEW_SIDE on
its long side, so for a bigger picture Z asks ``FullSize`` for the picture at full resolution
(the fit view stays meanwhile, with a hint); arrows keep 100 % and Esc drops it.
"""

import logging
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScrollBar,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from editor_app.imaging.thumbnails import load_preview
from editor_app.ui.tasks import background_priority
from editor_app.ui.widgets.fitted import Aim, Area, Fitted, fit_wanted
from editor_app.ui.widgets.full_size import FullSize, decode_safely
from editor_app.ui.widgets.thumbnail_loader import to_qimage

log = logging.getLogger(__name__)

PREVIEW_SIDE = 2560  # decoded at most this big (100 % of a bigger picture: ``FullSize``)
_KEEP = 6  # previews kept in memory (the current one and its neighbours)
LOADING_FULL = "loading 100 %…"


class _Signals(QObject):
    fitted = Signal(str, object, QImage)  # path, the Area (None: not wanted), picture
    done = Signal(str, QImage, str)  # path, image (null on failure), reason


class _Decode(QRunnable):
    def __init__(self, path: Path, signals: _Signals, aim: Aim | None = None) -> None:
        super().__init__()
        self._path, self._signals, self._aim = path, signals, aim or Aim()

    def run(self) -> None:
        background_priority()  # the GUI thread first, always
        path = self._path
        image, reason = decode_safely(path, lambda: to_qimage(load_preview(path, PREVIEW_SIDE)))
        fitted, area = fit_wanted(self._aim, str(path), image)  # at the view's size now
        self._signals.fitted.emit(str(path), area, fitted)  # first: done shows it
        self._signals.done.emit(str(path), image, reason)


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
        self.hint = QLabel()  # "loading 100 %…" while the full resolution decodes
        # its width only while it shows: a minimum would widen the window's own minimum (the
        # docks beside the sheet), and a window restored at its saved size came back wider
        line = QHBoxLayout()
        line.addWidget(self.caption, 1)
        line.addWidget(self.hint)
        layout = self._column = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(line)
        self.actual_size = False
        self._current: str | None = None
        self._neighbours: list[str] = []  # decoded ahead, and fitted ahead
        self._images: OrderedDict[str, QImage | str] = OrderedDict()
        self._asked: set[str] = set()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_decoded)
        self.fits = Fitted(self._pool, self)
        self.fits.ready.connect(self._on_fitted)
        self._signals.fitted.connect(self.fits.put)  # dropped if the view changed meanwhile
        self.full = FullSize(self._pool, self)
        self.full.ready.connect(self._on_full_ready)
        self._centre = (0.5, 0.5)  # the 100 % view's centre, as fractions of the picture
        self._one_to_one = False  # a picture is shown at 100 % (scrolled by the editor)

    def show_photo(
        self, path: Path, caption: str, neighbours: list[Path], reason: str | None = None
    ) -> None:
        """``reason``: why the file cannot be read at all, as its tile says; no decode then."""
        if str(path) != self._current:
            self.full.drop()  # one full-resolution picture at most: the current photo's
        self._current = str(path)
        self._neighbours = [str(other) for other in neighbours]
        self.caption.setText(caption)
        self._column.activate()  # the view's size with this caption's lines: what to fit
        if reason:
            self._images[str(path)] = reason
        self._ask(path)
        self._render()  # before more decodes start: the current photo's fit goes first
        self._want_full()
        for other in neighbours:
            self._ask(other)

    def toggle_actual_size(self) -> None:
        self.actual_size = not self.actual_size
        self._centre, self._one_to_one = (0.5, 0.5), False  # from fit: the picture's centre
        if not self.actual_size:
            self.full.drop()
        self._render()
        self._want_full()

    def leave(self) -> None:
        """Back to the sheet: the full-resolution picture goes, the next preview opens fitted."""
        self.full.drop()
        self.actual_size = False
        self._current, self._neighbours = None, []
        self._render()

    def clear(self) -> None:
        self.leave()
        self._images.clear()
        self.fits.clear()

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
        self._pool.start(_Decode(path, self._signals, self.fits.aim))

    def _want_full(self) -> None:
        """At 100 %, the picture at full resolution unless the preview is the whole of it;
        the preview not known yet: asked at once."""
        shown = self._images.get(self._current or "")
        bigger = shown is None or (not isinstance(shown, str) and not _whole(shown))
        if self.actual_size and self._current is not None and bigger:
            self.full.want(self._current, self.devicePixelRatioF())
        self._show_hint()

    def _show_hint(self) -> None:
        loading = self.actual_size and self.full.loading(self._current)
        self.hint.setText(LOADING_FULL if loading else "")

    def _on_decoded(self, path: str, image: QImage, reason: str) -> None:
        self._asked.discard(path)
        self._images[path] = image if not image.isNull() else reason
        while len(self._images) > _KEEP:
            self._images.popitem(last=False)
        if path == self._current:
            self._render()
        elif path in self._neighbours and not image.isNull():
            self.fits.want(path, image)  # not fitted as it decoded: the view changed

    def _on_fitted(self, path: str) -> None:
        if path == self._current and not self._one_to_one:
            self._render()

    def _fit_area(self) -> Area:
        """The view's size without scroll bars (as the fit view shows), in device pixels."""
        frame = 2 * self.scroll_area.frameWidth()
        ratio = self.devicePixelRatioF()
        area = (self.scroll_area.size() - QSize(frame, frame)) * ratio
        return Area(area.width(), area.height(), ratio)

    def _aim_fits(self) -> None:
        """The current photo and its neighbours fitted to the view as it is now: those
        decoded already are made again on the worker unless held (the current one first)."""
        paths = [self._current, *self._neighbours] if self._current else []
        self.fits.aim_at(self._fit_area(), paths)
        for path in paths:
            image = self._images.get(path)
            if isinstance(image, QImage):
                self.fits.want(path, image, first=path == self._current)

    def _on_full_ready(self, path: str) -> None:
        if path == self._current and self.actual_size:
            self._render()

    def _render(self) -> None:
        """Fit; at 100 %, the full-resolution picture (or why it failed), the preview when it
        is the whole picture, else fit until the full resolution is in."""
        if self._one_to_one:
            self._centre = self._centre_now()
        self._one_to_one = False
        self._aim_fits()
        shown: QImage | QPixmap | str | None = self._images.get(self._current or "")
        full = self.full.held(self._current) if self.actual_size else None
        if full is not None:
            shown = full
        if shown is None or isinstance(shown, str):
            self._show_text(f"⚠ {shown}" if shown else "Loading…" if self._current else "")
        elif self.actual_size and (full is not None or _whole(shown)):
            self._show_one_to_one(shown)
        elif isinstance(shown, QImage):
            self._show_fitted(shown)
        self._show_hint()

    def _show_text(self, text: str) -> None:
        self._bars(False, False)
        self.scroll_area.setWidgetResizable(True)
        self.picture.setPixmap(QPixmap())
        self.picture.setText(text)

    def _show_fitted(self, preview: QImage) -> None:
        """The picture the worker fitted to the view (device pixels: sharp on HiDPI); until it
        is in, a stand-in scaled fast, replaced when it comes (``_on_fitted``)."""
        self._bars(False, False)  # the fit view is the whole view
        self.scroll_area.setWidgetResizable(True)
        current = self._current or ""
        self.picture.setPixmap(self.fits.held(current) or self.fits.stand_in(current, preview))

    def _show_one_to_one(self, shown: QImage | QPixmap) -> None:
        """One image pixel on one screen (device) pixel, scrolled to the kept centre."""
        pixmap = shown if isinstance(shown, QPixmap) else QPixmap.fromImage(shown)
        ratio = self.devicePixelRatioF()
        if pixmap.devicePixelRatio() != ratio:  # the full decode has it set on its worker
            pixmap.setDevicePixelRatio(ratio)
        size = pixmap.deviceIndependentSize().toSize()
        self._bars(*_bars_needed(size, self.scroll_area))
        self.scroll_area.setWidgetResizable(False)
        self.picture.setPixmap(pixmap)
        self.picture.resize(size)
        self._one_to_one = True
        self._scroll_to(self._centre)

    def _bars(self, across: bool, down: bool) -> None:
        """Scroll bars shown or not, decided now: left "as needed", Qt shows them a turn of
        the event loop later, and the view they take shifts the centre just set."""
        policy = Qt.ScrollBarPolicy
        on, off = policy.ScrollBarAlwaysOn, policy.ScrollBarAlwaysOff
        self.scroll_area.setHorizontalScrollBarPolicy(on if across else off)
        self.scroll_area.setVerticalScrollBarPolicy(on if down else off)

    def _centre_now(self) -> tuple[float, float]:
        return _middle(self.scroll_area.horizontalScrollBar()), _middle(
            self.scroll_area.verticalScrollBar()
        )

    def _scroll_to(self, centre: tuple[float, float]) -> None:
        _put_middle(self.scroll_area.horizontalScrollBar(), centre[0])
        _put_middle(self.scroll_area.verticalScrollBar(), centre[1])


def _whole(preview: QImage | QPixmap) -> bool:
    """A preview smaller than PREVIEW_SIDE was not scaled down: it is the whole picture."""
    return max(preview.width(), preview.height()) < PREVIEW_SIDE


def _bars_needed(size: QSize, area: QScrollArea) -> tuple[bool, bool]:
    """Which scroll bars a picture of ``size`` needs in ``area`` (one bar takes room from the
    other direction)."""
    room = area.maximumViewportSize()
    extent = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    across, down = size.width() > room.width(), size.height() > room.height()
    across = across or (down and size.width() > room.width() - extent)
    down = down or (across and size.height() > room.height() - extent)
    return across, down


def _middle(bar: QScrollBar) -> float:
    """Where the middle of the view is along ``bar``, as a fraction of the picture (the page
    step is the view's size as the scroll area counts it, scroll bars taken off)."""
    return (bar.value() + bar.pageStep() / 2) / max(1, bar.maximum() + bar.pageStep())


def _put_middle(bar: QScrollBar, fraction: float) -> None:
    bar.setValue(round(fraction * (bar.maximum() + bar.pageStep()) - bar.pageStep() / 2))
