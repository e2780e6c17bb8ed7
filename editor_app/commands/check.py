"""``caption-desk check``: validate captions and credits of photos against the house style."""

import argparse
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from editor_app.commands import ExitCode
from editor_app.commands.progress_bar import TerminalProgress
from editor_app.ops.check import (
    REPORT_FORMATS,
    CheckReport,
    check_catalog,
    check_paths,
    render_report,
)

if TYPE_CHECKING:  # loaded once the worker has started: settings_for in ``run``
    from editor_app.settings import DeskSettings

_EPILOG = """\
exit status: 0 when no problem of severity error was found (warnings alone exit 0),
1 when at least one was, 2 for usage, configuration or internal errors.
The config is --config FILE, else caption-desk.toml in the first PATH's folder or its parents,
else the one in the user config dir.
--catalog checks what the catalog holds (see docs/rules-engine.md): the current values,
pending writes included, of the photos at or under each PATH, or of every photo."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="check captions and credits for missing, duplicated and wrong text",
        description="Check the captions and credits of photos against the desk's house style.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="photos or folders (walked); with --catalog: catalogued photos at or under them "
        "(all when none)",
    )
    parser.add_argument("--format", choices=REPORT_FORMATS, default="text", help="output format")
    parser.add_argument("--config", type=Path, metavar="FILE", help="the caption-desk.toml to use")
    parser.add_argument(
        "--select",
        type=_rule_ids,
        default=(),
        metavar="IDS",
        help="only these rules, comma-separated (replaces the config's select)",
    )
    parser.add_argument(
        "--ignore",
        type=_rule_ids,
        default=(),
        metavar="IDS",
        help="skip these rules, comma-separated (added to the config's ignore)",
    )
    parser.add_argument(
        "--catalog",
        action="store_true",
        help="check the catalog's current values (edits not yet written to files included) "
        "instead of reading the files",
    )
    # Not commands._db's option: importing it loads the catalog, which a plain check never needs.
    # SUPPRESS: when unset, a global --db parsed before the subcommand is not overwritten.
    parser.add_argument(
        "--db",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="with --catalog: the catalog database URL (default: $CAPTION_DESK_DB, else "
        "catalog.db in the data folder)",
    )
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    from_catalog = getattr(args, "catalog", False)  # callers may build the namespace themselves
    if not args.paths and not from_catalog:
        args.parser.error("the following arguments are required: PATH")
    start = Path(args.paths[0] if args.paths else os.curdir)

    @functools.cache
    def settings() -> "DeskSettings":
        from editor_app.settings import settings_for  # for files: once the worker reads

        return settings_for(args.config, start)

    if from_catalog:
        from editor_app.commands._db import open_catalog_for  # only now: it loads the catalog

        with open_catalog_for(args) as catalog:
            report = check_catalog(
                catalog, args.paths, settings(), select=args.select, ignore=args.ignore
            )
    else:
        report = _check_files(args, settings)
    colour = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(render_report(report, args.format, colour=colour, settings=settings()))
    return ExitCode.PROBLEMS if report.has_errors else ExitCode.OK


def _check_files(args: argparse.Namespace, settings: "Callable[[], DeskSettings]") -> CheckReport:
    progress = TerminalProgress(sys.stderr, enabled=sys.stderr.isatty())
    try:
        return check_paths(
            args.paths, settings, select=args.select, ignore=args.ignore, progress=progress
        )
    finally:
        progress.finish()


def _rule_ids(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())
