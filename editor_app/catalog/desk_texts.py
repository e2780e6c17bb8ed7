"""The desk's shared texts: caption templates and code replacements, one set per catalog.

A PostgreSQL desk shares them between workstations. The catalog stores what it is given (a
template as JSON, a code's replacement columns joined by tabs, which a code file's columns
cannot contain); ``ops.templates`` turns them into ``captions`` values.
"""

import logging
from collections.abc import Iterable, Mapping

from editor_app.catalog.models import CodeReplacement, Template, tuples
from editor_app.catalog.sql import utc_now

log = logging.getLogger(__name__)


def save_template(name: str, fields_json: str) -> bool:
    """Store (or replace) the template ``name``; True when it was new."""
    existed = Template.select().where(Template.name == name).exists()
    Template.insert(name=name, fields=fields_json, updated_at=utc_now()).on_conflict(
        conflict_target=[Template.name],
        update={Template.fields: fields_json, Template.updated_at: utc_now()},
    ).execute()
    return not existed


def templates() -> dict[str, str]:
    """Every template: name -> its JSON, by name."""
    query = Template.select(Template.name, Template.fields).order_by(Template.name)
    return {name: fields for name, fields in tuples(query)}


def delete_template(name: str) -> bool:
    return bool(Template.delete().where(Template.name == name).execute())


def save_codes(codes: Mapping[str, Iterable[str]]) -> int:
    """Add or replace these codes (code -> replacement columns); returns how many."""
    rows = [{"code": code, "expansion": "\t".join(columns)} for code, columns in codes.items()]
    for row in rows:
        CodeReplacement.insert(row).on_conflict(
            conflict_target=[CodeReplacement.code],
            update={CodeReplacement.expansion: row["expansion"]},
        ).execute()
    return len(rows)


def codes() -> dict[str, tuple[str, ...]]:
    """Every code and its replacement columns."""
    query = CodeReplacement.select(CodeReplacement.code, CodeReplacement.expansion)
    return {code: tuple(text.split("\t")) for code, text in tuples(query)}
