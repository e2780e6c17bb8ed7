"""``caption-desk import PATH...``: scan folders into the catalog, with a progress bar."""

import argparse
import sys

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.commands.progress_bar import TerminalProgress
from editor_app.ops.ingest import IngestChanges, ingest_paths
from editor_app.textsafe import for_terminal


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "import",
        help="scan photos into the catalog (unchanged files are skipped)",
        description="Scan files and folders into the catalog. Unchanged files (same size and "
        "modification time) are skipped; moved files are recognised by their image data.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="photo files or folders")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    bar = TerminalProgress(sys.stderr, enabled=not args.quiet and sys.stderr.isatty())
    with open_catalog_for(args) as catalog:
        changes = ingest_paths(catalog, args.paths, progress=bar)
    bar.finish()
    for problem in changes.problems:
        print(for_terminal(f"caption-desk: {problem}"), file=sys.stderr)
    if not args.quiet:
        print(summary(changes))
    return ExitCode.PROBLEMS if changes.problems else ExitCode.OK


def summary(changes: IngestChanges) -> str:
    return (
        f"{len(changes.added)} added, {len(changes.updated)} updated from changed files, "
        f"{len(changes.moved)} moved, {changes.unchanged} unchanged, "
        f"{len(changes.problems)} problems"
    )
