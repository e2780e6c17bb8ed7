"""Which photos the contact sheet shows, and in what order: filters, search and sort (pure)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from editor_app.captions.findings import Finding
from editor_app.ops.desk import DeskPhoto

# key -> label; the order is the Ctrl+1…6 order of desk-ux.md
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


@dataclass(frozen=True, slots=True)
class ViewOptions:
    filter: str = "all"
    search: str = ""  # case-insensitive substring of caption, headline, credit, by-line, name
    sort: str = "time"


def shown_order(
    photos: Sequence[DeskPhoto],
    findings: Mapping[int, tuple[Finding, ...]],
    unsaved: set[int],
    options: ViewOptions,
) -> list[int]:
    """Indexes into ``photos`` of the tiles to show, in display order."""
    needle = options.search.strip().casefold()
    kept = [
        i
        for i, photo in enumerate(photos)
        if _kept(options.filter, photo, findings.get(photo.key, ()), photo.key in unsaved)
        and _matches(needle, photo)
    ]
    if options.sort == "name":
        kept.sort(key=lambda i: photos[i].name.casefold())
    elif options.sort == "problems":
        kept.sort(key=lambda i: (-len(findings.get(photos[i].key, ())), photos[i].name.casefold()))
    else:
        kept.sort(key=lambda i: _time_key(photos[i]))
    return kept


def _time_key(photo: DeskPhoto) -> tuple:
    captured = photo.captured
    return (captured is None, captured or "", photo.name.casefold())


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


def _matches(needle: str, photo: DeskPhoto) -> bool:
    if not needle:
        return True
    record = photo.record
    haystack = [photo.name, *(getattr(record, f) for f in _SEARCHED), *record.byline]
    return any(needle in value.casefold() for value in haystack)
