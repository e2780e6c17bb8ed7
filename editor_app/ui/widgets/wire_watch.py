"""The wire watch in the window: photos arriving in the open folder join the contact sheet.

Every 500 ms a poll of the folder runs on an I/O thread (``ops.watch.FolderWatch``: complete
files only); arrivals are imported and checked on the database lane (``ops.watch.take_in``),
then added as tiles. The status bar counts arrivals and those with problems. ``on_arrival``
is the seam for "apply a template to arrivals" (called on the database lane, see ops.watch).
"""

import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from editor_app.metadata.record import failed
from editor_app.ops.catalogs import Catalog
from editor_app.ops.desk import DeskPhoto
from editor_app.ops.live import desk_photos
from editor_app.ops.watch import POLL_S, SETTLE_S, Arrival, ArrivalHook, FolderWatch, take_in
from editor_app.settings import DeskSettings
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class WireWatch(QObject):
    """Signals: photos_added(list[DeskPhoto]); counts_changed(str) the status bar's text."""

    photos_added = Signal(list)
    counts_changed = Signal(str)

    def __init__(
        self,
        model: ContactSheetModel,
        runner: TaskRunner,
        catalog: Callable[[], Catalog],
        settings: Callable[[], DeskSettings],
        parent: QObject | None = None,
        *,
        settle: float = SETTLE_S,
    ) -> None:
        super().__init__(parent)
        self._model, self._runner = model, runner
        self._catalog, self._settings = catalog, settings
        self.settle = settle
        self.on_arrival: ArrivalHook | None = None
        self.enabled = True
        self._watch: FolderWatch | None = None
        self._generation = 0
        self._busy = False
        self._grey_key = -1_000_000  # unreadable arrivals: grey tiles, keys below the load's
        self.arrived = 0
        self.with_problems = 0
        self._timer = QTimer(self)
        self._timer.setInterval(int(POLL_S * 1000))
        self._timer.timeout.connect(self._poll)

    def watch(self, folder: Path, present: Iterable[str] | None = None) -> None:
        """Watch ``folder`` (the one just opened) from now on; files there now are not new.
        ``present``: the photos the folder's load listed (paths as ``str``); one that came
        after that listing is an arrival (default: the folder is listed now)."""
        self.stop()
        self._generation += 1
        generation = self._generation
        self.arrived = self.with_problems = 0
        self.counts_changed.emit("")
        if not self.enabled:
            return
        if present is not None:
            self._started(generation, FolderWatch([folder], settle=self.settle, present=present))
            return
        self._runner.submit(  # listing the folder is I/O
            lambda _p, _c: FolderWatch([folder], settle=self.settle),
            on_done=lambda watch: self._started(generation, watch),
            on_error=lambda exc: log.warning("cannot watch %s: %s", folder, exc),
        )

    def stop(self) -> None:
        self._generation += 1
        self._timer.stop()
        self._watch = None
        self._busy = False

    def set_enabled(self, enabled: bool, folder: Path | None) -> None:
        self.enabled = enabled
        if enabled and folder is not None:
            self.watch(folder)
        elif not enabled:
            self.stop()
            self.counts_changed.emit("")

    def _started(self, generation: int, watch: FolderWatch) -> None:
        if generation == self._generation:
            self._watch = watch
            self._timer.start()

    def _poll(self) -> None:
        watch = self._watch
        if watch is None or self._busy:
            return
        self._busy = True
        generation = self._generation
        self._runner.submit(
            lambda _p, _c: watch.poll(),
            on_done=lambda paths: self._on_polled(generation, paths),
            on_error=lambda exc: self._on_failed(generation, exc),
        )

    def _on_polled(self, generation: int, paths: list[Path]) -> None:
        if generation != self._generation:
            return
        if not paths:
            self._busy = False
            return
        settings, hook = self._settings(), self.on_arrival
        self._runner.submit(
            lambda _p, _c: self._take_in(paths, settings, hook),
            on_done=lambda done: self._on_taken(generation, *done),
            on_error=lambda exc: self._on_failed(generation, exc),
            uses_db=True,
        )

    def _take_in(self, paths, settings, hook) -> tuple[list[Arrival], list[DeskPhoto]]:
        catalog = self._catalog()
        arrivals = take_in(catalog, paths, settings, on_arrival=hook)
        return arrivals, desk_photos(catalog, [a.path for a in arrivals if a.photo_id])

    def _on_taken(self, generation: int, arrivals: list[Arrival], photos: list[DeskPhoto]) -> None:
        if generation != self._generation:
            return
        self._busy = False
        self.arrived += len(arrivals)
        self.with_problems += sum(1 for a in arrivals if a.problems)
        added = self._model.add_photos([*photos, *self._grey_tiles(arrivals)])
        if added:
            self.photos_added.emit(added)
        self.counts_changed.emit(self.counts())

    def _grey_tiles(self, arrivals: list[Arrival]) -> list[DeskPhoto]:
        tiles = []
        for arrival in arrivals:
            if arrival.photo_id is None:
                self._grey_key -= 1
                reason = arrival.problems[0].message if arrival.problems else "could not be read"
                tiles.append(DeskPhoto(self._grey_key, failed(arrival.path, reason)))
        return tiles

    def counts(self) -> str:
        if not self.arrived:
            return ""
        return f"{self.arrived:,} new · {self.with_problems:,} with problems"

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._busy = False
        log.warning("watching the folder failed: %s", exc)
