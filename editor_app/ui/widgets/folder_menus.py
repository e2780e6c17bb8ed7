"""The desk's folder menus: Open, the Recent menu, the Folders dock's favourites and recents."""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QPoint
from PySide6.QtWidgets import QFileDialog

from editor_app.ui.state import UiState
from editor_app.ui.views.main_window_view import MainWindowView


class FolderMenus(QObject):
    """Keeps the Recent menu and the Folders dock in step with the state file."""

    def __init__(
        self,
        view: MainWindowView,
        state: UiState | None,
        open_folder: Callable[[Path], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self._state, self._open = view, state, open_folder
        view.open_action.triggered.connect(self._on_open_triggered)
        view.recent_action.triggered.connect(self._show_recent_menu)
        view.folders.folder_chosen.connect(open_folder)
        view.folders.favourites_changed.connect(self._on_favourites_changed)
        view.folder_dropped.connect(open_folder)
        recent = state.recent_folders() if state else []
        view.folders.set_folders(state.favourite_folders() if state else [], recent)
        self._fill_recent_menu(recent)

    def remember(self, folder: Path) -> None:
        self.view.folders.current = folder
        if self._state is None:
            return
        recent = self._state.add_recent_folder(str(folder))
        self.view.folders.set_folders(self._state.favourite_folders(), recent)
        self._fill_recent_menu(recent)

    def _on_open_triggered(self) -> None:
        current = self.view.folders.current
        start = str(current) if current else str(Path.home())
        chosen = QFileDialog.getExistingDirectory(self.view, "Open a folder of photos", start)
        if chosen:
            self._open(Path(chosen))

    def _show_recent_menu(self) -> None:
        button = self.view.open_button
        self.view.recent_menu.popup(button.mapToGlobal(QPoint(0, button.height())))

    def _fill_recent_menu(self, recent: list[str]) -> None:
        menu = self.view.recent_menu
        menu.clear()
        for folder in recent:
            action = menu.addAction(folder)
            action.triggered.connect(lambda _=False, f=folder: self._open(Path(f)))
        if not recent:
            menu.addAction("(no recent folders)").setEnabled(False)

    def _on_favourites_changed(self, folders: list[str]) -> None:
        if self._state is not None:
            self._state.set_favourite_folders(folders)
            self.view.folders.set_folders(folders, self._state.recent_folders())
