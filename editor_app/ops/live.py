"""The live shared desk: turn "these photos changed" into new snapshots for an open window.

The catalog's change feed (:meth:`Catalog.change_feed`) names the photos another session
changed; :func:`live_update` reads only those rows (plus the shown photos still waiting for
their file write, whose completion makes no revision), never the whole folder. Photos of the
open folder that the window does not show yet (a colleague's import, a watch elsewhere) come
back as newcomers with their file facts.
"""

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from editor_app.catalog import Catalog
from editor_app.catalog.changes import CatalogChange, ChangeFeed
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto, refresh_photos
from editor_app.ops.read import read_photos

log = logging.getLogger(__name__)

__all__ = ["CatalogChange", "ChangeFeed", "LastSave", "LiveUpdate", "desk_photos", "live_update"]


@dataclass(frozen=True, slots=True)
class LastSave:
    editor: str
    at: datetime  # aware, UTC


@dataclass(frozen=True, slots=True)
class LiveUpdate:
    fresh: tuple[DeskPhoto, ...] = ()  # new snapshots of shown photos (compare their versions)
    newcomers: tuple[DeskPhoto, ...] = ()  # photos of the folder the window does not show
    last_saves: Mapping[int, LastSave] = field(default_factory=dict)  # by photo id


def live_update(
    catalog: Catalog,
    shown: Sequence[DeskPhoto],
    folder: Path | None,
    change: CatalogChange,
) -> LiveUpdate:
    """What the window must refresh after ``change``; reads only the rows concerned."""
    ids = change.photo_ids
    targets = [
        p for p in shown if p.key > 0 and (change.everything or p.key in ids or p.pending_write)
    ]
    fresh = refresh_photos(catalog, targets)
    newcomers: list[DeskPhoto] = []
    # Sets of every tile only when there are ids to look up: a commit that made no revision
    # (the window's own identity pass, 50 of them in a 10,000-photo folder) names none.
    shown_keys = {p.key for p in shown} if ids else set()
    unknown = [i for i in ids if i not in shown_keys]
    if folder is not None and unknown:
        shown_paths = {p.path for p in shown}
        rows = catalog.photos_by_id(unknown).values()
        paths = [Path(r.path) for r in rows if _under(Path(r.path), folder)]
        newcomers = [p for p in desk_photos(catalog, paths) if p.path not in shown_paths]
    changed = {p.key for p in fresh} & set(ids) | {p.key for p in newcomers}
    return LiveUpdate(tuple(fresh), tuple(newcomers), _last_saves(catalog, changed))


def desk_photos(catalog: Catalog, paths: Iterable[Path]) -> list[DeskPhoto]:
    """Tiles for catalogued photos at ``paths`` (files read for their facts), in path order."""
    wanted = sorted(set(paths))
    known = catalog.known_files([str(p) for p in wanted])
    present = [p for p in wanted if str(p) in known]
    facts = {r.path: r for r in read_photos(present, jobs=1)}
    return refresh_photos(
        catalog,
        [_bare(known[str(p)].photo_id, facts.get(p) or PhotoMetadata(path=p)) for p in present],
    )


def _bare(key: int, facts: PhotoMetadata) -> DeskPhoto:
    return DeskPhoto(key, facts, file_facts=facts)


def _last_saves(catalog: Catalog, ids: set[int]) -> dict[int, LastSave]:
    if not ids:
        return {}
    found = {}
    for photo_id, history in catalog.histories(ids).items():
        if history:
            found[photo_id] = LastSave(history[-1].editor, history[-1].at)
    return found


def _under(path: Path, folder: Path) -> bool:
    return os.path.abspath(path).startswith(os.path.abspath(folder).rstrip(os.sep) + os.sep)
