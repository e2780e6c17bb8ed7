"""The preview's 100 % view of a picture bigger than its preview: the picture decoded at full
resolution on the preview's worker pool, at most one held (the current photo's).

Every request is numbered; dropping it (another photo, Z back to fit, Esc) moves the number
on, so a decode that finishes late is thrown away, never shown. A request still queued when it
is dropped does not decode at all.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, QRect, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap

from editor_app.errors import path_reason
from editor_app.imaging.thumbnails import Thumbnail, ThumbnailError, load_full
from editor_app.progress import CancelToken
from editor_app.ui.tasks import background_priority

log = logging.getLogger(__name__)

_FIRST = 1  # the full decode goes before the neighbours' previews queued on the same pool
_STRIP_PIXELS = 1_000_000  # converted to the screen's format in strips of this many pixels


def decode_safely(path: Path, load: Callable[[], QImage]) -> tuple[QImage, str]:
    """``load()``'s image and "", or a null image and the reason in words (never a traceback:
    a bad picture shows its reason and never stops the desk)."""
    try:
        return load(), ""
    except ThumbnailError as exc:
        return QImage(), str(exc)
    except OSError as exc:  # gone, unreadable: the file system's reason
        return QImage(), path_reason(path, exc)
    except Exception:
        log.exception("decoding %s failed", path)
        return QImage(), "the picture could not be decoded (damaged? details in the log)"


def screen_image(thumbnail: Thumbnail) -> QImage:
    """The pixels in the screen's own format (32-bit), in a buffer Qt owns: the GUI thread's
    pixmap then shares them instead of converting 24 MP there (~45 ms).

    Converted a strip at a time: PySide holds the GIL through each call, and one call over
    24 MP would stop the GUI thread for as long; a strip of ~1 MP holds it for ~2 ms."""
    width, height = thumbnail.width, thumbnail.height
    packed = QImage(thumbnail.data, width, height, width * 3, QImage.Format.Format_RGB888)
    screen = QImage(width, height, QImage.Format.Format_RGB32)
    rows = max(1, _STRIP_PIXELS // max(1, width))
    painter = QPainter(screen)
    try:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
        for top in range(0, height, rows):
            painter.drawImage(QPoint(0, top), packed, QRect(0, top, width, rows))
    finally:
        painter.end()
    return screen


class _Signals(QObject):
    done = Signal(int, QImage, str)  # request number, image (null on failure), reason


class _FullDecode(QRunnable):
    def __init__(
        self, number: int, path: Path, ratio: float, token: CancelToken, signals: _Signals
    ) -> None:
        super().__init__()
        self._number, self._path, self._ratio = number, path, ratio
        self._token, self._signals = token, signals

    def run(self) -> None:
        if self._token.cancelled:  # dropped while it waited: 300 ms and 100 MB saved
            return
        background_priority()  # the GUI thread first: it paints the fit view meanwhile
        image, reason = decode_safely(self._path, lambda: screen_image(load_full(self._path)))
        image.setDevicePixelRatio(self._ratio)  # here: on the GUI thread it would copy 100 MB
        self._signals.done.emit(self._number, image, reason)


class FullSize(QObject):
    """Signals: ``ready(path)`` when the wanted picture (or the reason it failed) is in."""

    ready = Signal(str)

    def __init__(self, pool: QThreadPool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool
        self._number = 0  # the live request; anything else that arrives is stale
        self._path: str | None = None  # wanted or held
        self._token = CancelToken()
        self._held: QPixmap | str | None = None
        self._signals = _Signals(self)
        self._signals.done.connect(self._on_done)

    def want(self, path: str, ratio: float) -> None:
        """Decode ``path`` at full resolution, for a screen of device pixel ``ratio``, unless
        it is held or on its way already."""
        if path == self._path:
            return
        self.drop()
        self._path = path
        decode = _FullDecode(self._number, Path(path), ratio, self._token, self._signals)
        self._pool.start(decode, _FIRST)

    def drop(self) -> None:
        """Forget the held picture and whatever is on its way."""
        self._token.cancel()
        self._token = CancelToken()
        self._number += 1
        self._path, self._held = None, None

    def held(self, path: str | None) -> QPixmap | str | None:
        """The full-resolution pixmap of ``path`` or why it failed; None while it decodes."""
        return self._held if path is not None and path == self._path else None

    def holding(self) -> str | None:
        """The path whose full-resolution picture is held (the only one), if any."""
        return self._path if isinstance(self._held, QPixmap) else None

    def held_bytes(self) -> int:
        """The memory of the held full-resolution pixels (one picture at most)."""
        held = self._held
        return held.width() * held.height() * held.depth() // 8 if isinstance(held, QPixmap) else 0

    def loading(self, path: str | None) -> bool:
        return path is not None and path == self._path and self._held is None

    def _on_done(self, number: int, image: QImage, reason: str) -> None:
        if number != self._number or self._path is None:
            return  # superseded: another photo, Z back to fit or Esc came first
        self._held = QPixmap.fromImage(image) if not image.isNull() else reason
        self.ready.emit(self._path)
