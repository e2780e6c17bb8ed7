"""``caption-desk show``: print what is embedded in photos, as text or as JSON."""

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from editor_app.commands import ExitCode
from editor_app.ops.files import expand_paths
from editor_app.ops.read import read_photos
from editor_app.ops.show import ShownRecord, json_lines, record_text
from editor_app.settings import settings_for
from editor_app.textsafe import for_terminal


def add_parser(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("show", help="print the captions, credits and EXIF of photos")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="photos or folders (walked)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--jobs", type=int, default=None, help="processes (default: all cores)")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="house style file for the agency table (default: caption-desk.toml "
        "found from the first PATH, as check finds it)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths = expand_paths(args.paths)
    if args.format == "json":
        settings = settings_for(args.config, Path(args.paths[0]))
        failed = _print_json(json_lines(paths, settings, jobs=args.jobs))
    else:
        failed = _print_text(read_photos(paths, jobs=args.jobs))
    return ExitCode.PROBLEMS if failed else ExitCode.OK


def _print_json(lines: Iterable[tuple[str, bool]]) -> int:
    failed = 0
    out = sys.stdout
    out.write("[")
    for i, (text, bad) in enumerate(lines):
        failed += bad
        out.write(("," if i else "") + "\n" + text)
    out.write("\n]\n")
    return failed


def _print_text(records: Iterable[ShownRecord]) -> int:
    failed = 0
    for record in records:
        if record.error:
            failed += 1
            print(for_terminal(f"{record.path}: {record.error}"), file=sys.stderr)
            if not record.format:
                continue
        print(record_text(record))
    return failed
