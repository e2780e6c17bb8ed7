"""``caption-desk watch FOLDER...``: import and check each photo arriving in the folders, one line
per photo, until interrupted (Ctrl+C or SIGTERM exit 0)."""

import argparse
import json
import signal
import sys
import time
from pathlib import Path

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.ops.watch import POLL_S, SETTLE_S, Arrival, FolderWatch, take_in
from editor_app.settings import DeskSettings, settings_for
from editor_app.textsafe import for_json, for_terminal

_EPILOG = """\
A photo is reported once, when it is complete: its size and modification time have not moved
for --settle seconds and, for a JPEG, it ends with the end-of-image marker. Photos already in
the folders when the watch starts are not reported. Each arrival is imported into the catalog
and checked with the house style (caption-desk.toml found from the folder).
--format json prints one JSON object per line: {"path", "agency", "problems": [{"rule",
"severity", "message"}]}."""


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "watch",
        help="import and check photos as they arrive in folders",
        description="Watch folders for new photos; import, check and report each one.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("folders", nargs="+", metavar="FOLDER", help="folders to watch")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--settle",
        type=_seconds,
        default=SETTLE_S,
        metavar="S",
        help=f"seconds a file must stay unchanged to count as complete (default {SETTLE_S})",
    )
    add_db_option(parser)
    parser.set_defaults(run=run, parser=parser)


def run(args: argparse.Namespace) -> int:
    folders = [Path(f) for f in args.folders]
    for folder in folders:
        if not folder.is_dir():
            args.parser.error(f"{for_terminal(folder)} is not a folder")
    settings = {f.resolve(): settings_for(None, f) for f in folders}
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with open_catalog_for(args) as catalog:
            watch = FolderWatch(folders, settle=args.settle)
            print(f"caption-desk: watching {len(folders)} folder(s); Ctrl+C stops", file=sys.stderr)
            while True:
                arrived = watch.poll()
                for folder in {watch.folder_of(p) for p in arrived}:
                    batch = [p for p in arrived if watch.folder_of(p) == folder]
                    config = settings.get(folder.resolve(), DeskSettings())
                    for arrival in take_in(catalog, batch, config):
                        print(_line(arrival, args.format), flush=True)
                time.sleep(POLL_S)
    except KeyboardInterrupt:
        return ExitCode.OK
    finally:
        signal.signal(signal.SIGTERM, previous)


def _line(arrival: Arrival, fmt: str) -> str:
    if fmt == "json":
        return for_json(json.dumps(arrival.as_json(), ensure_ascii=False))
    count = len(arrival.problems)
    rules = ", ".join(dict.fromkeys(f.rule for f in arrival.problems))
    what = f"{count} problem{'s' if count != 1 else ''}: {rules}" if count else "no problems"
    return for_terminal(f"{arrival.path}  {arrival.agency or '-'}  {what}")


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError("give seconds from 0 to 600")
    return value
