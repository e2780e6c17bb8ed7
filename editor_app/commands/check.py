"""``caption-desk check``: validate captions and credits of photos against the house style."""

import argparse
import os
import sys
from pathlib import Path

from editor_app.commands import ExitCode
from editor_app.commands.progress_bar import TerminalProgress
from editor_app.ops.check import REPORT_FORMATS, check_paths, render_report
from editor_app.settings import settings_for

_EPILOG = """\
exit status: 0 when no problem of severity error was found (warnings alone exit 0),
1 when at least one was, 2 for usage, configuration or internal errors.
The config is --config FILE, else caption-desk.toml in the first PATH's folder or its parents,
else the one in the user config dir."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "check",
        help="check captions and credits for missing, duplicated and wrong text",
        description="Check the captions and credits of photos against the desk's house style.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="photos or folders (walked)")
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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_for(args.config, Path(args.paths[0]))
    progress = TerminalProgress(sys.stderr, enabled=sys.stderr.isatty())
    try:
        report = check_paths(
            args.paths, settings, select=args.select, ignore=args.ignore, progress=progress
        )
    finally:
        progress.finish()
    colour = args.format == "text" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    sys.stdout.write(render_report(report, args.format, colour=colour))
    return ExitCode.PROBLEMS if report.has_errors else ExitCode.OK


def _rule_ids(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())
