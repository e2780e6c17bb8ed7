"""The contact-sheet table: rows are PhotoMetadata snapshots, never live catalog rows."""

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from editor_app.metadata.fields import label
from editor_app.metadata.record import PhotoMetadata

_Index = QModelIndex | QPersistentModelIndex


class PhotoTableModel(QAbstractTableModel):
    FIELD_COLUMNS = ("headline", "caption", "credit", "byline", "date_created")
    COLUMNS = ("File", *(label(name) for name in FIELD_COLUMNS))

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
    names = PhotoTableModel.FIELD_COLUMNS
    if record.error and not record.format:  # nothing was read: the reason in the caption's place
        return (record.path.name, *(f"⚠ {record.error}" if n == "caption" else "" for n in names))
    return (record.path.name, *(_cell(getattr(record, name)) for name in names))


def _cell(value: str | tuple[str, ...] | None) -> str:
    """One line: list values joined with "; ", line breaks and runs of spaces as one space."""
    if isinstance(value, tuple):
        return "; ".join(value)
    return " ".join((value or "").split())[:200]
