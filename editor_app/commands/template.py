"""``caption-desk template show|import|list``: the desk's caption templates (docs/templates.md).

``show FILE_OR_NAME PATH`` prints, as one JSON object (field -> value), what the template would
set on that photo, writing nothing; problems (unknown variables, missing values, unknown codes)
go to standard error, one a line, and make the exit code 1.
"""

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from editor_app.commands import ExitCode
from editor_app.commands._db import add_db_option, open_catalog_for
from editor_app.ops.catalogs import Catalog, CatalogError
from editor_app.ops.templates import (
    Template,
    TemplateError,
    desk_codes,
    find_template,
    import_template,
    photo_record,
    stored_templates,
    template_results,
)
from editor_app.settings import settings_for
from editor_app.textsafe import for_json, for_terminal


def add_parser(sub) -> None:
    parser = sub.add_parser(
        "template",
        help="show, import and list caption templates",
        description="Caption templates: TOML files with a name, a [set] and an [append] table "
        "of fields, {variables} filled per photo (docs/templates.md).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show", help="print the fields a template would set on a photo (JSON), writing nothing"
    )
    show.add_argument("template", metavar="FILE_OR_NAME")
    show.add_argument("path", metavar="PATH", help="a photo")
    show.add_argument("--codes", metavar="FILE", action="append", help="a code file; repeatable")
    add_db_option(show)
    show.set_defaults(run=run_show)
    imported = actions.add_parser("import", help="store template files in the catalog")
    imported.add_argument("files", nargs="+", metavar="FILE")
    add_db_option(imported)
    imported.set_defaults(run=run_import)
    listed = actions.add_parser("list", help="list the catalog's templates")
    listed.add_argument("--format", choices=("text", "json"), default="text")
    add_db_option(listed)
    listed.set_defaults(run=run_list)


def run_show(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        print(for_terminal(f"caption-desk template: {path}: no such file"), file=sys.stderr)
        return ExitCode.USAGE
    with _catalog_if_any(args, need=not Path(args.template).is_file()) as catalog:
        try:
            template = find_template(args.template, catalog)
            codes = desk_codes(catalog, *(Path(p) for p in args.codes or ()))
        except (ValueError, OSError) as exc:
            print(for_terminal(f"caption-desk template: {exc}"), file=sys.stderr)
            return ExitCode.USAGE
        record = photo_record(path, catalog)  # with the desk's current values, if known
    settings = settings_for(None, path)
    result = template_results(template, {0: record}, settings=settings, codes=codes)[0]
    values = {k: list(v) if isinstance(v, tuple) else v for k, v in result.changes.items()}
    sys.stdout.write(for_json(json.dumps(values, ensure_ascii=False, indent=2)) + "\n")
    for problem in result.problems:
        print(for_terminal(f"{path}: {problem}"), file=sys.stderr)
    if record.error:
        print(for_terminal(f"{path}: {record.error}"), file=sys.stderr)
    return ExitCode.PROBLEMS if result.problems or record.error else ExitCode.OK


def run_import(args: argparse.Namespace) -> int:
    failed = 0
    with open_catalog_for(args) as catalog:
        for name in args.files:
            try:
                template, new = import_template(catalog, Path(name))
            except TemplateError as exc:
                print(for_terminal(f"error: {exc}"), file=sys.stderr)
                failed += 1
                continue
            verb = "imported" if new else "replaced"
            print(for_terminal(f"{verb}: {template.name} ({', '.join(template.fields)})"))
            for unknown in template.unknown_variables():
                print(for_terminal(f"warning: {name}: unknown variable {unknown}"), file=sys.stderr)
                failed += 1
    return ExitCode.PROBLEMS if failed else ExitCode.OK


def run_list(args: argparse.Namespace) -> int:
    with open_catalog_for(args, create=False) as catalog:
        templates = stored_templates(catalog)
    if args.format == "json":
        data = [_as_json(t) for t in templates]
        sys.stdout.write(for_json(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
    else:
        for template in templates:
            print(for_terminal(f"{template.name}: {', '.join(template.fields)}"))
    return ExitCode.OK


def _as_json(template: Template) -> dict[str, object]:
    return {"name": template.name, **json.loads(template.as_json())}


@contextlib.contextmanager
def _catalog_if_any(args: argparse.Namespace, *, need: bool) -> Iterator[Catalog | None]:
    """The catalog when there is one; a template file is shown without one."""
    try:
        catalog = open_catalog_for(args, create=False)
    except CatalogError:
        if need:
            raise
        yield None
        return
    with catalog:
        yield catalog
