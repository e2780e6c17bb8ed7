"""Reading files for an import: metadata, facts and image hash, on worker processes when
there are enough files, sent back to the importing process as plain tuples of text.

``ops.ingest`` writes what comes back to the catalog, batch by batch, while the workers read
ahead.
"""

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from editor_app import parallel
from editor_app.catalog import (
    PENDING_HASH,
    FieldValue,
    ImportColumns,
    fields_of_columns,
    import_columns,
)
from editor_app.catalog.facts import encode_facts
from editor_app.catalog.values import from_record
from editor_app.errors import MetadataReadError, UserError
from editor_app.metadata.identity import image_hash
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.metadata.sidecar import LOOK, Known
from editor_app.ops.read import PARALLEL_THRESHOLD

log = logging.getLogger(__name__)

Reader = Callable[[Path], PhotoMetadata]
Hasher = Callable[[str], str]
_SCAN_WORKERS = 4  # reading is mostly Python, hashing releases the GIL: a few threads pay
# Files per worker task (``chunk_size``): ~40 ms of work each, reading metadata (~0.6 ms a
# file) or reading and hashing a camera JPEG (~5 ms).
_READ_CHUNK = 64
_HASH_CHUNK = 8


@dataclass(frozen=True, slots=True)
class Seen:
    """A file to read, as the import found it."""

    path: str  # absolute, normalized, symlinks kept
    size: int
    mtime_ns: int
    hash_now: bool = True  # False: a new file imported with a pending hash (defer_hash)
    sidecar: Known = LOOK  # its sidecar as the folder listing found it (``listed_sidecar``)


@dataclass(frozen=True, slots=True)
class Scanned:
    """A file read for the catalog."""

    seen: Seen
    format: str
    columns: ImportColumns  # the fields as the catalog stores them (``import_columns``)
    image_hash: str
    facts: str  # what the rules read besides the fields (``encode_facts``)

    @property
    def fields(self) -> dict[str, FieldValue]:
        """The field values (``from_record`` of what was read)."""
        return fields_of_columns(self.columns[0])


# What a reading process sends back for each file: (format, field columns, import revision's
# change set, facts, image hash), or the reason it cannot be catalogued. Plain tuples of
# text: pickled and unpickled in 0.005 ms a desk file against 0.018 for the dataclasses and
# dicts they replace, and the rows are encoded where the file is read, not in this process
# (which also runs the window).
Transfer = tuple[str, tuple[str, ...], str, str, str] | str


ScanAll = Callable[[list[Seen]], Iterator[Transfer]]


@contextlib.contextmanager
def scanner(
    total: int, read: Reader, hasher: Hasher, algorithm: str | None, jobs: int
) -> Iterator[ScanAll]:
    """A function reading and hashing files, results in order as they come: on worker
    processes (default reader and hash, enough files), else on a few threads (hashing big files
    releases the GIL), else in this thread. The workers read ahead of the caller: they keep
    reading while it writes a batch to the catalog (which left them idle a third of the time).
    Leaving the block early (cancelled) drops the files not started yet."""
    if algorithm is not None and jobs > 1 and total >= PARALLEL_THRESHOLD:
        with parallel.process_pool(jobs) as pool:
            work = partial(_scan_default, algorithm=algorithm)
            try:
                yield lambda todo: pool.map(
                    work,
                    [(s.path, s.hash_now, s.sidecar) for s in todo],
                    chunksize=_chunk_for(todo, jobs),
                )
            finally:
                pool.shutdown(cancel_futures=True)
        return
    one = partial(_scan_here, read=read, hasher=hasher)
    if total < 2:
        yield lambda todo: map(one, todo)
        return
    with ThreadPoolExecutor(_SCAN_WORKERS, thread_name_prefix="scan") as threads:
        try:
            yield lambda todo: threads.map(one, todo)
        finally:
            threads.shutdown(cancel_futures=True)


def chunk_size(files: int, jobs: int, *, hashing: bool) -> int:
    """Files per task sent to a worker process: ~40 ms of work, and at least four tasks per
    worker (an even finish). Each task is a round trip through the pool's manager thread in
    this process, and a worker waits for that thread (which needs the GIL) between two: at 8
    metadata-only files a task (~5 ms) the import cost ~0.17 ms of CPU per file more, in the
    workers and in this process's pool bookkeeping (benchmarks/details.md)."""
    target = _HASH_CHUNK if hashing else _READ_CHUNK
    return max(1, min(target, files // (jobs * 4)))


def _chunk_for(todo: Sequence[Seen], jobs: int) -> int:
    return chunk_size(len(todo), jobs, hashing=sum(s.hash_now for s in todo) * 2 > len(todo))


def batches(
    todo: list[Seen], results: Iterator[Transfer], size: int
) -> Iterator[tuple[list[Seen], list["Scanned | UserError"]]]:
    """The files in batches of ``size`` with their results (in the same order)."""
    for start in range(0, len(todo), size):
        batch = todo[start : start + size]
        yield batch, [unpack(seen, next(results)) for seen in batch]


def _scan_default(item: tuple[str, bool, Known], algorithm: str) -> Transfer:
    """A worker process's task: one file, ``(path, hash_now, sidecar)``."""
    path, hash_now, sidecar = item
    return scan_file(
        path,
        partial(read_photo, sidecar=sidecar),
        partial(image_hash, algorithm=algorithm) if hash_now else None,
    )


def _scan_here(seen: Seen, read: Reader, hasher: Hasher) -> Transfer:
    if read is read_photo:  # the default reader is told what the listing knows
        read = partial(read_photo, sidecar=seen.sidecar)
    return scan_file(seen.path, read, hasher if seen.hash_now else None)


def scan_file(path: str, read: Reader, hasher: Hasher | None) -> Transfer:
    """What an import needs of one file, as a reading process sends it (``Transfer``);
    ``hasher`` None: the image hash stays pending."""
    record = read(Path(path))
    if record.error:
        return record.error
    try:
        digest = hasher(path) if hasher is not None else PENDING_HASH
    except (MetadataReadError, OSError) as exc:
        return f"cannot identify the image data: {exc}"
    values, changes = import_columns(from_record(record))
    return record.format, values, changes, encode_facts(record), digest


def unpack(seen: Seen, sent: Transfer) -> "Scanned | UserError":
    """The file's scan, or its problem, from what ``scan_file`` sent."""
    if isinstance(sent, str):
        return UserError(seen.path, sent)
    fmt, values, changes, facts, digest = sent
    return Scanned(seen, fmt, (values, changes), digest, facts)
