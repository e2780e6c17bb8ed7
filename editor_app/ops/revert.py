"""Reverting photos to an earlier version: a NEW revision restoring the old field values.

History is never rewritten: undo after a save, and "restore this revision" in the history, both
save the values a photo had at ``to_version`` as its next version (kind ``revert``), and write
them to the file like any save. The values are the current ones with every later revision's
changes undone, newest first, so a catalog whose early history was migrated still reverts.
"""

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from editor_app.catalog import Catalog, FieldValue, PhotoRecord, Revision
from editor_app.errors import UserError
from editor_app.ops.edit import EditChanges, FieldChanges, save_changes

log = logging.getLogger(__name__)

REVERT_KIND = "revert"


def revert(
    catalog: Catalog,
    photo_id: int,
    to_version: int,
    *,
    editor: str,
    expected_version: int | None = None,
    **save: Any,
) -> EditChanges:
    """Restore one photo's fields as they were at ``to_version``; see :func:`revert_many`."""
    expected = None if expected_version is None else {photo_id: expected_version}
    return revert_many(
        catalog, {photo_id: to_version}, editor=editor, expected_versions=expected, **save
    )


def revert_many(
    catalog: Catalog,
    to_versions: Mapping[int, int],
    *,
    editor: str,
    expected_versions: Mapping[int, int] | None = None,
    **save: Any,
) -> EditChanges:
    """Restore each photo's fields as they were at its version in ``to_versions``.

    Undo of "apply to 50 photos" is this with each photo's version before that save. The
    restoring revisions are saved in one transaction and the files written, as
    :func:`~editor_app.ops.edit.save_changes` does (``save`` takes its options). Without
    ``expected_versions`` each photo is expected at the version its values were computed
    from: a save landing in between is a conflict, not silently undone. Raises UserError for
    an unknown photo or a version it never had.
    """
    photos = catalog.photos_by_id(to_versions)
    histories = catalog.histories(to_versions)
    changes: dict[int, FieldChanges] = {}
    for photo_id, version in to_versions.items():
        photo = photos.get(photo_id)
        if photo is None:
            raise UserError(f"photo {photo_id}", "not in the catalog")
        changes[photo_id] = FieldChanges(_restoring(photo, histories[photo_id], version))
    expected = dict(expected_versions or {pid: photos[pid].version for pid in to_versions})
    return save_changes(
        catalog, changes, editor=editor, expected_versions=expected, kind=REVERT_KIND, **save
    )


def values_at(
    current: Mapping[str, FieldValue], history: Sequence[Revision], version: int
) -> dict[str, FieldValue]:
    """The fields touched after ``version``, with the values they had at ``version``."""
    values: dict[str, FieldValue] = {}
    for revision in sorted(history, key=lambda r: r.version, reverse=True):
        if revision.version <= version:
            break
        for name, change in revision.changes.items():
            values[name] = change.old  # older revisions overwrite: the oldest "old" wins
    return {name: value for name, value in values.items() if name in current}


def _restoring(
    photo: PhotoRecord, history: Sequence[Revision], version: int
) -> dict[str, FieldValue]:
    if not 1 <= version <= photo.version:
        raise UserError(photo.path, f"has no version {version} (versions 1 to {photo.version})")
    return values_at(photo.fields, history, version)
