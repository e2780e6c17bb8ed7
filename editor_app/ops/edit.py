"""Saving caption edits by photo id: the catalog revisions first (one transaction), then files.

:func:`save_changes` is the one edit operation the CLI (``set``) and the desk share; each photo
may get its own changes (a template's per-photo ``{variables}``, an undo restoring 50 different
old values). If a file write fails the revision stays, and the photo is "not yet written to
file" until :func:`write_pending` (or a later save) writes every field changed since the
version the file holds.
"""

import getpass
import logging
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from editor_app.catalog import Catalog, FieldValue, SaveResult
from editor_app.errors import EditConflict
from editor_app.metadata.changes import normalize_changes
from editor_app.metadata.fits import check_fits_file
from editor_app.metadata.writer import WriteOptions, check_fits
from editor_app.ops.write_back import (
    DEFAULT_WORKERS,
    FileWrite,
    WriteFn,
    Written,
    default_writer,
    write_and_record,
)
from editor_app.progress import CancelToken, Progress, no_progress

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FieldChanges:
    """A validated change set (``metadata.changes.normalize_changes``): field -> new value.

    Build it once with :meth:`of` and pass it for many photos; the op does not validate it
    again. Plain mappings given to the op are validated there.
    """

    values: Mapping[str, FieldValue]

    @classmethod
    def of(cls, changes: Mapping[str, object]) -> "FieldChanges":
        """Raises ValueError with a readable reason (unknown field, bad date, bad character)."""
        return cls(normalize_changes(changes))

    def __bool__(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True, slots=True)
class EditOutcome:
    """One photo's part of a save: its version now, what changed, and where its file stands."""

    photo_id: int
    path: str
    version: int  # after the save; for a conflict, the version the catalog holds
    changed: tuple[str, ...] = ()  # fields this save changed; empty when nothing changed
    written: bool = False  # the file holds ``version``
    conflict: EditConflict | None = None  # refused: someone saved another version first
    write_error: str | None = None  # the file write failed (the revision is kept)
    write_result: object = None  # what the writer returned (the real one: a WriteResult)
    catalog_error: str | None = None  # written, but the catalog could not record it (it lags:
    # still "not yet written to file", so the next save writes the same values again)

    @property
    def pending_write(self) -> bool:
        """Saved in the catalog, not (yet) in the file."""
        return self.conflict is None and not self.written


@dataclass(frozen=True, slots=True)
class EditChanges:
    """What a save (or revert, or write of pending photos) did, one outcome per photo."""

    outcomes: tuple[EditOutcome, ...] = ()  # in the order the photos were given
    cancelled: bool = False  # files not started stayed pending
    _by_id: dict[int, EditOutcome] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {o.photo_id: o for o in self.outcomes})

    def __iter__(self) -> Iterator[EditOutcome]:
        return iter(self.outcomes)

    def __len__(self) -> int:
        return len(self.outcomes)

    def outcome(self, photo_id: int) -> EditOutcome:
        """The outcome of one photo; KeyError when it was not part of the operation."""
        return self._by_id[photo_id]

    @property
    def changed_ids(self) -> tuple[int, ...]:
        """Photos whose fields changed: what a window refreshes."""
        return tuple(o.photo_id for o in self.outcomes if o.changed)

    @property
    def conflicts(self) -> tuple[EditOutcome, ...]:
        return tuple(o for o in self.outcomes if o.conflict is not None)

    @property
    def failed(self) -> tuple[EditOutcome, ...]:
        return tuple(o for o in self.outcomes if o.write_error is not None)

    @property
    def pending(self) -> tuple[EditOutcome, ...]:
        return tuple(o for o in self.outcomes if o.pending_write)


def default_editor() -> str:
    """The name stored on revisions when no editor is given: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"


def save_changes(
    catalog: Catalog,
    changes: Mapping[int, Mapping[str, object] | FieldChanges],
    *,
    editor: str,
    expected_versions: Mapping[int, int] | None = None,
    options: WriteOptions | None = None,
    write: bool = True,
    writer: WriteFn | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    kind: str = "edit",
) -> EditChanges:
    """Save each photo's changes as a new revision, then write the files.

    Every revision is committed (one transaction) before any file is touched; then the files
    are written on ``workers`` threads (``writer``, default the real writer with ``options``);
    then the results are recorded in one transaction. A photo whose version is not its
    ``expected_versions`` entry is refused (its outcome carries the EditConflict) while the
    others save. ``write=False`` holds the files back: the photos stay "not yet written to
    file" until :func:`write_pending`. Raises ValueError for an invalid change set, before
    anything is saved, and CatalogError for an id not in the catalog.
    """
    expected = expected_versions or {}
    valid = _validated(changes)
    _check_fits(catalog, valid, options or WriteOptions())
    saved = catalog.save_each(
        [(pid, valid[pid].values, expected.get(pid)) for pid in valid], editor=editor, kind=kind
    )
    outcomes = {pid: _saved(pid, result) for pid, result in zip(valid, saved, strict=True)}
    behind = [pid for pid, result in zip(valid, saved, strict=True) if _behind(result)]
    if not write or not behind:
        return EditChanges(tuple(outcomes.values()))
    return _write(
        catalog, outcomes, behind, writer or default_writer(options), workers, progress, cancel
    )


def write_pending(
    catalog: Catalog,
    photo_ids: Iterable[int] | None = None,
    *,
    options: WriteOptions | None = None,
    writer: WriteFn | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> EditChanges:
    """Write every field changed since the version each file holds; record the results.

    ``photo_ids`` None: every photo "not yet written to file". Photos already up to date get
    an outcome with ``written=True`` and are not touched; unknown ids are left out.
    """
    ids = catalog.pending_writes() if photo_ids is None else list(dict.fromkeys(photo_ids))
    photos = catalog.photos_by_id(ids)
    outcomes = {
        pid: EditOutcome(pid, p.path, p.version, written=not p.pending_write)
        for pid, p in ((pid, photos[pid]) for pid in ids if pid in photos)
    }
    behind = [pid for pid, outcome in outcomes.items() if not outcome.written]
    chosen = writer or default_writer(options)
    return _write(catalog, outcomes, behind, chosen, workers, progress, cancel)


def _validated(
    changes: Mapping[int, Mapping[str, object] | FieldChanges],
) -> dict[int, FieldChanges]:
    """Each distinct change set validated once, however many photos share it."""
    seen: dict[int, FieldChanges] = {}
    valid: dict[int, FieldChanges] = {}
    for pid, given in changes.items():
        if isinstance(given, FieldChanges):
            valid[pid] = given
        else:
            if id(given) not in seen:
                seen[id(given)] = FieldChanges.of(given)
            valid[pid] = seen[id(given)]
    return valid


def _check_fits(catalog: Catalog, valid: Mapping[int, FieldChanges], options: WriteOptions) -> None:
    """Refuse (ValueError naming the photo) changes its file could never hold: too big for
    any file of its format, or for what this file already carries (sized with the fields
    still pending for it, which the write brings along)."""
    photos = catalog.photos_by_id(valid)
    pending = catalog.pending_fields_of([pid for pid, p in photos.items() if p.pending_write])
    for pid, photo in photos.items():
        values = dict(valid[pid].values)
        try:
            check_fits(photo.format, values, options)
            check_fits_file(photo.path, values, options, pending.get(pid))
        except ValueError as exc:
            raise ValueError(f"{photo.path}: {exc}") from None


def _saved(photo_id: int, result: SaveResult | EditConflict) -> EditOutcome:
    if isinstance(result, EditConflict):
        return EditOutcome(photo_id, result.path, result.actual, conflict=result)
    photo = result.photo
    changed = tuple(result.revision.changes) if result.revision else ()
    return EditOutcome(photo_id, photo.path, photo.version, changed, not photo.pending_write)


def _behind(result: SaveResult | EditConflict) -> bool:
    return isinstance(result, SaveResult) and result.photo.pending_write


def _write(
    catalog: Catalog,
    outcomes: dict[int, EditOutcome],
    behind: list[int],
    writer: WriteFn,
    workers: int,
    progress: Progress,
    cancel: CancelToken | None,
) -> EditChanges:
    """Write the files of ``behind`` (the pending fields of each) and fold in the results."""
    pending = catalog.pending_fields_of(behind)
    todo = [
        FileWrite(pid, Path(outcomes[pid].path), outcomes[pid].version, pending[pid])
        for pid in behind
        if pid in pending  # written meanwhile by someone else
    ]
    done = write_and_record(
        catalog, todo, writer, workers=workers, progress=progress, cancel=cancel
    )
    for pid in behind:
        written = done.get(pid, Written(done=pid not in pending))
        outcomes[pid] = _with_write(outcomes[pid], written)
    stopped = cancel is not None and cancel.cancelled
    return EditChanges(tuple(outcomes.values()), cancelled=stopped)


def _with_write(outcome: EditOutcome, written: Written) -> EditOutcome:
    return EditOutcome(
        outcome.photo_id,
        outcome.path,
        outcome.version,
        outcome.changed,
        written.done,
        None,
        written.error,
        written.result,
        written.catalog_error,
    )
