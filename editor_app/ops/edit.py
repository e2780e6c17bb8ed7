"""Saving a caption edit: the catalog revision first (one transaction), then the file.

If the file write fails the revision stays, and the photo is "not yet written to file" until a
later save (or :func:`write_pending`) writes every field changed since the file's version.
"""

import dataclasses
import getpass
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from editor_app.catalog import Catalog, FieldValue, SaveResult
from editor_app.errors import EditConflict, MetadataWriteError, UserError
from editor_app.metadata.changes import normalize_changes
from editor_app.metadata.writer import write_photo
from editor_app.ops.files import file_state
from editor_app.ops.ingest import Hasher, Reader, ingest_file, ingest_paths
from editor_app.ops.write_back import DEFAULT_WORKERS

log = logging.getLogger(__name__)

WriteFn = Callable[[Path, Mapping[str, FieldValue]], object]


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """What a save changed: the photo's version now, and whether its file is up to date."""

    path: Path
    photo_id: int
    version: int
    changed: tuple[str, ...]  # fields this save changed; empty when there was nothing to save
    written: bool  # the file holds ``version``
    write_error: str | None = None
    write_result: object = None  # what the write function returned (the writer's WriteResult)

    @property
    def pending_write(self) -> bool:
        return not self.written


def default_editor() -> str:
    """The name stored on revisions when ``--editor`` is not given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def save_edit(
    catalog: Catalog,
    path: str | os.PathLike,
    changes: Mapping[str, object],
    *,
    editor: str,
    expected_version: int | None = None,
    write: WriteFn | None = None,
    read: Reader | None = None,
    hasher: Hasher | None = None,  # default: the catalog's own (Catalog.image_hash)
) -> EditOutcome:
    """Record ``changes`` as a new revision of the photo at ``path``, then write the file.

    The file is catalogued first if needed (or re-read if it changed outside the desk).
    Raises EditConflict when ``expected_version`` is not the photo's version, UserError for an
    unknown field or an unreadable file. A failed file write is not raised: the outcome says
    ``written=False`` and carries the reason.
    """
    try:
        values = normalize_changes(changes)
    except ValueError as exc:
        raise UserError(path, str(exc)) from exc
    photo = ingest_file(catalog, path, read=read, hasher=hasher)
    result = catalog.save_revision(
        photo.id, values, editor=editor, expected_version=expected_version
    )
    changed = tuple(result.revision.changes) if result.revision else ()
    if not result.photo.pending_write:
        return EditOutcome(Path(path), photo.id, result.photo.version, changed, True)
    outcome = write_pending(catalog, path, photo.id, write=write)
    return dataclasses.replace(outcome, changed=changed)


def write_pending(
    catalog: Catalog, path: str | os.PathLike, photo_id: int, *, write: WriteFn | None = None
) -> EditOutcome:
    """Write every field changed since the version the file holds; record the result."""
    photo = catalog.photo_by_id(photo_id)
    if photo is None:
        raise UserError(path, "not in the catalog")
    pending = catalog.pending_fields(photo_id)
    try:
        result = (write or _default_write)(Path(path), pending)
        size, mtime_ns = file_state(path)
    except (MetadataWriteError, OSError) as exc:
        log.info("%s: file write failed, revision %d kept: %s", path, photo.version, exc)
        catalog.mark_write_failed(photo_id, str(exc))
        return EditOutcome(Path(path), photo_id, photo.version, (), False, str(exc))
    written = catalog.mark_written(photo_id, photo.version, size, mtime_ns)
    return EditOutcome(Path(path), photo_id, photo.version, (), written, None, result)


def _default_write(path: Path, changes: Mapping[str, FieldValue]) -> object:
    return write_photo(path, dict(changes))


BatchOutcome = EditOutcome | UserError | EditConflict


@dataclass(frozen=True, slots=True)
class _Planned:
    path: Path
    photo_id: int
    version: int
    changed: tuple[str, ...]
    pending: Mapping[str, FieldValue] | None  # None: the file already holds ``version``


def save_edits(
    catalog: Catalog,
    paths: Sequence[str | os.PathLike],
    changes: Mapping[str, object],
    *,
    editor: str,
    expected_version: int | None = None,
    write: WriteFn | None = None,
    workers: int = DEFAULT_WORKERS,
    jobs: int | None = None,
) -> list[BatchOutcome]:
    """:func:`save_edit` for many files: one outcome per path, in order.

    Every revision is committed (one transaction) before any file is touched; then the files are
    written on ``workers`` threads; then the results are recorded in one transaction. A conflict
    or unreadable file refuses only that path. A crash after the writes but before the last
    transaction leaves those photos "not yet written to file" though the files hold the values:
    harmless, the next save (or :func:`write_pending`) writes the same values again.
    ``jobs`` is passed to :func:`ingest_paths` for the files new to the catalog (1 in a GUI).
    """
    try:
        values = normalize_changes(changes)
    except ValueError as exc:
        raise UserError(paths[0] if paths else ".", str(exc)) from exc
    planned = _record_revisions(
        catalog, [Path(p) for p in paths], values, editor, expected_version, jobs
    )
    return _write_and_mark(catalog, planned, write or _default_write, workers)


def _record_revisions(
    catalog: Catalog,
    paths: list[Path],
    values: Mapping[str, FieldValue],
    editor: str,
    expected_version: int | None,
    jobs: int | None,
) -> list[_Planned | UserError | EditConflict]:
    problems = {_key(p.path): p for p in ingest_paths(catalog, paths, jobs=jobs).problems}
    known = catalog.known_files([_key(p) for p in paths])
    saving = [p for p in paths if _key(p) not in problems and _key(p) in known]
    ids = [known[_key(path)].photo_id for path in saving]
    with catalog.transaction():
        saved = catalog.save_revisions(
            ids, values, editor=editor, expected_version=expected_version
        )
        pending = catalog.pending_fields_of(ids)
    results = iter(saved)  # in the order of ``saving``, a subsequence of ``paths``
    planned: list[_Planned | UserError | EditConflict] = []
    for path in paths:
        if _key(path) in problems:
            planned.append(problems[_key(path)])
        elif _key(path) not in known:
            planned.append(UserError(path, "not a photo Caption Desk can catalog"))
        else:
            planned.append(_plan(path, next(results), pending))
    return planned


def _plan(
    path: Path, result: SaveResult | EditConflict, pending: Mapping[int, Mapping]
) -> _Planned | EditConflict:
    if isinstance(result, EditConflict):  # named by the path as given, like the other outcomes
        return EditConflict(str(path), result.expected, result.actual)
    photo = result.photo
    changed = tuple(result.revision.changes) if result.revision else ()
    fields = pending[photo.id] if photo.pending_write else None
    return _Planned(path, photo.id, photo.version, changed, fields)


@dataclass(frozen=True, slots=True)
class _Written:
    result: object = None
    size: int = 0
    mtime_ns: int = 0
    error: str | None = None


def _write_and_mark(
    catalog: Catalog,
    planned: list[_Planned | UserError | EditConflict],
    write: WriteFn,
    workers: int,
) -> list[BatchOutcome]:
    todo = {p.photo_id: p for p in planned if isinstance(p, _Planned) and p.pending is not None}
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="write") as pool:
        futures = {
            pid: pool.submit(_write_one, write, p.path, p.pending or {}) for pid, p in todo.items()
        }
        written = {pid: future.result() for pid, future in futures.items()}
    marked = _mark_all(catalog, todo, written)
    return [_outcome(p, written, marked) if isinstance(p, _Planned) else p for p in planned]


def _write_one(write: WriteFn, path: Path, pending: Mapping[str, FieldValue]) -> _Written:
    try:
        result = write(path, pending)
        size, mtime_ns = file_state(path)
    except (MetadataWriteError, OSError) as exc:
        return _Written(error=str(exc))
    except Exception as exc:  # one odd file must not stop the batch from being recorded
        log.debug("unexpected error writing %s", path, exc_info=True)
        return _Written(error=f"not written ({exc.__class__.__name__})")
    return _Written(result, size, mtime_ns)


def _mark_all(
    catalog: Catalog, todo: Mapping[int, _Planned], written: Mapping[int, _Written]
) -> dict[int, bool]:
    """One transaction: which photos' files now hold the version planned for them."""
    marked: dict[int, bool] = {}
    with catalog.transaction():
        for pid, plan in sorted(todo.items()):  # rows in id order, as every batch locks them
            error = written[pid].error
            if error is not None:
                log.info(
                    "%s: file write failed, revision %d kept: %s", plan.path, plan.version, error
                )
                catalog.mark_write_failed(pid, error)
                marked[pid] = False
        done = [
            (pid, plan.version, written[pid].size, written[pid].mtime_ns)
            for pid, plan in todo.items()
            if pid not in marked
        ]
        marked.update(zip([d[0] for d in done], catalog.mark_all_written(done), strict=True))
    return marked


def _outcome(
    plan: _Planned, written: Mapping[int, _Written], marked: Mapping[int, bool]
) -> EditOutcome:
    if plan.pending is None:
        return EditOutcome(plan.path, plan.photo_id, plan.version, plan.changed, True)
    done = written[plan.photo_id]
    return EditOutcome(
        plan.path,
        plan.photo_id,
        plan.version,
        plan.changed,
        marked[plan.photo_id],
        done.error,
        done.result,
    )


def _key(path: str | os.PathLike) -> str:
    return os.path.abspath(path)
