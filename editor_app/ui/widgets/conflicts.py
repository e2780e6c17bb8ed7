"""Resolving a refused save: plan the three-way merge, ask the editor, save ONE revision.

Catalog work runs on the database lane (``ops.merge``); the dialog is non-modal-safe (``open``)
so the window never blocks. Cancel keeps the draft and its base version: the next save of that
photo is refused again and asks again, so a colleague's save is never overwritten unseen.
"""

import logging
from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from editor_app.errors import CaptionDeskError
from editor_app.metadata.fields import FieldValue
from editor_app.ops.catalogs import Catalog
from editor_app.ops.desk import DeskPhoto, refresh_photos
from editor_app.ops.edit import EditChanges, EditOutcome
from editor_app.ops.merge import MergePlan, Side, plan_merge, save_merge
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.widgets.conflict_dialog import ConflictDialog

log = logging.getLogger(__name__)


class ConflictResolver(QObject):
    """Signals: merged(EditChanges, list[DeskPhoto]) after a merge was saved; kept(int) when the
    editor cancelled (the photo key; the draft stays); message(str)."""

    merged = Signal(object, list, object)  # outcome, fresh photos, the drafts it settled
    kept = Signal(int)
    message = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        catalog: Callable[[], Catalog],
        parent_widget: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner, self._catalog, self._widget = runner, catalog, parent_widget
        self.dialog: ConflictDialog | None = None  # the one open (tests drive it)

    def resolve(
        self,
        outcome: EditOutcome,
        mine: Mapping[str, FieldValue],
        base_version: int,
        photo: DeskPhoto,
        *,
        editor: str,
        hold: bool,
    ) -> None:
        """Plan the merge of ``mine`` (started from ``base_version``) and open the dialog."""
        key, mine = outcome.photo_id, dict(mine)
        self._runner.submit(
            lambda _p, _c: plan_merge(self._catalog(), key, base_version, mine),
            on_done=lambda plan: self._ask(plan, photo, editor, hold, mine),
            on_error=lambda exc: self._failed(key, exc),
            uses_db=True,
        )

    def _ask(
        self,
        plan: MergePlan,
        photo: DeskPhoto,
        editor: str,
        hold: bool,
        mine: dict[str, FieldValue],
    ) -> None:
        dialog = ConflictDialog(plan, self._widget)
        self.dialog = dialog
        dialog.finished.connect(
            lambda result: self._on_finished(dialog, result, photo, editor, hold, mine)
        )
        dialog.open()

    def _on_finished(
        self,
        dialog: ConflictDialog,
        result: int,
        photo: DeskPhoto,
        editor: str,
        hold: bool,
        mine: dict[str, FieldValue],
    ) -> None:
        self.dialog = None
        dialog.deleteLater()
        plan = dialog.plan
        if result != QDialog.DialogCode.Accepted:
            self.message.emit(f"{photo.name}: not saved; your text is kept in the fields")
            self.kept.emit(plan.photo_id)
            return
        choices = dialog.choices()
        self._runner.submit(
            lambda _p, _c: self._save_here(plan, choices, editor, hold, photo),
            # with the drafts it settled: what was typed since stays a draft
            on_done=lambda done: self.merged.emit(*done, {plan.photo_id: mine}),
            on_error=lambda exc: self._failed(plan.photo_id, exc),
            uses_db=True,
        )

    def _save_here(
        self, plan: MergePlan, choices: dict[str, Side], editor: str, hold: bool, photo: DeskPhoto
    ) -> tuple[EditChanges, list[DeskPhoto]]:
        catalog = self._catalog()
        result = save_merge(catalog, plan, choices, editor=editor, write=not hold)
        return result, refresh_photos(catalog, [photo])

    def _failed(self, key: int, exc: BaseException) -> None:
        if not isinstance(exc, CaptionDeskError):
            log.error("resolving the conflict failed", exc_info=exc)
        self.message.emit(f"Could not resolve the conflict: {exc}")
        self.kept.emit(key)
