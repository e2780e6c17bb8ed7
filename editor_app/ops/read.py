"""Read many photos, in order, on every core when the batch is big enough to pay for it."""

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TypeVar

from editor_app import parallel
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.progress import CancelToken, Progress, no_progress

# Below this a second process costs more (its start-up) than it saves.
PARALLEL_THRESHOLD = 48
_CHUNK = 16
T = TypeVar("T")


def read_photos(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[PhotoMetadata]:
    """Records in the order of ``paths``; bad files give records with ``error`` set."""
    return read_and_convert(paths, _same, jobs=jobs, progress=progress, cancel=cancel)


def read_and_convert(
    paths: Sequence[Path],
    convert: Callable[[PhotoMetadata], T],
    *,
    jobs: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[T]:
    """``convert(record)`` for each path, in order, computed in the worker processes.

    ``convert`` must be a module-level function (it is pickled); converting in the workers
    (to JSON text, say) keeps the parent process from becoming the bottleneck.
    """
    jobs = jobs or parallel.default_jobs()
    total = len(paths)
    work = partial(_read_and_convert, convert)
    if jobs < 2 or total < PARALLEL_THRESHOLD:
        yield from _tracked(map(work, paths), total, progress, cancel)
        return
    with parallel.process_pool(jobs) as pool:
        results = pool.map(work, paths, chunksize=_chunk_size(total, jobs))
        try:
            yield from _tracked(results, total, progress, cancel)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _read_and_convert(convert: Callable[[PhotoMetadata], T], path: Path) -> tuple[str, T]:
    return path.name, convert(read_photo(path))


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
