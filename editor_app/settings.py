"""Desk settings (house style, rule switches) from ``caption-desk.toml``, found like ruff's config.

``load_settings(path)`` reads one file; ``find_config(start)`` looks in ``start``, its parents,
then the user config dir. Unknown keys and bad values raise one ``ConfigError`` listing them all.
"""

import dataclasses
import logging
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from editor_app import paths
from editor_app.errors import ConfigError
from editor_app.metadata.fields import field_names
from editor_app.patterns import TextPattern, compile_pattern

log = logging.getLogger(__name__)

CONFIG_NAME = "caption-desk.toml"
# Names added from the window ("Add to the desk's names"), one a line, in the home's config
# folder: every check and window of that home reads them, whichever config file applies.
DESK_NAMES_FILE = "names.txt"
SEVERITIES = ("error", "warning")
# The languages the spelling rule has dictionaries for (ISO 639-1); "auto" detects among them.
SPELLING_LANGUAGES = ("en", "fr", "es", "pt", "de", "it", "nl")
# How a template's {date} reads (captions/templates.py DATE_STYLES): "November 20, 2024",
# "Nov. 20, 2024", "20 November 2024".
CAPTION_DATE_STYLES = ("reuters", "ap", "day-month")


class WeekdayPolicy(StrEnum):
    NEVER = "never"  # Reuters: a caption date carries no day of the week
    RECENT = "recent"  # AP: a weekday for photos of the last two weeks, none for older ones
    IGNORE = "ignore"  # no policy


@dataclass(frozen=True, slots=True)
class AgencyConfig:
    """An agency the desk adds to the built-in table, or extra spellings for a known one."""

    name: str
    lead: str = ""
    spellings: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()
    spaced_slash: bool = False  # the agency's own style is "Name SURNAME / AFP"
    photographer_first: bool = False  # its credit names the photographer first: "Name/dpa"


@dataclass(frozen=True, slots=True)
class DeskSettings:
    agency: str = "Reuters"
    # House style: the Credit field itself must name the photographer ("REUTERS/Jane Doe"). Off,
    # "REUTERS" in Credit with the photographer in By-line is enough (the agencies' own way).
    credit_names_photographer: bool = False
    credit_patterns: tuple[TextPattern, ...] = ()  # RE2: linear time (editor_app.patterns)
    required_fields: tuple[str, ...] = ("caption", "credit", "byline", "date_created")
    conflict_fields: tuple[str, ...] = ("caption", "credit", "byline", "copyright", "headline")
    select: tuple[str, ...] = ()  # empty: every rule
    ignore: tuple[str, ...] = ()
    severities: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    near_duplicate_threshold: float = 0.8
    near_duplicate_min_words: int = 8
    # Capture times further apart than this are different events (captions/events.py).
    near_duplicate_same_event_hours: int = 12
    date_tolerance_days: int = 1
    weekday_policy: WeekdayPolicy = WeekdayPolicy.NEVER
    weekday_recent_days: int = 14  # the AP Stylebook: "made within the past two weeks"
    caption_date_style: str = "reuters"  # a key of CAPTION_DATE_STYLES: templates' {date}
    agencies: tuple[AgencyConfig, ...] = ()
    spelling_language: str = "auto"  # a code of SPELLING_LANGUAGES, or "auto": per caption
    spelling_languages: tuple[str, ...] = SPELLING_LANGUAGES  # "auto" picks among these
    spelling_names: tuple[str, ...] = ()  # names (and code-replacement text): never flagged
    spelling_allow: tuple[str, ...] = ()  # the desk's allow list of words
    source: Path | None = None  # the file these came from; None for the defaults


def find_config(start: Path) -> Path | None:
    """The nearest ``caption-desk.toml`` in ``start`` or its parents, else the user's one."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_dir in (folder, *folder.parents):
        candidate = candidate_dir / CONFIG_NAME
        if candidate.is_file():
            return candidate
    user = paths.config_dir() / CONFIG_NAME
    return user if user.is_file() else None


def settings_for(config: Path | None, start: Path) -> DeskSettings:
    """Settings from ``--config`` when given, else from the file found from ``start``.

    A file found beside the photos (in their folder or a parent) travels with them and may
    come from anyone, so it cannot switch off or soften ``unreadable-file``: only ``--config``
    and the user's own file can (ConfigError otherwise). docs/reliability-input.md.
    """
    if config is not None:
        if not config.is_file():
            raise ConfigError(f"{config}: the config file does not exist")
        return with_desk_names(load_settings(config))
    found = find_config(start)
    log.debug("config for %s: %s", start, found)
    if found is None:
        return with_desk_names(DeskSettings())
    settings = load_settings(found)
    if found != paths.config_dir() / CONFIG_NAME:
        _check_folder_file(settings, found)
    return with_desk_names(settings)


def with_desk_names(settings: DeskSettings, *more: str) -> DeskSettings:
    """``settings`` also knowing the desk's names file (``DESK_NAMES_FILE``) and ``more``."""
    names_file = paths.config_dir() / DESK_NAMES_FILE
    try:
        added = _lines(names_file.parent, names_file.name) if names_file.is_file() else ()
    except ValueError as exc:  # unreadable: the names cost a false alarm, never the check
        log.warning("%s", exc)
        added = ()
    names = tuple(n for n in (*added, *more) if n not in settings.spelling_names)
    if not names:
        return settings
    return dataclasses.replace(settings, spelling_names=(*settings.spelling_names, *names))


PROTECTED_RULES = ("unreadable-file",)  # a folder's file cannot switch these off or soften them


def _check_folder_file(settings: DeskSettings, source: Path) -> None:
    for rule_id in PROTECTED_RULES:
        level = settings.severities.get(rule_id)
        if rule_id in settings.ignore or level in ("warning", "off"):
            raise ConfigError(
                f"{source}: a caption-desk.toml found beside the photos cannot switch off or "
                f"soften {rule_id}; only --config FILE or your own "
                f"{paths.config_dir() / CONFIG_NAME} can"
            )


def load_settings(path: Path) -> DeskSettings:
    """Read and check one config file; raises ConfigError naming every problem in it."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
    return parse_settings(data, path)


def parse_settings(data: Mapping[str, Any], source: Path | None = None) -> DeskSettings:
    reader = _Reader(source.parent if source else Path.cwd())
    values = reader.read(data)
    if reader.problems:
        where = source or CONFIG_NAME
        raise ConfigError("\n".join(f"{where}: {p}" for p in reader.problems))
    return DeskSettings(**values, source=source)


class _Reader:
    """Walks the TOML tables, converting values and collecting every problem."""

    def __init__(self, base: Path) -> None:
        self.problems: list[str] = []
        self.base = base  # word files are named relative to the config file

    def read(self, data: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        self._table(data, "", _TOP, out)
        for name in ("dates", "near-duplicate", "rules"):
            self._table(self._sub(data, name), f"[{name}] ", _SECTIONS[name], out)
        rules = self._sub(data, "rules")
        out["severities"] = MappingProxyType(self._severities(self._sub(rules, "severity")))
        out["agencies"] = self._agencies(self._sub(data, "agencies"))
        out.update(self._spelling(self._sub(data, "spelling")))
        return out

    def _spelling(self, data: Mapping[str, Any]) -> dict[str, Any]:
        spec: _Spec = {
            **_SPELLING,
            "names-file": ("names_file", lambda v: _lines(self.base, v)),
            "allow-file": ("allow_file", lambda v: _lines(self.base, v)),
            "code-replacements": ("codes", lambda v: _replacements(_lines(self.base, v))),
        }
        values: dict[str, Any] = {}
        self._table(data, "[spelling] ", spec, values)
        names = (*values.pop("spelling_names", ()), *values.pop("names_file", ()))
        allow = (*values.pop("spelling_allow", ()), *values.pop("allow_file", ()))
        names += values.pop("codes", ())
        return {**values, "spelling_names": names, "spelling_allow": allow}

    def _sub(self, data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        value = data.get(name, {})
        if isinstance(value, Mapping):
            return value
        self.problems.append(f"'{name}' must be a table, like [{name}]")
        return {}

    def _table(self, data: Mapping[str, Any], where: str, spec: "_Spec", out: dict) -> None:
        for key, value in data.items():
            if key in spec:
                attr, convert = spec[key]
                self._convert(f"{where}{key}", value, attr, convert, out)
            elif key not in _NESTED.get(where, ()):
                self.problems.append(f"unknown key {where}{key}{_hint(key, spec)}")

    def _convert(self, name: str, value: Any, attr: str, convert: Callable, out: dict) -> None:
        try:
            out[attr] = convert(value)
        except (TypeError, ValueError, re.error) as exc:
            self.problems.append(f"{name}: {exc}")

    def _severities(self, data: Mapping[str, Any]) -> dict[str, str]:
        result: dict[str, str] = {}
        for rule_id, value in data.items():
            if value in (*SEVERITIES, "off"):
                result[rule_id] = value
            else:
                self.problems.append(
                    f"[rules.severity] {rule_id}: {value!r} is not one of error, warning, off"
                )
        return result

    def _agencies(self, data: Mapping[str, Any]) -> tuple[AgencyConfig, ...]:
        result = []
        for name, entry in data.items():
            if not isinstance(entry, Mapping):
                self.problems.append(f"[agencies] {name}: must be a table, like [agencies.{name}]")
                continue
            values: dict[str, Any] = {}
            self._table(entry, f"[agencies.{name}] ", _AGENCY, values)
            result.append(AgencyConfig(name=name, **values))
        return tuple(result)


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError("must be a list of strings")
    return tuple(value)


def parse_agencies(data: Mapping[str, Any], source: str) -> tuple[AgencyConfig, ...]:
    """Agency tables shaped like ``[agencies.NAME]`` (the packaged table's file uses this)."""
    reader = _Reader(Path.cwd())
    found = reader._agencies(data)
    if reader.problems:
        raise ConfigError("\n".join(f"{source}: {p}" for p in reader.problems))
    return found


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"must be true or false, not {value!r}")
    return value


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"must be a string, not {value!r}")
    return value


def _ratio(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"must be a number above 0 and at most 1, not {value!r}")
    return float(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"must be a whole number of 0 or more, not {value!r}")
    return value


def _fields(value: Any) -> tuple[str, ...]:
    names = _strings(value)
    known = field_names()  # read now, not at import: the field table is the one list
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise ValueError(f"unknown field {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return names


def _patterns(value: Any) -> tuple[TextPattern, ...]:
    return tuple(compile_pattern(p) for p in _strings(value))


def _spelling_language(value: Any) -> str:
    if value != "auto" and value not in SPELLING_LANGUAGES:
        raise ValueError(f"{value!r} is not one of auto, {', '.join(SPELLING_LANGUAGES)}")
    return value


def _spelling_languages(value: Any) -> tuple[str, ...]:
    codes = _strings(value)
    unknown = [c for c in codes if c not in SPELLING_LANGUAGES]
    if unknown or not codes:
        raise ValueError(f"must list some of {', '.join(SPELLING_LANGUAGES)}")
    return codes


def _lines(base: Path, value: Any) -> tuple[str, ...]:
    """The non-blank lines of a word file, ``#`` comments left out."""
    path = base / _string(value)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read {path} ({exc.__class__.__name__})") from None
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


def _replacements(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The texts of a code-replacement file (Photo Mechanic: ``code<TAB>text[<TAB>text…]``)."""
    return tuple(text for line in lines for text in line.split("\t")[1:] if text.strip())


def _date_style(value: Any) -> str:
    if value not in CAPTION_DATE_STYLES:
        raise ValueError(f"{value!r} is not one of {', '.join(CAPTION_DATE_STYLES)}")
    return str(value)


def _weekday(value: Any) -> WeekdayPolicy:
    try:
        return WeekdayPolicy(value)
    except ValueError:
        raise ValueError(f"{value!r} is not one of never, recent, ignore") from None


_Spec = dict[str, tuple[str, Callable[[Any], Any]]]
_TOP: _Spec = {
    "agency": ("agency", _string),
    "credit-names-photographer": ("credit_names_photographer", _flag),
    "credit-patterns": ("credit_patterns", _patterns),
    "required-fields": ("required_fields", _fields),
    "conflict-fields": ("conflict_fields", _fields),
}
_SECTIONS: dict[str, _Spec] = {
    "dates": {
        "tolerance-days": ("date_tolerance_days", _count),
        "weekday": ("weekday_policy", _weekday),
        "weekday-recent-days": ("weekday_recent_days", _count),
        "caption-style": ("caption_date_style", _date_style),
    },
    "near-duplicate": {
        "threshold": ("near_duplicate_threshold", _ratio),
        "min-words": ("near_duplicate_min_words", _count),
        "same-event-hours": ("near_duplicate_same_event_hours", _count),
    },
    "rules": {"select": ("select", _strings), "ignore": ("ignore", _strings)},
}
_SPELLING: _Spec = {
    "language": ("spelling_language", _spelling_language),
    "languages": ("spelling_languages", _spelling_languages),
    "names": ("spelling_names", _strings),
    "allow": ("spelling_allow", _strings),
}
_AGENCY: _Spec = {
    "lead": ("lead", _string),
    "spellings": ("spellings", _strings),
    "aliases": ("aliases", _strings),
    "misspellings": ("misspellings", _strings),
    "spaced-slash": ("spaced_slash", _flag),
    "photographer-first": ("photographer_first", _flag),
}
# Sub-tables that are read separately, so their parent's walk must not call them unknown.
_NESTED = {
    "": ("dates", "near-duplicate", "rules", "agencies", "spelling"),
    "[rules] ": ("severity",),
}


def _hint(key: str, spec: _Spec) -> str:
    import difflib  # only for a mistyped key

    close = difflib.get_close_matches(key, list(spec), n=1)
    return f" (did you mean {close[0]}?)" if close else ""
