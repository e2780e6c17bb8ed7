"""A photo's history (``caption-desk history``): finding the photo, and its revisions as text
or JSON. Reverting to a revision is :mod:`editor_app.ops.revert`."""

import logging
import os
from collections.abc import Iterable
from datetime import datetime

from editor_app.catalog import Catalog, FieldValue, PhotoRecord, Revision
from editor_app.catalog.values import display
from editor_app.errors import MetadataReadError, UserError
from editor_app.ops.ingest import catalog_hasher

log = logging.getLogger(__name__)


def find_photo(catalog: Catalog, path: str | os.PathLike) -> PhotoRecord:
    """The catalogued photo at ``path``, or the one with the same image data (a moved file)."""
    photo = catalog.photo(os.path.abspath(path))
    if photo is not None:
        return photo
    if os.path.isfile(path):
        try:
            matches = catalog.photos_with_hash([catalog_hasher(catalog)(str(path))])
        except (MetadataReadError, OSError) as exc:
            raise UserError(path, f"not in the catalog, and unreadable: {exc}") from exc
        for found in matches.values():
            return found[0]
    raise UserError(path, "not in the catalog (run `caption-desk import` first)")


def history_as_json(revisions: Iterable[Revision]) -> list[dict]:
    """Oldest first: ``{"version", "editor", "at", "changes": {field: {"old", "new"}}}``."""
    return [
        {
            "version": rev.version,
            "editor": rev.editor,
            "at": rev.at.isoformat(),
            "changes": {
                name: {"old": display(change.old), "new": display(change.new)}
                for name, change in rev.changes.items()
            },
        }
        for rev in revisions
    ]


def history_lines(revisions: Iterable[Revision]) -> list[str]:
    """Human-readable history: a heading per revision, one indented line per field."""
    lines = []
    for rev in revisions:
        when = rev.at.strftime("%Y-%m-%d %H:%M:%S UTC")
        lines.append(f"version {rev.version}  {when}  {rev.editor} ({rev.kind})")
        for name, change in rev.changes.items():
            lines.append(f"  {name}: {display(change.old)!r} -> {display(change.new)!r}")
    return lines


def history_value(value: FieldValue) -> str:
    """A field value as the history shows it (lists joined with "; ")."""
    return display(value)


def versions_at_time(catalog: Catalog, photo_ids: Iterable[int], at: datetime) -> dict[int, int]:
    """Each photo's version at the moment ``at``: its last revision saved at or before it.

    "Restore the selection to 14:02": photos that did not exist yet are left out.
    """
    found = {}
    for photo_id, history in catalog.histories(photo_ids).items():
        before = [r.version for r in history if r.at <= at]
        if before:
            found[photo_id] = max(before)
    return found
