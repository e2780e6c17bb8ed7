"""Read many photos, in order, on every core when the batch is big enough to pay for it."""

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.progress import CancelToken, Progress, no_progress

# Below this a second process costs more (its start-up) than it saves.
PARALLEL_THRESHOLD = 48
_CHUNK = 16


def read_photos(
    paths: Sequence[Path],
    *,
    jobs: int | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[PhotoMetadata]:
    """Records in the order of ``paths``; bad files give records with ``error`` set."""
    jobs = jobs or os.cpu_count() or 1
    total = len(paths)
    if jobs < 2 or total < PARALLEL_THRESHOLD:
        results: Iterator[PhotoMetadata] = map(read_photo, paths)
        yield from _tracked(results, total, progress, cancel)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = pool.map(read_photo, paths, chunksize=_chunk_size(total, jobs))
        try:
            yield from _tracked(results, total, progress, cancel)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _chunk_size(total: int, jobs: int) -> int:
    return max(1, min(_CHUNK * 8, total // (jobs * 8) or 1))


def _tracked(results: Iterator[PhotoMetadata], total: int, progress: Progress,
             cancel: CancelToken | None) -> Iterator[PhotoMetadata]:
    for done, record in enumerate(results, 1):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(done, total, record.path.name)
        yield record
