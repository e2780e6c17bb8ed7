"""``set --template`` and ``set --codes``: each photo's changes from a template, the codes
expanded, the options given on the command line winning over the template's fields.

``ops.templates`` (templates, credits, the rules' records) is imported only when one of the
options is given: a plain ``set`` starts as fast as before (cli.py loads commands lazily for the
same reason).
"""

import argparse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from editor_app.errors import UserError
from editor_app.ops.catalogs import Catalog
from editor_app.ops.edit import FieldChanges
from editor_app.settings import DeskSettings, settings_for

if TYPE_CHECKING:
    from editor_app.ops.templates import CodeTable


def add_template_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--template",
        metavar="FILE_OR_NAME",
        help="apply a template (a TOML file, or the name of one in the catalog) to each "
        "photo; the field options given here win over its fields (docs/templates.md)",
    )
    parser.add_argument(
        "--codes",
        metavar="FILE",
        action="append",
        help="expand =code= in every value given here and in the template, with this Photo "
        "Mechanic code file (and the catalog's codes); repeatable",
    )


@dataclass(frozen=True, slots=True)
class PhotoChanges:
    """Each photo's validated changes, and the photos refused with the reasons why."""

    changes: dict[int, FieldChanges]
    refused: dict[int, tuple[str, ...]]


def expand_codes(values: Mapping[str, object], codes: "CodeTable") -> dict[str, object]:
    """The given field values with their codes expanded; ValueError naming unknown codes."""
    out: dict[str, object] = {}
    unknown: list[str] = []
    for name, value in values.items():
        items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        expanded = [codes.expand(item) for item in items]
        unknown += [code for e in expanded for code in e.unknown]
        texts = [e.text for e in expanded]
        out[name] = texts[0] if isinstance(value, str) else texts
    if unknown:
        raise ValueError(f"unknown code {', '.join(dict.fromkeys(unknown))}")
    return out


def photo_changes(
    catalog: Catalog, args: argparse.Namespace, explicit: Mapping[str, object], ids: list[int]
) -> PhotoChanges:
    """What to save for each photo. Raises ValueError (a usage problem: unknown code in an
    option) and TemplateError (no such template)."""
    from editor_app.ops.templates import (  # start-up: only when asked (module docstring)
        find_template,
        photo_records,
        template_results,
    )

    codes = _codes(catalog, args)
    if args.codes:
        explicit = expand_codes(explicit, codes)
    if not args.template:
        shared = FieldChanges.of(explicit)
        return PhotoChanges(dict.fromkeys(ids, shared), {})
    template = find_template(args.template, catalog)
    records = photo_records(catalog, ids)
    settings = _settings(records)
    results = template_results(template, records, settings=settings, codes=codes)
    changes: dict[int, FieldChanges] = {}
    refused: dict[int, tuple[str, ...]] = {}
    for pid, result in results.items():
        if not result.ok:
            problems = "; ".join(str(p) for p in result.problems)
            refused[pid] = (f"template {template.name!r}: {problems}",)
            continue
        try:
            changes[pid] = FieldChanges.of({**result.changes, **explicit})
        except ValueError as exc:
            refused[pid] = (f"template {template.name!r}: {exc}",)
    return PhotoChanges(changes, refused)


def refused_error(path: Path, reasons: tuple[str, ...]) -> UserError:
    return UserError(path, "; ".join(reasons) + "; nothing was saved")


def _codes(catalog: Catalog, args: argparse.Namespace) -> "CodeTable":
    from editor_app.ops.templates import desk_codes  # start-up: only when asked

    files = [Path(p) for p in args.codes or ()]
    try:
        return desk_codes(catalog, *files)
    except OSError as exc:
        raise ValueError(f"--codes: cannot read {exc.filename} ({exc.strerror})") from None


def _settings(records: Mapping[int, object]) -> DeskSettings:
    first = next(iter(records.values()), None)
    path = getattr(first, "path", None)
    return settings_for(None, Path(path)) if path is not None else DeskSettings()
