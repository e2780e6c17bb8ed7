"""The live shared desk in the window: a colleague's save shows up within about a second.

A listener thread waits on the catalog's change feed (PostgreSQL LISTEN, SQLite data_version
every 500 ms); each change sends the database lane one small query for just those photos
(``ops.live``). A tile whose version went up takes the new values and badges; the open editor
says who changed it and when. A draft is never overwritten: the fields keep the typed text,
and the draft keeps the version it started from, so its save asks to merge (conflicts.py).
"""

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from editor_app.errors import CaptionDeskError
from editor_app.ops.desk import DeskPhoto
from editor_app.ops.live import CatalogChange, ChangeFeed, LastSave, LiveUpdate, live_update
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.widgets.editing import Editing

log = logging.getLogger(__name__)

WAIT_S = 0.25  # how long one wait on the feed blocks: the thread notices a stop this fast
RETRY_S = 5.0  # after a lost connection


class ChangeListener(QObject):
    """Runs ``feed.wait`` on its own thread. Signals: changed(CatalogChange)."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, open_feed: Callable[[], ChangeFeed]) -> None:
        if self._thread is not None:
            return
        self._stop = stop = threading.Event()  # its own: a restart never revives an old thread
        self._thread = threading.Thread(
            target=self._run, args=(open_feed, stop), name="catalog-changes", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 0.0) -> None:
        """Tell the thread to end; it notices within WAIT_S. By default the GUI thread does not
        wait for it (closing the window would stall for up to WAIT_S): a late change is dropped
        by ``_emit`` once the window is gone."""
        self._stop.set()
        if self._thread is not None:
            if timeout > 0:
                self._thread.join(timeout)
            self._thread = None

    def _run(self, open_feed: Callable[[], ChangeFeed], stop: threading.Event) -> None:
        feed: ChangeFeed | None = None
        lost = False
        while not stop.is_set():
            try:
                if feed is None:
                    feed = open_feed()
                    if lost:  # changes may have been missed meanwhile
                        self._emit(CatalogChange(everything=True))
                change = feed.wait(WAIT_S)
            except CaptionDeskError as exc:
                log.warning("live desk: %s; retrying in %.0f s", exc, RETRY_S)
                _closed(feed)
                feed, lost = None, True
                stop.wait(RETRY_S)
                continue
            if change is not None and not stop.is_set() and not self._emit(change):
                break
        _closed(feed)

    def _emit(self, change: CatalogChange) -> bool:
        try:
            self.changed.emit(change)
        except RuntimeError:  # the window is gone without stopping us: stop quietly
            return False
        return True


class LiveDesk(QObject):
    """Applies catalog changes to the contact sheet and the editor.

    Signals: photos_refreshed(list[DeskPhoto]) tiles with new values (the desk refreshes the
    editor, counts and history); photos_added(list[DeskPhoto]) tiles that appeared.
    """

    photos_refreshed = Signal(list)
    photos_added = Signal(list)

    def __init__(
        self,
        model: ContactSheetModel,
        runner: TaskRunner,
        editing: Editing,
        catalog: Callable,
        folder: Callable[[], Path | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._model, self._runner, self._editing = model, runner, editing
        self._catalog, self._folder = catalog, folder
        self.listener = ChangeListener(self)
        self.listener.changed.connect(self._on_listener_changed)
        self.notices: dict[int, str] = {}  # photo key -> "Changed by NAME at TIME"
        self.generation = 0  # bumped when another folder opens: late updates are dropped

    def start(self, open_feed: Callable[[], ChangeFeed]) -> None:
        self.listener.start(open_feed)

    def stop(self) -> None:
        self.listener.stop()

    def reset(self) -> None:
        self.generation += 1
        self.notices.clear()

    def show_notice(self, label: QLabel, current: DeskPhoto | None) -> None:
        """The open editor's "Changed by NAME at TIME" line for the current photo, if any."""
        notice = self.notices.get(current.key, "") if current is not None else ""
        label.setText(notice)
        label.setVisible(bool(notice))

    def forget_notices(self, saved: list[DeskPhoto]) -> None:
        for photo in saved:  # saved here: the editor has seen and settled it
            self.notices.pop(photo.key, None)

    def _on_listener_changed(self, change: CatalogChange) -> None:
        shown = self._model.photos()
        folder = self._folder()
        generation = self.generation
        self._runner.submit(
            lambda _p, _c: live_update(self._catalog(), shown, folder, change),
            on_done=lambda update: self._apply(generation, update),
            on_error=lambda exc: log.warning("live update failed: %s", exc),
            uses_db=True,
        )

    def _apply(self, generation: int, update: LiveUpdate) -> None:
        if generation != self.generation or not (update.fresh or update.newcomers):
            return  # a commit that changed nothing shown (this window's identity pass)
        fresh_keys = {p.key for p in update.fresh}
        held = {p.key: p for p in self._model.photos() if p.key in fresh_keys}
        newer = [p for p in update.fresh if p.key in held and _moved_on(held[p.key], p)]
        self._editing.keep_bases(held, newer)
        for photo in newer:
            if photo.version > held[photo.key].version:
                saved = update.last_saves.get(photo.key)
                if saved is not None:
                    self.notices[photo.key] = _notice(
                        saved, bool(self._editing.drafts.of(photo.key))
                    )
        if newer:
            self._model.replace_photos(newer)
            self.photos_refreshed.emit(newer)
        added = self._model.add_photos(update.newcomers)
        if added:
            self.photos_added.emit(added)
        if newer or added:
            self._editing.flags.recheck()


def _moved_on(old: DeskPhoto, new: DeskPhoto) -> bool:
    return (new.version, new.pending_write, new.write_error) != (
        old.version,
        old.pending_write,
        old.write_error,
    ) and new.version >= old.version


def _notice(saved: LastSave, draft: bool) -> str:
    when = saved.at.strftime("%H:%M:%S UTC")
    text = f"Changed by {saved.editor} at {when}."
    if draft:
        text += " Your unsaved text is kept; saving shows both versions side by side."
    return text


def _closed(feed: ChangeFeed | None) -> None:
    if feed is not None:
        try:
            feed.close()
        except Exception:  # noqa: BLE001 - a connection already gone
            log.debug("closing the change feed failed", exc_info=True)
