"""A file-path front end to ``ops.edit.save_changes`` for tests that start from a file."""

from editor_app.catalog import Catalog
from editor_app.errors import UserError
from editor_app.ops.edit import EditOutcome, save_changes
from editor_app.ops.ingest import photo_ids_at


def save_file(
    catalog: Catalog, path, changes, *, editor: str = "e", expected_version=None, **save
) -> EditOutcome:
    """Catalog ``path`` (as ``set`` does), then save ``changes`` for its photo."""
    (photo_id,) = photo_ids_at(catalog, [path])
    if isinstance(photo_id, UserError):
        raise photo_id
    expected = None if expected_version is None else {photo_id: expected_version}
    result = save_changes(
        catalog, {photo_id: changes}, editor=editor, expected_versions=expected, **save
    )
    return result.outcome(photo_id)
