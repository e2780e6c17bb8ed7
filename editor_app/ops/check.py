"""``check_paths``: read a batch of photos (in worker processes when it is big) and validate it.

This is what ``caption-desk check`` runs; it never imports the catalog or Qt.
"""

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from editor_app.captions.findings import Finding, Severity
from editor_app.captions.report import FORMATS, render
from editor_app.captions.validate import validate
from editor_app.ops.files import expand_paths
from editor_app.ops.read import read_photos
from editor_app.progress import CancelToken, Progress, no_progress
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)

WORKERS = 2  # reading is I/O and parsing bound; two processes use both cores of a desk PC


@dataclass(frozen=True, slots=True)
class CheckReport:
    paths: tuple[Path, ...]  # every file checked, in order
    findings: tuple[Finding, ...]

    @property
    def files_checked(self) -> int:
        return len(self.paths)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check_paths(
    paths: Iterable[str | os.PathLike],
    settings: DeskSettings,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    workers: int = WORKERS,
    today: date | None = None,
) -> CheckReport:
    """Walk ``paths``, read every photo and run the rules; bad files become findings.

    Raises ConfigError for unknown rule ids before any file is read.
    """
    files = list(dict.fromkeys(expand_paths(paths)))  # a file named twice is checked once
    validate([], settings, select=select, ignore=ignore)  # fail fast on a bad rule selection
    records = list(read_photos(files, jobs=workers, progress=progress, cancel=cancel))
    findings = validate(records, settings, select=select, ignore=ignore, today=today)
    log.debug("checked %d files: %d findings", len(files), len(findings))
    return CheckReport(tuple(files), tuple(findings))


REPORT_FORMATS = FORMATS  # the --format choices of ``caption-desk check``


def render_report(report: CheckReport, fmt: str, *, colour: bool = False) -> str:
    """The report as the CLI prints it, in one of :data:`REPORT_FORMATS`."""
    return render(report.findings, report.paths, fmt, colour=colour)
