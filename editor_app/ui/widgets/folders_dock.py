"""The Folders dock: favourite folders and recent ones; double-click or Enter opens one."""

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

_PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class FoldersPanel(QWidget):
    """Signals: folder_chosen(Path), favourites_changed(list[str])."""

    folder_chosen = Signal(Path)
    favourites_changed = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.favourites = QTreeWidgetItem(["★ Favourites"])
        self.recent = QTreeWidgetItem(["Recent"])
        self.tree.addTopLevelItems([self.favourites, self.recent])
        self.add_button = QPushButton("★ Add current")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.current: Path | None = None
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)

    def set_folders(self, favourites: list[str], recent: list[str]) -> None:
        for parent, folders in ((self.favourites, favourites), (self.recent, recent)):
            parent.takeChildren()
            for folder in folders:
                item = QTreeWidgetItem([Path(folder).name or folder])
                item.setToolTip(0, folder)
                item.setData(0, _PATH_ROLE, folder)
                parent.addChild(item)
            parent.setExpanded(True)

    def favourite_list(self) -> list[str]:
        items = (self.favourites.child(i) for i in range(self.favourites.childCount()))
        return [item.data(0, _PATH_ROLE) for item in items if item is not None]

    def _on_tree_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        folder = item.data(0, _PATH_ROLE)
        if folder:
            self.folder_chosen.emit(Path(folder))

    def _on_add_button_clicked(self) -> None:
        if self.current is None:
            return
        folders = self.favourite_list()
        if str(self.current) not in folders:
            folders.append(str(self.current))
            self.favourites_changed.emit(folders)

    def _on_remove_button_clicked(self) -> None:
        item = self.tree.currentItem()
        if item is None or item.parent() is not self.favourites:
            return
        folders = [f for f in self.favourite_list() if f != item.data(0, _PATH_ROLE)]
        self.favourites_changed.emit(folders)
