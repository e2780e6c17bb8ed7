"""The file half of a save: write each photo's pending fields on a few threads, then record.

The work is kernel copies and fsync, which release the GIL, so several workers keep the cores
and the disk queue busy (benchmarks/README-write.md). The results go to the catalog in one
transaction after every file is done.
"""

import logging
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from editor_app.catalog import Catalog, CatalogError, FieldValue
from editor_app.errors import MetadataWriteError
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
    """Write every file (``workers`` threads), then record all results in one transaction.

    A crash after the writes but before the transaction leaves those photos "not yet written
    to file" though the files hold the values: harmless, the next write repeats them.
    """
    if not todo:
        return {}
    results: dict[int, tuple[Written, int, int]] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="write") as pool:
        futures = [(item, pool.submit(_write_one, writer, item, cancel)) for item in todo]
        for done, (item, future) in enumerate(futures, 1):
            results[item.photo_id] = future.result()
            progress(done, len(todo), item.path.name)
    try:
        return _record(catalog, {item.photo_id: item for item in todo}, results)
    except CatalogError as exc:  # the server went away or the disk filled: say so per file
        log.info("could not record %d file writes: %s", len(todo), exc)
        return {
            pid: Written(written.done, written.error, written.result, str(exc) or None)
            if written.done
            else written
            for pid, (written, _, _) in results.items()
        }


def _write_one(
    writer: WriteFn, item: FileWrite, cancel: CancelToken | None
) -> tuple[Written, int, int]:
    if cancel is not None and cancel.cancelled:
        return Written(), 0, 0  # not started: the photo stays pending, no error
    try:
        result = writer(item.path, item.fields)
        size, mtime_ns = file_state(item.path)
    except (MetadataWriteError, OSError) as exc:
        return Written(error=str(exc)), 0, 0
    except Exception as exc:  # one odd file must not stop the batch from being recorded
        log.debug("unexpected error writing %s", item.path, exc_info=True)
        return Written(error=f"not written ({exc.__class__.__name__})"), 0, 0
    return Written(True, None, result), size, mtime_ns


def _record(
    catalog: Catalog,
    todo: Mapping[int, FileWrite],
    results: Mapping[int, tuple[Written, int, int]],
) -> dict[int, Written]:
    """One transaction: which photos' files now hold the version written for them."""
    final = {pid: written for pid, (written, _, _) in results.items()}
    with catalog.transaction():
        for pid in sorted(todo):  # rows in id order, as every batch locks them
            error = final[pid].error
            if error is not None:
                item = todo[pid]
                log.info(
                    "%s: file write failed, revision %d kept: %s", item.path, item.version, error
                )
                catalog.mark_write_failed(pid, error)
        done = [
            (pid, todo[pid].version, size, mtime)
            for pid, (written, size, mtime) in results.items()
            if written.done
        ]
        for (pid, *_), marked in zip(done, catalog.mark_all_written(done), strict=True):
            if not marked:  # a newer version was saved meanwhile: the file is behind again
                final[pid] = Written(False, None, final[pid].result)
    return final
