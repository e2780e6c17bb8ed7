"""``caption-desk set PATH... --caption T ...``: write caption fields into photos (or sidecars).

One line per file on standard output (``written:``, ``warning:``, ``error:``); exit 0 when every
file was written, 1 when any failed, 2 on a usage error.
"""

import argparse
import sys
from pathlib import Path
from typing import cast

from editor_app.commands import ExitCode
from editor_app.commands.field_options import add_field_options, changes_from
from editor_app.commands.ingest import add_db_option, open_catalog_for
from editor_app.errors import EditConflict, UserError
from editor_app.metadata.changes import normalize_changes
from editor_app.metadata.writer import IimPolicy, WriteOptions, WriteResult, write_photo
from editor_app.ops.edit import BatchOutcome, default_editor, save_edits
from editor_app.ops.files import expand_paths
from editor_app.ops.write_back import FileOutcome, Status


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
    parser.add_argument(
        "--sidecar",
        action="store_true",
        help="write NAME.xmp beside each file, whatever its format",
    )
    parser.add_argument(
        "--iim",
        choices=[p.value for p in IimPolicy],
        default=IimPolicy.ALWAYS.value,
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


def options_from(args: argparse.Namespace) -> WriteOptions:
    return WriteOptions(iim=IimPolicy(args.iim), iim_newline=args.iim_newline, sidecar=args.sidecar)


def run(args: argparse.Namespace) -> int:
    try:
        changes = normalize_changes(changes_from(args))
    except ValueError as exc:
        print(f"caption-desk set: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if not changes:
        print("caption-desk set: give at least one field to write (see --help)", file=sys.stderr)
        return ExitCode.USAGE
    failed = conflicts = 0
    options = options_from(args)
    with open_catalog_for(args) as catalog:
        outcomes = save_edits(
            catalog,
            expand_paths(args.paths),
            changes,
            editor=args.editor or default_editor(),
            expected_version=args.expect_version,
            write=lambda path, pending: write_photo(path, dict(pending), options),
        )
    for outcome in map(file_outcome, outcomes):
        print(outcome.line(), flush=True)
        failed += not outcome.ok
        conflicts += outcome.status == Status.CONFLICT
    if conflicts:
        return ExitCode.CONFLICT
    return ExitCode.PROBLEMS if failed else ExitCode.OK


def file_outcome(outcome: BatchOutcome) -> FileOutcome:
    """One file's line for the user: the catalog revision first, then the file."""
    if isinstance(outcome, EditConflict):
        return FileOutcome(
            Path(outcome.path),
            Status.CONFLICT,
            (
                f"edit conflict: you edited version {outcome.expected} but the catalog has version "
                f"{outcome.actual}; nothing was saved",
            ),
        )
    if isinstance(outcome, UserError):
        return FileOutcome(outcome.path, Status.ERROR, (outcome.reason,))
    if not outcome.written:
        reason = outcome.write_error or "the file holds an older version"
        return FileOutcome(
            outcome.path,
            Status.ERROR,
            (
                f"saved in the catalog as version {outcome.version} but not written to the "
                f"file: {reason}",
            ),
        )
    result = cast("WriteResult | None", outcome.write_result)
    warnings = tuple(getattr(result, "warnings", ()))
    return FileOutcome(
        outcome.path, Status.WARNING if warnings else Status.WRITTEN, warnings, result
    )
