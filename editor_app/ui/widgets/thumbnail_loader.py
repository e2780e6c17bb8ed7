"""Decode thumbnails on worker threads, visible tiles first; never on the GUI thread.

The window asks for what is on screen (plus a screen ahead) every time the view scrolls; the
newest request replaces the queue, so scrolling past a thousand photos never leaves a thousand
decodes waiting. Each result is tagged with the request generation of its folder: a thumbnail
of a folder that was closed meanwhile is dropped, never shown.
"""

import logging
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QImage

from editor_app.imaging.cache import ThumbnailCache
from editor_app.imaging.thumbnails import (
    Thumbnail,
    ThumbnailError,
    embedded_thumbnail,
    make_thumbnail,
)

log = logging.getLogger(__name__)

DECODE_SIZE = 256  # decoded once at this size; the delegate scales for the slider


@dataclass(frozen=True, slots=True)
class ThumbnailJob:
    key: int  # the tile
    path: Path
    cache_key: str  # the picture's identity (image hash); "" = do not cache


class _Signals(QObject):
    ready = Signal(int, int, QImage)  # generation, key, image
    failed = Signal(int, int, str)  # generation, key, reason


def to_qimage(thumbnail: Thumbnail) -> QImage:
    """A QImage that owns its pixels (safe to hand from a worker thread to the GUI)."""
    image = QImage(
        thumbnail.data,
        thumbnail.width,
        thumbnail.height,
        thumbnail.width * 3,
        QImage.Format.Format_RGB888,
    )
    return image.copy()


class ThumbnailLoader(QObject):
    """Signals: thumbnail_ready(key, QImage), thumbnail_failed(key, reason)."""

    thumbnail_ready = Signal(int, QImage)
    thumbnail_failed = Signal(int, str)

    def __init__(
        self, cache: ThumbnailCache | None, threads: int = 2, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._cache = cache
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max(1, threads))
        self._signals = _Signals(self)
        self._signals.ready.connect(self._on_ready)
        self._signals.failed.connect(self._on_failed)
        self._lock = threading.Lock()
        self._queue: deque[tuple[ThumbnailJob, bool]] = deque()  # (job, quick pass)
        self._running = 0
        self._generation = 0
        self._done: set[int] = set()  # keys whose final thumbnail is delivered or under way

    def reset(self) -> None:
        """A new folder: forget the queue and drop every result still on its way."""
        with self._lock:
            self._generation += 1
            self._queue.clear()
            self._done.clear()

    def request(self, jobs: list[ThumbnailJob]) -> None:
        """Decode these, in this order, replacing what was queued (not what is running).

        Two passes: first every tile gets its cached or embedded thumbnail (a few ms each, so
        the screen fills at once), then the pictures are decoded and the tiles sharpen.
        """
        with self._lock:
            todo = [j for j in jobs if j.key not in self._done]
            self._queue = deque([*((j, True) for j in todo), *((j, False) for j in todo)])
            start = min(len(self._queue), self._pool.maxThreadCount() - self._running)
            self._running += start
        for _ in range(start):
            self._pool.start(_Worker(self))

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the workers stop (shutdown and tests)."""
        with self._lock:
            self._queue.clear()
        return self._pool.waitForDone(msecs)

    def _next(self) -> tuple[int, ThumbnailJob, bool] | None:
        with self._lock:
            while self._queue:
                job, quick = self._queue.popleft()
                if job.key in self._done:
                    continue
                if not quick:
                    self._done.add(job.key)
                return self._generation, job, quick
            self._running -= 1
            return None

    def _finished(self, key: int) -> None:
        with self._lock:
            self._done.add(key)

    def _produce(self, generation: int, job: ThumbnailJob, quick: bool) -> None:
        try:
            if quick:
                self._quick(generation, job)
                return
            thumb = make_thumbnail(job.path, DECODE_SIZE, embedded_ok=False)
        except ThumbnailError as exc:
            self._finished(job.key)
            self._signals.failed.emit(generation, job.key, str(exc))
            return
        self._signals.ready.emit(generation, job.key, to_qimage(thumb))
        if self._cache is not None and job.cache_key:
            self._cache.put(job.cache_key, DECODE_SIZE, thumb)

    def _quick(self, generation: int, job: ThumbnailJob) -> None:
        cache = self._cache if job.cache_key else None
        cached = cache.get(job.cache_key, DECODE_SIZE) if cache is not None else None
        if cached is not None:
            self._finished(job.key)  # as sharp as it gets: no decode pass
            self._signals.ready.emit(generation, job.key, to_qimage(cached))
            return
        embedded = embedded_thumbnail(job.path, min_size=96)
        if embedded is not None:
            self._signals.ready.emit(generation, job.key, to_qimage(embedded))

    def _current(self, generation: int) -> bool:
        with self._lock:
            return generation == self._generation

    def _on_ready(self, generation: int, key: int, image: QImage) -> None:
        if self._current(generation):
            self.thumbnail_ready.emit(key, image)

    def _on_failed(self, generation: int, key: int, reason: str) -> None:
        if self._current(generation):
            self.thumbnail_failed.emit(key, reason)


class _Worker(QRunnable):
    """Takes jobs from the loader's queue until it is empty."""

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        while (item := self._loader._next()) is not None:
            generation, job, quick = item
            try:
                self._loader._produce(generation, job, quick)
            except Exception:  # one bad picture must not stop the others
                log.exception("thumbnail of %s failed", job.path)
