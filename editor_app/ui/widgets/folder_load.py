"""Opening a folder, in three steps the window shows as they come.

1. The listing: the folder's files with what the catalog knows of them (no file opened), so
   tiles and their thumbnails appear at once; the first few hundred tiles first, then all.
2. The rows: new and changed files are read (metadata only: ``defer_hash``) into the catalog,
   every tile gets its values (shown at once), and the folder's rules engine is loaded once;
   its findings are the badges, and the same engine then keeps the live flags.
3. The identity pass: the image hashes the import left for later, a batch per database-lane
   task so a save waits for one batch at most (a big folder's starts a moment after the
   badges show); a move found there reloads the rows.

Each load carries a generation number: reports of a load the editor has left are dropped.
"""

import gc
import logging
import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor_app.captions.findings import Finding
from editor_app.errors import CaptionDeskError
from editor_app.gcpause import frozen_after
from editor_app.ops.desk import DeskPhoto, FolderLoad, list_first, list_folder, load_folder
from editor_app.ops.identify import HashChanges, hash_pending
from editor_app.ops.live_flags import LiveChecker, OwnAhead
from editor_app.ops.templates import with_desk_names
from editor_app.progress import Cancelled, CancelToken
from editor_app.settings import DeskSettings, settings_for
from editor_app.ui.models.problems import problem_cells
from editor_app.ui.models.sheet_view import SheetIndex, index_photos
from editor_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

FIRST_SCREEN_WAIT_S = 0.5  # the load starts when the first screen has thumbnails, or after this
# The import waits until the window has shown the folder's listing, and the rules engine's
# load until it has shown the rows, or this long: the two at once made showing 10,000 rows take
# the GUI thread ~35 ms instead of ~6 (each wait for the GIL a wait for the lane's Python).
ROWS_SHOWN_WAIT_S = 0.25
HASH_BATCH = 200  # photos hashed per database-lane task
# In a folder of AFTER_BADGES_FROM photos or more the identity pass and the suggestions wait
# this long after the badges show: started with the sharpening decodes the badges release, the
# three took the cores the GUI thread needed to paint them (stalls of 100-220 ms at 10,000
# photos). A small folder's pass is over in a moment: it starts at once.
AFTER_BADGES_MS, AFTER_BADGES_FROM = 500, 1000
HEAD_TILES = 300  # tiles of the first listing: a screen and the next one, on a big window


Listed = tuple[tuple[DeskPhoto, ...], SheetIndex, bool]  # tiles, their index, all of them


@dataclass(frozen=True, slots=True)
class Loaded:
    """A folder load with everything the window derives from it, computed on the database
    lane: on 10,000 photos, deriving it on the GUI thread stalled the window for a second."""

    load: FolderLoad
    note: str  # why the folder's caption-desk.toml was ignored, or ""
    settings: DeskSettings
    checker: LiveChecker | None  # the rules engine the badges came from (live flags)
    index: SheetIndex
    hashes: dict[Path, str]  # thumbnail cache keys
    changed: list[Path]  # pictures replaced since the listing: their thumbnails go
    problems: list[tuple[DeskPhoto, Finding]]
    cells: list[tuple[str, str, str, str]]
    present: frozenset[str]  # every tile's path: the files the wire watch need not report


class FolderLoader(QObject):
    """Runs the steps of opening a folder; reports only for the folder open now.

    Signals:
        listed(object): (photos, SheetIndex, complete) of a quick listing: the first tiles
            (complete False, all of them to follow), then all.
        rows(object): (photos, SheetIndex): the catalog's rows, before the rules ran.
        loaded(object): the Loaded rows with their badges.
        hashed(object): HashChanges of one identity-pass batch.
        identified(object): the same batch's pictures as {Path: image hash}.
        failed(object): the exception that stopped the load.
        progressed(int, int): files done and in all, while importing.
    """

    listed = Signal(object)
    rows = Signal(object)
    _rows_built = Signal(int, object)  # from the database lane: (generation, rows)
    loaded = Signal(object)
    hashed = Signal(object)
    identified = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)

    def __init__(self, runner: TaskRunner, catalog_here, jobs: int, parent: QObject) -> None:
        super().__init__(parent)
        self._runner, self._catalog_here, self._jobs = runner, catalog_here, jobs
        self.first_screen = threading.Event()
        self._rows_shown = threading.Event()
        self._listing_shown = threading.Event()  # clear from a full listing until it shows
        self._listing_shown.set()
        self._listed: dict[Path, str] = {}  # image hashes of the last listing (database lane)
        self._head_complete = False  # the first listing had every tile (database lane)
        self._generation = 0
        self._token: CancelToken | None = None
        self._hash_token: CancelToken | None = None
        self._rows_built.connect(self._on_rows_built)  # queued: emitted on the database lane

    def start(self, folder: Path) -> CancelToken:
        """List, then load ``folder``; whatever was loading before is cancelled."""
        self.cancel()
        generation = self._generation
        self.first_screen = threading.Event()  # the load waits for it (a moment at most)
        for head in (True, False):  # tiles and thumbnails before the import ends
            self._runner.submit(
                partial(self._list_task, folder, head),
                on_done=lambda listed: self._on_listed(generation, listed),
                on_error=lambda exc: self._listing_failed(folder, exc),
                uses_db=True,
            )
        return self._submit_load(folder, generation)

    def cancel(self) -> None:
        """Stop the load and the identity pass; their reports from now on are dropped."""
        self._generation += 1
        for token in (self._token, self._hash_token):
            if token is not None:
                token.cancel()

    def _submit_load(self, folder: Path, generation: int) -> CancelToken:
        self._token = self._runner.submit(
            lambda progress, cancel: self._load_task(folder, progress, cancel, generation),
            on_done=lambda loaded: self._on_loaded(generation, folder, loaded),
            on_error=lambda exc: self._report(generation, self.failed, exc),
            on_progress=lambda done, total, _label: self._progress(generation, done, total),
            uses_db=True,
            lane="folder",  # a newer folder supersedes this one: its reports are dropped
        )
        return self._token

    # database lane

    def _list_task(self, folder: Path, head: bool, _progress, _cancel) -> Listed | None:
        with frozen_after():  # 10,000 tiles: see _load_task
            return self._list(folder, head)

    def _load_task(self, folder: Path, progress, cancel: CancelToken, generation: int) -> Loaded:
        # Millions of objects that live as long as the folder is open: full collections
        # while they are built each held the GIL for 300-400 ms at 10,000 photos (GUI stalls).
        with frozen_after():
            return self._load(folder, progress, cancel, generation)

    def _list(self, folder: Path, head: bool) -> Listed | None:
        """The first tiles (``head``), else all; None when there is nothing more to show."""
        if head:
            self._listed = {}
            first = list_first(self._catalog_here(), folder, HEAD_TILES)
            self._head_complete = first is not None and first[1]
            if first is None:
                return None
            photos = first[0]
        elif self._head_complete:
            return None  # the first listing had them all
        else:  # 10,000 tiles hold the GIL for a while: the first screen's thumbnails first
            self.first_screen.wait(FIRST_SCREEN_WAIT_S)
            photos = list_folder(self._catalog_here(), folder)
            self._listing_shown.clear()  # the import waits for the GUI thread to show them
        self._listed.update((p.path, p.image_hash) for p in photos if p.image_hash)
        return photos, index_photos(photos), not head or self._head_complete

    def _load(self, folder: Path, progress, cancel: CancelToken, generation: int) -> Loaded:
        # First screen first: the load is Python holding the GIL for seconds on a big folder,
        # which would slow the thumbnail threads and the GUI thread now painting the listing.
        self.first_screen.wait(FIRST_SCREEN_WAIT_S)
        self._listing_shown.wait(ROWS_SHOWN_WAIT_S)
        catalog = self._catalog_here()
        note = ""
        try:
            settings = settings_for(None, folder)
        except CaptionDeskError as exc:  # a broken caption-desk.toml: the defaults, and say so
            settings, note = DeskSettings(), str(exc)
        settings = with_desk_names(settings, catalog)
        built: list[LiveChecker] = []
        index: list[SheetIndex] = []

        def check(
            photos: list[DeskPhoto], ahead: OwnAhead | None
        ) -> dict[int, tuple[Finding, ...]]:
            ordered = tuple(sorted(photos, key=lambda p: p.name.casefold()))  # as loaded
            index.append(index_photos(ordered))  # load.photos's order: kept for _prepare
            self._rows_shown.clear()
            self._rows_built.emit(generation, (ordered, index[0]))  # then badges
            self._rows_shown.wait(ROWS_SHOWN_WAIT_S)
            # Loaded once: badges and live flags; the suggestions wait until the badges show.
            built.append(LiveChecker(photos, settings, suggestions=False, ahead=ahead))
            return built[0].findings()

        load = load_folder(
            catalog,
            folder,
            settings,
            progress=progress,
            cancel=cancel,
            jobs=self._jobs,
            defer_hash=True,
            check=check,
        )
        checker = built[0] if built else None
        return _prepare(load, note, settings, checker, self._listed, index[0] if index else None)

    # GUI thread

    def _report(self, generation: int, signal, value: object) -> None:
        if generation == self._generation:
            signal.emit(value)

    def _on_rows_built(self, generation: int, rows: object) -> None:
        self._report(generation, self.rows, rows)  # the window lays out and paints them now
        self._rows_shown.set()

    def _on_listed(self, generation: int, listed: object) -> None:
        if listed is not None:
            self._report(generation, self.listed, listed)  # laid out and painted now
        self._listing_shown.set()

    def _listing_failed(self, folder: Path, exc: BaseException) -> None:
        log.info("quick listing of %s failed: %s", folder, exc)
        self._listing_shown.set()

    def _progress(self, generation: int, done: int, total: int) -> None:
        if generation == self._generation:
            self.progressed.emit(done, total)

    def _on_loaded(self, generation: int, folder: Path, loaded: Loaded) -> None:
        if generation != self._generation:
            return
        self.loaded.emit(loaded)
        gc.freeze()  # and what the window built from them (models, index): see _load_task
        if len(loaded.load.photos) < AFTER_BADGES_FROM:
            self._after_badges(generation, folder, loaded.checker)
            return
        QTimer.singleShot(
            AFTER_BADGES_MS, self, lambda: self._after_badges(generation, folder, loaded.checker)
        )

    def _after_badges(self, generation: int, folder: Path, checker: LiveChecker | None) -> None:
        if generation != self._generation:
            return
        if checker is not None:
            self._runner.submit(
                lambda _p, _c: checker.prepare_suggestions(),
                on_done=lambda _none: None,
                on_error=lambda exc: log.warning("spelling suggestions not prepared: %s", exc),
            )
        self._hash_next(generation, folder, 0)

    def _hash_next(self, generation: int, folder: Path, after: int) -> None:
        def step(_progress, cancel: CancelToken) -> tuple[HashChanges, dict[Path, str]]:
            catalog = self._catalog_here()
            changes = hash_pending(
                catalog, cancel=cancel, jobs=self._jobs, after=after, limit=HASH_BATCH
            )
            # the thumbnail loader's keys, made here: 200 Paths a batch on the GUI thread
            # were ~10 ms of it, 50 times in a 10,000-photo folder
            return changes, {Path(p): digest for p, digest in changes.hashed.items()}

        self._hash_token = self._runner.submit(
            step,
            on_done=lambda done: self._on_hashed(generation, folder, *done),
            on_error=_identity_failed,
            uses_db=True,
            lane="identity",
        )

    def _on_hashed(
        self, generation: int, folder: Path, changes: HashChanges, keys: dict[Path, str]
    ) -> None:
        if generation != self._generation:
            return
        self.hashed.emit(changes)
        self.identified.emit(keys)
        if changes.dropped:  # rows replaced by moved photos: the tiles' keys changed
            self._submit_load(folder, generation)
        elif changes.left:
            self._hash_next(generation, folder, changes.last_id)


def _identity_failed(exc: BaseException) -> None:
    if not isinstance(exc, Cancelled):  # cancelled: another folder, or quitting
        log.warning("identity pass stopped: %s", exc)


def _prepare(
    load: FolderLoad,
    note: str,
    settings: DeskSettings,
    checker: LiveChecker | None,
    listed: dict[Path, str],
    index: SheetIndex | None = None,  # of ``load.photos``, when the rows had it made
) -> Loaded:
    hashes = {p.path: p.image_hash for p in load.photos if p.image_hash}
    changed = [path for path, digest in hashes.items() if listed.get(path, digest) != digest]
    problems = [(p, f) for p in load.photos for f in load.findings.get(p.key, ())]
    cells = problem_cells(problems)
    index = index if index is not None else index_photos(load.photos)
    present = frozenset(str(p.path) for p in load.photos)
    return Loaded(load, note, settings, checker, index, hashes, changed, problems, cells, present)
