"""The contact-sheet table: rows are PhotoMetadata snapshots, never live catalog rows."""

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from editor_app.metadata.record import PhotoMetadata

_Index = QModelIndex | QPersistentModelIndex


class PhotoTableModel(QAbstractTableModel):
    COLUMNS = ("File", "Headline", "Caption", "Credit", "By-line", "Date")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PhotoMetadata] = []

    def set_rows(self, rows: Sequence[PhotoMetadata]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> PhotoMetadata:
        return self._rows[row]

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
        if not index.isValid():
            return None
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and record.error:
            return record.error
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return _cells(record)[index.column()]


def _cells(record: PhotoMetadata) -> tuple[str, ...]:
    if record.error and not record.format:
        return (record.path.name, "", f"⚠ {record.error}", "", "", "")
    caption = " ".join(record.caption.split())
    return (
        record.path.name,
        record.headline,
        caption[:200],
        record.credit,
        "; ".join(record.byline),
        record.date_created or "",
    )
