"""Read many photos, in order, on every core when the batch is big enough to pay for it."""

import logging
import math
import os
import time
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar, cast

from editor_app import parallel
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.progress import CancelToken, Progress, no_progress

# Reading only (show, check): measured on desk-shaped folders (benchmarks/details.md, "Reading
# a desk's feed"), a pool costs 0.3-0.5 s to start in a fresh process (the forkserver starts
# and imports the reader, parallel.py) and saves ~0.85 ms per file on two cores, so below ~500
# files it is slower than reading here. It never pays while other programs keep the cores busy.
READ_POOL_THRESHOLD = 500
# A forked pool (the command line, parallel.fork_allowed) starts in ~0.02 s and adds ~0.05 s of
# CPU: from about a hundred files the second core's share pays for it on idle cores.
FORK_POOL_THRESHOLD = 100
# Reading and hashing the image data (import): ~5 ms per file, so a pool pays far sooner.
PARALLEL_THRESHOLD = 48
_CHUNK = 16
# Worker processes for a big batch whatever the load: 1 turns the pool off (a machine that
# forbids child processes), 2+ forces it (the frozen app's pool check, packaging/dist_check.py).
JOBS_ENV = "CAPTION_DESK_JOBS"
T = TypeVar("T")
log = logging.getLogger(__name__)


def read_photos(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[PhotoMetadata]:
    """Records in the order of ``paths``; bad files give records with ``error`` set.

    ``meanwhile`` runs here while worker processes read (this process would only wait): what
    the caller will need next, loaded for free. Not called when reading here.
    """
    return read_and_convert(
        paths, _same, jobs=jobs, progress=progress, cancel=cancel, meanwhile=meanwhile
    )


def read_and_convert(
    paths: Sequence[Path],
    convert: Callable[[PhotoMetadata], T],
    *,
    jobs: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Iterator[T]:
    """``convert(record)`` for each path, in order, computed in the worker processes.

    ``convert`` must be a module-level function (it is pickled); converting in the workers
    (to JSON text, say) keeps the parent process from becoming the bottleneck.
    """
    total = len(paths)
    jobs = pool_size(total, jobs)
    if jobs < 2:
        work = partial(_read_and_convert, convert)
        yield from _tracked(map(work, paths), total, progress, cancel)
        return
    log.debug("reading %d files in %d worker processes (%s)", total, jobs, parallel.start_method())
    # ``convert`` (with the agency table it may carry) goes to each worker once, not with
    # every chunk: unpickling the table per chunk cost more than a forked pool's start.
    pool = parallel.process_pool(jobs, parallel.READ_PRELOAD, _install, (convert,))
    with pool:
        chunk = _chunk_size(total, jobs)
        results = cast(Iterator[tuple[str, T]], pool.map(_installed_work, paths, chunksize=chunk))
        try:
            if meanwhile is not None:  # every chunk is submitted: the workers are busy
                meanwhile()
            yield from _tracked(results, total, progress, cancel)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def pool_size(total: int, jobs: int | None = None) -> int:
    """Worker processes for ``total`` files (1: read in this process): ``jobs`` (default: every
    core), none below read_pool_threshold() files, and no more than the cores other programs leave
    idle (one-minute load average)."""
    cores = os.cpu_count() or 1
    forced = os.environ.get(JOBS_ENV, "").strip()
    if forced.isdigit() and jobs != 1:  # a caller's own "read here" (jobs=1) still holds
        return int(forced) if int(forced) > 1 and total >= read_pool_threshold() else 1
    wanted = jobs or parallel.default_jobs()
    if wanted < 2 or total < read_pool_threshold():
        return 1
    # A core counts as idle while less than one process's worth of load runs on it: with one
    # other program busy on two cores, a second worker still gets a share of the CPU.
    return max(1, min(wanted, math.ceil(cores - _load())))


def idle_cores(samples: int = 3) -> float:
    """Cores other programs leave idle now: as ``pool_size`` judges the load, with the running
    tasks counted ``samples`` times 1 ms apart and the fewest kept (one count catches a
    thread of ours that runs for a moment, the window's or a finishing worker's)."""
    now = []
    for i in range(samples):
        if i:
            time.sleep(0.001)
        now.append(_running_now())
    found = [v for v in (_average_load(), *now) if v is not None]
    return (os.cpu_count() or 1) - min(found, default=0.0)


def read_pool_threshold() -> int:
    """Files from which a read pool may pay: fewer when the pool starts by fork."""
    return FORK_POOL_THRESHOLD if parallel.start_method() == "fork" else READ_POOL_THRESHOLD


def _load() -> float:
    """The other programs' load: the one-minute average, or the processes running right now
    if fewer. The average lags a minute behind: a program that just finished (the exiftool a
    script ran before us) would otherwise keep a core "busy" that is idle."""
    found = [v for v in (_average_load(), _running_now()) if v is not None]
    return min(found, default=0.0)


def _average_load() -> float | None:
    getloadavg = getattr(os, "getloadavg", None)  # Unix only
    try:
        return getloadavg()[0] if getloadavg else None
    except OSError:
        return None


def _running_now(source: str = "/proc/loadavg", own: str = "/proc/self/task") -> float | None:
    """Runnable tasks of other processes now (Linux: the "R/T" field, less this process's own
    running threads: the window's thumbnail threads decoding the first screen are not another
    program's load); None elsewhere."""
    try:
        with open(source, encoding="ascii") as loadavg:
            running = loadavg.read().split()[3].partition("/")[0]
        return max(0.0, float(running) - _own_running(own))
    except (OSError, IndexError, ValueError):
        return None


def _own_running(tasks: str) -> int:
    """This process's threads running or runnable now (at least the one asking)."""
    count = 0
    try:
        names = os.listdir(tasks)
    except OSError:
        return 1
    for name in names:
        try:
            with open(f"{tasks}/{name}/stat", "rb") as stat:
                text = stat.read()
        except OSError:  # the thread ended meanwhile
            continue
        state = text.rfind(b")") + 2  # the name before it may hold anything, ")" too
        count += text[state : state + 1] == b"R"
    return max(1, count)


def _read_and_convert(convert: Callable[[PhotoMetadata], T], path: Path) -> tuple[str, T]:
    return path.name, convert(read_photo(path))


_installed: Callable[[PhotoMetadata], object] | None = None  # a worker's ``convert``


def _install(convert: Callable[[PhotoMetadata], object]) -> None:
    global _installed
    _installed = convert


def _installed_work(path: Path) -> tuple[str, object]:
    assert _installed is not None, "a read worker runs _install first"
    return path.name, _installed(read_photo(path))


def _same(record: PhotoMetadata) -> PhotoMetadata:
    return record


def _chunk_size(total: int, jobs: int) -> int:
    return max(1, min(_CHUNK * 8, total // (jobs * 8) or 1))


def _tracked(
    results: Iterator[tuple[str, T]], total: int, progress: Progress, cancel: CancelToken | None
) -> Iterator[T]:
    for done, (name, item) in enumerate(results, 1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(done, total, name)
        yield item
