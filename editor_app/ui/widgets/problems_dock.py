"""The Problems dock: the folder's findings; a click selects the photo (a duplicate: the group)."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor_app.captions.findings import Finding
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.problems import ProblemsModel

_GROUP_RULES = {"duplicate-caption", "near-duplicate-caption"}
ALL_RULES = "All rules"
_WIDTHS = (170, 190, 70)  # file, rule, severity; the message takes the rest


class ProblemsPanel(QWidget):
    """Signals: photos_chosen(list[int]): the keys of the photos to select."""

    photos_chosen = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ProblemsModel(self)
        self.rule_filter = QComboBox()
        self.rule_filter.addItem(ALL_RULES)
        self.rule_filter.setMinimumContentsLength(22)
        self.count = QLabel()
        self.table = QTableView()
        self.table.setModel(self.model)
        # A to Z by file at first: Qt's default indicator is descending (Z first)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # no per-row size queries
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        for column, width in enumerate(_WIDTHS):
            header.resizeSection(column, width)
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(QLabel("Rule"))
        top.addWidget(self.rule_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.rule_filter.currentTextChanged.connect(self._on_rule_filter_changed)
        self.table.clicked.connect(self._on_table_clicked)
        self.table.activated.connect(self._on_table_clicked)

    def set_findings(
        self,
        rows: list[tuple[DeskPhoto, Finding]],
        cells: list[tuple[str, str, str, str]] | None = None,
    ) -> None:
        """``cells``: ``problem_cells(rows)`` when the caller computed them off the GUI thread."""
        chosen = self.rule_filter.currentText()
        rules = sorted({finding.rule for _, finding in rows})
        chosen = chosen if chosen in rules else ALL_RULES
        self.model.set_findings(rows, "" if chosen == ALL_RULES else chosen, cells)
        self.rule_filter.blockSignals(True)
        self.rule_filter.clear()
        self.rule_filter.addItems([ALL_RULES, *rules])
        self.rule_filter.setCurrentText(chosen)
        self.rule_filter.blockSignals(False)
        self._on_rule_filter_changed(chosen)  # the model has it already: only the count

    def _on_rule_filter_changed(self, rule: str) -> None:
        self.model.set_rule_filter("" if rule == ALL_RULES else rule)
        shown = self.model.rowCount()
        self.count.setText(f"{shown:,} problem{'s' if shown != 1 else ''}")

    def _on_table_clicked(self, index) -> None:
        photo, finding = self.model.row(index.row())
        keys = [photo.key]
        if finding.rule in _GROUP_RULES:  # the message names the other photos of the group
            keys += [
                other.key
                for other, found in self.model.rows()
                if found.rule == finding.rule
                and other.key != photo.key
                and other.name in finding.message
            ]
        self.photos_chosen.emit(list(dict.fromkeys(keys)))
