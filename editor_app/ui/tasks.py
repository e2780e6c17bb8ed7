"""Run core callables off the GUI thread; results and failures come back as signals.

File I/O goes to a pool; catalog work is serialized on a single-thread lane (one DB writer).
A task submitted on a named ``lane`` supersedes the lane's previous task: that one is cancelled,
and whatever it still reports (progress, result, failure) is dropped, so a late answer about
folder A can never land in the window that now shows folder B.
"""

import contextlib
import itertools
import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from editor_app.progress import Cancelled, CancelToken

log = logging.getLogger(__name__)

Task = Callable[[Callable[[int, int, str], None], CancelToken], Any]
BACKGROUND_NICE = 10  # CPU weight ~1/10 of the GUI thread's: it gets a core when it needs one
GIL_SWITCH_S = 0.0001  # Python's default is 5 ms


def share_the_gil() -> None:
    """Make a thread waiting for the GIL get it within ~0.1 ms, not 5 ms. PySide releases the
    GIL in almost every Qt call (a tile's paint makes dozens, a screen of tiles hundreds), and
    each time the GUI thread takes it back while a worker runs Python (the rules, the catalog)
    it waits up to the switch interval: hundreds of ms per paint at Python's default, and
    still 20 stalls over 50 ms in a warm 10,000-photo load at 0.5 ms against 2-4 at 0.1 ms
    (benchmarks/README.md). A process-wide setting: it costs Python-bound workers some more
    switching, measured as no slower loads."""
    sys.setswitchinterval(GIL_SWITCH_S)


def background_priority() -> None:
    """Lower the calling worker thread's CPU priority below the GUI thread's, so the GUI thread
    never waits for a core behind background work (on 2 cores, decode threads, the database
    lane and the import's processes left it waiting hundreds of ms). Processes a lowered thread
    starts inherit it. Linux has a nice value per thread: the process's (the GUI thread's) plus
    BACKGROUND_NICE, so calling it again changes nothing; elsewhere Qt's thread priority."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            nice = min(19, os.getpriority(os.PRIO_PROCESS, os.getpid()) + BACKGROUND_NICE)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), nice)
    else:
        QThread.currentThread().setPriority(QThread.Priority.LowPriority)


class _Relay(QObject):
    """One long-lived sender for every task: no per-task QObject can die on a worker thread."""

    progressed = Signal(int, int, int, str)  # ticket, done, total, label
    finished = Signal(int, object)
    failed = Signal(int, object)


class _Runnable(QRunnable):
    def __init__(self, func: Task, relay: _Relay, ticket: int, token: CancelToken) -> None:
        super().__init__()
        self._func, self._relay, self._ticket, self._token = func, relay, ticket, token

    def run(self) -> None:
        background_priority()
        try:
            result = self._func(self._progress, self._token)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            self._relay.failed.emit(self._ticket, exc)
        else:
            self._relay.finished.emit(self._ticket, result)

    def _progress(self, done: int, total: int, label: str) -> None:
        self._relay.progressed.emit(self._ticket, done, total, label)


@dataclass(frozen=True, slots=True)
class _Pending:
    lane: str | None
    token: CancelToken
    on_done: Callable[[Any], None]
    on_error: Callable[[BaseException], None]
    on_progress: Callable[[int, int, str], None] | None


class TaskRunner(QObject):
    """Submits tasks and routes their reports back on the GUI thread.

    Every submission gets a ticket; a lane remembers its latest ticket, and only that task's
    reports reach the callbacks.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._io_pool = QThreadPool(self)
        # At least two threads, so a new task never queues behind the one it supersedes.
        self._io_pool.setMaxThreadCount(max(2, QThread.idealThreadCount()))
        self._db_pool = QThreadPool(self)
        self._db_pool.setMaxThreadCount(1)
        self._tickets = itertools.count(1)
        self._latest: dict[str, int] = {}
        self._live: dict[int, _Pending] = {}
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._on_relay_progressed)
        self._relay.finished.connect(self._on_relay_finished)
        self._relay.failed.connect(self._on_relay_failed)

    def submit(
        self,
        func: Task,
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        on_progress: Callable[[int, int, str], None] | None = None,
        uses_db: bool = False,
        lane: str | None = None,
    ) -> CancelToken:
        """Start ``func(progress, cancel)``; with a ``lane``, supersede that lane's last task."""
        ticket = next(self._tickets)
        if lane is not None:
            previous = self._latest.get(lane)
            self._latest[lane] = ticket
            if previous in self._live:
                self._live[previous].token.cancel()
        token = CancelToken()
        self._live[ticket] = _Pending(lane, token, on_done, on_error, on_progress)
        pool = self._db_pool if uses_db else self._io_pool
        pool.start(_Runnable(func, self._relay, ticket, token))
        return token

    def pending(self) -> int:
        """How many submitted tasks have not reported back yet."""
        return len(self._live)

    def wait(self, msecs: int = 10_000) -> bool:
        """Block until every task is done (tests and shutdown only)."""
        return self._io_pool.waitForDone(msecs) and self._db_pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 30_000) -> bool:
        """Cancel every running task and wait for the threads (quitting the window)."""
        for pending in self._live.values():
            pending.token.cancel()
        done = self.wait(msecs)
        if not done:
            log.warning("background work still running after %d ms at shutdown", msecs)
        return done

    def _current(self, ticket: int) -> _Pending | None:
        pending = self._live.get(ticket)
        if pending is None or pending.lane is None:
            return pending
        return pending if self._latest.get(pending.lane) == ticket else None

    def _on_relay_progressed(self, ticket: int, done: int, total: int, label: str) -> None:
        pending = self._current(ticket)
        if pending is not None and pending.on_progress is not None:
            pending.on_progress(done, total, label)

    def _on_relay_finished(self, ticket: int, result: object) -> None:
        pending = self._current(ticket)
        self._live.pop(ticket, None)
        if pending is not None:
            pending.on_done(result)
        else:
            log.debug("dropped the result of superseded task %d", ticket)

    def _on_relay_failed(self, ticket: int, exc: BaseException) -> None:
        pending = self._current(ticket)
        self._live.pop(ticket, None)
        if pending is not None:
            pending.on_error(exc)
        elif not isinstance(exc, Cancelled):
            log.warning("superseded task %d failed", ticket, exc_info=exc)
