"""Caption templates: fields set or appended on many photos, ``{variables}`` filled per photo.

A template file is TOML (a contract, docs/templates.md): a top-level ``name``, a ``[set]`` table
of fields to replace and an ``[append]`` table of fields to append to. :func:`apply_template`
fills one photo's values and reports every unknown variable, missing value and unknown code as
a :class:`TemplateProblem`: a template never leaves ``{city}`` in a caption silently.
"""

import json
import logging
import re
import tomllib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from editor_app.captions.codes import EMPTY, CodeTable
from editor_app.captions.credit import attribution
from editor_app.captions.dates import WEEKDAYS
from editor_app.metadata.fields import FieldKind, FieldValue, field_names
from editor_app.metadata.fields import field as field_spec
from editor_app.metadata.record import PhotoMetadata, with_values

log = logging.getLogger(__name__)

TemplateText = str | tuple[str, ...]  # a text field's template, or a list field's items
_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
# AP style: months of five letters or fewer are spelled out; September is "Sept."
AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.",
             "Nov.", "Dec.")  # fmt: skip
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


class TemplateError(ValueError):
    """A template file that cannot be used at all (bad TOML, unknown field, wrong type)."""


class ProblemKind(StrEnum):
    UNKNOWN_VARIABLE = "unknown-variable"
    MISSING_VALUE = "missing-value"
    UNKNOWN_CODE = "unknown-code"
    BAD_BRACE = "bad-brace"


@dataclass(frozen=True, slots=True)
class TemplateProblem:
    kind: ProblemKind
    field: str  # the field whose template text has the problem
    item: str  # the variable, code or brace as written: "{city}", "=lm=", "{"
    message: str  # one readable sentence

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template. ``set`` replaces fields, ``append`` adds to them (field -> text)."""

    name: str
    set: Mapping[str, TemplateText] = field(default_factory=lambda: MappingProxyType({}))
    append: Mapping[str, TemplateText] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields it touches, in the editor's order."""
        touched = {*self.set, *self.append}
        return tuple(name for name in field_names() if name in touched)

    def only(self, names: Collection[str]) -> "Template":
        """This template restricted to ``names`` (the panel's ticked fields)."""
        return Template(
            self.name,
            MappingProxyType({k: v for k, v in self.set.items() if k in names}),
            MappingProxyType({k: v for k, v in self.append.items() if k in names}),
        )

    def unknown_variables(self) -> tuple[str, ...]:
        """``field: {name}`` for each variable no photo could fill (checked on import)."""
        found = []
        for table in (self.set, self.append):
            for name, text in table.items():
                for item in (text,) if isinstance(text, str) else text:
                    for match in _PLACEHOLDER.finditer(item):
                        variable, _, spec = (match[1] or "").strip().partition(":")
                        known = variable in VARIABLES and (not spec or variable == "date")
                        if match[1] is not None and not known:
                            found.append(f"{name}: {match[0]}")
        return tuple(dict.fromkeys(found))

    def as_json(self) -> str:
        """How the catalog stores it (``template.fields``)."""
        return json.dumps({"set": _plain(self.set), "append": _plain(self.append)})


@dataclass(frozen=True, slots=True)
class TemplateResult:
    """One photo's filled template: the field changes to save and what went wrong filling it."""

    changes: Mapping[str, FieldValue]
    problems: tuple[TemplateProblem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


# parsing


def parse_template(text: str, source: str = "template") -> Template:
    """A template from TOML text; raises TemplateError naming ``source`` and every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{source}: not valid TOML ({exc})") from None
    problems: list[str] = []
    name = data.pop("name", "")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        problems.append('needs a top-level name = "..." (at most 200 characters)')
        name = ""
    tables = {key: data.pop(key, {}) for key in ("set", "append")}
    problems += [f"unknown key {key!r} (a template has name, [set] and [append])" for key in data]
    parsed = {key: _table(key, value, problems) for key, value in tables.items()}
    dates = [n for n in parsed["append"] if field_spec(n).kind is FieldKind.DATE]
    problems += [f"[append] {n}: a date cannot be appended to" for n in dates]
    if not problems and not parsed["set"] and not parsed["append"]:
        problems.append("sets no field: give a [set] or [append] table")
    if problems:
        raise TemplateError("\n".join(f"{source}: {p}" for p in problems))
    return Template(
        name.strip(), MappingProxyType(parsed["set"]), MappingProxyType(parsed["append"])
    )


def load_template(path: Path) -> Template:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc})") from None
    return parse_template(text, str(path))


def template_from_json(name: str, text: str) -> Template:
    """A template as the catalog stores it (:meth:`Template.as_json`)."""
    data = json.loads(text or "{}")
    return Template(
        name,
        MappingProxyType({k: _items(v) for k, v in data.get("set", {}).items()}),
        MappingProxyType({k: _items(v) for k, v in data.get("append", {}).items()}),
    )


def _table(key: str, value: object, problems: list[str]) -> dict[str, TemplateText]:
    if not isinstance(value, dict):
        problems.append(f"{key!r} must be a table, like [{key}]")
        return {}
    known = field_names()
    out: dict[str, TemplateText] = {}
    for raw, text in value.items():
        name = raw.replace("-", "_")
        if name not in known:
            problems.append(f"[{key}] {raw}: no such field (fields: {', '.join(known)})")
        elif isinstance(text, str):
            out[name] = (text,) if field_spec(name).kind is FieldKind.LIST else text
        elif isinstance(text, list) and all(isinstance(t, str) for t in text):
            if field_spec(name).kind is not FieldKind.LIST:
                problems.append(f"[{key}] {raw}: one text, not a list (only lists take several)")
            out[name] = tuple(text)
        else:
            problems.append(f"[{key}] {raw}: must be a text in quotes")
    return out


def _items(value: object) -> TemplateText:
    return tuple(value) if isinstance(value, list) else str(value)


def _plain(values: Mapping[str, TemplateText]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


# filling


DATE_STYLES: dict[str, Callable[[date], str]] = {
    "reuters": lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",  # November 20, 2024
    "ap": lambda d: f"{AP_MONTHS[d.month - 1]} {d.day}, {d.year}",  # Nov. 20, 2024
    "day-month": lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",  # 20 November 2024
}
VARIABLES = (
    "city", "state", "country", "country_code", "sublocation", "headline", "photographer",
    "byline", "credit", "agency", "camera", "filename", "date", "dow", "mnap", "year",
)  # fmt: skip


def apply_template(
    template: Template,
    record: PhotoMetadata,
    *,
    codes: CodeTable = EMPTY,
    date_style: str = "reuters",
) -> TemplateResult:
    """The changes ``template`` makes to the photo of ``record``, with the problems found.

    Codes (``=lm=``) are expanded first, then variables; a variable with no value becomes
    empty text and is reported. Variables read the photo with the template's plain ``[set]``
    values (those without variables) applied: ``[set] city = "Hiroshima"`` fills ``{city}``.
    ``date_style`` is a key of :data:`DATE_STYLES` ({date}).
    """
    plain = {name: text for name, text in template.set.items() if not _has_braces(text)}
    if plain:  # a first filler, only for the codes; its problems are found again below
        first = _Filler(record, codes, DATE_STYLES[date_style])
        record = with_values(record, {n: first.fill_value(n, t) for n, t in plain.items()})
    filler = _Filler(record, codes, DATE_STYLES[date_style])
    changes: dict[str, FieldValue] = {}
    for name, text in template.set.items():
        changes[name] = filler.fill_value(name, text)
    for name, text in template.append.items():
        current = changes.get(name, getattr(record, name))
        current = "" if current is None else current
        changes[name] = _appended(current, filler.fill_value(name, text))
    return TemplateResult(MappingProxyType(changes), tuple(dict.fromkeys(filler.problems)))


def _has_braces(text: TemplateText) -> bool:
    return any("{" in item or "}" in item for item in ((text,) if isinstance(text, str) else text))


def _appended(current: FieldValue, added: FieldValue) -> FieldValue:
    if isinstance(current, tuple):
        extra = (added,) if isinstance(added, str) else added
        return current + tuple(item for item in extra if item not in current)
    assert isinstance(added, str)
    return current + added if current else added.lstrip()  # no leading space on an empty field


class _Filler:
    """Fills template texts for one photo, collecting problems."""

    def __init__(self, record: PhotoMetadata, codes: CodeTable, style: Callable[[date], str]):
        self.record, self.codes, self.style = record, codes, style
        self.problems: list[TemplateProblem] = []
        self._values: dict[str, str] | None = None
        self.captured = capture_time(record)

    def fill_value(self, name: str, text: TemplateText) -> FieldValue:
        if isinstance(text, tuple):
            return tuple(filled for item in text if (filled := self.fill(name, item)))
        return self.fill(name, text)

    def fill(self, name: str, text: str) -> str:
        expanded = self.codes.expand(text)
        for code in expanded.unknown:
            self.problems.append(
                TemplateProblem(
                    ProblemKind.UNKNOWN_CODE, name, code, f"{name}: unknown code {code}"
                )
            )
        return _PLACEHOLDER.sub(lambda m: self._replace(name, m), expanded.text)

    def _replace(self, name: str, match: re.Match[str]) -> str:
        token = match[0]
        if token in ("{{", "}}"):
            return token[0]
        if match[1] is None:
            self._problem(
                ProblemKind.BAD_BRACE,
                name,
                token,
                f"{name}: a lone {token!r} (write {token * 2} for a literal brace)",
            )
            return ""
        variable, _, spec = match[1].strip().partition(":")
        value = self._value(name, variable.strip(), spec, token)
        return value or ""

    def _value(self, name: str, variable: str, spec: str, token: str) -> str | None:
        if variable not in VARIABLES or (spec and variable != "date"):
            self._problem(
                ProblemKind.UNKNOWN_VARIABLE,
                name,
                token,
                f"{name}: unknown variable {token} (known: {', '.join(VARIABLES)})",
            )
            return None
        value = self._dated(spec) if variable == "date" and spec else self.values().get(variable)
        if not value:
            self._problem(
                ProblemKind.MISSING_VALUE,
                name,
                token,
                f"{name}: {token} has no value for {self.record.path.name}",
            )
        return value

    def _problem(self, kind: ProblemKind, name: str, item: str, message: str) -> None:
        self.problems.append(TemplateProblem(kind, name, item, message))

    def _dated(self, spec: str) -> str:
        if self.captured is None:
            return ""
        try:
            return self.captured.strftime(spec)
        except ValueError:  # a format the platform's strftime refuses
            return ""

    def values(self) -> dict[str, str]:
        if self._values is None:
            self._values = variable_values(self.record, self.style, self.captured)
        return self._values


def variable_values(
    record: PhotoMetadata,
    style: Callable[[date], str] = DATE_STYLES["reuters"],
    captured: datetime | None = None,
) -> dict[str, str]:
    """Every variable's value for one photo (empty text when the photo has none)."""
    credited = attribution(record)
    captured = captured or capture_time(record)
    exif = record.exif
    same_make = exif.model.lower().startswith(exif.make.lower())  # "Canon EOS R5" says Canon
    camera = exif.model if same_make else f"{exif.make} {exif.model}"
    values = {
        "city": record.city,
        "state": record.state,
        "country": record.country,
        "country_code": record.country_code,
        "sublocation": record.sublocation,
        "headline": record.headline,
        "photographer": credited.photographer or "",
        "byline": ", ".join(record.byline),
        "credit": record.credit,
        "agency": credited.agency or "",
        "camera": camera.strip(),
        "filename": record.path.name,
        "year": _year(record, captured),
    }
    if captured is not None:
        day = captured.date()
        values |= {"date": style(day), "dow": WEEKDAYS[day.weekday()]}
        values["mnap"] = AP_MONTHS[day.month - 1]
    return {k: v.strip() for k, v in values.items()}


def capture_time(record: PhotoMetadata) -> datetime | None:
    """When the photo was taken: EXIF DateTimeOriginal, else Date Created (a full date)."""
    for value in (record.exif.datetime_original, record.date_created):
        if value and len(value) >= 10:
            try:
                return datetime.fromisoformat(value).replace(tzinfo=None)
            except ValueError:
                try:
                    return datetime.fromisoformat(value[:10])
                except ValueError:
                    continue
    return None


def _year(record: PhotoMetadata, captured: datetime | None) -> str:
    if captured is not None:
        return str(captured.year)
    found = (record.date_created or "")[:4]
    return found if found.isdigit() else ""
