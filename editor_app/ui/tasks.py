"""Run core callables off the GUI thread; results and failures come back as signals.

File I/O goes to a pool; catalog work is serialized on a single-thread lane (one DB writer).
"""

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from editor_app.progress import CancelToken

log = logging.getLogger(__name__)

Task = Callable[[Callable[[int, int, str], None], CancelToken], Any]


class _TaskSignals(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, func: Task, signals: _TaskSignals, token: CancelToken) -> None:
        super().__init__()
        self._func, self._signals, self._token = func, signals, token

    def run(self) -> None:
        try:
            result = self._func(self._signals.progressed.emit, self._token)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class TaskRunner(QObject):
    """Submits tasks; keeps their signal holders alive until they report back."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._io_pool = QThreadPool(self)
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._live: set[_TaskSignals] = set()

    def submit(
        self,
        func: Task,
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
        uses_db: bool = False,
    ) -> CancelToken:
        signals, token = _TaskSignals(), CancelToken()
        if on_progress is not None:
            signals.progressed.connect(on_progress)
        signals.finished.connect(on_done)
        signals.failed.connect(on_error)
        signals.finished.connect(lambda _r: self._live.discard(signals))
        signals.failed.connect(lambda _e: self._live.discard(signals))
        self._live.add(signals)
        (self._db_pool if uses_db else self._io_pool).start(_Runnable(func, signals, token))
        return token

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every task is done (tests and shutdown only)."""
        return self._io_pool.waitForDone(msecs) and self._db_pool.waitForDone(msecs)
