"""Editing on the desk: save, save-and-next, undo/redo, restore, write to files (the live
flags while typing are ``live_flags.py``'s).

Every catalog call runs on the database lane; the GUI only sends drafts and receives snapshots.
A save is a catalog revision first; the file is written in the background (or held until
"Write to files" when the desk says so). Undo and redo work after saving: each is a new
revision restoring the values of the version before (``ops.revert``), one step per save,
whether it touched one photo or fifty.
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox

from editor_app.metadata.fields import FieldValue
from editor_app.ops.catalogs import Catalog
from editor_app.ops.desk import DeskPhoto, refresh_photos
from editor_app.ops.drafts import Drafts
from editor_app.ops.edit import EditChanges, default_editor, save_changes, write_pending
from editor_app.ops.history import versions_at_time
from editor_app.ops.revert import revert_many
from editor_app.progress import CancelToken
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.widgets.caption_editor import CaptionEditor
from editor_app.ui.widgets.conflicts import ConflictResolver
from editor_app.ui.widgets.live_flags import LiveFlags

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Saved:
    """What one save did: the versions before and after, per photo (for undo and redo)."""

    before: dict[int, int]
    after: dict[int, int]


class Editing(QObject):
    """Signals: photos_changed(list[DeskPhoto]) after a save, undo or write refreshed them;
    message(str)."""

    photos_changed = Signal(list)
    message = Signal(str)

    def __init__(
        self,
        editor: CaptionEditor,
        flags: LiveFlags,
        model: ContactSheetModel,
        runner: TaskRunner,
        catalog: Callable[[], Catalog],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.editor, self.flags, self.model, self._runner = editor, flags, model, runner
        self._catalog = catalog
        self.drafts: Drafts = editor.drafts
        self.undo_stack = QUndoStack(self)
        self.editor_name = default_editor()
        # The version a draft started from, when the photo changed under it (a refused save, a
        # colleague's save seen live): its next save is expected there, so it asks to merge.
        self.bases: dict[int, int] = {}
        self._saves_running = 0  # saves sent and not answered yet
        self._waiting: list[Callable[[], object]] = []  # saves, undo and redo asked meanwhile
        self.conflicts = ConflictResolver(runner, catalog, editor.view, self)
        self.conflicts.merged.connect(self._on_merged)
        self.conflicts.message.connect(self.message)

    def keep_bases(self, held: dict[int, DeskPhoto], fresh: Iterable[DeskPhoto]) -> None:
        """Photos saved elsewhere under the editor's drafts (``held``: as the sheet had them):
        the drafts were typed on those versions, so their save must merge, not overwrite."""
        for photo in fresh:
            old = held.get(photo.key)
            if old is not None and photo.version > old.version and self.drafts.of(photo.key):
                self.bases.setdefault(photo.key, old.version)

    # saving

    def save(
        self,
        keys: list[int] | None = None,
        *,
        hold: bool = False,
        after: Callable[[bool], None] | None = None,
    ) -> bool:
        """Save the drafts of these photos (default: the selected ones). False: nothing to save.
        ``after(saved)``: called at the save's end; ``saved`` False when a photo of it was
        refused or the save failed. Saves go one at a time: one asked for while another runs
        is sent when that one is in (sent at once, it would be refused as made over a version
        the one before replaces)."""
        keys = [k for k in (keys or [p.key for p in self.editor.photos]) if self.drafts.of(k)]
        if not keys:
            return False
        if self._saves_running:
            self._waiting.append(lambda: self._save_later(keys, hold, after))
            return True
        changes = {key: self.drafts.of(key) for key in keys}
        photos = {p.key: p for p in self.model.photos() if p.key in changes}
        expected = {key: self.bases.get(key, photos[key].version) for key in changes}
        editor = self.editor_name
        self._sending(changes)
        self._runner.submit(
            lambda _p, _c: self._save_here(changes, expected, editor, hold, list(photos.values())),
            on_done=lambda result: self._on_saved(result, changes, expected, hold, after),
            on_error=lambda exc: self._save_failed(changes, exc, after),
            uses_db=True,
        )
        return True

    def _save_later(self, keys: list[int], hold: bool, after) -> None:
        if not self.save(keys, hold=hold, after=after) and after is not None:
            after(True)  # typed back to what was saved meanwhile: nothing left to save

    def undo(self) -> None:
        """Ctrl+Z: the last save undone; pressed while a save runs, once that one is in (its
        undo step does not exist before: the Ctrl+Z would take back the save before it)."""
        self._after_saves(self.undo_stack.undo)

    def redo(self) -> None:
        self._after_saves(self.undo_stack.redo)

    def _after_saves(self, step: Callable[[], object]) -> None:
        if self._saves_running:
            self._waiting.append(step)
        else:
            step()

    def _sending(self, changes: dict[int, dict[str, FieldValue]]) -> None:
        self._saves_running += 1
        self.drafts.sending(changes)

    def _sent(self, changes: dict[int, dict[str, FieldValue]]) -> None:
        self._saves_running -= 1
        self.drafts.sent(changes)
        if not self._saves_running:
            waiting, self._waiting = self._waiting, []
            for step in waiting:
                step()

    def _save_failed(
        self, changes: dict[int, dict[str, FieldValue]], exc: BaseException, after=None
    ) -> None:
        self._sent(changes)
        self._on_failed("save", exc)
        if after is not None:
            after(False)

    def save_values(self, values: dict[int, dict[str, FieldValue]], *, hold: bool = False) -> bool:
        """Save these values on these photos, each with its drafts, as one undoable step (a
        template applied to the selection). False: nothing to save."""
        changes = {key: {**self.drafts.of(key), **new} for key, new in values.items() if new}
        photos = {p.key: p for p in self.model.photos() if p.key in changes}
        changes = {key: value for key, value in changes.items() if key in photos}
        if not changes:
            return False
        if self._saves_running:  # one at a time, as ``save``
            self._waiting.append(lambda: self.save_values(values, hold=hold))
            return True
        expected = {key: photos[key].version for key in changes}
        editor = self.editor_name
        self._sending(changes)
        self._runner.submit(
            lambda _p, _c: self._save_here(changes, expected, editor, hold, list(photos.values())),
            on_done=lambda result: self._on_saved(result, changes, expected, hold),
            on_error=lambda exc: self._save_failed(changes, exc),
            uses_db=True,
        )
        return True

    def _save_here(self, changes, expected, editor, hold, photos):
        result = save_changes(
            self._catalog(), changes, editor=editor, expected_versions=expected, write=not hold
        )
        return result, refresh_photos(self._catalog(), photos)

    def _on_saved(
        self,
        result: tuple[EditChanges, list[DeskPhoto]],
        changes,
        expected,
        hold,
        after: Callable[[bool], None] | None = None,
    ) -> None:
        outcome, fresh = result
        self._saved(outcome, fresh, "Saved", changes)
        self._sent(changes)
        photos = {p.key: p for p in self.model.photos()}
        for conflict in outcome.conflicts:  # side by side: ancestor, theirs, mine
            key = conflict.photo_id
            self.bases[key] = expected[key]
            if key in photos:
                self.conflicts.resolve(
                    conflict, changes[key], expected[key], photos[key],
                    editor=self.editor_name, hold=hold,
                )  # fmt: skip
        if after is not None:
            after(not outcome.conflicts)

    def _on_merged(
        self, outcome: EditChanges, fresh: list[DeskPhoto], settled: dict | None = None
    ) -> None:
        """A resolved conflict was saved (one revision), or refused again by a newer save;
        ``settled``: the drafts the merge took, by photo."""
        self._saved(outcome, fresh, "Merged", settled)
        photos = {p.key: p for p in self.model.photos()}
        for conflict in outcome.conflicts:
            key = conflict.photo_id
            if key in photos and self.drafts.of(key) and conflict.conflict is not None:
                self.conflicts.resolve(
                    conflict, self.drafts.of(key), self.bases.get(key, conflict.conflict.expected),
                    photos[key], editor=self.editor_name, hold=False,
                )  # fmt: skip

    def _saved(
        self,
        outcome: EditChanges,
        fresh: list[DeskPhoto],
        verb: str,
        changes: dict[int, dict[str, FieldValue]] | None = None,
    ) -> None:
        """``changes``: the values the save sent; drafts typed since stay drafts."""
        saved = [o for o in outcome if o.conflict is None]
        for o in saved:
            if changes is None or o.photo_id not in changes:
                self.drafts.drop([o.photo_id])
            else:
                self.drafts.drop_saved(o.photo_id, changes[o.photo_id])
            self.bases.pop(o.photo_id, None)
            self.model.set_unsaved(o.photo_id, bool(self.drafts.of(o.photo_id)))
        done = Saved(
            before={o.photo_id: o.version - 1 for o in saved if o.changed},
            after={o.photo_id: o.version for o in saved if o.changed},
        )
        if done.after:
            self.undo_stack.push(_SaveCommand(self, done, len(done.after)))
        self.photos_changed.emit(fresh)
        self._report(outcome, verb)
        self.flags.recheck([p.key for p in fresh])

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
            on_done=self._on_reloaded,
            on_error=lambda exc: self._on_failed("reload", exc),
            uses_db=True,
        )

    def _on_reloaded(self, fresh: list[DeskPhoto]) -> None:
        self.photos_changed.emit(fresh)
        self.flags.recheck([p.key for p in fresh])

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
        self.flags.recheck([p.key for p in fresh])

    # writing held edits

    def write_pending(
        self,
        keys: list[int],
        *,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_end: Callable[[], None] | None = None,
    ) -> CancelToken | None:
        """Write these photos' saved revisions to their files; the token cancels between
        files (the rest stay *not written*). None: nothing to write."""
        photos = [p for p in self.model.photos() if p.key in keys]
        if not photos:
            self.message.emit("Every photo is already written to its file")
            return None
        end = on_end or (lambda: None)

        def work(progress, cancel):
            result = write_pending(
                self._catalog(), [p.key for p in photos], progress=progress, cancel=cancel
            )
            return result, refresh_photos(self._catalog(), photos)

        def done(result) -> None:
            end()
            self._on_restored(result, "written")

        def failed(exc: BaseException) -> None:
            end()
            self._on_failed("write", exc)

        return self._runner.submit(
            work, on_done=done, on_error=failed, on_progress=on_progress, uses_db=True
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
        if outcome.cancelled:
            parts.append("cancelled: the others are still to be written")
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
