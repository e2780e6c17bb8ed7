"""The keys that save: Ctrl+S, Ctrl+Enter (save and next) and the Save of "unsaved text" when
the editor leaves the folder or quits. The saving itself is ``Editing``'s."""

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QMessageBox

from editor_app.ops.desk import DeskPhoto
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.caption_editor import CaptionEditor
from editor_app.ui.widgets.editing import Editing
from editor_app.ui.widgets.navigation import Navigation


class SaveKeys(QObject):
    def __init__(
        self,
        view: MainWindowView,
        editing: Editing,
        caption: CaptionEditor,
        navigation: Navigation,
        current_photo: Callable[[], DeskPhoto | None],
        runner: TaskRunner,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self.editing, self.caption = view, editing, caption
        self.navigation, self._current_photo, self._runner = navigation, current_photo, runner
        self._moving = False  # a Ctrl+Enter waits for its save
        self._next_presses: list[int] = []  # Ctrl+Enter pressed meanwhile: caption lengths

    def save(self) -> None:
        """Ctrl+S."""
        self.editing.save(hold=self._hold())

    def save_and_next(self) -> None:
        """Ctrl+Enter. On once the save is in (a refused or failed save keeps the editor on its
        photo); what was typed meanwhile after the saved caption goes on in the next one, and
        a Ctrl+Enter pressed meanwhile follows, with the text typed before it."""
        if self._moving:
            self._next_presses.append(len(self.caption.text("caption")))
            return
        photo = self._current_photo()
        sent = self.editing.drafts.of(photo.key).get("caption") if photo is not None else None
        before = len(sent) if isinstance(sent, str) else 0

        def moved(saved: bool) -> None:
            self._moving = False
            presses, self._next_presses = self._next_presses, []
            if not saved:
                return  # the dialog or the message says why; the text stays on this photo
            carried = self.caption.take_typed_after(photo, sent) if photo is not None else ""
            cuts = [max(0, n - before) for n in presses]  # where each next caption ends
            self.navigation.step(1)
            self.caption.focus_caption(at_end=True)
            first = cuts[0] if cuts else len(carried)
            self.caption.type_in_caption(carried[:first])
            if cuts:  # the next press: this photo's caption as it stands, then the rest
                self.save_and_next()
                start = len(self.caption.text("caption"))
                self.caption.type_in_caption(carried[first:])
                self._next_presses[:0] = [start + cut - first for cut in cuts[1:]]

        self._moving = True
        if not self.editing.save(hold=self._hold(), after=moved):
            moved(True)

    def may_leave(self, action: str) -> bool:
        """True when there is no unsaved text, or the editor chose to save or drop it."""
        drafts = self.editing.drafts
        if not drafts:
            return True
        count = len(drafts.keys())
        box = QMessageBox(self.view)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(action)
        box.setText(f"{count} photo{'s have' if count != 1 else ' has'} unsaved caption text.")
        save = box.addButton("Save", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
        stay = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is stay:
            return False
        if box.clickedButton() is save:
            self.editing.save(drafts.keys())
            self._runner.wait()
            QCoreApplication.processEvents()  # the save's answer
            if drafts:  # refused (a colleague saved first) or failed: stay and see why
                return False
        return True

    def _hold(self) -> bool:
        return self.view.caption_editor.hold_writes.isChecked()
