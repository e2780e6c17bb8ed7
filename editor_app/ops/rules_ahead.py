"""A big folder's per-photo rules on worker processes while the desk's lane builds its rows.

Loading the folder's rules engine is one thread of Python (~3.5 s of CPU at 10,000 photos, two
thirds of it the per-photo rules) while the other cores idle. The lane hands most of the
folder's rows, as the catalog gave them (plain text, cheap to pickle), to worker processes;
each decodes them into the same rules records (``decode_desk_rows``) and runs the per-photo
rules (``engine.own_messages``). Meanwhile the lane decodes every row for the tiles, runs the
rules of its own share and the batch rules (duplicates), then takes the workers' messages.
Tasks no worker has started by then the lane runs itself (``RulesAhead.result``), so the two
end within about a task of each other whatever the machine's speed.
"""

import contextlib
import logging
import math
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from datetime import date

from editor_app import parallel
from editor_app.captions.dictionary import dictionary
from editor_app.captions.engine import OwnFindings, OwnMessages, PhotoId, own_messages
from editor_app.captions.rules import RULE_MODULES
from editor_app.catalog import DeskRow, decode_desk_rows
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.read import idle_cores
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)

MIN_ROWS = 2000  # below this a pool's start (~0.3 s with its imports) outweighs the split
# What the split weighs (ms a photo, 10,000 photos, benchmarks/details.md): the lane
# decodes every row, prepares every photo and runs the batch rules whatever its share; its
# own share's per-photo rules; a worker's start, then its rows' decoding and their rules.
# Measured in the window (desk.py's timeline, two cold runs on 2026-12-01: the worker ended
# 0.1 and 0.5 s after the lane with the split of 0.24, 0.23, 0.30).
_LANE_EACH, _RULES, _WORKER_EACH, _WORKER_START = 0.14, 0.115, 0.21, 300.0
# The lane keeps this part of the share that would end the two together: it takes back the
# tasks no worker has started when its own work is done, but a worker cannot take the lane's
# rows. On a slow host the measured split left the worker idle 0.4-0.6 s at the end.
_LANE_BIAS = 0.5
# Rows a worker task takes. A task's rows and its findings are pickled and unpickled here by
# one call holding the GIL: the 8,868 rows of one task per worker took a 30-60 ms hold (a GUI
# stall); 500 rows are ~0.35 MB, a few ms.
TASK_ROWS = 500
# The last tasks are smaller: when the lane is done it waits for the task a worker is running
# (it takes back only those not started), and a 500-row task is 0.1-0.2 s of a worker's time.
LAST_TASK_ROWS = 100
# What a worker imports for its first task, ~0.09 s of its CPU while the import reads the
# folder: the window's worker server imports it once at start-up instead, for every load.
WORKER_MODULES = [__name__, *RULE_MODULES]


class RulesAhead:
    """The workers' own findings (an ``engine.OwnAhead``) for the photos ``ids``."""

    def __init__(
        self,
        futures: list[Future],
        ids: frozenset[PhotoId],
        settings: DeskSettings,
        today: date,
        tasks: Sequence[Sequence[DeskRow]] = (),
    ) -> None:
        """``tasks``: each future's rows, for the ones the lane takes back."""
        self.ids, self.settings, self.today = ids, settings, today
        self._futures = futures
        self._tasks = tasks

    def result(self) -> OwnFindings:
        """Every worker's messages in one (waits for them; raises what a worker raised).
        The tasks no worker has started yet run here, last first: the lane would only wait."""
        log.debug("folder load: lane's rules done, waiting for the workers")
        taken: dict[int, OwnFindings] = {}
        for at in reversed(range(len(self._tasks))):
            if not self._futures[at].cancel():  # started or queued: the ones before it too
                break
            taken[at] = _own_task(self._tasks[at], self.settings, self.today)
        if taken:
            log.debug(
                "folder load: the lane took %d of %d worker tasks", len(taken), len(self._tasks)
            )
        parts: list[OwnFindings] = [
            taken[at] if at in taken else f.result() for at, f in enumerate(self._futures)
        ]
        log.debug("folder load: workers' findings in")
        messages: dict[PhotoId, OwnMessages] = {}
        for part in parts:
            messages.update(part.messages)
        return OwnFindings(parts[0].rule_ids, messages)


class RulesWorkers:
    """Worker processes for ``rules_ahead``, started early (``start_workers``): each has run
    its first task (the rule modules imported, the desk's word list loaded) by the time the
    folder's rows are catalogued. A new pool's first task costs ~0.3 s more than its next."""

    def __init__(self, workers: int, settings: DeskSettings) -> None:
        self.workers = workers
        self.pool = parallel.process_pool(workers)
        for _ in range(workers):
            self.pool.submit(_warm_up, settings)

    def close(self) -> None:
        """Stop the workers, not waiting for a task still running (again: nothing)."""
        self.pool.shutdown(wait=False, cancel_futures=True)


def start_workers(expected: int, settings: DeskSettings, jobs: int) -> RulesWorkers | None:
    """Workers for a folder of about ``expected`` photos, started now, while the import reads
    it: None when ``rules_ahead`` would start none (small folder, one job, busy machine)."""
    workers = _workers(expected, jobs)
    return RulesWorkers(workers, settings) if workers > 0 else None


def _workers(rows: int, jobs: int) -> int:
    workers = min(jobs - 1, rows // MIN_ROWS)
    if workers > 0:  # one idle core is the lane's own; a worker on a shared one loses
        workers = min(workers, math.floor(idle_cores() + 0.25) - 1)
    return max(0, workers)


@contextlib.contextmanager
def rules_ahead(
    rows: Sequence[DeskRow],
    settings: DeskSettings,
    today: date,
    jobs: int,
    started: RulesWorkers | None = None,
) -> Iterator[RulesAhead | None]:
    """Start the per-photo rules of most of ``rows`` on ``jobs - 1`` worker processes; None
    (nothing started) for a small folder, one job, or no core idle besides the lane's. Leaving
    the block stops the workers. ``started``: workers started early for this folder, used
    instead of new ones (and stopped too, used or not).

    Only on idle cores: a worker costs more CPU than it saves the lane (10,000 photos: ~2.5-3.3
    s against ~0.7-1.8 s), which wins time only where a core would otherwise idle; with other
    programs busy a warm 10,000-photo load took 7.6-8.1 s with it against 5.0-5.3 without."""
    workers = _workers(len(rows), jobs)
    if started is not None:
        workers = min(workers, started.workers)
    start_cost = 0.0 if started is not None else _WORKER_START
    theirs = rows[lane_rows(len(rows), workers, start_cost) :] if workers > 0 else ()
    if not theirs:
        if started is not None:
            started.close()
        yield None
        return
    log.debug("folder load: rules of %d rows on %d worker(s)", len(theirs), workers)
    pool = started.pool if started is not None else parallel.process_pool(workers)
    ended = False
    try:
        tasks = [theirs[start:end] for start, end in task_bounds(len(theirs))]
        futures = [pool.submit(_own_task, task, settings, today) for task in tasks]
        yield RulesAhead(futures, frozenset(row[0] for row in theirs), settings, today, tasks)
        ended = True
    finally:  # cancelled or failed: the lane does not wait for a task still running
        pool.shutdown(wait=ended, cancel_futures=True)


def task_bounds(rows: int) -> list[tuple[int, int]]:
    """Where each worker task starts and ends: ``TASK_ROWS`` each, then smaller ones down to
    ``LAST_TASK_ROWS``, each about a quarter of the rows left after it."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < rows:
        left = rows - start
        size = min(TASK_ROWS, max(LAST_TASK_ROWS, left // 4), left)
        bounds.append((start, start + size))
        start += size
    return bounds


def lane_rows(rows: int, workers: int, start_cost: float | None = None) -> int:
    """How many of ``rows`` the lane checks itself so that it and ``workers`` end together;
    ``start_cost``: ms before a worker starts on its share (default: a new pool's)."""
    start = _WORKER_START if start_cost is None else start_cost
    their_rows = start + rows * (_WORKER_EACH / workers - _LANE_EACH)
    together = their_rows / (_RULES + _WORKER_EACH / workers)
    return max(0, min(rows, round(together * _LANE_BIAS)))


def _warm_up(settings: DeskSettings) -> None:
    """A worker's first task: what its share will need first, while the import still runs."""
    own_messages({}, settings, date.today())  # the rule modules and their context
    main = settings.spelling_language
    code = next(iter(settings.spelling_languages), None) if main == "auto" else main
    if code:
        dictionary(code)


def _own_task(rows: Sequence[DeskRow], settings: DeskSettings, today: date) -> OwnFindings:
    """A worker's share: decode the rows as the lane does, run their per-photo rules."""
    records: dict[PhotoId, PhotoMetadata] = {r.id: rules for r, rules in decode_desk_rows(rows)}
    return own_messages(records, settings, today)
