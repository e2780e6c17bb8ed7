"""``caption-desk export``: the caption sheet, one row per photo, as CSV or JSON."""

import argparse
import json
import sys

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.ops.export import caption_sheet, sheet_as_json, write_sheet_csv
from editor_app.textsafe import for_json


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "export",
        help="print the caption sheet of catalogued photos (CSV or JSON)",
        description="One row per catalogued photo: its path, current caption fields, version "
        "and whether the file is up to date. PATHs (files or folders) narrow the sheet.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="only photos at or under these")
    parser.add_argument("--format", choices=("csv", "json"), default="csv")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_catalog_for(args, create=False) as catalog:
        rows = caption_sheet(catalog, args.paths)
    if args.format == "json":
        sys.stdout.write(for_json(json.dumps(sheet_as_json(rows), ensure_ascii=False, indent=2)))
        sys.stdout.write("\n")
    else:
        write_sheet_csv(rows, sys.stdout)
    return ExitCode.OK
