"""Keys on the contact sheet and in the preview: Enter/Space preview, Esc back, Z 100 %,
arrows to move on in the preview, Tab into the caption field, PgUp/PgDn a screenful."""

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent

from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.views.main_window_view import MainWindowView

_PREVIEW_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


class Navigation(QObject):
    """An event filter on the sheet and the preview; ``into_caption`` focuses the editor."""

    def __init__(
        self,
        view: MainWindowView,
        model: ContactSheetModel,
        into_caption: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self.model, self._into_caption = view, model, into_caption
        view.sheet.installEventFilter(self)
        view.preview.installEventFilter(self)

    def current_photo(self) -> DeskPhoto | None:
        index = self.view.sheet.currentIndex()
        return self.model.photo(index.row()) if index.isValid() else None

    def previewing(self) -> bool:
        return self.view.centre.currentWidget() is self.view.preview

    def open_preview(self) -> None:
        if self.current_photo() is None:
            return
        self.view.centre.setCurrentWidget(self.view.preview)
        self.preview_current()
        self.view.preview.setFocus()

    def preview_current(self) -> None:
        photo = self.current_photo()
        if photo is None:
            return
        row = self.view.sheet.currentIndex().row()
        neighbours = [
            self.model.photo(r).path for r in (row + 1, row - 1) if 0 <= r < self.model.rowCount()
        ]
        caption = " ".join(photo.record.caption.split())
        line = f"{self.model.label(photo)} — {caption}" if caption else self.model.label(photo)
        reason = photo.record.error if photo.unreadable else None  # the tile's very words
        self.view.preview.show_photo(photo.path, line, neighbours, reason=reason)

    def show_sheet(self) -> None:
        self.view.preview.leave()  # its full-resolution picture goes; it opens fitted again
        self.view.centre.setCurrentWidget(self.view.sheet)
        self.view.sheet.setFocus()

    def step(self, delta: int) -> None:
        row = self.view.sheet.currentIndex().row() + delta
        if 0 <= row < self.model.rowCount():
            self.view.sheet.selectionModel().setCurrentIndex(
                self.model.index(row), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def page(self, direction: int) -> None:
        """A screenful of tiles down (1) or up (-1), in the same column. QListView's own page
        keys do not move in icon mode."""
        sheet, count = self.view.sheet, self.model.rowCount()
        if count == 0:
            return
        row = max(sheet.currentIndex().row(), 0)
        tile = sheet.visualRect(self.model.index(row))
        first_top = sheet.visualRect(self.model.index(0)).top()
        columns = 1
        while columns < count and sheet.visualRect(self.model.index(columns)).top() == first_top:
            columns += 1
        rows = max(1, sheet.viewport().height() // max(1, tile.height() + sheet.spacing()))
        target = self.model.index(min(max(row + direction * rows * columns, 0), count - 1))
        sheet.selectionModel().setCurrentIndex(
            target, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        sheet.scrollTo(target)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.modifiers() not in _PLAIN:
            return False
        key = event.key()
        if watched is self.view.sheet and key in _PREVIEW_KEYS:
            self.open_preview()
            return True
        if watched is self.view.sheet and key == Qt.Key.Key_Tab:
            self._into_caption()
            return True
        if watched is self.view.sheet and key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
            self.page(1 if key == Qt.Key.Key_PageDown else -1)
            return True
        if watched is self.view.preview:
            return self._preview_key(key)
        return False

    def _preview_key(self, key: int) -> bool:
        if key == Qt.Key.Key_Escape:
            self.show_sheet()
        elif key == Qt.Key.Key_Z:
            self.view.preview.toggle_actual_size()
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.step(-1)
        else:
            return False
        return True
