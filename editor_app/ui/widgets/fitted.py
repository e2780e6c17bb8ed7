"""The preview's fit view, made on the preview's worker: the decoded preview scaled smoothly to the
view's size in device pixels, for the current photo and the neighbours decoded ahead, so an
arrow shows the next fitted picture at once and costs the GUI thread no scaling.

Scaled on the GUI thread, a 2,560 px preview cost 10-25 ms an arrow; scaled by Qt on a worker,
it would stop the GUI thread as long (Qt's scaling holds Python's GIL). ``imaging.fit`` scales
with Pillow, which releases it.

Each picture is made for an ``Area`` (the view's size in device pixels, and the ratio). A result
for a photo or an area no longer wanted (the editor moved on, the window was resized) is
dropped, never shown; one still queued is not made. A few are kept (a 1600x1000 view is 6 MB a
picture, a HiDPI one 4 times that). While the picture for the area is not in, ``stand_in`` is
the nearest one kept (or the preview) scaled fast.
"""

import logging
from collections import OrderedDict
from typing import NamedTuple

from PySide6.QtCore import QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QImage, QPixmap

from editor_app.imaging.fit import screen_pixels
from editor_app.ui.tasks import background_priority

log = logging.getLogger(__name__)

FIT_KEEP = 4  # fitted pictures kept: the current photo's, its two neighbours', one more
_FIRST = 2  # the current photo's fit goes before anything queued (a full decode's is 1)


class Area(NamedTuple):
    """Where a picture is fitted: the view's size in device pixels, and their ratio."""

    width: int
    height: int
    ratio: float


class Aim:
    """What is wanted now, read by the workers: swapped whole by the GUI thread."""

    def __init__(self) -> None:
        self.now: tuple[Area | None, frozenset[str]] = (None, frozenset())

    def wanted(self, path: str) -> Area | None:
        area, paths = self.now
        return area if path in paths else None


def fit_size(size: QSize, area: Area) -> QSize:
    """``size`` scaled within ``area`` (its aspect kept, as Qt's fit), never empty."""
    fitted = size.scaled(QSize(area.width, area.height), Qt.AspectRatioMode.KeepAspectRatio)
    return fitted.expandedTo(QSize(1, 1))


def fit_image(image: QImage, area: Area) -> QImage:
    """``image`` scaled smoothly within ``area``, in the screen's 32-bit format with the ratio
    set: the GUI thread's pixmap shares its pixels, nothing converted there."""
    if image.format() != QImage.Format.Format_RGB888:
        image = image.convertToFormat(QImage.Format.Format_RGB888)
    size = fit_size(image.size(), area)
    w, h = size.width(), size.height()
    pixels = screen_pixels(
        image.constBits(), image.width(), image.height(), image.bytesPerLine(), (w, h)
    )
    fitted = QImage(pixels, w, h, w * 4, QImage.Format.Format_RGB32).copy()  # owns its pixels
    fitted.setDevicePixelRatio(area.ratio)
    return fitted


def fit_wanted(aim: Aim, path: str, image: QImage) -> tuple[QImage, Area | None]:
    """On a worker: ``image`` fitted to the area wanted now, and that area; a null image and
    None when ``path`` is not wanted (or could not be scaled: the stand-in stays)."""
    area = aim.wanted(path)
    if area is None or image.isNull():
        return QImage(), None
    try:
        return fit_image(image, area), area
    except Exception:
        log.exception("fitting %s failed", path)
        return QImage(), None


class _Signals(QObject):
    done = Signal(str, object, QImage)  # path, the Area asked, the picture (null: not made)


class _Fit(QRunnable):
    def __init__(self, path: str, image: QImage, area: Area, aim: Aim, signals: _Signals):
        super().__init__()
        self._path, self._image, self._area = path, image, area
        self._aim, self._signals = aim, signals

    def run(self) -> None:
        fitted = QImage()
        if self._aim.wanted(self._path) == self._area:  # else superseded while it waited
            background_priority()  # the GUI thread first, always
            fitted, area = fit_wanted(self._aim, self._path, self._image)
            if area != self._area:
                fitted = QImage()
        self._signals.done.emit(self._path, self._area, fitted)


class Fitted(QObject):
    """Signals: ``ready(path)`` when a wanted photo's picture for the wanted area is in."""

    ready = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self.aim = Aim()  # the preview's decodes fit what it wants too
        self._held: OrderedDict[tuple[str, Area], QPixmap] = OrderedDict()
        self._making: set[tuple[str, Area]] = set()
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)

    def aim_at(self, area: Area, paths: list[str]) -> None:
        """Wanted from now on: ``paths`` fitted to ``area``; anything else is superseded."""
        self.aim.now = (area, frozenset(paths))

    def want(self, path: str, image: QImage, *, first: bool = False) -> None:
        """Make ``path``'s picture from its decoded preview, unless held or on its way."""
        area = self.aim.wanted(path)
        if area is None or (path, area) in self._held or (path, area) in self._making:
            return
        self._making.add((path, area))
        self._pool.start(_Fit(path, image, area, self.aim, self._signals), _FIRST if first else 0)

    def put(self, path: str, area: Area | None, fitted: QImage) -> bool:
        """Keep a picture made for ``area`` if that is still wanted; whether it was kept."""
        if area is None or fitted.isNull() or self.aim.wanted(path) != area:
            return False  # superseded: dropped, never shown
        self._held[(path, area)] = QPixmap.fromImage(fitted)  # the same format: shared
        self._held.move_to_end((path, area))
        self._keep_few()
        return True

    def held(self, path: str | None) -> QPixmap | None:
        """``path``'s picture for the wanted area, if it is in."""
        area = self.aim.wanted(path or "")
        if path is None or area is None or (path, area) not in self._held:
            return None
        self._held.move_to_end((path, area))  # the least recently shown goes first
        return self._held[(path, area)]

    def stand_in(self, path: str, preview: QImage) -> QPixmap:
        """Meanwhile: the nearest picture of ``path`` kept (another area), else its preview,
        scaled fast to the wanted area (~2 ms for a 1600x1000 view)."""
        area = self.aim.wanted(path) or Area(preview.width(), preview.height(), 1.0)
        kept = [a for p, a in self._held if p == path]
        nearest = min(kept, key=lambda a: abs(a.width - area.width), default=None)
        source: QImage | QPixmap = preview if nearest is None else self._held[(path, nearest)]
        scaled = source.scaled(
            fit_size(source.size(), area),
            Qt.AspectRatioMode.IgnoreAspectRatio,  # the size is fitted already
            Qt.TransformationMode.FastTransformation,
        )
        pixmap = scaled if isinstance(scaled, QPixmap) else QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(area.ratio)  # a new pixmap: nothing shared is copied
        return pixmap

    def clear(self) -> None:
        self.aim.now = (None, frozenset())
        self._held.clear()

    def _on_done(self, path: str, area: Area, fitted: QImage) -> None:
        self._making.discard((path, area))
        if self.put(path, area, fitted):
            self.ready.emit(path)

    def _keep_few(self) -> None:
        """At most FIT_KEEP: those no longer wanted go first, then the least recently used."""
        while len(self._held) > FIT_KEEP:
            area, paths = self.aim.now
            stale = [key for key in self._held if key[1] != area or key[0] not in paths]
            del self._held[stale[0] if stale else next(iter(self._held))]
