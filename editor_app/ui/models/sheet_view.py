"""Which photos the contact sheet shows, and in what order: filters, search and sort (pure)."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True, slots=True)
class SheetIndex:
    """Per-photo values the model needs again and again, computed once per set of photos, and
    off the GUI thread (``index_photos`` is pure): on 10,000 photos, computing names and capture
    times for every sort and filter stalled the window for hundreds of ms."""

    paths: tuple[Path, ...]
    texts: tuple[str, ...]  # str(path): list comparisons at C speed
    keys: tuple[int, ...]
    names: tuple[str, ...]  # casefolded file names
    times: tuple[tuple, ...]  # capture-time sort keys
    # Each photo's place in the whole folder sorted by name and by capture time (ties in
    # photo order, as a stable sort leaves them): the GUI thread sorts by integers, 10,000 of
    # which take ~1 ms, not by these strings and tuples (~10 ms, twice while a folder loads).
    name_rank: tuple[int, ...]
    time_rank: tuple[int, ...]


def index_photos(photos: Sequence[DeskPhoto]) -> SheetIndex:
    paths = tuple(p.record.path for p in photos)
    names = tuple(path.name.casefold() for path in paths)
    times = tuple(
        (captured is None, captured or "", name)
        for captured, name in zip((p.captured for p in photos), names, strict=True)
    )
    return SheetIndex(
        paths,
        tuple(map(str, paths)),
        tuple(p.key for p in photos),
        names,
        times,
        _ranks(names),
        _ranks(times),
    )


def _ranks(keys: Sequence) -> tuple[int, ...]:
    ranks = [0] * len(keys)
    for rank, i in enumerate(sorted(range(len(keys)), key=keys.__getitem__)):
        ranks[i] = rank
    return tuple(ranks)


def shown_order(
    photos: Sequence[DeskPhoto],
    findings: Mapping[int, tuple[Finding, ...]],
    unsaved: set[int],
    options: ViewOptions,
    index: SheetIndex | None = None,
) -> list[int]:
    """Indexes into ``photos`` of the tiles to show, in display order."""
    index = index or index_photos(photos)
    needle = options.search.strip().casefold()
    if options.filter == "all" and not needle:
        kept = list(range(len(photos)))
    else:
        kept = [
            i
            for i, photo in enumerate(photos)
            if _kept(options.filter, photo, findings.get(photo.key, ()), photo.key in unsaved)
            and _matches(needle, photo)
        ]
    names = index.name_rank
    if options.sort == "name":
        kept.sort(key=names.__getitem__)
    elif options.sort == "problems":
        keys = index.keys
        kept.sort(key=lambda i: (-len(findings.get(keys[i], ())), names[i]))
    else:
        kept.sort(key=index.time_rank.__getitem__)
    return kept


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
