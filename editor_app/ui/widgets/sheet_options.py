"""The contact sheet's filter, sort, search and thumbnail size: the toolbar's boxes, the View
menu's actions and the saved state kept in step with the model's ViewOptions."""

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from editor_app.ui.models.sheet import ContactSheetModel
from editor_app.ui.models.sheet_view import ViewOptions
from editor_app.ui.state import UiState
from editor_app.ui.views.main_window_view import MAX_THUMB, MIN_THUMB, MainWindowView
from editor_app.ui.widgets.sheet_delegate import SheetDelegate


class SheetOptions(QObject):
    """``shown_changed()`` is called when other photos may be shown (counts, thumbnails);
    ``moved()`` when the same photos moved (thumbnails of the new screen)."""

    def __init__(
        self,
        view: MainWindowView,
        model: ContactSheetModel,
        delegate: SheetDelegate,
        state: UiState | None,
        shown_changed: Callable[[], None],
        moved: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self.model, self.delegate, self._state = view, model, delegate, state
        self._shown_changed, self._moved = shown_changed, moved
        for key, action in view.filter_actions.items():
            action.triggered.connect(lambda _=False, k=key: self.set_filter(k))
        view.filter_box.currentIndexChanged.connect(
            lambda index: self.set_filter(view.filter_box.itemData(index))
        )
        view.sort_box.currentIndexChanged.connect(self._on_sort_box_changed)
        view.search.textChanged.connect(self._on_search_changed)
        # Enter or Esc in the search box: to the photos it found (the search stays)
        view.search.returnPressed.connect(view.sheet.setFocus)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), view.search)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        escape.activated.connect(view.sheet.setFocus)
        view.size_slider.valueChanged.connect(self._on_size_changed)
        view.search_action.triggered.connect(self._focus_search)
        view.bigger_action.triggered.connect(lambda: self._grow(32))
        view.smaller_action.triggered.connect(lambda: self._grow(-32))

    def set_options(self, **changes: str) -> None:
        """Change some of filter, search and sort; the current photo stays in sight."""
        options = self.model.options
        had_current = self.view.sheet.currentIndex().isValid()
        self.model.set_options(
            ViewOptions(
                **{
                    "filter": options.filter,
                    "search": options.search,
                    "sort": options.sort,
                    **changes,
                }
            )
        )
        current = self.view.sheet.currentIndex()
        if current.isValid():
            self.view.sheet.scrollTo(current)
            return
        focused = QApplication.focusWidget()
        if had_current and focused is not None and self.view.caption_editor.isAncestorOf(focused):
            # The photo being captioned is filtered out: the keys go on in the sheet, never
            # in the caption of the photo that takes its place (the draft stays on its own).
            self.view.sheet.setFocus()
        if had_current and self.model.rowCount():
            # The first one shown takes its place, so the editor and the keys go on from
            # there (with none, Qt starts any key at row 0).
            first = self.model.index(0)
            self.view.sheet.selectionModel().setCurrentIndex(
                first, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.sheet.scrollTo(first)

    def set_filter(self, key: str) -> None:
        self.set_options(filter=key)
        index = self.view.filter_box.findData(key)
        if index >= 0 and self.view.filter_box.currentIndex() != index:
            self.view.filter_box.setCurrentIndex(index)
        if self._state:
            self._state.set_filter_key(key)
        self._shown_changed()

    def restore(self, state: UiState) -> None:
        """The filter and sort the editor left the window with."""
        self.set_filter(state.filter_key())
        sort = self.view.sort_box.findData(state.sort_key())
        self.view.sort_box.setCurrentIndex(max(0, sort))
        self.set_options(sort=self.view.sort_box.itemData(max(0, sort)))

    def _on_sort_box_changed(self, index: int) -> None:
        key = self.view.sort_box.itemData(index)
        self.set_options(sort=key)
        if self._state:
            self._state.set_sort_key(key)
        self._moved()

    def _on_search_changed(self, text: str) -> None:
        self.set_options(search=text)
        self._shown_changed()

    def _on_size_changed(self, size: int) -> None:
        self.delegate.thumb_size = size
        sheet = self.view.sheet
        sheet.doItemsLayout()  # uniform item sizes: re-read the size hint
        if sheet.currentIndex().isValid():  # the photo the editor is on stays in sight
            sheet.scrollTo(sheet.currentIndex())
        if self._state:
            self._state.set_thumb_size(size)
        self._moved()

    def _grow(self, step: int) -> None:
        slider = self.view.size_slider
        slider.setValue(max(MIN_THUMB, min(MAX_THUMB, slider.value() + step)))

    def _focus_search(self) -> None:
        self.view.search.setFocus()
        self.view.search.selectAll()
