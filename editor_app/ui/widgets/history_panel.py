"""The History tab: a photo's revisions, newest first, and "Restore this version".

Each revision is a row (version, time, who, kind) with one child line per field changed. With
several photos selected the button restores every one of them to how it was at that moment.
Enter on a revision or the button asks for the restore; the desk runs it (``ops.revert``).
"""

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor_app.catalog.records import Revision
from editor_app.metadata.fields import label
from editor_app.ops.history import history_value

_REVISION_ROLE = Qt.ItemDataRole.UserRole + 1


class _Tree(QTreeWidget):
    activated_by_key = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_by_key.emit()
            return
        super().keyPressEvent(event)


class HistoryPanel(QWidget):
    """Signals: restore_requested(int version, object at): restore to this revision."""

    restore_requested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = _Tree()
        self.tree.setObjectName("history")
        self.tree.setHeaderLabels(["Version", "When (UTC)", "Who", "What"])
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.restore_button = QPushButton("Restore this version")
        self.restore_button.setEnabled(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self._key = 0
        self._current_version = 0
        self._count = 1
        self.tree.currentItemChanged.connect(lambda _c, _p: self._update_button())
        self.tree.activated_by_key.connect(self._on_restore_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)

    def show_revisions(self, key: int, revisions: Sequence[Revision], selected: int = 1) -> None:
        """This photo's revisions; ``selected`` photos would be restored together."""
        chosen = self.chosen() if key == self._key else None
        self._key, self._count = key, max(1, selected)
        self._current_version = max((r.version for r in revisions), default=0)
        self.tree.clear()
        for revision in sorted(revisions, key=lambda r: r.version, reverse=True):
            item = QTreeWidgetItem(
                [
                    str(revision.version),
                    revision.at.strftime("%Y-%m-%d %H:%M:%S"),
                    revision.editor,
                    revision.kind,
                ]
            )
            item.setData(0, _REVISION_ROLE, (revision.version, revision.at))
            for name, change in revision.changes.items():
                old, new = history_value(change.old), history_value(change.new)
                item.addChild(QTreeWidgetItem(["", "", label(name), f"{old!r} → {new!r}"]))
            self.tree.addTopLevelItem(item)
            if chosen is not None and chosen[0] == revision.version:
                self.tree.setCurrentItem(item)  # a refresh keeps the editor's choice
        newest = self.tree.topLevelItem(0)
        if self.tree.currentItem() is None and newest is not None:
            self.tree.setCurrentItem(newest)  # arrows move from the newest
        self._update_button()

    def clear(self) -> None:
        self._key = 0
        self.tree.clear()
        self._update_button()

    def chosen(self) -> tuple[int, datetime] | None:
        item = self.tree.currentItem()
        while item is not None and item.parent() is not None:
            item = item.parent()
        return item.data(0, _REVISION_ROLE) if item is not None else None

    def _update_button(self) -> None:
        chosen = self.chosen()
        usable = chosen is not None and (chosen[0] != self._current_version or self._count > 1)
        self.restore_button.setEnabled(usable)
        if self._count > 1:
            self.restore_button.setText(f"Restore {self._count} photos to this moment")
        else:
            self.restore_button.setText("Restore this version")
        self.note.setText("A restore is a new version (Ctrl+Z undoes it)" if usable else "")

    def _on_restore_clicked(self) -> None:
        chosen = self.chosen()
        if chosen is not None and self.restore_button.isEnabled():
            self.restore_requested.emit(*chosen)
