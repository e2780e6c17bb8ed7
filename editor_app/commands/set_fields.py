"""``caption-desk set PATH... --caption T ...``: write caption fields into photos (or sidecars).

One line per file on standard output (``written:``, ``warning:``, ``error:``); exit 0 when every
file was written, 1 when any failed, 2 on a usage error.
"""

import argparse
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.commands.field_options import add_field_options, changes_from
from editor_app.commands.template_fill import (
    add_template_options,
    photo_changes,
    refused_error,
)
from editor_app.errors import UserError
from editor_app.ops.catalogs import CatalogError
from editor_app.ops.edit import (
    EditChanges,
    EditOutcome,
    FieldChanges,
    default_editor,
    save_changes,
)
from editor_app.ops.files import expand_paths
from editor_app.ops.ingest import photo_ids_at
from editor_app.ops.write_back import IIM_POLICIES, write_options
from editor_app.textsafe import for_terminal


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "set",
        help="write caption fields into photos (IPTC, XMP and EXIF, or an XMP sidecar)",
        description="Write the given fields into every photo (folders are walked); all other "
        "fields are left alone. An empty value clears a field. Values are written exactly as "
        "given, newlines included. JPEG and TIFF are edited in place losslessly; PNG, WebP and "
        "other formats get a NAME.xmp sidecar.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="photo files or folders")
    add_field_options(parser)
    add_template_options(parser)
    parser.add_argument(
        "--sidecar",
        action="store_true",
        help="write NAME.xmp beside each file, whatever its format",
    )
    parser.add_argument(
        "--iim",
        choices=IIM_POLICIES,
        default="always",
        help="write IPTC-IIM always (default) or only into files that already have it (MWG)",
    )
    parser.add_argument(
        "--iim-newline",
        choices=("lf", "crlf", "cr"),
        default="lf",
        help="line breaks in IIM text (XMP and EXIF keep the value exactly; default lf)",
    )
    parser.add_argument(
        "--editor",
        metavar="NAME",
        help="who makes this edit, stored on the catalog revision (default: your user name)",
    )
    parser.add_argument(
        "--expect-version",
        type=int,
        metavar="N",
        help="refuse (exit 3) when the photo's catalog version is not N: someone saved since",
    )
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        given = changes_from(args)
        changes = FieldChanges.of(given)
    except ValueError as exc:
        print(f"caption-desk set: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if not changes and not args.template:
        print("caption-desk set: give at least one field to write (see --help)", file=sys.stderr)
        return ExitCode.USAGE
    editor = args.editor or default_editor()
    if any("\ud800" <= char <= "\udfff" for char in editor):  # bytes that are not UTF-8
        print(
            for_terminal(f"caption-desk set: --editor {editor}: the name is not UTF-8 text"),
            file=sys.stderr,
        )
        return ExitCode.USAGE
    paths = expand_paths(args.paths)
    try:
        with open_catalog_for(args) as catalog:
            found = photo_ids_at(catalog, paths)
            ids = [f for f in found if isinstance(f, int)]
            if args.template or args.codes:  # per photo: a template fills each one its own way
                per_photo = photo_changes(catalog, args, given, ids)
                todo, refused = per_photo.changes, per_photo.refused
            else:
                todo, refused = dict.fromkeys(ids, changes), {}
            expected = (
                None if args.expect_version is None else dict.fromkeys(ids, args.expect_version)
            )
            saved = save_changes(
                catalog,
                todo,
                editor=editor,
                expected_versions=expected,
                options=write_options(
                    iim=args.iim, iim_newline=args.iim_newline, sidecar=args.sidecar
                ),
            )
    except ValueError as exc:  # a change set one of the photos could never hold
        print(for_terminal(f"caption-desk set: {exc}; nothing was saved"), file=sys.stderr)
        return ExitCode.USAGE
    except CatalogError as exc:  # failures after the file writes are reported per file
        print(for_terminal(f"caption-desk set: {exc}; no file was changed"), file=sys.stderr)
        return ExitCode.PROBLEMS
    outcomes = [
        file_outcome(path, f if isinstance(f, UserError) else _outcome(saved, refused, path, f))
        for path, f in zip(paths, found, strict=True)
    ]
    return _report(outcomes)


def _outcome(saved: EditChanges, refused: dict[int, tuple[str, ...]], path: Path, pid: int):
    if pid in refused:
        return refused_error(path, refused[pid])
    return saved.outcome(pid)


def _report(outcomes: list["FileOutcome"]) -> int:
    failed = conflicts = 0
    for outcome in outcomes:
        print(for_terminal(outcome.line()), flush=True)
        failed += not outcome.ok or outcome.catalog_lags
        conflicts += outcome.status == Status.CONFLICT
    if conflicts:
        return ExitCode.CONFLICT
    return ExitCode.PROBLEMS if failed else ExitCode.OK


class Status(StrEnum):
    WRITTEN = "written"
    WARNING = "warning"  # written, with something to know (an IIM copy was cut...)
    ERROR = "error"  # not written; the file is untouched
    CONFLICT = "conflict"  # refused: the catalog holds a newer version than the one edited


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    status: Status
    messages: tuple[str, ...] = ()
    result: Any = None  # the writer's WriteResult, for the sidecar's name
    catalog_lags: bool = False  # written, but the catalog could not record it

    @property
    def ok(self) -> bool:
        return self.status not in (Status.ERROR, Status.CONFLICT)

    def line(self) -> str:
        """One line for the user: ``written: PATH`` or ``warning|error: PATH: reasons``."""
        where = str(self.path)
        if self.result is not None and getattr(self.result, "sidecar", False):
            where += f" (sidecar {self.result.target.name})"
        if not self.messages:
            return f"{self.status}: {where}"
        return f"{self.status}: {where}: {'; '.join(self.messages)}"


def file_outcome(path: Path, outcome: EditOutcome | UserError) -> FileOutcome:
    """One file's line for the user: the catalog revision first, then the file."""
    if isinstance(outcome, UserError):
        return FileOutcome(outcome.path, Status.ERROR, (outcome.reason,))
    if outcome.conflict is not None:
        conflict = outcome.conflict
        return FileOutcome(
            path,
            Status.CONFLICT,
            (
                f"edit conflict: you edited version {conflict.expected} but the catalog has "
                f"version {conflict.actual}; nothing was saved",
            ),
        )
    if not outcome.written:
        reason = outcome.write_error or "the file holds an older version"
        return FileOutcome(
            path,
            Status.ERROR,
            (
                f"saved in the catalog as version {outcome.version} but not written to the "
                f"file: {reason}",
            ),
        )
    result = outcome.write_result
    warnings = tuple(getattr(result, "warnings", ()))
    if outcome.catalog_error:
        warnings += (
            f"written to the file, but the catalog could not record it ({outcome.catalog_error})"
            "; it still lists the photo as not yet written, and the next save of it catches up",
        )
    status = Status.WARNING if warnings else Status.WRITTEN
    return FileOutcome(path, status, warnings, result, catalog_lags=bool(outcome.catalog_error))
