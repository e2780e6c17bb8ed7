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
from editor_app.ui.tasks import background_priority

log = logging.getLogger(__name__)

DECODE_SIZE = 256  # decoded once at this size; the delegate scales for the slider
_QUICK, _FULL, _STORE = "quick", "full", "store"  # cached/embedded; decode; decode for the cache


@dataclass(frozen=True, slots=True)
class ThumbnailJob:
    path: Path  # the tile
    cache_key: str  # the picture's identity (image hash); "" = do not cache (not yet known)


class _Signals(QObject):
    ready = Signal(object, object, QImage)  # (generation, job number), path, image
    failed = Signal(object, object, str)  # (generation, job number), path, reason


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
    """Signals: thumbnail_ready(Path, QImage), thumbnail_failed(Path, reason)."""

    thumbnail_ready = Signal(object, QImage)
    thumbnail_failed = Signal(object, str)

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
        self._queue: deque[tuple[ThumbnailJob, str, int]] = deque()  # (job, phase, number)
        self._uncached: set[Path] = set()  # decoded before the catalog knew the picture
        self._keys: dict[Path, str] = {}  # cache keys learnt after the jobs were queued
        self._jobs_queued = 0  # numbers the jobs as queued: a forgotten picture's older jobs drop
        self._forgotten: dict[Path, int] = {}
        self._running = 0
        self._generation = 0
        self._held = False  # decodes wait (a folder is loading): cached and embedded ones only
        self._bare: set[Path] = set()  # no cached or embedded thumbnail: decoded even when held
        self._done: set[Path] = set()  # keys whose final thumbnail is delivered or under way
        # Embedded thumbnail delivered, or found missing: each request while decodes are held
        # (the rows showing, a scroll) made it again, and every tile on screen drew itself anew.
        self._quick_done: set[Path] = set()

    def reset(self) -> None:
        """A new folder: forget the queue and drop every result still on its way."""
        with self._lock:
            self._generation += 1
            self._queue.clear()
            self._done.clear()
            self._uncached.clear()
            self._keys.clear()
            self._bare.clear()
            self._quick_done.clear()

    def request(self, jobs: list[ThumbnailJob]) -> None:
        """Decode these, in this order, replacing what was queued (not what is running).

        Two passes: first every tile gets its cached or embedded thumbnail (a few ms each, so
        the screen fills at once), then the pictures are decoded and the tiles sharpen.
        """
        with self._lock:
            todo = [j for j in jobs if j.path not in self._done]
            stores = [item for item in self._queue if item[1] == _STORE]
            self._queue = deque(
                self._numbered([*((j, _QUICK) for j in todo), *((j, _FULL) for j in todo)])
            )
            self._queue.extend(stores)
        self._start_workers()

    def hold_decodes(self, held: bool) -> None:
        """While held, only cached and embedded thumbnails are made; the decodes that sharpen
        the tiles wait in their queue (a tile with no picture at all is decoded anyway). The
        window holds them while a folder loads: on a cold folder they took ~2 s of the cores
        the import and the rules needed (about 80 decodes of 26 ms for a screen and the
        next), and the badges matter more than sharper tiles."""
        with self._lock:
            self._held = held
        if not held:
            self._start_workers()

    def forget(self, paths: list[Path]) -> None:
        """These pictures changed: their next request decodes them again, and a result of
        theirs still on its way (the old picture, from the cache) is dropped."""
        with self._lock:
            self._done.difference_update(paths)
            self._quick_done.difference_update(paths)
            for path in paths:
                self._forgotten[path] = self._jobs_queued

    def add_cache_keys(self, keys: dict[Path, str]) -> None:
        """The catalog now knows these pictures: cache the ones decoded before it did."""
        with self._lock:
            self._keys.update(keys)
            for path in [p for p in self._uncached if keys.get(p)]:
                self._uncached.discard(path)
                self._queue.extend(self._numbered([(ThumbnailJob(path, keys[path]), _STORE)]))
        self._start_workers()

    def _numbered(
        self, items: list[tuple[ThumbnailJob, str]]
    ) -> list[tuple[ThumbnailJob, str, int]]:
        """Number jobs as they are queued (call with the lock held)."""
        numbered = []
        for job, phase in items:
            self._jobs_queued += 1
            numbered.append((job, phase, self._jobs_queued))
        return numbered

    def _start_workers(self) -> None:
        with self._lock:
            ready = sum(map(self._ready, self._queue)) if self._held else len(self._queue)
            start = min(ready, self._pool.maxThreadCount() - self._running)
            self._running += start
        for _ in range(start):
            self._pool.start(_Worker(self))

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until the workers stop (shutdown and tests)."""
        with self._lock:
            self._queue.clear()
        return self._pool.waitForDone(msecs)

    def _next(self) -> tuple[tuple[int, int], ThumbnailJob, str] | None:
        with self._lock:
            while (item := self._pop()) is not None:
                job, phase, number = item
                if number <= self._forgotten.get(job.path, 0):
                    continue  # queued for a picture that has since been replaced
                if phase != _STORE and job.path in self._done:
                    continue
                if phase == _QUICK and job.path in self._quick_done:
                    continue
                if phase == _FULL:
                    self._done.add(job.path)
                return (self._generation, number), job, phase
            self._running -= 1
            return None

    def _pop(self) -> tuple[ThumbnailJob, str, int] | None:
        """The next job to run (call with the lock held): while held, the next quick one."""
        if not self._held:
            return self._queue.popleft() if self._queue else None
        for at, item in enumerate(self._queue):
            if self._ready(item):
                del self._queue[at]
                return item
        return None

    def _ready(self, item: tuple[ThumbnailJob, str, int]) -> bool:
        """Whether a job runs while decodes are held (call with the lock held)."""
        return item[1] == _QUICK or (item[1] == _FULL and item[0].path in self._bare)

    def _finished(self, path: Path, stamp: tuple[int, int]) -> None:
        with self._lock:
            if stamp[1] > self._forgotten.get(path, 0):  # not a replaced picture's old job
                self._done.add(path)

    def _produce(self, generation: tuple[int, int], job: ThumbnailJob, phase: str) -> None:
        try:
            if phase == _QUICK:
                self._quick(generation, job)
                return
            thumb = make_thumbnail(job.path, DECODE_SIZE, embedded_ok=False)
        except ThumbnailError as exc:
            self._finished(job.path, generation)
            if phase == _FULL:
                self._signals.failed.emit(generation, job.path, str(exc))
            return
        if phase == _FULL:
            self._signals.ready.emit(generation, job.path, to_qimage(thumb))
        if self._cache is None:
            return
        with self._lock:
            key = job.cache_key or self._keys.get(job.path, "")
            if not key:
                self._uncached.add(job.path)
        if key:
            self._cache.put(key, DECODE_SIZE, thumb)

    def _quick(self, generation: tuple[int, int], job: ThumbnailJob) -> None:
        cache = self._cache if job.cache_key else None
        cached = cache.get(job.cache_key, DECODE_SIZE) if cache is not None else None
        if cached is not None:
            self._finished(job.path, generation)  # as sharp as it gets: no decode pass
            self._signals.ready.emit(generation, job.path, to_qimage(cached))
            return
        embedded = embedded_thumbnail(job.path, min_size=96)
        if embedded is not None:
            self._signals.ready.emit(generation, job.path, to_qimage(embedded))
        with self._lock:
            # not a folder closed meanwhile, nor a picture replaced since (its result drops)
            if generation[0] == self._generation and generation[1] > self._forgotten.get(
                job.path, 0
            ):
                self._quick_done.add(job.path)
                if embedded is None:
                    self._bare.add(job.path)

    def _current(self, stamp: tuple[int, int], path: Path) -> bool:
        generation, number = stamp
        with self._lock:
            return generation == self._generation and number > self._forgotten.get(path, 0)

    def _on_ready(self, generation: tuple[int, int], path: Path, image: QImage) -> None:
        if self._current(generation, path):
            self.thumbnail_ready.emit(path, image)

    def _on_failed(self, generation: tuple[int, int], path: Path, reason: str) -> None:
        if self._current(generation, path):
            self.thumbnail_failed.emit(path, reason)


class _Worker(QRunnable):
    """Takes jobs from the loader's queue until it is empty."""

    def __init__(self, loader: ThumbnailLoader) -> None:
        super().__init__()
        self._loader = loader

    def run(self) -> None:
        background_priority()  # the GUI thread first, always
        while (item := self._loader._next()) is not None:
            generation, job, phase = item
            try:
                self._loader._produce(generation, job, phase)
            except Exception:  # one bad picture must not stop the others
                log.exception("thumbnail of %s failed", job.path)
