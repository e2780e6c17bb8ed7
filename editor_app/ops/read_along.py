"""``read_along``: read a batch in order with this process reading alongside its workers.

``read_and_convert`` (ops/read.py) hands every file to worker processes and this process only
waits for their results; that suits the window, whose own thread must stay free. A command
(``check``) has nothing else to do meanwhile: here it reads chunks itself while one worker fewer
reads the rest. On two cores that saves one worker's start, the pickling of half the records,
and the idle core of the waiting process (benchmarks/details.md, "check on the feed").

Chunks are handed out by this process alone, in order: it keeps the pool ``_IN_FLIGHT`` chunks
ahead, then reads the next chunk itself, so both cores stay busy whichever side is faster, and
no chunk is claimed twice (no shared counter between processes).
"""

import logging
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import TypeVar

from editor_app import parallel
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.progress import CancelToken, Progress, no_progress

T = TypeVar("T")
log = logging.getLogger(__name__)
# ~20 ms of reading and checking: small enough that neither side waits long for the other at
# the end, big enough that a chunk's message costs little next to its work.
CHUNK = 16
_IN_FLIGHT = 2  # one chunk in the worker, one waiting for it: the worker never idles


def read_along(
    paths: Sequence[Path],
    convert: Callable[[PhotoMetadata], T],
    here: Callable[[PhotoMetadata], T],
    *,
    jobs: int,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[T]:
    """``convert(record)`` (in ``jobs - 1`` worker processes) or ``here(record)`` (in this
    process) for each path, yielded in the order of ``paths``; ``convert`` must be picklable
    (a module-level function or a partial of one). ``jobs`` below 2: everything here."""
    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    total = len(paths)
    done = 0
    if jobs < 2:
        for chunk in chunks:
            for path in chunk:
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield here(read_photo(path))
                done += 1
                progress(done, total, path.name)
        return
    workers = jobs - 1
    log.debug(
        "reading %d files here and in %d worker process%s (%s)",
        total,
        workers,
        "" if workers == 1 else "es",
        parallel.start_method(),
    )
    pool = parallel.process_pool(workers, parallel.READ_PRELOAD, _install, (convert,))
    with pool:
        try:
            for index, items in _in_order(chunks, pool.submit, here, workers, cancel):
                for path, item in zip(chunks[index], items, strict=True):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    done += 1
                    progress(done, total, path.name)
                    yield item
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _in_order(
    chunks: list[Sequence[Path]],
    submit: Callable[..., "Future[list[T]]"],
    here: Callable[[PhotoMetadata], T],
    workers: int,
    cancel: CancelToken | None,
) -> Iterator[tuple[int, list[T]]]:
    """(chunk index, its results) in chunk order, as soon as each is ready."""
    sent: deque[tuple[int, Future[list[T]]]] = deque()
    ready: dict[int, list[T]] = {}
    claimed = 0  # chunks handed to the pool or read here so far
    for wanted in range(len(chunks)):
        while wanted not in ready:
            if cancel is not None:
                cancel.raise_if_cancelled()
            while len(sent) < _IN_FLIGHT * workers and claimed < len(chunks):
                sent.append((claimed, submit(_work, chunks[claimed])))
                claimed += 1
            while sent and sent[0][1].done():
                index, future = sent.popleft()
                ready[index] = future.result()
            if wanted in ready:
                break
            if claimed < len(chunks):  # rather than wait, read the next chunk here
                ready[claimed] = [here(read_photo(path)) for path in chunks[claimed]]
                claimed += 1
            elif sent:  # the chunk wanted next is the worker's: wait for it
                index, future = sent.popleft()
                ready[index] = future.result()
        yield wanted, ready.pop(wanted)


_installed: Callable[[PhotoMetadata], object] | None = None  # a worker's ``convert``


def _install(convert: Callable[[PhotoMetadata], object]) -> None:
    global _installed
    _installed = convert


def _work(paths: Sequence[Path]) -> list[object]:
    assert _installed is not None, "a worker runs _install first"
    return [_installed(read_photo(path)) for path in paths]
