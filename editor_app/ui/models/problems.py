"""The Problems dock's table: one row per finding of the folder, sortable, filterable by rule."""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from editor_app.captions.findings import Finding, Severity
from editor_app.ops.desk import DeskPhoto

_Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
RULE_ROLE = Qt.ItemDataRole.UserRole + 2


class ProblemsModel(QAbstractTableModel):
    COLUMNS = ("File", "Rule", "Severity", "Message")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[DeskPhoto, Finding]] = []

    def set_findings(self, rows: list[tuple[DeskPhoto, Finding]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, row: int) -> tuple[DeskPhoto, Finding]:
        return self._rows[row]

    def rows(self) -> list[tuple[DeskPhoto, Finding]]:
        return list(self._rows)

    def rules(self) -> list[str]:
        return sorted({finding.rule for _, finding in self._rows})

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        photo, finding = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (photo.name, finding.rule, str(finding.severity), finding.message)[
                index.column()
            ]
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.message
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return (
                QColor(200, 40, 40) if finding.severity is Severity.ERROR else QColor(190, 120, 0)
            )
        if role == KEY_ROLE:
            return photo.key
        if role == RULE_ROLE:
            return finding.rule
        return None
