"""The live flags while the editor types: the folder's findings kept up to date with the
drafts, the caption's and headline's misspellings underlined, and names added to the desk.

Every check runs on the worker lane "live-flags", one at a time and in order; the GUI only
sends what the editor sees (drafts included) and shows what comes back.
"""

import dataclasses
import logging

from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit

from editor_app.captions.findings import Finding
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto, with_catalog_values
from editor_app.ops.live_flags import LiveChecker, Misspelling, add_desk_name
from editor_app.settings import with_desk_names
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.widgets.caption_editor import CaptionEditor
from editor_app.ui.widgets.spelling import (
    LineSpelling,
    SpellingHighlighter,
    line_spelling_menu,
    spelling_menu,
)

log = logging.getLogger(__name__)

LIVE_CHECK_DELAY_MS = 120  # after the editor pauses typing
# photo key, then (the text checked, its spans) for the caption and for the headline
_Spelled = tuple[int, tuple[str, list[Misspelling]], tuple[str, list[Misspelling]]]


class LiveFlags(QObject):
    """Signals: findings_changed() after a check changed the folder's findings; message(str);
    check_started(), checked(): a check left for the worker, and its results are shown;
    settings_changed(DeskSettings): the desk's names grew."""

    findings_changed = Signal()
    message = Signal(str)
    check_started = Signal()  # a check went to the worker (the benchmark times from here)
    checked = Signal()  # a check's findings and underlines are shown
    settings_changed = Signal(object)  # DeskSettings: a name joined the desk's names

    def __init__(
        self,
        editor: CaptionEditor,
        model: ContactSheetModel,
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor, self.model, self._runner = editor, model, runner
        self.drafts = editor.drafts
        self.live: LiveChecker | None = None
        self._live_generation = 0
        self._dirty: set[int] = set()  # photos whose records the engine has not seen yet
        self._in_flight = False
        caption = editor.view.inputs["caption"]
        assert isinstance(caption, QPlainTextEdit)
        self.highlighter = SpellingHighlighter(caption)
        self.context_menu: QMenu | None = None  # the caption's last context menu (tests look)
        caption.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        caption.customContextMenuRequested.connect(self._on_caption_menu_requested)
        headline = editor.view.inputs["headline"]
        assert isinstance(headline, QLineEdit)
        self.headline_spelling = LineSpelling(headline)
        headline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        headline.customContextMenuRequested.connect(self._on_headline_menu_requested)
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_CHECK_DELAY_MS)
        self._live_timer.timeout.connect(self._check_live)
        editor.edited.connect(self._on_editor_edited)

    def stop(self) -> None:
        """The window is closing: no more live checks."""
        self._live_timer.stop()
        self._live_generation += 1  # a check still running reports to nobody

    def set_checker(self, checker: LiveChecker | None) -> None:
        """The open folder's engine (None: no folder); a check of the previous one is dropped."""
        self.live = checker
        self._live_generation += 1
        # Drafts typed while the new engine was built may have reached only the old one.
        self._dirty = set(self.drafts.keys())
        if checker is not None:
            self.editor.set_credit_offers(checker.credit_offers)
            self._check_live()  # what was typed before it was ready, and the underlines

    def _on_editor_edited(self, keys: list[int]) -> None:
        for key in keys:
            self.model.set_unsaved(key, bool(self.drafts.of(key)))
        self._dirty.update(keys)
        self._live_timer.start()

    def recheck(self, keys: list[int] | None = None) -> None:
        """These photos changed outside the editor (a save, an undo, a reload), or with no
        keys every photo of the sheet (a colleague's saves, arrivals): check them."""
        self._dirty.update(keys if keys is not None else [p.key for p in self.model.photos()])
        self._check_live()

    def request_spelling(self) -> None:
        """Underline the shown photo's misspellings (a new selection)."""
        self.highlighter.clear_spans()
        self.headline_spelling.clear_spans()
        self._check_live()

    def _check_live(self) -> None:
        """Bring the engine up to date with what the editor sees (drafts included), off the GUI
        thread, one update at a time and in order: a pause while one runs waits for it, and
        the drafts typed meanwhile go in the next one (the older texts are never checked)."""
        live = self.live
        if live is None or self._in_flight:
            return
        photos = {p.key: p for p in self.model.photos()} if self._dirty else {}
        records = {k: self.as_seen(photos[k]).record for k in self._dirty if k in photos}
        self._dirty.clear()
        spell = self._spelling_job()
        generation = self._live_generation
        self._in_flight = True
        self.check_started.emit()
        self._runner.submit(
            lambda _p, _c: (live.update(records), _spelling(live, spell)),
            on_done=lambda result: self._on_checked(generation, result),
            on_error=lambda exc: self._on_check_failed(exc),
            lane="live-flags",
        )

    def _spelling_job(self) -> tuple[int, PhotoMetadata, str, str] | None:
        if len(self.editor.photos) != 1:
            return None
        photo = self.as_seen(self.editor.photos[0])
        return photo.key, photo.record, self.editor.text("caption"), self.editor.text("headline")

    def as_seen(self, photo: DeskPhoto) -> DeskPhoto:
        draft = self.drafts.of(photo.key)
        if not draft:
            return photo
        return dataclasses.replace(photo, record=with_catalog_values(photo.record, draft))

    def _on_checked(self, generation: int, result: tuple[dict, _Spelled | None]) -> None:
        self._in_flight = False
        if generation == self._live_generation:
            changed, spelled = result
            self._apply_findings(changed)
            shown = self.editor.photos
            if spelled is not None and len(shown) == 1 and shown[0].key == spelled[0]:
                self.highlighter.set_misspellings(*spelled[1])
                self.headline_spelling.set_misspellings(*spelled[2])
            self.checked.emit()
        if self._dirty and not self._live_timer.isActive():
            self._check_live()  # edits that came while this check ran

    def _on_check_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        log.warning("live check failed: %s", exc)

    def _apply_findings(self, found: dict[int, tuple[Finding, ...]]) -> None:
        changed = {k: v for k, v in found.items() if v != self.model.findings(k)}
        if changed:
            self.model.update_findings(changed)
            self.findings_changed.emit()
        self.show_current_findings()

    def show_current_findings(self) -> None:
        shown = self.editor.photos or self.editor.unreadable  # an unreadable file: its finding
        found = [f for p in shown for f in self.model.findings(p.key)]
        self.editor.show_findings(found)

    # the desk's names

    def _on_caption_menu_requested(self, pos: QPoint) -> None:
        caption = self.editor.view.inputs["caption"]
        assert isinstance(caption, QPlainTextEdit)
        menu = spelling_menu(caption, self.highlighter, pos, self.add_name)
        self._popup(menu, caption.viewport().mapToGlobal(pos))

    def _on_headline_menu_requested(self, pos: QPoint) -> None:
        headline = self.headline_spelling.line
        menu = line_spelling_menu(headline, self.headline_spelling, pos, self.add_name)
        self._popup(menu, headline.mapToGlobal(pos))

    def _popup(self, menu: QMenu, at: QPoint) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu = menu
        menu.popup(at)

    def add_name(self, word: str) -> None:
        """Never flag ``word`` again on this desk: the names file under the home (which
        ``check`` reads too), then the folder re-checked with it, off the GUI thread."""
        self.highlighter.drop_word(word)
        self.headline_spelling.drop_word(word)
        live = self.live
        if live is None:
            return
        photos = [self.as_seen(p) for p in self.model.photos()]

        def work(_p, _c) -> LiveChecker:
            add_desk_name(word)
            return LiveChecker(photos, with_desk_names(live.settings, word))

        self._runner.submit(
            work,
            on_done=self._on_name_added,
            on_error=self._on_name_failed,
        )

    def _on_name_added(self, checker: LiveChecker) -> None:
        self.set_checker(checker)
        self.settings_changed.emit(checker.settings)
        keys = {p.key for p in self.model.photos()}
        found = checker.findings()
        self._apply_findings({k: found.get(k, ()) for k in keys})
        self.message.emit("Added to the desk's names")
        self.request_spelling()

    def _on_name_failed(self, exc: BaseException) -> None:
        log.error("add the name failed", exc_info=exc)
        self.message.emit(f"Could not add the name: {exc}")


def _spelling(
    live: LiveChecker, job: tuple[int, PhotoMetadata, str, str] | None
) -> _Spelled | None:
    if job is None:
        return None
    key, record, caption, headline = job
    return (
        key,
        (caption, live.misspellings(record, caption)),
        (headline, live.misspellings(record, headline)),
    )
