"""Editing on the desk: live flags while typing, save, save-and-next, undo/redo, write to files.

Every catalog call runs on the database lane; the GUI only sends drafts and receives snapshots.
A save is a catalog revision first; the file is written in the background (or held until
"Write to files" when the desk says so). Undo and redo work after saving: each is a new
revision restoring the values of the version before (``ops.revert``), one step per save,
whether it touched one photo or fifty.
"""

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox

from editor_app.captions.findings import Finding
from editor_app.metadata.fields import FieldValue
from editor_app.ops.catalogs import Catalog
from editor_app.ops.desk import DeskPhoto, findings_by_key, refresh_photos, with_catalog_values
from editor_app.ops.edit import EditChanges, default_editor, save_changes, write_pending
from editor_app.ops.history import versions_at_time
from editor_app.ops.revert import revert_many
from editor_app.settings import DeskSettings
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.widgets.caption_editor import CaptionEditor, Drafts
from editor_app.ui.widgets.conflicts import ConflictResolver

log = logging.getLogger(__name__)

LIVE_CHECK_DELAY_MS = 120  # after the editor pauses typing


@dataclass(frozen=True, slots=True)
class Saved:
    """What one save did: the versions before and after, per photo (for undo and redo)."""

    before: dict[int, int]
    after: dict[int, int]


class Editing(QObject):
    """Signals: photos_changed(list[DeskPhoto]) after a save, undo or write refreshed them;
    findings_changed() after the live check changed the folder's findings; message(str)."""

    photos_changed = Signal(list)
    findings_changed = Signal()
    message = Signal(str)

    def __init__(
        self,
        editor: CaptionEditor,
        model: ContactSheetModel,
        runner: TaskRunner,
        catalog: Callable[[], Catalog],
        settings: Callable[[], DeskSettings],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor, self.model, self._runner = editor, model, runner
        self._catalog, self._settings = catalog, settings
        self.drafts: Drafts = editor.drafts
        self.undo_stack = QUndoStack(self)
        self.editor_name = default_editor()
        # The version a draft started from, when the photo changed under it (a refused save, a
        # colleague's save seen live): its next save is expected there, so it asks to merge.
        self.bases: dict[int, int] = {}
        self.conflicts = ConflictResolver(runner, catalog, editor.view, self)
        self.conflicts.merged.connect(self._on_merged)
        self.conflicts.message.connect(self.message)
        self._check_generation = 0
        self._live_timer = QTimer(self)
        self._live_timer.setSingleShot(True)
        self._live_timer.setInterval(LIVE_CHECK_DELAY_MS)
        self._live_timer.timeout.connect(self._check_live)
        editor.edited.connect(self._on_editor_edited)

    def stop(self) -> None:
        """The window is closing: no more live checks."""
        self._live_timer.stop()
        self._check_generation += 1  # a check still running reports to nobody

    # live flags

    def _on_editor_edited(self, keys: list[int]) -> None:
        for key in keys:
            self.model.set_unsaved(key, bool(self.drafts.of(key)))
        self._live_timer.start()

    def _check_live(self) -> None:
        """Re-run the rules on what the editor sees (drafts included), off the GUI thread."""
        self._check_generation += 1
        generation = self._check_generation
        photos = [self._as_seen(p) for p in self.model.photos()]
        settings = self._settings()
        self._runner.submit(
            lambda _p, _c: findings_by_key(photos, settings),
            on_done=lambda found: self._on_checked(generation, found),
            on_error=lambda exc: log.warning("live check failed: %s", exc),
        )

    def _as_seen(self, photo: DeskPhoto) -> DeskPhoto:
        draft = self.drafts.of(photo.key)
        if not draft:
            return photo
        return dataclasses.replace(photo, record=with_catalog_values(photo.record, draft))

    def _on_checked(self, generation: int, found: dict[int, tuple[Finding, ...]]) -> None:
        if generation != self._check_generation:
            return  # the editor typed again meanwhile: a newer check is on its way
        keys = {p.key for p in self.model.photos()}
        changed = {
            key: found.get(key, ())
            for key in keys
            if found.get(key, ()) != self.model.findings(key)
        }
        if changed:
            self.model.update_findings(changed)
            self.findings_changed.emit()
        self.show_current_findings()

    def show_current_findings(self) -> None:
        found = [f for p in self.editor.photos for f in self.model.findings(p.key)]
        self.editor.show_findings(found)

    # saving

    def save(self, keys: list[int] | None = None, *, hold: bool = False, after=None) -> bool:
        """Save the drafts of these photos (default: the selected ones). False: nothing to save."""
        keys = [k for k in (keys or [p.key for p in self.editor.photos]) if self.drafts.of(k)]
        if not keys:
            return False
        changes = {key: self.drafts.of(key) for key in keys}
        photos = {p.key: p for p in self.model.photos() if p.key in changes}
        expected = {key: self.bases.get(key, photos[key].version) for key in changes}
        editor = self.editor_name
        self._runner.submit(
            lambda _p, _c: self._save_here(changes, expected, editor, hold, list(photos.values())),
            on_done=lambda result: self._on_saved(result, changes, after, expected, hold),
            on_error=lambda exc: self._on_failed("save", exc),
            uses_db=True,
        )
        return True

    def save_values(self, values: dict[int, dict[str, FieldValue]], *, hold: bool = False) -> bool:
        """Save these values on these photos, each with its drafts, as one undoable step (a
        template applied to the selection). False: nothing to save."""
        changes = {key: {**self.drafts.of(key), **new} for key, new in values.items() if new}
        photos = {p.key: p for p in self.model.photos() if p.key in changes}
        changes = {key: value for key, value in changes.items() if key in photos}
        if not changes:
            return False
        expected = {key: photos[key].version for key in changes}
        editor = self.editor_name
        self._runner.submit(
            lambda _p, _c: self._save_here(changes, expected, editor, hold, list(photos.values())),
            on_done=lambda result: self._on_saved(result, changes, None, expected, hold),
            on_error=lambda exc: self._on_failed("save", exc),
            uses_db=True,
        )
        return True

    def _save_here(self, changes, expected, editor, hold, photos):
        result = save_changes(
            self._catalog(), changes, editor=editor, expected_versions=expected, write=not hold
        )
        return result, refresh_photos(self._catalog(), photos)

    def _on_saved(
        self, result: tuple[EditChanges, list[DeskPhoto]], changes, after, expected, hold
    ) -> None:
        outcome, fresh = result
        self._saved(outcome, fresh, "Saved")
        photos = {p.key: p for p in self.model.photos()}
        for conflict in outcome.conflicts:  # side by side: ancestor, theirs, mine
            key = conflict.photo_id
            self.bases[key] = expected[key]
            if key in photos:
                self.conflicts.resolve(
                    conflict, changes[key], expected[key], photos[key],
                    editor=self.editor_name, hold=hold,
                )  # fmt: skip
        if after is not None and not outcome.conflicts:
            after()

    def _on_merged(self, outcome: EditChanges, fresh: list[DeskPhoto]) -> None:
        """A resolved conflict was saved (one revision), or refused again by a newer save."""
        self._saved(outcome, fresh, "Merged")
        photos = {p.key: p for p in self.model.photos()}
        for conflict in outcome.conflicts:
            key = conflict.photo_id
            if key in photos and self.drafts.of(key) and conflict.conflict is not None:
                self.conflicts.resolve(
                    conflict, self.drafts.of(key), self.bases.get(key, conflict.conflict.expected),
                    photos[key], editor=self.editor_name, hold=False,
                )  # fmt: skip

    def _saved(self, outcome: EditChanges, fresh: list[DeskPhoto], verb: str) -> None:
        saved = [o for o in outcome if o.conflict is None]
        self.drafts.drop(o.photo_id for o in saved)
        for o in saved:
            self.bases.pop(o.photo_id, None)
            self.model.set_unsaved(o.photo_id, False)
        done = Saved(
            before={o.photo_id: o.version - 1 for o in saved if o.changed},
            after={o.photo_id: o.version for o in saved if o.changed},
        )
        if done.after:
            self.undo_stack.push(_SaveCommand(self, done, len(done.after)))
        self.photos_changed.emit(fresh)
        self._report(outcome, verb)
        self._check_live()

    def recheck(self) -> None:
        """Run the rules again on every photo (after a live update or arrivals)."""
        self._check_live()

    def _explain_conflict(self, outcome) -> None:
        error = outcome.conflict
        who = getattr(error, "editor", None) or "another editor"
        when = getattr(error, "at", None)
        stamp = when.astimezone(UTC).strftime("%H:%M:%S UTC") if when else "meanwhile"
        box = QMessageBox(self.editor.view)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Not saved: someone saved first")
        box.setText(
            f"{outcome.path}: {who} saved this photo ({stamp}) after you opened it. "
            "Your text is kept in the fields and nothing was overwritten."
        )
        box.setInformativeText("Reload their version (your text is dropped), or keep editing?")
        reload = box.addButton("Reload theirs", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep my text", QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _r: self._after_conflict(box, reload, outcome.photo_id))
        box.open()

    def _after_conflict(self, box: QMessageBox, reload, key: int) -> None:
        if box.clickedButton() is reload:
            self.drafts.drop([key])
            self.bases.pop(key, None)
            self.model.set_unsaved(key, False)
            self.reload([key])

    def reload(self, keys: list[int]) -> None:
        photos = [p for p in self.model.photos() if p.key in keys]
        self._runner.submit(
            lambda _p, _c: refresh_photos(self._catalog(), photos),
            on_done=self.photos_changed.emit,
            on_error=lambda exc: self._on_failed("reload", exc),
            uses_db=True,
        )

    # undo, redo

    def restore(self, versions: dict[int, int], what: str, *, undoable: bool = False) -> None:
        """A new revision per photo restoring its values at ``versions`` (undo and redo;
        ``undoable``: a restore from the History tab, itself one undo step)."""
        photos = [p for p in self.model.photos() if p.key in versions]
        editor = self.editor_name

        def work(_p, _c):
            result = revert_many(self._catalog(), versions, editor=editor)
            return result, refresh_photos(self._catalog(), photos)

        self._runner.submit(
            work,
            on_done=lambda result: self._on_restored(result, what, undoable),
            on_error=lambda exc: self._on_failed(what, exc),
            uses_db=True,
        )

    def restore_from_history(
        self, current: DeskPhoto | None, selected: list[DeskPhoto], version: int, at: datetime
    ) -> None:
        """History tab: the current photo to ``version``, the other selected ones to how they
        were at that moment (``at``); one undo step."""
        if current is None or current.key <= 0:
            return
        others = [p.key for p in selected if p.key > 0 and p.key != current.key]
        self._runner.submit(
            lambda _p, _c: versions_at_time(self._catalog(), others, at),
            on_done=lambda found: self.restore(
                {**found, current.key: version}, "restored", undoable=True
            ),
            on_error=lambda exc: self._on_failed("restore", exc),
            uses_db=True,
        )

    def _on_restored(
        self, result: tuple[EditChanges, list[DeskPhoto]], what: str, undoable: bool = False
    ) -> None:
        outcome, fresh = result
        changed = [o for o in outcome if o.conflict is None and o.changed]
        if undoable and changed:
            done = Saved(
                {o.photo_id: o.version - 1 for o in changed},
                {o.photo_id: o.version for o in changed},
            )
            self.undo_stack.push(_SaveCommand(self, done, len(changed)))
        self.photos_changed.emit(fresh)
        self._report(outcome, what.capitalize())
        for conflict in outcome.conflicts:
            self._explain_conflict(conflict)
        self._check_live()

    # writing held edits

    def write_pending(self, keys: list[int]) -> None:
        photos = [p for p in self.model.photos() if p.key in keys]
        if not photos:
            self.message.emit("Every photo is already written to its file")
            return

        def work(progress, cancel):
            result = write_pending(
                self._catalog(), [p.key for p in photos], progress=progress, cancel=cancel
            )
            return result, refresh_photos(self._catalog(), photos)

        self._runner.submit(
            work,
            on_done=lambda result: self._on_restored(result, "written"),
            on_error=lambda exc: self._on_failed("write", exc),
            uses_db=True,
        )

    def _report(self, outcome: EditChanges, verb: str) -> None:
        done = sum(1 for o in outcome if o.conflict is None)
        parts = [f"{verb} {done} photo{'s' if done != 1 else ''}"]
        if outcome.pending:
            parts.append(f"{len(outcome.pending)} not yet written to files")
        for failed in outcome.failed:
            parts.append(f"{failed.path}: not written ({failed.write_error})")
        if outcome.conflicts:
            parts.append(f"{len(outcome.conflicts)} refused: someone saved first")
        self.message.emit(" · ".join(parts))

    def _on_failed(self, what: str, exc: BaseException) -> None:
        log.error("%s failed", what, exc_info=exc)
        self.message.emit(f"Could not {what}: {exc}")


class _SaveCommand(QUndoCommand):
    """One save, undone and redone through new revisions; the first redo is the save itself."""

    def __init__(self, editing: Editing, saved: Saved, count: int) -> None:
        super().__init__(f"save of {count} photo{'s' if count != 1 else ''}")
        self._editing, self._saved = editing, saved
        self._first = True

    def undo(self) -> None:
        self._editing.restore(self._saved.before, "undone")

    def redo(self) -> None:
        if self._first:  # pushed after the save happened
            self._first = False
            return
        self._editing.restore(self._saved.after, "redone")
