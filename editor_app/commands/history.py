"""``caption-desk history PATH``: every revision of a photo's captions, oldest first."""

import argparse
import json
import sys

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.errors import UserError
from editor_app.ops.history import find_photo, history_as_json, history_lines
from editor_app.textsafe import for_json, for_terminal


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "history",
        help="show every saved revision of a photo's captions",
        description="List a photo's revisions, oldest first: version, editor, time and the "
        "old and new value of each changed field.",
    )
    parser.add_argument("path", metavar="PATH", help="a catalogued photo")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_catalog_for(args, create=False) as catalog:
        try:
            photo = find_photo(catalog, args.path)
        except UserError as err:
            print(for_terminal(f"caption-desk: {err}"), file=sys.stderr)
            return ExitCode.PROBLEMS
        revisions = catalog.history(photo.id)
    if args.format == "json":
        text = json.dumps(history_as_json(revisions), ensure_ascii=False, indent=2)
        sys.stdout.write(for_json(text))
        sys.stdout.write("\n")
    else:
        print(for_terminal(f"{photo.path}  (version {photo.version})"))
        for line in history_lines(revisions):
            print(for_terminal(line))
    return ExitCode.OK
