"""The file half of a save: write each photo's pending fields on a few threads, then record.

The work is kernel copies and fsync, which release the GIL, so several workers keep the cores
and the disk queue busy (benchmarks/details.md, "Writing"). The results go to the catalog in one
transaction after the files are done (one per turn of ``LOCK_CHUNK`` photos in a bigger batch).
"""

import logging
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from editor_app.catalog import Catalog, CatalogError, FieldValue, PhotoRecord
from editor_app.errors import MetadataReadError, MetadataWriteError, os_reason
from editor_app.metadata.failures import unexpected_reason
from editor_app.metadata.filelock import lend_locks
from editor_app.metadata.identity import image_hash
from editor_app.metadata.writer import IimPolicy, WriteOptions, write_photo
from editor_app.ops.files import file_state
from editor_app.progress import CancelToken, Progress, no_progress

log = logging.getLogger(__name__)

# I/O-bound (kernel copy, fsync): more workers than cores pays, but past 4 the GIL convoy of
# the Python part costs more than the overlap gains (XFS: 4 threads 1.8 ms/file, 8: 2.4 ms).
DEFAULT_WORKERS = 4
IIM_POLICIES = tuple(policy.value for policy in IimPolicy)

# (path, the fields to write) -> whatever the writer reports (the real one: a WriteResult)
WriteFn = Callable[[Path, Mapping[str, FieldValue]], object]


def write_options(
    *, iim: str = "always", iim_newline: str = "lf", sidecar: bool = False
) -> WriteOptions:
    """The writer's options from plain values (what a command line or a settings form holds)."""
    return WriteOptions(iim=IimPolicy(iim), iim_newline=iim_newline, sidecar=sidecar)


def default_writer(options: WriteOptions | None = None) -> WriteFn:
    """The real writer (``metadata.writer.write_photo``) with ``options``."""
    chosen = options or WriteOptions()
    return lambda path, fields: write_photo(path, dict(fields), chosen)


@dataclass(frozen=True, slots=True)
class FileWrite:
    """One photo's file to bring to ``version``."""

    photo_id: int
    path: Path
    version: int
    fields: Mapping[str, FieldValue]


@dataclass(frozen=True, slots=True)
class Written:
    """What happened to one file: ``done`` (and recorded), failed with ``error``, or neither
    (cancelled before it started, or a newer version was saved meanwhile)."""

    done: bool = False
    error: str | None = None
    result: object = None
    catalog_error: str | None = None  # written, but recording it failed: the catalog lags


def write_and_record(
    catalog: Catalog,
    todo: Sequence[FileWrite],
    writer: WriteFn,
    *,
    workers: int = DEFAULT_WORKERS,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> dict[int, Written]:
    """Write every file (``workers`` threads) and record the results, one transaction a turn:

    turns of up to ``LOCK_CHUNK`` photos whose write locks this process holds
    (``metadata.filelock``): each turn re-reads what to write from the catalog, checks that
    each file is still the picture the catalog means, writes, and records the state of what
    it wrote, so writers in other processes never interleave with it. A crash after the writes
    but before the transaction leaves those photos "not yet written to file" though the files
    hold the values: harmless, the next write repeats them.
    """
    if not todo:
        return {}
    final: dict[int, Written] = {}
    ordered = sorted(todo, key=lambda item: os.path.realpath(item.path))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="write") as pool:
        for start in range(0, len(ordered), LOCK_CHUNK):
            chunk = ordered[start : start + LOCK_CHUNK]
            with lend_locks([item.path for item in chunk]) as held:
                jobs = _fresh(catalog, chunk, held)
                futures = [
                    (item, pool.submit(_write_one, catalog, writer, job, cancel))
                    for item, job in jobs
                ]
                results = {}
                for item, future in futures:
                    results[item.photo_id] = future.result()
                    progress(len(final) + len(results), len(todo), item.path.name)
                final.update(_recorded(catalog, {item.photo_id: item for item, _ in jobs}, results))
    return final


def _recorded(
    catalog: Catalog,
    todo: Mapping[int, FileWrite],
    results: Mapping[int, tuple[Written, int, int, PhotoRecord | None]],
) -> dict[int, Written]:
    """:func:`_record`, or, when the catalog is lost (server gone, disk full), each file's
    outcome saying that it was written and the catalog lags."""
    try:
        return _record(catalog, todo, results)
    except CatalogError as exc:
        log.info("could not record %d file writes: %s", len(todo), exc)
        return {
            pid: Written(written.done, written.error, written.result, str(exc) or None)
            if written.done
            else written
            for pid, (written, *_) in results.items()
        }


LOCK_CHUNK = 256  # photos locked at once: one open descriptor each

_Job = tuple[FileWrite, PhotoRecord] | Written  # what to write (fresh), or already settled


def _fresh(
    catalog: Catalog, chunk: Sequence[FileWrite], held: Mapping[str, object]
) -> list[tuple[FileWrite, _Job]]:
    """What to write now that the locks are held: another process may have saved or written."""
    ids = [item.photo_id for item in chunk]
    photos = catalog.photos_by_id(ids)
    pending = catalog.pending_fields_of(ids)
    jobs: list[tuple[FileWrite, _Job]] = []
    for item in chunk:
        lock, photo = held[os.path.realpath(item.path)], photos.get(item.photo_id)
        if isinstance(lock, OSError):
            jobs.append((item, Written(error=os_reason(lock))))
        elif photo is None or not photo.pending_write:  # written meanwhile, this version too
            jobs.append((item, Written(done=photo is not None)))
        else:
            fields = pending.get(item.photo_id, {})
            jobs.append((item, (FileWrite(item.photo_id, item.path, photo.version, fields), photo)))
    return jobs


def check_identity(catalog: Catalog, photo: PhotoRecord, path: Path) -> None:
    """Raise unless the file is still the picture the catalog means (call it under the lock).

    A file as the catalog last saw it is; one changed since is when its image data is the
    same (another tool edited its metadata); a different picture renamed into its place is
    never written into: the caption would describe another photo.
    """
    if file_state(path) == (photo.size, photo.mtime_ns):
        return
    algorithm = catalog.hash_algorithm
    if not photo.image_hash:  # imported moments ago, not hashed yet: nothing to compare
        raise MetadataWriteError(UNCONFIRMED)
    if algorithm is None or image_hash(path, algorithm) != photo.image_hash:
        raise MetadataWriteError(REPLACED)


REPLACED = (
    "the file is now a different picture than the one in the catalog (replaced by another "
    "program?); nothing was written: import it again to catalog the new picture"
)

UNCONFIRMED = (
    "the file changed since it was catalogued, before its picture was identified; nothing "
    "was written: import it again"
)


def _write_one(
    catalog: Catalog, writer: WriteFn, job: _Job, cancel: CancelToken | None
) -> tuple[Written, int, int, PhotoRecord | None]:
    if isinstance(job, Written):
        return job, 0, 0, None
    item, photo = job
    if cancel is not None and cancel.cancelled:
        return Written(), 0, 0, None  # not started: the photo stays pending, no error
    try:
        check_identity(catalog, photo, item.path)
        result = writer(item.path, item.fields)
        size, mtime_ns = file_state(item.path)  # under the lock: the state of what we wrote
    except (MetadataWriteError, MetadataReadError) as exc:  # already in words
        return Written(error=str(exc)), 0, 0, None
    except OSError as exc:
        return Written(error=os_reason(exc)), 0, 0, None
    except Exception as exc:  # one odd file must not stop the batch from being recorded
        return Written(error=unexpected_reason(item.path, exc)), 0, 0, None
    return Written(True, None, result), size, mtime_ns, photo


def _record(
    catalog: Catalog,
    todo: Mapping[int, FileWrite],
    results: Mapping[int, tuple[Written, int, int, PhotoRecord | None]],
) -> dict[int, Written]:
    """One transaction: the files' new state, and which versions they now hold."""
    final = {pid: written for pid, (written, *_) in results.items()}
    with catalog.transaction():
        for pid in sorted(todo):  # rows in id order, as every batch locks them
            error = final[pid].error
            if error is not None:
                item = todo[pid]
                log.info(
                    "%s: file write failed, revision %d kept: %s", item.path, item.version, error
                )
                catalog.mark_write_failed(pid, error)
        written = [(photo, size, mtime) for _, size, mtime, photo in results.values() if photo]
        done = [(photo.id, photo.version, size, mtime) for photo, size, mtime in written]
        for (photo, size, mtime), marked in zip(
            written, catalog.mark_all_written(done), strict=True
        ):
            if not marked:  # a newer version was saved meanwhile: its saver writes it in its
                # turn (the file holds this one, ours included); the file's state is this one
                catalog.set_file_state(
                    photo.id,
                    path=photo.path,
                    size=size,
                    mtime_ns=mtime,
                    image_hash=photo.image_hash,
                )
    return final
