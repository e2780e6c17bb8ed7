"""Write caption changes into photo files: one outcome per file, for the CLI and the GUI.

``apply_to_file`` is the per-file step; a later catalog step (record the revision, check the
expected version) goes in front of it. ``write_files`` runs it over many files on a small thread
pool: the work is kernel copies and fsync, which release the GIL, so several workers keep the
cores and the disk queue busy (benchmarks/README-write.md).
"""

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from editor_app.errors import MetadataWriteError
from editor_app.metadata.writer import WriteOptions, WriteResult, write_photo
from editor_app.progress import Cancelled, CancelToken, Progress, no_progress

log = logging.getLogger(__name__)

# I/O-bound (kernel copy, fsync): more workers than cores pays, but past 4 the GIL convoy of
# the Python part costs more than the overlap gains (XFS: 4 threads 1.8 ms/file, 8: 2.4 ms).
DEFAULT_WORKERS = 4
DEFAULT_OPTIONS = WriteOptions()


class Status(StrEnum):
    WRITTEN = "written"
    WARNING = "warning"  # written, with something to know (an IIM copy was cut...)
    ERROR = "error"  # not written; the file is untouched
    CONFLICT = "conflict"  # refused: the catalog holds a newer version than the one edited


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    status: Status
    messages: tuple[str, ...] = ()
    result: WriteResult | None = None

    @property
    def ok(self) -> bool:
        return self.status not in (Status.ERROR, Status.CONFLICT)

    def line(self) -> str:
        """One line for the user: ``written: PATH`` or ``warning|error: PATH: reasons``."""
        where = str(self.path)
        if self.result is not None and self.result.sidecar:
            where += f" (sidecar {self.result.target.name})"
        if not self.messages:
            return f"{self.status}: {where}"
        return f"{self.status}: {where}: {'; '.join(self.messages)}"


def apply_to_file(
    path: Path, changes: Mapping[str, object], options: WriteOptions = DEFAULT_OPTIONS
) -> FileOutcome:
    """Write ``changes`` into one file; never raises for a problem with that file."""
    try:
        result = write_photo(path, dict(changes), options)
    except MetadataWriteError as exc:
        return FileOutcome(path, Status.ERROR, (str(exc),))
    except Exception as exc:  # one odd file must not stop a batch; the original is untouched
        log.debug("unexpected error writing %s", path, exc_info=True)
        return FileOutcome(path, Status.ERROR, (f"not written ({exc.__class__.__name__})",))
    status = Status.WARNING if result.warnings else Status.WRITTEN
    return FileOutcome(path, status, result.warnings, result)


def write_files(
    paths: Iterable[Path],
    changes: Mapping[str, object],
    options: WriteOptions = DEFAULT_OPTIONS,
    *,
    workers: int = DEFAULT_WORKERS,
    step: Callable[[Path, Mapping[str, object], WriteOptions], FileOutcome] = apply_to_file,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[FileOutcome]:
    """Outcomes in the order of ``paths``, each yielded as soon as it (and those before) are done.

    Stopping early (``cancel``, Ctrl-C, closing the generator) cancels the files not started;
    files being written finish (atomically). A path given twice is never written by two workers
    at once.
    """
    paths = list(paths)
    if len(set(paths)) != len(paths):
        workers = 1
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="write")
    try:
        futures = [pool.submit(step, p, changes, options) for p in paths]
        for done, future in enumerate(futures, 1):
            if cancel is not None and cancel.cancelled:
                raise Cancelled()
            outcome = future.result()
            progress(done, len(paths), str(outcome.path))
            yield outcome
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
