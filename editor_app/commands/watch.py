"""``caption-desk watch FOLDER...``: import and check each photo arriving in the folders, one line
per photo, until interrupted (Ctrl+C or SIGTERM exit 0)."""

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.ops.watch import POLL_S, SETTLE_S, Arrival, FolderWatch, take_in
from editor_app.settings import DeskSettings, settings_for
from editor_app.textsafe import for_json, for_terminal

if TYPE_CHECKING:
    from editor_app.ops.templates import ArrivalTemplate

_EPILOG = """\
A photo is reported once, when it is complete: its size and modification time have not moved
for --settle seconds and, for a JPEG, it ends with the end-of-image marker. Photos already in
the folders when the watch starts are not reported. Each arrival is imported into the catalog
and checked with the house style (caption-desk.toml found from the folder).
--template applies a template (a TOML file, or the name of one in the catalog) to each arrival
before it is checked: saved in the catalog and written to the file, like `set --template`. A
photo the template cannot fill (a missing value, an unknown variable or code) is left as it came
and the line says why.
--format json prints one JSON object per line: {"path", "agency", "problems": [{"rule",
"severity", "message"}]}; with --template also "template": {"name", "applied", "note"}."""


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
    parser.add_argument(
        "--template",
        metavar="FILE_OR_NAME",
        help="apply this template to each arriving photo before it is checked (docs/templates.md)",
    )
    parser.add_argument(
        "--codes",
        metavar="FILE",
        action="append",
        help="expand =code= in the template with this Photo Mechanic code file (and the "
        "catalog's codes); repeatable",
    )
    parser.add_argument(
        "--editor",
        metavar="NAME",
        help="who the template's revisions are saved as (default: your user name)",
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
            templating = _templating(args, catalog)
            watch = FolderWatch(folders, settle=args.settle)
            print(f"caption-desk: watching {len(folders)} folder(s); Ctrl+C stops", file=sys.stderr)
            while True:
                arrived = watch.poll()
                for folder in {watch.folder_of(p) for p in arrived}:
                    batch = [p for p in arrived if watch.folder_of(p) == folder]
                    config = settings.get(folder.resolve(), DeskSettings())
                    hook = templating(config) if templating else None
                    for arrival in take_in(catalog, batch, config, on_arrival=hook):
                        print(_line(arrival, args.format, hook), flush=True)
                time.sleep(POLL_S)
    except KeyboardInterrupt:
        return ExitCode.OK
    except _TemplateUnusable as exc:
        print(for_terminal(f"caption-desk watch: {exc}"), file=sys.stderr)
        return ExitCode.USAGE
    finally:
        signal.signal(signal.SIGTERM, previous)


class _TemplateUnusable(Exception):
    """--template or --codes names something that cannot be used; the watch does not start."""


def _templating(args: argparse.Namespace, catalog):
    """A maker of each folder's ArrivalTemplate (its settings decide the {date} style), or None.
    Templates load only when asked: a plain watch starts as fast as before."""
    if not args.template:
        if args.codes:
            raise _TemplateUnusable("--codes needs --template (codes expand in the template)")
        return None
    from editor_app.ops.edit import default_editor
    from editor_app.ops.templates import (
        ArrivalTemplate,
        TemplateError,
        desk_codes,
        find_template,
    )

    try:
        template = find_template(args.template, catalog)
        codes = desk_codes(catalog, *(Path(p) for p in args.codes or ()))
    except TemplateError as exc:
        raise _TemplateUnusable(str(exc)) from None
    except OSError as exc:
        raise _TemplateUnusable(f"cannot read {exc.filename} ({exc.strerror})") from None
    editor = args.editor or default_editor()

    def make(settings: DeskSettings) -> ArrivalTemplate:
        return ArrivalTemplate(template, settings, editor=editor, codes=codes)

    return make


def _line(arrival: Arrival, fmt: str, hook: "ArrivalTemplate | None" = None) -> str:
    note = hook.notes.get(arrival.path) if hook else None
    if fmt == "json":
        line = arrival.as_json()
        if hook is not None:
            applied = arrival.path in hook.applied
            line["template"] = {"name": hook.template.name, "applied": applied, "note": note}
        return for_json(json.dumps(line, ensure_ascii=False))
    count = len(arrival.problems)
    rules = ", ".join(dict.fromkeys(f.rule for f in arrival.problems))
    what = f"{count} problem{'s' if count != 1 else ''}: {rules}" if count else "no problems"
    if note:
        what += f"; template {hook.template.name!r} {note}" if hook else ""
    return for_terminal(f"{arrival.path}  {arrival.agency or '-'}  {what}")


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 600:
        raise argparse.ArgumentTypeError("give seconds from 0 to 600")
    return value
