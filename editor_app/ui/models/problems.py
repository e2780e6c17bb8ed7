"""The Problems dock's table: one row per finding of the folder, sorted and filtered here.

Sorting and filtering are plain Python on the rows (milliseconds for 10,000 findings); a
QSortFilterProxyModel would call back into Python for every comparison and stall the window.
"""

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from editor_app.captions.findings import Finding, Severity
from editor_app.ops.desk import DeskPhoto

_Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
RULE_ROLE = Qt.ItemDataRole.UserRole + 2
_ERROR, _WARNING = QColor(200, 40, 40), QColor(190, 120, 0)


class ProblemsModel(QAbstractTableModel):
    COLUMNS = ("File", "Rule", "Severity", "Message")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[tuple[DeskPhoto, Finding]] = []
        self._all_cells: list[tuple[str, str, str, str]] = []  # each finding's cells, built once
        self._keys: dict[int, list[str]] = {}  # sort keys by column, built when first sorted
        self._shown: list[int] = []  # indexes into _all, in display order
        self._rule = ""  # "" = every rule
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_findings(
        self,
        rows: list[tuple[DeskPhoto, Finding]],
        rule: str | None = None,
        cells: list[tuple[str, str, str, str]] | None = None,
    ) -> None:
        """The folder's findings; ``rule`` also sets the rule filter (one rebuild, not two:
        a 10,000-photo folder has tens of thousands of findings); ``cells``:
        ``problem_cells(rows)``, computed by the caller off the GUI thread."""
        self._all = list(rows)
        self._all_cells = cells if cells is not None else problem_cells(self._all)
        self._keys = {}
        if rule is not None:
            self._rule = rule
        self._rebuild()

    def set_rule_filter(self, rule: str) -> None:
        if rule != self._rule:
            self._rule = rule
            self._rebuild()

    def row(self, row: int) -> tuple[DeskPhoto, Finding]:
        return self._all[self._shown[row]]

    def rows(self) -> list[tuple[DeskPhoto, Finding]]:
        return list(self._all)

    def rules(self) -> list[str]:
        return sorted({finding.rule for _, finding in self._all})

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._order()
        self.layoutChanged.emit()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        row = index.row()
        if not 0 <= row < len(self._shown):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._all_cells[self._shown[row]][index.column()]
        photo, finding = self._all[self._shown[row]]
        if role == Qt.ItemDataRole.ToolTipRole:
            return finding.message
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 2:
            return _ERROR if finding.severity is Severity.ERROR else _WARNING
        if role == KEY_ROLE:
            return photo.key
        if role == RULE_ROLE:
            return finding.rule
        return None

    def _rebuild(self) -> None:
        self.beginResetModel()
        rule = self._rule
        self._shown = [i for i, r in enumerate(self._all) if not rule or r[1].rule == rule]
        self._order()
        self.endResetModel()

    def _order(self) -> None:
        column, order = self._sort
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [cells[column].casefold() for cells in self._all_cells]
        self._shown.sort(key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)


def problem_cells(rows: list[tuple[DeskPhoto, Finding]]) -> list[tuple[str, str, str, str]]:
    """The table's text for these rows (pure Python: safe on a worker thread)."""
    return [_cells(r) for r in rows]


def _cells(row: tuple[DeskPhoto, Finding]) -> tuple[str, str, str, str]:
    photo, finding = row
    return (photo.name, finding.rule, str(finding.severity), finding.message)
