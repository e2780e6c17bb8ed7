"""Saving a caption edit: the catalog revision first (one transaction), then the file.

If the file write fails the revision stays, and the photo is "not yet written to file" until a
later save (or :func:`write_pending`) writes every field changed since the file's version.
"""

import dataclasses
import getpass
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from editor_app.catalog import Catalog, FieldValue
from editor_app.errors import MetadataWriteError, UserError
from editor_app.metadata.changes import normalize_changes
from editor_app.metadata.identity import image_hash
from editor_app.metadata.writer import write_photo
from editor_app.ops.ingest import Hasher, Reader, ingest_file

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
    hasher: Hasher = image_hash,
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
        st = os.stat(path)
    except (MetadataWriteError, OSError) as exc:
        log.info("%s: file write failed, revision %d kept: %s", path, photo.version, exc)
        catalog.mark_write_failed(photo_id, str(exc))
        return EditOutcome(Path(path), photo_id, photo.version, (), False, str(exc))
    written = catalog.mark_written(photo_id, photo.version, st.st_size, st.st_mtime_ns)
    return EditOutcome(Path(path), photo_id, photo.version, (), written, None, result)


def _default_write(path: Path, changes: Mapping[str, FieldValue]) -> object:
    return write_photo(path, dict(changes))
