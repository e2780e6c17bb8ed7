"""``check_paths``: read a batch of photos (in worker processes when it is big) and validate it;
``check_catalog``: validate the catalog's current values instead of the files.

This is what ``caption-desk check`` runs; it never imports Qt.
"""

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from editor_app.captions.findings import FORMATS, Finding, Severity
from editor_app.gcpause import gc_paused
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.files import expand_paths
from editor_app.ops.read import pool_size
from editor_app.ops.read_along import ReadAlong
from editor_app.progress import CancelToken, Progress, no_progress

# The rules (captions.validate) are imported where they are used: ``check_paths`` starts its
# worker before loading them (~0.1 s), so the worker is reading meanwhile.
if TYPE_CHECKING:  # a plain check never loads the catalog (nor peewee)
    from editor_app.catalog import Catalog
    from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)

WORKERS = 2  # reading is I/O and parsing bound; two processes use both cores of a desk PC


@dataclass(frozen=True, slots=True)
class CheckReport:
    paths: tuple[Path, ...]  # every file checked, in order
    findings: tuple[Finding, ...]
    records: tuple[PhotoMetadata, ...] = ()  # what was checked (the HTML report shows fields)

    @property
    def files_checked(self) -> int:
        return len(self.paths)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check_paths(
    paths: Iterable[str | os.PathLike],
    settings: "DeskSettings | Callable[[], DeskSettings]",
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    workers: int = WORKERS,
    today: date | None = None,
) -> CheckReport:
    """Walk ``paths``, read every photo and run the rules; bad files become findings.
    ``settings``: the desk's, or how to get them once the worker has started (the command
    line's: loading the settings costs ~30 ms the worker can use).

    Raises ConfigError for unknown rule ids before any finding (the worker may have read a
    few files by then; they are dropped).
    """
    files = list(dict.fromkeys(expand_paths(paths)))  # a file named twice is checked once
    # One worker reads from the start; this process sets up the rules meanwhile, runs each
    # photo's own rules as its record arrives (the worker only reads) and reads whatever the
    # worker has not taken yet. The batch rules run at the end, on the records in path order.
    with ReadAlong(files, jobs=pool_size(len(files), workers)) as reading:
        from editor_app.captions.validate import Validation

        if callable(settings):
            settings = settings()
        # Raises ConfigError (a bad rule selection) before any finding.
        validation = Validation(settings, select=select, ignore=ignore, today=today)
        arrived: list[tuple[PhotoMetadata, list[tuple[int, str]]] | None] = [None] * len(files)
        with gc_paused():  # many small acyclic objects: collector passes would be pure overhead
            for done, (index, record) in enumerate(reading.records(cancel), 1):
                arrived[index] = record, validation.own_messages(record)
                progress(done, len(files), record.path.name)
    checked = [item for item in arrived if item is not None]  # in path order
    assert len(checked) == len(files), "every file is read once"
    with gc_paused():
        for record, messages in checked:
            validation.add(record, messages)
        findings = validation.finish()
    log.debug("checked %d files: %d findings", len(files), len(findings))
    return CheckReport(tuple(files), tuple(findings), tuple(r for r, _ in checked))


REPORT_FORMATS = (*FORMATS, "html")  # the --format choices of ``caption-desk check``


def render_report(
    report: CheckReport,
    fmt: str,
    *,
    colour: bool = False,
    settings: "DeskSettings | None" = None,
) -> str:
    """The report as the CLI prints it, in one of :data:`REPORT_FORMATS`."""
    if fmt == "html":  # thumbnails and the page: only loaded when asked for
        from editor_app.ops.html_report import render_html

        return render_html(report.findings, report.paths, report.records, settings)
    from editor_app.captions.report import render  # json, csv and XML: after the reading

    return render(report.findings, report.paths, fmt, colour=colour)


def check_catalog(
    catalog: "Catalog",
    paths: Sequence[str | os.PathLike],
    settings: "DeskSettings",
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: date | None = None,
) -> CheckReport:
    """The rules on what the catalog holds for the photos at or under ``paths`` (all when
    empty): current values, edits not yet written to the file included, with the file facts
    recorded when each file was last read. No file is opened.

    Raises ConfigError for unknown rule ids.
    """
    from editor_app.captions.validate import validate

    validate([], settings, select=select, ignore=ignore)  # fail fast on a bad rule selection
    prefixes = [os.path.abspath(p) for p in paths] or None
    records = catalog.rule_records(prefixes)
    findings = validate(records.values(), settings, select=select, ignore=ignore, today=today)
    by_path = {r.path: photo_id for photo_id, r in records.items()}
    findings = [replace(f, photo_id=by_path.get(f.path)) for f in findings]
    log.debug("checked %d catalog photos: %d findings", len(records), len(findings))
    return CheckReport(
        tuple(r.path for r in records.values()), tuple(findings), tuple(records.values())
    )
