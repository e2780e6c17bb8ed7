"""Filter, search and sort over the contact sheet (a proxy: the model keeps every photo)."""

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from editor_app.captions.findings import Finding
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.sheet import FINDINGS_ROLE, PHOTO_ROLE, UNSAVED_ROLE

_Index = QModelIndex | QPersistentModelIndex

# key -> (menu label, shortcut number); the order is the Ctrl+1…6 order of desk-ux.md
FILTERS = {
    "all": "All photos",
    "problems": "With problems",
    "missing": "Missing caption",
    "duplicates": "Duplicates",
    "unsaved": "Unsaved",
    "unwritten": "Not written to files",
}
SORTS = {"time": "Capture time", "name": "File name", "problems": "Number of problems"}
_DUPLICATE_RULES = {"duplicate-caption", "near-duplicate-caption"}
_SEARCHED = ("caption", "headline", "credit", "source")


class SheetFilterModel(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._filter, self._search, self._sort = "all", "", "time"
        self.setDynamicSortFilter(False)  # live re-sorting would move tiles under the cursor

    @property
    def filter_key(self) -> str:
        return self._filter

    @property
    def sort_key(self) -> str:
        return self._sort

    def set_filter(self, key: str) -> None:
        if key in FILTERS and key != self._filter:
            self.beginFilterChange()
            self._filter = key
            self.endFilterChange()

    def set_search(self, text: str) -> None:
        text = text.strip().casefold()
        if text != self._search:
            self.beginFilterChange()
            self._search = text
            self.endFilterChange()

    def set_sort(self, key: str) -> None:
        if key in SORTS:
            self._sort = key
            self.invalidate()
            self.sort(0)

    def refilter(self) -> None:
        """Apply the filter again after findings or save states changed."""
        self.beginFilterChange()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        photo: DeskPhoto = model.data(index, PHOTO_ROLE)
        findings: tuple[Finding, ...] = model.data(index, FINDINGS_ROLE) or ()
        unsaved = bool(model.data(index, UNSAVED_ROLE))
        return _kept(self._filter, photo, findings, unsaved) and _matches(self._search, photo)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        model = self.sourceModel()
        return _sort_value(self._sort, model, left) < _sort_value(self._sort, model, right)


def _kept(key: str, photo: DeskPhoto, findings: tuple[Finding, ...], unsaved: bool) -> bool:
    if key == "problems":
        return bool(findings)
    if key == "missing":
        return any(f.rule == "missing-caption" for f in findings)
    if key == "duplicates":
        return any(f.rule in _DUPLICATE_RULES for f in findings)
    if key == "unsaved":
        return unsaved
    if key == "unwritten":
        return photo.pending_write
    return True


def _matches(text: str, photo: DeskPhoto) -> bool:
    if not text:
        return True
    record = photo.record
    haystack = [photo.name, *(getattr(record, f) for f in _SEARCHED), *record.byline]
    return any(text in value.casefold() for value in haystack)


def _sort_value(key: str, model, index: _Index) -> tuple:
    photo: DeskPhoto = model.data(index, PHOTO_ROLE)
    name = photo.name.casefold()
    if key == "name":
        return (name,)
    if key == "problems":
        return (-len(model.data(index, FINDINGS_ROLE) or ()), name)
    return (photo.captured is None, photo.captured or "", name)
