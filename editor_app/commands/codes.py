"""``caption-desk codes import|list``: the desk's Photo Mechanic code replacements.

``import FILE...`` adds each file's codes to the catalog (a code already there is replaced), so
every workstation of a shared desk expands ``=lm=`` the same way; lines that are not codes are
listed on standard error (exit 1).
"""

import argparse
import json
import sys
from pathlib import Path

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.ops.templates import import_codes
from editor_app.textsafe import for_json, for_terminal


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "codes",
        help="import and list code replacements (=code= shortcuts)",
        description="Photo Mechanic code-replacement files: UTF-8, tab-separated, a code then "
        "one or more replacements (docs/templates.md).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    imported = actions.add_parser("import", help="add code files' codes to the catalog")
    imported.add_argument("files", nargs="+", metavar="FILE")
    add_db_option(imported)
    imported.set_defaults(run=run_import)
    listed = actions.add_parser("list", help="list the catalog's codes")
    listed.add_argument("--format", choices=("text", "json"), default="text")
    add_db_option(listed)
    listed.set_defaults(run=run_list)


def run_import(args: argparse.Namespace) -> int:
    problems = 0
    with open_catalog_for(args) as catalog:
        for name in args.files:
            try:
                done = import_codes(catalog, Path(name))
            except (OSError, ValueError) as exc:
                print(for_terminal(f"error: {name}: {exc}"), file=sys.stderr)
                problems += 1
                continue
            for skipped in done.table.skipped:
                print(for_terminal(f"warning: {name}: {skipped}"), file=sys.stderr)
            problems += bool(done.table.skipped)
            print(for_terminal(f"imported: {name}: {len(done.table)} codes ({done.stored} in all)"))
    return ExitCode.PROBLEMS if problems else ExitCode.OK


def run_list(args: argparse.Namespace) -> int:
    with open_catalog_for(args, create=False) as catalog:
        codes = catalog.codes()
    if args.format == "json":
        data = {code: list(columns) for code, columns in sorted(codes.items())}
        sys.stdout.write(for_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    else:
        for code, columns in sorted(codes.items()):
            print("\t".join(for_terminal(text) for text in (code, *columns)))
    return ExitCode.OK
