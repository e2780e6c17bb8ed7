"""The wire watch: new photos in watched folders, each reported once, when it is complete.

Folders are polled (``os.scandir`` every half second), not watched through inotify/watchdog or
Qt's file watcher: "complete" needs a size-and-mtime stability check whatever tells us a file
appeared, wire folders often live on network shares where inotify hears nothing of writes by
other machines, and a poll of a 2,000-file folder costs ~20 ms on a busy 2-core machine
(known names are not even stat'ed; benchmarks/live_desk.py). No dependency; the same code in
the CLI and the window.

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
        # Plain strings: a poll of a big folder must not build a Path per known file.
        self._seen: set[str] = set(present) if present is not None else self._listing()
        self._growing: dict[str, tuple[tuple[int, int], float]] = {}  # state, stable since

    def poll(self) -> list[Path]:
        """The photos complete now, in path order; each path once."""
        here = self._listing()
        self._seen &= here
        self._growing = {p: v for p, v in self._growing.items() if p in here}
        now = self._clock()
        done = []
        for path in sorted(here - self._seen):
            if self._complete(path, now):
                self._seen.add(path)
                self._growing.pop(path, None)
                done.append(Path(path))
        return done

    def folder_of(self, path: Path) -> Path:
        """The watched folder ``path`` arrived in."""
        return next(f for f in self.folders if path.is_relative_to(f))

    def _listing(self) -> set[str]:
        found: set[str] = set()
        for folder in self.folders:
            _scan(str(folder), found)
        return found

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


def _scan(folder: str, found: set[str]) -> None:
    """Photo files under ``folder`` as ``iter_photo_paths`` finds them: hidden entries
    skipped, symlinked folders not followed; a folder that cannot be listed is skipped."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_folder(entry):  # d_type: no stat
            _scan(entry.path, found)
        elif os.path.splitext(entry.name)[1].lower() in PHOTO_SUFFIXES:
            found.add(entry.path)


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
