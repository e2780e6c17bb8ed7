"""The desk window's behaviour: open a folder, fill the contact sheet, show the selected photo.

Every file read, decode and catalog query runs on the runner's threads (the catalog on its one
database lane). Opening a folder is ``folder_load.FolderLoader``'s work; it drops the reports
of a load that was superseded (the editor opened B before A finished).
"""

import logging
import os
from pathlib import Path

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox

from editor_app.errors import CaptionDeskError, os_reason
from editor_app.imaging.cache import ThumbnailCache
from editor_app.ops.catalogs import Catalog, open_desk_catalog
from editor_app.ops.desk import DeskPhoto
from editor_app.ops.drafts import Drafts
from editor_app.ops.live_flags import RulesEngine
from editor_app.progress import Cancelled, CancelToken
from editor_app.settings import DeskSettings
from editor_app.ui.models.sheet import PHOTO_ROLE, ContactSheetModel
from editor_app.ui.models.sheet_view import SheetIndex
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.views.shortcuts import SHORTCUTS
from editor_app.ui.widgets.caption_editor import CaptionEditor
from editor_app.ui.widgets.editing import Editing
from editor_app.ui.widgets.folder_load import FolderLoader, Loaded
from editor_app.ui.widgets.folder_menus import FolderMenus
from editor_app.ui.widgets.live_desk import LiveDesk
from editor_app.ui.widgets.live_flags import LiveFlags
from editor_app.ui.widgets.navigation import Navigation
from editor_app.ui.widgets.photo_tabs import PhotoTabs
from editor_app.ui.widgets.save_keys import SaveKeys
from editor_app.ui.widgets.sheet_delegate import SheetDelegate
from editor_app.ui.widgets.sheet_options import SheetOptions
from editor_app.ui.widgets.sheet_thumbnails import SheetThumbnails
from editor_app.ui.widgets.status_bar import StatusBar
from editor_app.ui.widgets.template_panel import TemplatePanel
from editor_app.ui.widgets.thumbnail_loader import ThumbnailLoader
from editor_app.ui.widgets.wire_watch import WireWatch

log = logging.getLogger(__name__)

SHARPEN_AFTER_MS = 150  # the held decodes start this long after a folder's badges show


class Desk(QObject):
    """Controller of MainWindowView.

    Signals:
        folder_loaded(Path): a folder is catalogued, checked and shown with its badges.
    """

    folder_loaded = Signal(Path)

    def __init__(
        self,
        view: MainWindowView,
        runner: TaskRunner,
        parent: QObject | None = None,
        *,
        catalog_url: str | None = None,
        cache: ThumbnailCache | None = None,
        state: UiState | None = None,
        jobs: int = 1,
    ) -> None:
        """``jobs``: worker processes for big imports (pools never fork: see parallel.py)."""
        super().__init__(parent)
        self.view, self._runner, self._state = view, runner, state
        self._catalog_url, self._jobs = catalog_url, jobs
        self._catalog: Catalog | None = None  # touched on the database lane only
        self.model = ContactSheetModel(self)
        self.delegate = SheetDelegate(view.sheet)
        view.sheet.setModel(self.model)
        view.sheet.setItemDelegate(self.delegate)
        self.loader = ThumbnailLoader(cache, threads=2, parent=self)
        self.folder: Path | None = None
        self.folder_load = FolderLoader(runner, self._catalog_here, jobs, self)
        self._rows_shown = False  # the open folder's catalog rows are in the sheet
        self._window_pick: Path | None = None  # the current photo while the window chose it
        self._token: CancelToken | None = None
        self._shut = False
        self._writing: CancelToken | None = None  # Ctrl+Shift+W, cancelled by the same button
        self._settings = DeskSettings()
        self.drafts = Drafts()
        self.caption = CaptionEditor(view.caption_editor, self.drafts, self)
        self.flags = LiveFlags(self.caption, self.model, runner, self)
        self.editing = Editing(
            self.caption, self.flags, self.model, runner, self._catalog_here, self
        )
        self.live = LiveDesk(
            self.model, runner, self.editing, self._catalog_here, lambda: self.folder, self
        )
        self.wire = WireWatch(self.model, runner, self._catalog_here, lambda: self._settings, self)
        self.photo_tabs = PhotoTabs(
            view,
            runner,
            self._catalog_here,
            self.current_photo,
            lambda: len(self.selected_photos()),
            self,
        )
        self.navigation = Navigation(view, self.model, self.caption.focus_caption, self)
        self.save_keys = SaveKeys(
            view, self.editing, self.caption, self.navigation, self.current_photo, runner, self
        )
        self.templates = TemplatePanel(
            view.template_panel,
            self.editing,
            runner,
            self._catalog_here,
            lambda: self._settings,
            view.caption_editor.hold_writes.isChecked,
            self,
        )
        self.templates.send_arrivals_to(lambda hook: setattr(self.wire, "on_arrival", hook))
        view.caption_editor.hold_writes.toggled.connect(
            lambda _on: self.templates.refresh_arrivals()
        )
        self.folders = FolderMenus(view, state, self.open_folder, self)
        self.status = StatusBar(
            view, self.model, self.drafts, lambda: (self._token, self._writing), self
        )
        self.thumbnails = SheetThumbnails(
            view.sheet, self.model, self.loader, lambda: self.folder_load.first_screen, self
        )
        self.sheet_options = SheetOptions(
            view,
            self.model,
            self.delegate,
            state,
            self._after_filter,
            self.thumbnails.schedule,
            self,
        )
        self._connect()
        self._restore_state()
        self.templates.reload()

    # public

    def open_folder(self, folder: Path) -> CancelToken | None:
        """Catalog ``folder`` and show it; whatever was loading before is cancelled.

        With unsaved text the editor is asked first (save, discard or stay); None if they stay.
        """
        if not self.save_keys.may_leave("Open another folder"):
            return None
        self.drafts.clear()
        self.editing.bases.clear()
        self.editing.undo_stack.clear()
        self.thumbnails.reset()
        self.loader.reset()
        self.model.clear()
        self.model.root = os.path.abspath(folder)
        self.view.preview.clear()
        self.navigation.show_sheet()
        return self._load(folder, f"Opening {folder} …")

    def recheck_folder(self) -> CancelToken | None:
        """F5: the open folder read again (files changed or added outside the desk) and
        checked again, the editor kept where they are: the current photo, the preview, the
        unsaved text (drafts are by photo, which a reload keeps) and the undo history."""
        if self.folder is None:
            return None
        shown = self._rows_shown and self.model.rowCount() > 0  # not while it first loads
        return self._load(self.folder, f"Checking {self.folder} again …", keep_rows=shown)

    def _load(self, folder: Path, status: str, *, keep_rows: bool = False) -> CancelToken | None:
        """``keep_rows``: the sheet keeps its rows and badges until the new ones are in (not
        the bare listing first, which would blank the fields of the photo being edited)."""
        self.live.reset()
        self.wire.stop()
        self.flags.set_checker(None)
        self._rows_shown = keep_rows
        self.folder = folder
        self.loader.hold_decodes(True)  # until the badges show: the load needs the cores
        self.view.status_label.setText(status)
        self.status.start_progress()
        self.view.setWindowTitle(f"{folder.name or folder} — Caption Desk")
        self._token = self.folder_load.start(folder)
        if keep_rows:
            self.folder_load.first_screen.set()  # on the screen already: no need to wait
        return self._token

    def selected_photos(self) -> list[DeskPhoto]:
        rows = sorted(self.view.sheet.selectionModel().selectedIndexes(), key=lambda i: i.row())
        return [index.data(PHOTO_ROLE) for index in rows]

    @property
    def engine(self) -> RulesEngine | None:
        """The open folder's incremental rules engine (live flags); None before it loads."""
        live = self.flags.live
        return live.engine if live is not None else None

    def current_photo(self) -> DeskPhoto | None:
        index = self.view.sheet.currentIndex()
        return index.data(PHOTO_ROLE) if index.isValid() else None

    def shutdown(self, msecs: int = 10_000) -> bool:
        """Cancel and wait for background work; close the catalog. Called when quitting."""
        self._shut = True  # a folder's steps still queued (a turn of the event loop) end here
        self.flags.stop()
        self.live.stop()
        self.wire.stop()
        self.thumbnails.stop()
        self.status.stop()
        self.folder_load.cancel()
        self._runner.submit(
            lambda _p, _c: self._close_catalog(), on_done=_ignore, on_error=_ignore, uses_db=True
        )
        done = self._runner.wait(msecs)
        return self.loader.wait(msecs) and self.view.preview.wait(msecs) and done

    # background work (runner threads)

    def _catalog_here(self) -> Catalog:
        if self._catalog is None:
            self._catalog = open_desk_catalog(self._catalog_url)
        return self._catalog

    def _close_catalog(self) -> None:
        if self._catalog is not None:
            self._catalog.close()

    # results (GUI thread)

    def _on_folder_listed(self, listed: tuple[tuple[DeskPhoto, ...], SheetIndex, bool]) -> None:
        if self._rows_shown:
            return  # the full load was quicker
        photos, index, complete = listed
        chosen = self._chosen_path()
        moved = self.model.set_photos(photos, {}, index)  # all tiles after the first: same top
        if not photos and complete:
            self.folder_load.first_screen.set()
        # The photo the editor is on stays current, wherever the new order puts it (the rows
        # come in capture-time order after a listing in name order): never the one that took
        # its row, which the next keystrokes would caption.
        row = self.model.row_of_path(chosen) if chosen is not None else None
        if row is None:
            self._select_first()
        elif self.view.sheet.currentIndex().row() != row:
            self.view.sheet.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        if complete:  # not the first screen's tiles: the lane is not waiting for those
            self._show_now(layout=moved)
        if row is not None and moved:
            self.view.sheet.scrollTo(self.model.index(row))
        self.thumbnails.schedule()

    def _chosen_path(self) -> Path | None:
        """The current photo's file when the editor chose it or typed into it; None when
        there is none or the window chose it (the first photo of a folder being opened)."""
        photo = self.current_photo()
        if photo is None:
            return None
        if photo.path == self._window_pick and not self.drafts.of(photo.key):
            return None
        return photo.path

    def _show_now(self, layout: bool) -> None:
        """Lay the sheet out (``layout``: its rows moved) and paint it in this turn, not in
        later ones: the folder loader keeps the database lane waiting until this handler
        returns, so the relayout of every tile and the paint of the new ones do not share the
        GIL with the lane's Python (with it, each of their hundreds of Qt calls waits to take
        the GIL back: stalls of 60-100 ms when the rows showed)."""
        sheet = self.view.sheet
        if layout:
            sheet.doItemsLayout()
        if sheet.isVisible():
            sheet.viewport().repaint()

    def _on_rows_loaded(self, rows: tuple[tuple[DeskPhoto, ...], SheetIndex]) -> None:
        """The catalog's rows, their badges to follow (the rules engine is loading)."""
        if not self._rows_shown:
            self._on_folder_listed((*rows, True))
            self._rows_shown = True

    def _on_folder_loaded(self, loaded: Loaded) -> None:
        self._rows_shown = True
        load = loaded.load
        self._settings = loaded.settings
        self.flags.set_checker(loaded.checker)
        self.status.hide_progress()
        if loaded.changed:  # pictures replaced since the catalog last saw them: decode again
            self.loader.forget(loaded.changed)
            self.model.forget_thumbnails(loaded.changed)
        self.editing.keep_bases({p.key: p for p in self.model.photos()}, load.photos)  # F5
        self.model.set_photos(load.photos, load.findings, loaded.index)
        self.loader.add_cache_keys(loaded.hashes)
        # The badges paint first; the Problems dock a turn of the event loop later, the rest
        # in turns after that: all in one turn held the GUI thread ~60 ms on a 10,000-photo
        # folder (a stall of its own); the sharpening decodes start a moment after that.
        token = self._token
        QTimer.singleShot(0, self, lambda: self._after_folder_loaded(token, loaded))

    def _still_open(self, token: CancelToken | None) -> bool:
        """Whether the folder whose load ``token`` is, is still the one open (not another one
        opened meanwhile, nor the window shut down)."""
        return token is self._token and not self._shut

    def _after_folder_loaded(self, token: CancelToken | None, loaded: Loaded) -> None:
        if not self._still_open(token):
            return
        self.view.problems.set_findings(loaded.problems, loaded.cells)
        QTimer.singleShot(0, self, lambda: self._settle_folder(token, loaded))

    def _settle_folder(self, token: CancelToken | None, loaded: Loaded) -> None:
        if not self._still_open(token):
            return
        load = loaded.load
        self.status.show_counts(loaded.note)  # the status bar says the folder is open: last
        self.folders.remember(load.folder)
        if self._catalog is not None:  # a colleague's saves and new files show up from now on
            self.live.start(self._catalog.change_feed)
        self.wire.watch(load.folder, loaded.present)
        QTimer.singleShot(0, self, lambda: self._show_current(token, load.folder))

    def _show_current(self, token: CancelToken | None, folder: Path) -> None:
        """The editor and the Info tab on the current photo's new snapshot: a turn of its own
        after the badges' other steps (together ~20 ms of GUI thread)."""
        if not self._still_open(token):
            return
        if not self.view.sheet.currentIndex().isValid():
            self._select_first()
        else:
            self._on_current_changed(self.view.sheet.currentIndex(), QModelIndex())
        self.thumbnails.schedule()
        QTimer.singleShot(SHARPEN_AFTER_MS, self, lambda: self._sharpen(token))
        self.folder_loaded.emit(folder)

    def _sharpen(self, token: CancelToken | None) -> None:
        if self._still_open(token):  # not another folder's: that one holds its decodes itself
            self.loader.hold_decodes(False)

    def _select_first(self) -> None:
        if self.model.rowCount():
            self._window_pick = self.model.photo(0).path
            self.view.sheet.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _on_identified(self, keys: dict[Path, str]) -> None:
        """Pictures identified after the rows: their thumbnails can go to the disk cache."""
        # The tiles keep their snapshots (an Info-tab read in flight compares them).
        self.loader.add_cache_keys(keys)

    def _on_folder_failed(self, exc: BaseException) -> None:
        self.status.hide_progress()
        self.loader.hold_decodes(False)
        if isinstance(exc, Cancelled):
            self.view.status_label.setText("Opening the folder was cancelled")
            return
        if isinstance(exc, CaptionDeskError):
            self.view.status_label.setText(f"Could not open the folder: {exc}")
            return
        if isinstance(exc, OSError):
            self.view.status_label.setText(f"Could not open the folder: {os_reason(exc)}")
            return
        log.error("opening the folder failed", exc_info=exc)
        self.view.status_label.setText(
            "Could not open the folder: an unexpected error (details in the log file)"
        )

    # selection, preview, details

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        photo: DeskPhoto | None = current.data(PHOTO_ROLE) if current.isValid() else None
        if photo is not None and photo.path != self._window_pick:
            self._window_pick = None  # the editor's choice from now on
        self.photo_tabs.show_photo(photo)
        self._on_selection_changed()
        if photo is None:
            return
        if self.navigation.previewing():
            self.navigation.preview_current()

    def _after_filter(self) -> None:
        self.status.show_counts()
        self.thumbnails.schedule()

    # folders, state, quitting

    def _on_recheck_triggered(self) -> None:
        self.recheck_folder()

    def _on_photos_chosen(self, keys: list[int]) -> None:
        selection = self.view.sheet.selectionModel()
        first = True
        if any(self.model.row_of(key) is None for key in keys):
            self.sheet_options.set_filter("all")  # filtered out: show everything, then select
        for key in keys:
            row = self.model.row_of(key)
            if row is None:
                continue
            index = self.model.index(row)
            flag = QItemSelectionModel.SelectionFlag
            if first:
                selection.setCurrentIndex(index, flag.ClearAndSelect)
                self.view.sheet.scrollTo(index)
                first = False
            else:
                selection.select(index, flag.Select)

    def _on_shortcuts_triggered(self) -> None:
        rows = "".join(f"<tr><td><b>{k}</b></td><td>{v}</td></tr>" for k, v in SHORTCUTS)
        box = QMessageBox(self.view)
        box.setWindowTitle("Keyboard shortcuts")
        box.setText(f"<table cellspacing=6>{rows}</table>")
        box.open()

    def _restore_state(self) -> None:
        state = self._state
        size = state.thumb_size() if state else 160
        self.view.size_slider.setValue(size)
        self.delegate.thumb_size = self.view.size_slider.value()
        if state is None:
            return
        if geometry := state.geometry():
            self.view.restoreGeometry(geometry)
        if window_state := state.window_state():
            self.view.restoreState(window_state)
        self.sheet_options.restore(state)

    def _on_view_closing(self, event: QCloseEvent) -> None:
        if not self.save_keys.may_leave("Quit"):
            event.ignore()
            return
        if self._state is not None:
            self._state.save_window(self.view.saveGeometry(), self.view.saveState())
            self._state.sync()
        self.shutdown()
        event.accept()

    def _connect(self) -> None:
        view = self.view
        selection = view.sheet.selectionModel()
        selection.currentChanged.connect(self._on_current_changed)
        self.model.tiles_changed.connect(lambda: view.sheet.viewport().update())
        self.folder_load.listed.connect(self._on_folder_listed)
        self.folder_load.rows.connect(self._on_rows_loaded)
        self.folder_load.loaded.connect(self._on_folder_loaded)
        self.folder_load.identified.connect(self._on_identified)
        self.folder_load.failed.connect(self._on_folder_failed)
        self.folder_load.progressed.connect(self.status.progress)
        view.quit_action.triggered.connect(view.close)
        view.check_action.triggered.connect(self._on_recheck_triggered)
        view.preview_action.triggered.connect(self.navigation.open_preview)
        view.actual_size_action.triggered.connect(view.preview.toggle_actual_size)
        view.shortcuts_action.triggered.connect(self._on_shortcuts_triggered)
        view.problems.photos_chosen.connect(self._on_photos_chosen)
        view.closing.connect(self._on_view_closing)
        selection.selectionChanged.connect(lambda _s, _d: self._on_selection_changed())
        view.caption_action.triggered.connect(self.caption.focus_caption)
        self.caption.left.connect(self._on_caption_left)
        view.save_action.triggered.connect(self.save_keys.save)
        view.save_next_action.triggered.connect(self.save_keys.save_and_next)
        view.caption_editor.save_button.clicked.connect(self.save_keys.save)
        view.caption_editor.next_button.clicked.connect(self.save_keys.save_and_next)
        view.undo_action.triggered.connect(self.editing.undo)
        view.redo_action.triggered.connect(self.editing.redo)
        view.write_action.triggered.connect(self._write_pending)
        self.editing.photos_changed.connect(self._on_photos_changed)
        self.editing.photos_changed.connect(self._forget_notices)
        view.history.restore_requested.connect(
            lambda version, at: self.editing.restore_from_history(
                self.current_photo(), self.selected_photos(), version, at
            )
        )
        self.live.photos_refreshed.connect(self._on_photos_changed)
        self.live.photos_added.connect(self._on_photos_added)
        self.wire.photos_added.connect(self._on_photos_added)
        self.wire.counts_changed.connect(view.arrivals_label.setText)
        view.watch_action.toggled.connect(lambda on: self.wire.set_enabled(on, self.folder))
        self.flags.findings_changed.connect(self._on_findings_changed)
        for source in (self.editing, self.flags):
            source.message.connect(lambda text: view.statusBar().showMessage(text, 10_000))
        self.flags.settings_changed.connect(self._on_settings_changed)
        self.templates.message.connect(lambda text: view.statusBar().showMessage(text, 10_000))
        self.templates.loaded.connect(self._on_templates_loaded)
        view.template_action.triggered.connect(self._apply_template)
        self.caption.edited.connect(lambda _keys: self.templates.show_photos(self.caption.photos))
        self.caption.edited.connect(lambda _keys: self.status.show_counts())  # "N unsaved"

    # editing glue (the work is in widgets/editing.py and widgets/live_flags.py)

    def _on_selection_changed(self) -> None:
        self.caption.show_photos(self.selected_photos())
        self.templates.show_photos(self.caption.photos)
        self.flags.show_current_findings()
        self.live.show_notice(self.view.caption_editor.notice, self.current_photo())
        self.flags.request_spelling()

    def _forget_notices(self, fresh: list[DeskPhoto]) -> None:
        self.live.forget_notices(fresh)
        self._on_selection_changed()

    def _on_photos_added(self, added: list[DeskPhoto]) -> None:
        self.flags.recheck([p.key for p in added])  # the live engine learns the arrivals
        self.status.show_counts()
        self.thumbnails.schedule()

    def _apply_template(self) -> None:
        self.view.tabs.setCurrentWidget(self.view.template_panel)  # the preview, the problems
        self.templates.apply()

    def _on_templates_loaded(self) -> None:
        self.caption.codes = self.templates.codes

    def _on_settings_changed(self, settings: DeskSettings) -> None:
        self._settings = settings  # the template panel's checks know the new name too

    def _on_caption_left(self) -> None:
        if self.navigation.previewing():
            self.view.preview.setFocus()
        else:
            self.view.sheet.setFocus()

    def _write_pending(self) -> None:
        """Ctrl+Shift+W: the status bar's progress and Cancel follow the writes."""
        token = self.editing.write_pending(
            [p.key for p in self.model.photos() if p.pending_write],
            on_progress=self.status.progress,
            on_end=self.status.hide_progress,
        )
        if token is not None:
            self._writing = token
            self.status.start_progress()

    def _on_photos_changed(self, fresh: list[DeskPhoto]) -> None:
        self.model.replace_photos(fresh)
        self._on_selection_changed()
        self.status.show_counts()
        current = self.current_photo()
        if current is not None and any(p.key == current.key for p in fresh):
            self.photo_tabs.show_photo(current)
            if self.navigation.previewing():
                self.navigation.preview_current()  # its caption line: the saved one

    def _on_findings_changed(self) -> None:
        self.view.problems.set_findings(list(self.model.all_findings()))
        self.status.show_counts()


def _ignore(*_args) -> None:
    pass
