"""Open a folder on the desk: catalog it, then hand the window one snapshot of every photo.

The window shows catalog records (so edits, history and a shared desk work from the start),
the file facts the Info tab and the rules need, and the rules' findings. A file that cannot be
read is a row too, with its reason, so the editor sees it as a grey tile.
"""

import contextlib
import dataclasses
import heapq
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from editor_app.captions.engine import OwnAhead
from editor_app.captions.findings import Finding
from editor_app.captions.validate import validate
from editor_app.catalog import Catalog, PhotoRecord, decode_desk_rows
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.fields import EDITABLE_FIELDS
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata, failed
from editor_app.ops.files import PHOTO_SUFFIXES as SUFFIXES
from editor_app.ops.files import iter_photo_paths
from editor_app.ops.ingest import ingest_paths
from editor_app.ops.rules_ahead import rules_ahead, start_workers
from editor_app.progress import CancelToken, Progress, no_progress
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DeskPhoto:
    """One tile of the contact sheet; ``key`` is the photo id (negative: not in the catalog)."""

    key: int
    record: PhotoMetadata  # the file's facts with the catalog's current values
    image_hash: str = ""
    version: int = 0
    pending_write: bool = False  # saved in the catalog, not yet written to the file
    write_error: str | None = None
    file_facts: PhotoMetadata | None = None  # the record as read from the file (no overlay)

    @property
    def path(self) -> Path:
        return self.record.path

    @property
    def unreadable(self) -> bool:
        """A file that could not be read at all (a grey tile with its reason)."""
        return self.key < 0 and self.record.error is not None

    @property
    def name(self) -> str:
        return self.record.path.name

    @property
    def captured(self) -> str | None:
        """When the picture was taken (ISO 8601): EXIF DateTimeOriginal, else Date created."""
        return self.record.exif.datetime_original or self.record.date_created


@dataclass(frozen=True, slots=True)
class FolderLoad:
    folder: Path
    photos: tuple[DeskPhoto, ...]
    findings: Mapping[int, tuple[Finding, ...]]  # by DeskPhoto.key; photos without any absent


# The tiles' findings, given the tiles and the own findings of some of them on their way
Check = Callable[[list[DeskPhoto], OwnAhead | None], Mapping[int, tuple[Finding, ...]]]


def preload_desk() -> None:
    """Import now what a folder's first load imports (~120 ms: Pillow's plugins, the rules,
    the process pools): the window does it at start-up, off the GUI thread, so that it does
    not hold the import lock and the GIL while the first screen of thumbnails is painted."""
    from concurrent.futures import process  # noqa: F401

    from editor_app.captions.rules import all_rules
    from editor_app.imaging.thumbnails import load_codecs  # not for the CLI's commands

    load_codecs()
    all_rules()


def list_folder(catalog: Catalog, folder: str | os.PathLike) -> tuple[DeskPhoto, ...]:
    """The folder's photos as the catalog last saw them, without reading any file: what the
    window shows at once while ``load_folder`` catalogs the folder. Files the catalog does not
    know yet have key 0 and only their name; known ones have no field values yet.
    """
    root = Path(os.path.abspath(folder))
    known = {p.path: p for p in catalog.desk_tiles([str(root)])}  # str keys: no Path parsing
    return tuple(_tile(path, known) for path in iter_photo_paths(root))


def list_first(
    catalog: Catalog, folder: str | os.PathLike, count: int
) -> tuple[tuple[DeskPhoto, ...], bool] | None:
    """The first ``count`` tiles of ``list_folder`` (file-name order, which is the sheet's
    order before capture times are known) and whether that is all of them: a folder's first
    screen without building 10,000 tiles. None when the folder has sub-folders or cannot be
    listed (``list_folder`` then)."""
    root = Path(os.path.abspath(folder))
    try:
        with os.scandir(root) as listing:
            entries = [e for e in listing if not e.name.startswith(".")]
    except OSError:
        return None
    if any(_is_folder(e) for e in entries):
        return None
    names = sorted(e.name for e in entries if os.path.splitext(e.name)[1].lower() in SUFFIXES)
    first = heapq.nsmallest(count, names, key=str.casefold)  # stable, as the sheet's sort
    paths = [root / name for name in first]
    known = {p.path: p for p in catalog.desk_tiles(paths=[str(p) for p in paths])}
    return tuple(_tile(path, known) for path in paths), len(first) == len(names)


def _tile(path: Path, known: Mapping[str, PhotoRecord]) -> DeskPhoto:
    # quick constructors: a listing of 10,000 files runs on the database lane before the
    # folder's import can start there (0.40 s with the dataclasses' own __init__, now 0.18 s)
    row = known.get(str(path))
    if row is None:
        return _tile_of(0, _bare_record(path=path))
    return _desk_photo(row, _bare_record(path=path, format=row.format))


def _photo_count(root: Path) -> int:
    """The photos directly in ``root`` (sub-folders not walked): what the import will find,
    as far as a quick look tells; 0 when it cannot be listed."""
    try:
        with os.scandir(root) as listing:
            return sum(1 for e in listing if os.path.splitext(e.name)[1].lower() in SUFFIXES)
    except OSError:
        return 0


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def load_folder(
    catalog: Catalog,
    folder: str | os.PathLike,
    settings: DeskSettings,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    jobs: int = 1,
    today: date | None = None,
    defer_hash: bool = False,
    check: Check | None = None,
) -> FolderLoad:
    """Import ``folder`` into the catalog (incrementally) and snapshot it for the window.

    Only new and changed files are read (by the import); every tile is built from the
    catalog's values and the file facts it keeps, so reopening a folder opens no file. The
    Info tab reads the selected photo's file itself (``read_file_facts``).
    Raises Cancelled when ``cancel`` is set; what was imported by then stays imported.
    ``defer_hash``: see ``ingest_paths``. ``check``: the findings of the tiles (default: a
    plain ``validate``; the window loads its live rules engine instead, once), given the own
    findings a big folder's worker processes work out meanwhile (``ops.rules_ahead``).
    """
    root = Path(os.path.abspath(folder))
    with contextlib.ExitStack() as stack:
        # A big folder's per-photo rules run on worker processes while the rows are built
        # here; started now, the workers are ready for them when the import is done.
        started = start_workers(_photo_count(root), settings, jobs) if check else None
        if started is not None:
            stack.callback(started.close)  # used or not, cancelled or not
        changes = ingest_paths(
            catalog, [root], progress=progress, cancel=cancel, jobs=jobs, defer_hash=defer_hash
        )
        log.debug("folder load: import done")  # the phases: benchmarks/desk.py times them
        if cancel:
            cancel.raise_if_cancelled()
        raw = catalog.desk_raw_rows([str(root)])
        today = today or date.today()
        with rules_ahead(raw, settings, today, jobs if check else 1, started) as ahead:
            rows = decode_desk_rows(raw)
            photos = [_desk_photo(row, record, overlaid=True) for row, record in rows]
            known = {row.path for row, _ in rows}  # str: 10,000 Paths cost a few hundred ms
            problems = changes.problems
            unreadable = sorted({Path(p.path) for p in problems if str(Path(p.path)) not in known})
            photos += [
                DeskPhoto(-i, failed(path, _reason(problems, path)))
                for i, path in enumerate(unreadable, 1)
            ]
            log.debug("folder load: rows built")
            if cancel:
                cancel.raise_if_cancelled()
            findings = check(photos, ahead) if check else findings_by_key(photos, settings, today)
    log.debug("folder load: findings done")
    photos.sort(key=lambda p: p.name.casefold())
    return FolderLoad(root, tuple(photos), findings)


def read_file_facts(photo: DeskPhoto) -> DeskPhoto:
    """The tile with what its file holds besides the rules' facts (camera, exposure, GPS, each
    field's source): the Info tab reads it for the selected photo only."""
    if photo.unreadable:
        return photo
    facts = read_photo(photo.path)
    if facts.error:
        return photo
    return dataclasses.replace(photo, record=with_catalog_values(facts, _values(photo.record)))


def refresh_photos(catalog: Catalog, photos: list[DeskPhoto]) -> list[DeskPhoto]:
    """These tiles with the catalog's current values and versions (after a save or an undo).

    The file's facts are kept from the snapshot: a save changes caption fields, not pictures.
    """
    rows = catalog.photos_by_id([p.key for p in photos if p.key > 0])
    fresh = []
    for photo in photos:
        row = rows.get(photo.key)
        if row is not None:
            facts = photo.file_facts if photo.file_facts is not None else photo.record
            fresh.append(_desk_photo(row, facts))
    return fresh


def findings_by_key(
    photos: list[DeskPhoto] | tuple[DeskPhoto, ...],
    settings: DeskSettings,
    today: date | None = None,
) -> dict[int, tuple[Finding, ...]]:
    """The rules' findings for a set of tiles, grouped by tile.

    ``validate``, not ``RulesEngine.load``: on a folder the batch pass is about twice as fast
    (1,000 photos: 0.30 s of CPU against 0.65 s; the engine also builds its update indexes).
    The window, which needs the engine anyway, checks with it instead (``check``).
    """
    records = [p.record for p in photos]
    grouped: dict[int, list[Finding]] = {}
    by_path = {p.record.path: p.key for p in photos}
    for finding in validate(records, settings, today=today):
        key = by_path.get(finding.path)
        if key is not None:
            grouped.setdefault(key, []).append(finding)
    return {key: tuple(found) for key, found in grouped.items()}


_tile_of = quick_init(DeskPhoto)  # one per photo of every folder load
_bare_record = quick_init(PhotoMetadata)


def _desk_photo(row: PhotoRecord, facts: PhotoMetadata, *, overlaid: bool = False) -> DeskPhoto:
    """``overlaid``: ``facts`` is the catalog's rules record, which has the values already."""
    return _tile_of(
        key=row.id,
        record=facts if overlaid else with_catalog_values(facts, row.fields),
        image_hash=row.image_hash,
        version=row.version,
        pending_write=row.pending_write,
        write_error=row.write_error,
        file_facts=None if overlaid else facts,
    )


def _values(record: PhotoMetadata) -> dict[str, object]:
    return {name: getattr(record, name) for name in EDITABLE_FIELDS}


def with_catalog_values(facts: PhotoMetadata, fields: Mapping[str, object]) -> PhotoMetadata:
    """The file's facts with the catalog's current field values (pending edits included).

    Sources and conflicts of a field whose value is not the file's are dropped: they describe
    what the file holds, not what the editor saved.
    """
    values: dict[str, Any] = {}
    for name, value in fields.items():
        current = getattr(facts, name, None)
        new = tuple(value) if isinstance(value, list | tuple) else (value or None)
        if name != "date_created" and new is None:
            new = ""
        if new != current:
            values[name] = new
    if not values:
        return facts
    sources = {k: v for k, v in facts.sources.items() if k not in values}
    conflicts = tuple(c for c in facts.conflicts if c.field not in values)
    languages = facts.caption_languages
    if "caption" in values:  # the default language is the caption itself: it was edited
        languages = {k: v for k, v in languages.items() if k != "x-default"}
    return dataclasses.replace(
        facts, sources=sources, conflicts=conflicts, caption_languages=languages, **values
    )


def _reason(problems, path: Path) -> str:
    for problem in problems:
        if Path(problem.path) == path:
            return problem.reason
    return "could not be read"
