"""The contact sheet's model: every photo of the folder, and the filtered, sorted rows shown.

Filtering and sorting happen here in plain Python (a few milliseconds for 10,000 photos), not in
a QSortFilterProxyModel, whose per-row Python callbacks would stall the GUI thread on a big
folder. Tiles are snapshots (DeskPhoto); thumbnails are kept by path, so they survive the
moment the catalog's records replace the first listing of a folder.
"""

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QImage

from editor_app.captions.findings import Finding
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.sheet_view import SheetIndex, ViewOptions, index_photos, shown_order

_Index = QModelIndex | QPersistentModelIndex

_GROW_ROWS = 128  # rows added to the C++ row count per call (``_sync_count``)
PHOTO_ROLE = Qt.ItemDataRole.UserRole + 1  # the DeskPhoto
FINDINGS_ROLE = Qt.ItemDataRole.UserRole + 2  # tuple[Finding, ...]
THUMB_ROLE = Qt.ItemDataRole.UserRole + 3  # QImage or None
KEY_ROLE = Qt.ItemDataRole.UserRole + 4  # the photo's key (catalog id; negative: unreadable)
UNSAVED_ROLE = Qt.ItemDataRole.UserRole + 5  # bool: the editor has text not saved yet


class Tile(NamedTuple):
    """What one tile shows, read by the delegate in one Python call: through ``data()`` each
    role is a round trip through Qt that gives up and takes back the GIL."""

    photo: DeskPhoto
    findings: tuple[Finding, ...]
    thumb: QImage | None
    unsaved: bool
    picture_error: str | None  # why the picture cannot be shown (its metadata could)
    label: str  # the file's name, with its sub-folder when it is in one of the folder's


class ContactSheetModel(QStringListModel):
    """Never touches files or the catalog; the controller feeds it snapshots and thumbnails.

    A QStringListModel only for its row count, which is C++: Qt asks ``rowCount`` two or three
    times per tile it lays out or paints, and a Python ``rowCount`` made each a call into
    Python that waits for the GIL (20,000 per relayout of 10,000 tiles, ~60 ms of CPU). Its
    strings stay empty, one per shown row (``_sync_count``); ``data`` answers everything.
    Its items are editable to Qt, so the sheet starts no editor (``MainWindowView``).

    ``tiles_changed``: the tiles' values changed and their rows did not (the catalog's rows or
    the badges replacing what was shown, in the same order): views repaint what they show.
    Neither ``layoutChanged`` (every tile laid out again: ~15 ms of GUI thread at 10,000, more
    while the load runs Python) nor ``dataChanged`` over every row (the icon mode sizes each
    tile through the delegate) is needed for that.
    """

    tiles_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._photos: list[DeskPhoto] = []  # every photo of the folder
        self._index = index_photos(())
        self._shown: list[int] = []  # indexes into _photos, in display order
        # Keyed by str(path): a fresh Path computes its hash from its parts (a dict of 10,000
        # new Paths cost ~50 ms of GUI thread per folder shown); the strs come ready.
        self._row_of_path: dict[str, int] = {}  # display row by path
        self._known: set[str] = set()  # every photo's path, shown or filtered out
        self._row_of_key: dict[int, int] = {}  # display row by key: no scans per edited photo
        # What each lookup was made of (paths or keys, and the rows shown)
        self._paths_of: tuple[tuple[str, ...], list[int]] = ((), [])
        self._keys_of: tuple[tuple[int, ...], list[int]] = ((), [])
        self._keys_stale = False  # _row_of_key is to be made again before its next use
        self._findings: dict[int, tuple[Finding, ...]] = {}
        self._thumbs: dict[str, QImage] = {}
        self._no_picture: dict[str, str] = {}  # why a picture failed to decode, by path
        self._unsaved: set[int] = set()
        self.options = ViewOptions()
        self.root = ""  # the open folder (str(path)): its sub-folders' photos say where they are

    # feeding

    def set_photos(
        self,
        photos: Iterable[DeskPhoto],
        findings: Mapping[int, tuple[Finding, ...]],
        index: SheetIndex | None = None,
    ) -> bool:
        """Show these photos. When they are the same files as now (the catalog's records
        replacing a quick listing), the rows are updated in place: selection and scrolling stay.
        Returns whether rows moved (False: the same rows, only ``tiles_changed``).

        ``index``: ``index_photos(photos)``, computed by the caller off the GUI thread.
        """
        photos = list(photos)
        index = index if index is not None else index_photos(photos)
        same = index.texts == self._index.texts
        self._photos, self._findings, self._index = photos, dict(findings), index
        if not same:
            self._known = set(index.texts)
            known = self._known
            self._thumbs = {path: image for path, image in self._thumbs.items() if path in known}
            self._no_picture = {p: why for p, why in self._no_picture.items() if p in known}
        if not (same and self._photos):
            self._reset_rows()
            return True
        order = self._order()
        if order != self._shown:
            self._relayout(order)
            return True
        self._index_paths()  # the keys may be new (a new folder's catalog ids)
        self.tiles_changed.emit()
        return False

    def clear(self) -> None:
        self._photos, self._findings, self._thumbs = [], {}, {}
        self._no_picture = {}
        self._index, self._known = index_photos(()), set()
        self._unsaved.clear()
        self._reset_rows()

    def set_options(self, options: ViewOptions) -> None:
        """Filter, search and sort; keeps the selection where the photos are still shown."""
        if options != self.options:
            self.options = options
            self._relayout()

    # reading

    def photos(self) -> list[DeskPhoto]:
        return list(self._photos)

    def photo(self, row: int) -> DeskPhoto:
        return self._photos[self._shown[row]]

    def row_of(self, key: int) -> int | None:
        self._index_keys()
        return self._row_of_key.get(key)

    def row_of_path(self, path: Path) -> int | None:
        return self._row_of_path.get(str(path))

    def tile(self, row: int) -> Tile:
        i = self._shown[row]
        photo = self._photos[i]
        key = photo.key
        text = self._index.texts[i]
        thumb = self._thumbs.get(text)
        findings = self._findings.get(key, ())
        return Tile(
            photo,
            findings,
            thumb,
            key in self._unsaved,
            self._no_picture.get(text),
            self.label(photo, text),
        )

    def label(self, photo: DeskPhoto, text: str = "") -> str:
        """The file's name, or "sub/folder/name.jpg" for a photo in one of the open folder's
        sub-folders: two "animated-earth.jpg" of two folders must not look the same."""
        text = text or str(photo.path)
        root = self.root
        if not root or len(text) <= len(root) + 1 or not text.startswith(root):
            return photo.name
        inside = text[len(root) + 1 :]
        return inside if text[len(root)] == os.sep else photo.name

    def findings(self, key: int) -> tuple[Finding, ...]:
        return self._findings.get(key, ())

    def counts(self) -> tuple[int, int, int]:
        """The status bar's: photos, photos with problems, photos not yet written to files
        (in one pass each: 10,000 ``findings`` calls were ~5 ms of the GUI thread)."""
        findings = self._findings
        flagged = sum(1 for p in self._photos if findings.get(p.key))
        pending = sum(1 for p in self._photos if p.pending_write)
        return len(self._photos), flagged, pending

    def all_findings(self) -> Iterable[tuple[DeskPhoto, Finding]]:
        for photo in self._photos:
            for finding in self._findings.get(photo.key, ()):
                yield photo, finding

    def has_thumbnail(self, path: Path) -> bool:
        return str(path) in self._thumbs

    def thumbnail(self, path: Path) -> QImage | None:
        return self._thumbs.get(str(path))

    def picture_error(self, path: Path) -> str | None:
        """Why the picture of ``path`` cannot be shown, when its decode failed."""
        return self._no_picture.get(str(path))

    def forget_thumbnails(self, paths: Iterable[Path]) -> None:
        for path in paths:
            self._thumbs.pop(str(path), None)
            self._no_picture.pop(str(path), None)

    # updates

    def set_thumbnail(self, path: Path, image: QImage) -> None:
        text = str(path)
        if text not in self._known:
            return  # a thumbnail of a folder that is no longer shown
        self._thumbs[text] = image
        self._no_picture.pop(text, None)
        self._thumb_changed(text)

    def set_picture_error(self, path: Path, reason: str) -> None:
        """The picture of ``path`` cannot be decoded: its tile says why (a damaged file whose
        metadata was read is a tile with its reason, not a tile forever loading)."""
        text = str(path)
        if text not in self._known or text in self._thumbs:
            return  # another folder's, or its embedded thumbnail is shown already
        self._no_picture[text] = reason
        self._thumb_changed(text)

    def _thumb_changed(self, text: str) -> None:
        row = self._row_of_path.get(text)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [THUMB_ROLE])

    def replace_photos(self, fresh: Iterable[DeskPhoto]) -> None:
        """New snapshots of some photos (after a save): same tiles, new values."""
        by_key = {p.key: p for p in fresh}
        if not by_key:
            return
        self._photos = [by_key.get(p.key, p) for p in self._photos]
        self._index = index_photos(self._photos)  # a capture time may have changed
        for key in by_key:
            row = self.row_of(key)
            if row is not None:
                index = self.index(row)
                self.dataChanged.emit(index, index)

    def add_photos(self, new: Iterable[DeskPhoto]) -> list[DeskPhoto]:
        """Tiles for photos that arrived (a watched folder, a colleague's import); photos already
        shown (by path) are skipped. Returns those added. Selection and scrolling stay."""
        known = self._known
        added = []
        for photo in new:
            text = str(photo.path)
            if text not in known:
                known.add(text)
                added.append(photo)
        if not added:
            return []
        first = len(self._photos)
        self._photos.extend(added)
        self._index = index_photos(self._photos)
        order = self._order()
        inserted = [i for i in order if i >= first]
        if inserted:  # appended first, then moved into place with the persistent indexes
            self.beginInsertRows(
                QModelIndex(), len(self._shown), len(self._shown) + len(inserted) - 1
            )
            self._shown.extend(inserted)
            self._index_paths()
            self._sync_count()
            self.endInsertRows()
            self._relayout()
        return added

    def update_findings(self, changed: Mapping[int, tuple[Finding, ...]]) -> None:
        for key, found in changed.items():
            if found:
                self._findings[key] = found
            else:
                self._findings.pop(key, None)
        rows = [r for r in (self.row_of(k) for k in changed) if r is not None]
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index, [FINDINGS_ROLE])

    def set_unsaved(self, key: int, unsaved: bool) -> None:
        if (key in self._unsaved) == unsaved:
            return
        (self._unsaved.add if unsaved else self._unsaved.discard)(key)
        row = self.row_of(key)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [UNSAVED_ROLE])

    # Qt

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        photo = self._photos[self._shown[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.label(photo)
        if role == PHOTO_ROLE:
            return photo
        if role == FINDINGS_ROLE:
            return self._findings.get(photo.key, ())
        if role == THUMB_ROLE:
            return self._thumbs.get(self._index.texts[self._shown[index.row()]])
        if role == KEY_ROLE:
            return photo.key
        if role == UNSAVED_ROLE:
            return photo.key in self._unsaved
        if role == Qt.ItemDataRole.ToolTipRole:
            no_picture = self._no_picture.get(self._index.texts[self._shown[index.row()]])
            return _tooltip(photo, self.label(photo), self._findings.get(photo.key, ()), no_picture)
        return None

    # internals

    def _order(self) -> list[int]:
        return shown_order(self._photos, self._findings, self._unsaved, self.options, self._index)

    def _reset_rows(self) -> None:
        self.beginResetModel()
        self._shown = self._order()
        self._index_paths()
        self._sync_count()
        self.endResetModel()

    def _sync_count(self) -> None:
        """The C++ row count follows ``_shown``, silently: callers emit what views need."""
        have, want = super().rowCount(), len(self._shown)
        if have == want:
            return
        blocked = self.blockSignals(True)
        try:
            # Qt inserts the rows of one call one by one at its first row, moving the ones it
            # inserted before: 9,700 rows in one call took 30 ms, in calls of 128 under 1 ms.
            for start in range(have, want, _GROW_ROWS):
                self.insertRows(start, min(_GROW_ROWS, want - start))
            if want < have:
                self.removeRows(want, have - want)
        finally:
            self.blockSignals(blocked)

    def _relayout(self, order: list[int] | None = None) -> None:
        """New order or filter with persistent indexes (selection, current) carried along."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        paths = [self._path_at(index.row()) for index in persistent]
        self._shown = order if order is not None else self._order()
        self._index_paths()
        if len(self._shown) > super().rowCount():
            self._sync_count()  # more rows: before their indexes are made
        moved = []
        for path in paths:
            row = self._row_of_path.get(path) if path is not None else None
            moved.append(self.index(row) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self._sync_count()  # fewer rows: after no persistent index points at them
        # layoutChanged alone: views lay out and repaint what they show from the new snapshots.
        # A dataChanged over every row on top made QListView's icon mode size each tile through
        # the delegate again (about 170 ms of GUI thread per 1,000 tiles).
        self.layoutChanged.emit()

    def _path_at(self, row: int) -> str | None:
        if 0 <= row < len(self._shown):
            return self._index.texts[self._shown[row]]
        return None

    def _index_paths(self) -> None:
        # Each lookup is made again only when what it is made of changed (~10 ms of GUI thread
        # each at 10,000 photos, tens under load): the catalog's rows replacing a listing keep
        # its paths and order (only the keys are new in a new folder), the badges keep all.
        texts, keys, shown = self._index.texts, self._index.keys, self._shown
        rows = range(len(shown))
        if (texts, shown) != self._paths_of:
            self._paths_of = (texts, list(shown))
            self._row_of_path = dict(zip(map(texts.__getitem__, shown), rows, strict=True))
        self._keys_stale = (keys, shown) != self._keys_of

    def _index_keys(self) -> None:
        """The row-by-key lookup, made when first asked after a change: the rows showing
        (new keys in a new order) need only the paths, at a moment the GUI thread is busy."""
        if self._keys_stale:
            self._keys_stale = False
            keys, shown = self._index.keys, self._shown
            rows = range(len(shown))
            self._keys_of = (keys, list(shown))
            # a dict keeps the last row of a repeated key; key 0 (not catalogued) wants the first
            last_first = zip(map(keys.__getitem__, reversed(shown)), reversed(rows), strict=True)
            self._row_of_key = dict(last_first)


def _tooltip(
    photo: DeskPhoto, label: str, findings: tuple[Finding, ...], no_picture: str | None
) -> str:
    if photo.record.error and photo.key < 0:
        return f"{label}: {photo.record.error}"
    lines = [label]
    if no_picture:
        lines.append(f"⚠ the picture cannot be shown: {no_picture}")
    caption = " ".join(photo.record.caption.split())
    if caption:
        lines.append(caption[:240] + ("…" if len(caption) > 240 else ""))
    lines += [f"• {f.message}" for f in findings]
    return "\n".join(lines)
