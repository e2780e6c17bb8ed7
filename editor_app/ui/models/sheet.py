"""The contact sheet's model: one row per tile, snapshots only (DeskPhoto), thumbnails by key."""

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QImage

from editor_app.captions.findings import Finding
from editor_app.ops.desk import DeskPhoto, FolderLoad

_Index = QModelIndex | QPersistentModelIndex

PHOTO_ROLE = Qt.ItemDataRole.UserRole + 1  # the DeskPhoto
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 2  # tuple[Finding, ...]
THUMB_ROLE = Qt.ItemDataRole.UserRole + 3  # QImage or None
KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # the photo's key (catalog id; negative: unreadable)
UNSAVED_ROLE = Qt.ItemDataRole.UserRole + 5  # bool: the editor has text not saved yet


class ContactSheetModel(QAbstractListModel):
    """Never touches files or the catalog; the controller feeds it snapshots and thumbnails."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: list[DeskPhoto] = []
        self._rows: dict[int, int] = {}
        self._findings: dict[int, tuple[Finding, ...]] = {}
        self._thumbs: dict[int, QImage] = {}
        self._unsaved: set[int] = set()

    def set_load(self, load: FolderLoad) -> None:
        self.beginResetModel()
        self._photos = list(load.photos)
        self._rows = {p.key: row for row, p in enumerate(self._photos)}
        self._findings = dict(load.findings)
        self._thumbs = {k: v for k, v in self._thumbs.items() if k in self._rows}
        self._unsaved.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._photos, self._rows, self._findings, self._thumbs = [], {}, {}, {}
        self.endResetModel()

    def photos(self) -> list[DeskPhoto]:
        return list(self._photos)

    def photo(self, row: int) -> DeskPhoto:
        return self._photos[row]

    def row_of(self, key: int) -> int | None:
        return self._rows.get(key)

    def findings(self, key: int) -> tuple[Finding, ...]:
        return self._findings.get(key, ())

    def all_findings(self) -> Iterable[tuple[DeskPhoto, Finding]]:
        for photo in self._photos:
            for finding in self._findings.get(photo.key, ()):
                yield photo, finding

    def set_thumbnail(self, key: int, image: QImage) -> None:
        row = self._rows.get(key)
        if row is None:
            return  # a thumbnail of a folder that is no longer shown
        self._thumbs[key] = image
        index = self.index(row)
        self.dataChanged.emit(index, index, [THUMB_ROLE])

    def has_thumbnail(self, key: int) -> bool:
        return key in self._thumbs

    def forget_thumbnails(self) -> None:
        self._thumbs.clear()
        if self._photos:
            self.dataChanged.emit(self.index(0), self.index(len(self._photos) - 1), [THUMB_ROLE])

    def update_findings(self, changed: Mapping[int, tuple[Finding, ...]]) -> None:
        for key, found in changed.items():
            row = self._rows.get(key)
            if row is None:
                continue
            if found:
                self._findings[key] = found
            else:
                self._findings.pop(key, None)
            index = self.index(row)
            self.dataChanged.emit(index, index, [FINDINGS_ROLE])

    def set_unsaved(self, key: int, unsaved: bool) -> None:
        row = self._rows.get(key)
        if row is None or (key in self._unsaved) == unsaved:
            return
        (self._unsaved.add if unsaved else self._unsaved.discard)(key)
        index = self.index(row)
        self.dataChanged.emit(index, index, [UNSAVED_ROLE])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._photos)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._photos):
            return None
        photo = self._photos[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return photo.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(photo, self._findings.get(photo.key, ()))
        return {
            PHOTO_ROLE: photo,
            FINDINGS_ROLE: self._findings.get(photo.key, ()),
            THUMB_ROLE: self._thumbs.get(photo.key),
            KEY_ROLE: photo.key,
            UNSAVED_ROLE: photo.key in self._unsaved,
        }.get(role)


def _tooltip(photo: DeskPhoto, findings: tuple[Finding, ...]) -> str:
    if photo.record.error and photo.key < 0:
        return f"{photo.name}: {photo.record.error}"
    lines = [photo.name]
    caption = " ".join(photo.record.caption.split())
    if caption:
        lines.append(caption[:240] + ("…" if len(caption) > 240 else ""))
    lines += [f"• {f.message}" for f in findings]
    return "\n".join(lines)
