"""The wire watch: new photos in watched folders, each reported once, when it is complete.

Folders are polled every half second, not watched through inotify/watchdog or Qt's file
watcher: "complete" needs a size-and-mtime stability check whatever tells us a file appeared,
and wire folders often live on network shares where inotify hears nothing of writes by other
machines. A poll lists a folder (``os.scandir``; known names are not even stat'ed) only when its
modification time moved, or moved so recently that a change in the same tick of the file
system's clock could hide behind it, and at least every ``RELIST_S`` whatever the times say (a
share whose clock is behind ours); a quiet poll is one stat per folder. A listing of a
10,000-file folder costs ~25 ms of CPU (benchmarks/live_desk.py). No dependency; the same code
in the CLI and the window.

A file is complete when its size and mtime have not moved for ``settle`` seconds and, for a
JPEG, it ends with the EOI marker (a copy paused mid-way is stable but has no EOI yet); a JPEG
whose data ends otherwise (a maker's trailer) is taken after ``TRAILER_WAIT`` times as long.
:func:`take_in` imports arrivals into the catalog and checks them with the rules.
"""

import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from editor_app.captions.credit import attribution
from editor_app.captions.findings import Finding
from editor_app.captions.validate import agency_table, validate
from editor_app.catalog import Catalog
from editor_app.metadata.record import failed
from editor_app.ops.files import PHOTO_SUFFIXES
from editor_app.ops.ingest import ingest_paths
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)

SETTLE_S = 1.0  # unchanged this long = no longer being copied
POLL_S = 0.5
RELIST_S = 5.0  # a full listing at least this often, whatever the folders' times say
# A folder whose modification time is this close to a listing may have changed again in the
# same tick of its clock (FAT counts 2 s, ext3 and HFS+ 1 s): listed again until it is older.
_RACY_NS = 2_000_000_000
TRAILER_WAIT = 5  # a JPEG without EOI at its end: taken after settle x this
_JPEG_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe"})
_TAIL = 64


@dataclass(frozen=True, slots=True)
class Arrival:
    """A photo that arrived: imported (``photo_id``; None when it could not be read), checked."""

    path: Path
    photo_id: int | None
    agency: str | None
    problems: tuple[Finding, ...]

    def as_json(self) -> dict[str, object]:
        """The line ``caption-desk watch --format json`` prints (a contract: extend only)."""
        return {
            "path": str(self.path),
            "agency": self.agency,
            "problems": [
                {"rule": f.rule, "severity": str(f.severity), "message": f.message}
                for f in self.problems
            ],
        }


# The seam for "apply a template to arrivals": called with the catalog and the arrivals' photo
# ids after the import and before the check, so the check sees what the hook saved.
ArrivalHook = Callable[[Catalog, Mapping[Path, int]], None]


class FolderWatch:
    """Polls folders; :meth:`poll` returns the photos that became complete since last time.

    Files already there when the watch starts are not arrivals. A file that disappears is
    forgotten, so one copied again under the same name arrives again.
    """

    def __init__(
        self,
        folders: Iterable[str | os.PathLike],
        *,
        settle: float = SETTLE_S,
        clock: Callable[[], float] = time.monotonic,
        present: Iterable[str] | None = None,
    ) -> None:
        """``present``: the photos there from the start as the caller listed them (the window:
        the folder load's), so one that came after that listing arrives on the first poll;
        default: the folders listed now."""
        self.folders = tuple(Path(os.path.abspath(f)) for f in folders)
        self._settle, self._clock = settle, clock
        self._stamps: dict[str, int | None] = {}  # each folder listed: its mtime then
        self._listed_at = 0.0  # by ``clock``
        self._racy_before = 0  # stamps from this wall time (ns) on may hide a change
        # Plain strings: a poll of a big folder must not build a Path per known file.
        self._seen: set[str] = set(present if present is not None else self._listing())
        self._pending: set[str] = set()  # listed, not reported yet: growing or unreadable
        self._growing: dict[str, tuple[tuple[int, int], float]] = {}  # state, stable since

    def poll(self) -> list[Path]:
        """The photos complete now, in path order; each path once."""
        if not self._unchanged():  # else nothing came or went: only the pending to look at
            here = self._listing()
            self._seen &= here
            self._growing = {p: v for p, v in self._growing.items() if p in here}
            self._pending = here - self._seen
        now = self._clock()
        done = []
        for path in sorted(self._pending):
            if self._complete(path, now):
                self._seen.add(path)
                self._pending.discard(path)
                self._growing.pop(path, None)
                done.append(Path(path))
        return done

    def folder_of(self, path: Path) -> Path:
        """The watched folder ``path`` arrived in."""
        return next(f for f in self.folders if path.is_relative_to(f))

    def _listing(self) -> set[str]:
        self._racy_before = time.time_ns() - _RACY_NS  # before the stamps: see _unchanged
        self._listed_at = self._clock()
        found: set[str] = set()
        self._stamps = {}
        for folder in self.folders:
            _scan(str(folder), found, self._stamps)
        return found

    def _unchanged(self) -> bool:
        """No folder listed last time can have gained or lost an entry since: each has the
        modification time it had before that listing, older than the listing by more than a
        clock tick; and the last full listing is recent."""
        if not self._stamps or self._clock() - self._listed_at >= RELIST_S:
            return False
        for folder, stamp in self._stamps.items():
            if stamp is None or stamp >= self._racy_before or _stamp(folder) != stamp:
                return False
        return True

    def _complete(self, path: str, now: float) -> bool:
        try:
            st = os.stat(path)
        except OSError:
            self._growing.pop(path, None)
            return False
        state = (st.st_size, st.st_mtime_ns)
        known = self._growing.get(path)
        if known is None or known[0] != state:
            self._growing[path] = (state, now)
            return False
        quiet = now - known[1]
        if st.st_size == 0 or quiet < self._settle:
            return False
        if os.path.splitext(path)[1].lower() in _JPEG_SUFFIXES and not jpeg_ends(path):
            return quiet >= self._settle * TRAILER_WAIT
        return True


def _scan(folder: str, found: set[str], stamps: dict[str, int | None]) -> None:
    """Photo files under ``folder`` as ``iter_photo_paths`` finds them: hidden entries
    skipped, symlinked folders not followed; a folder that cannot be listed is skipped.
    ``stamps``: each folder's modification time, taken before it is listed (None: missing or
    unreadable, listed again at every poll)."""
    stamps[folder] = _stamp(folder)
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        stamps[folder] = None
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_folder(entry):  # d_type: no stat
            _scan(entry.path, found, stamps)
        elif os.path.splitext(entry.name)[1].lower() in PHOTO_SUFFIXES:
            found.add(entry.path)


def _stamp(folder: str) -> int | None:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return None


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def jpeg_ends(path: str | os.PathLike) -> bool:
    """The file ends with a JPEG's EOI marker (trailing padding allowed)."""
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - _TAIL))
            tail = fh.read()
    except OSError:
        return False
    return tail.rstrip(b"\x00\r\n ").endswith(b"\xff\xd9")


def take_in(
    catalog: Catalog,
    paths: Sequence[Path],
    settings: DeskSettings,
    *,
    on_arrival: ArrivalHook | None = None,
    today: date | None = None,
) -> list[Arrival]:
    """Import the arrived photos, run ``on_arrival``, check them; one Arrival per path."""
    changes = ingest_paths(catalog, paths, jobs=1)
    known = catalog.known_files([str(p) for p in paths])
    ids = {p: known[str(p)].photo_id for p in paths if str(p) in known}
    if on_arrival is not None and ids:
        on_arrival(catalog, ids)
    records = catalog.rule_records([str(p) for p in ids]) if ids else {}
    reasons = {Path(problem.path): problem.reason for problem in changes.problems}
    unreadable = [failed(p, reasons.get(p, "could not be read")) for p in paths if p not in ids]
    checked = [*records.values(), *unreadable]
    found: dict[Path, list[Finding]] = {}
    for finding in validate(checked, settings, today=today):
        found.setdefault(finding.path, []).append(finding)
    agencies = agency_table(settings)
    by_path = {r.path: r for r in checked}
    return [
        Arrival(
            path,
            ids.get(path),
            attribution(by_path[path], agencies).agency if path in ids else None,
            tuple(found.get(path, ())),
        )
        for path in paths
        if path in by_path
    ]
