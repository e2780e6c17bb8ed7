"""The ``caption-desk.toml`` reference of docs/configuration.md, generated from the settings
reader's own key tables and ``DeskSettings``' defaults, so the page cannot drift.

    python -m editor_app.settings_reference docs/configuration.md   # rewrite the generated part

A key the reader knows but ``HELP`` does not explain makes ``reference()`` raise: a new key
gets its line here in the same change (tests/test_docs_configuration.py).
"""

import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path

from editor_app import settings
from editor_app.settings import AgencyConfig, DeskSettings

BEGIN = "<!-- BEGIN GENERATED: python -m editor_app.settings_reference docs/configuration.md -->"
END = "<!-- END GENERATED -->"

# One line per key: what it does. Keyed by table ("" is the top level) and key.
HELP: dict[tuple[str, str], str] = {
    ("", "agency"): "the house agency, by its name in the agency table (`Reuters`, `AP`, `AFP`…)",
    ("", "credit-names-photographer"): "the Credit field itself must name the photographer "
    "(`REUTERS/Jane Doe`); off, `REUTERS` with the photographer in By-line is enough",
    ("", "credit-patterns"): "regular expressions (RE2 syntax, linear time): a credit matching "
    "one is accepted as is",
    ("", "required-fields"): "fields `missing-field` wants filled (names as in `show --format "
    "json`)",
    ("", "conflict-fields"): "fields `metadata-conflict` compares across EXIF, IPTC and XMP",
    ("dates", "caption-style"): 'how templates write `{date}`: `"reuters"` (November 20, 2024), '
    '`"ap"` (Nov. 20, 2024) or `"day-month"` (20 November 2024)',
    ("dates", "tolerance-days"): "days a caption date may differ from the capture date (time "
    "zones)",
    ("dates", "weekday"): '`"never"` (Reuters), `"recent"` (AP: a weekday for the last two '
    'weeks only) or `"ignore"`',
    ("dates", "weekday-recent-days"): 'what "recent" means for `weekday = "recent"`, in days',
    ("near-duplicate", "threshold"): "word-level similarity (above 0, at most 1) from which "
    "two captions are near duplicates",
    ("near-duplicate", "min-words"): "captions with fewer content words are never near duplicates",
    ("near-duplicate", "same-event-hours"): "capture times further apart than this are "
    "different events (stock wording, not a copy)",
    ("rules", "select"): "only these rules (empty: all); `check --select` replaces it",
    ("rules", "ignore"): "rules to skip; `check --ignore` adds to it",
    ("rules.severity", "RULE-ID"): '`"error"`, `"warning"` or `"off"` for that rule',
    ("spelling", "language"): '`"auto"` (per caption) or one of the dictionaries\' codes',
    ("spelling", "languages"): '`"auto"` chooses among these',
    ("spelling", "names"): "names the spelling rule never flags",
    ("spelling", "allow"): "the desk's allow list of words",
    ("spelling", "names-file"): "a file of names, one a line (`#` comments), relative to "
    "the config file",
    ("spelling", "allow-file"): "a file of allowed words, one a line",
    ("spelling", "code-replacements"): "a Photo Mechanic code-replacement file (`code<TAB>text`"
    "): its texts are never flagged",
    ("agencies.NAME", "lead"): "how the agency opens a credit (`AGENCIA UNO/Jane Doe`)",
    ("agencies.NAME", "spellings"): "other correct spellings (case-sensitive)",
    ("agencies.NAME", "aliases"): "recognised, but flagged as not house style",
    ("agencies.NAME", "misspellings"): "recognised and flagged as misspelled",
    ("agencies.NAME", "spaced-slash"): "the agency's own style is `Name SURNAME / AFP`",
    ("agencies.NAME", "photographer-first"): "its credit names the photographer first "
    "(`Jane Doe/Getty Images`), not the agency (`REUTERS/Jane Doe`)",
}
# Keys whose default is not a DeskSettings attribute of their own (files merged into others).
_NO_DEFAULT = {("spelling", "names-file"), ("spelling", "allow-file")}
_FILE_KEYS = ("names-file", "allow-file", "code-replacements")


def reference() -> str:
    """The Markdown tables: every key the reader accepts, its default and what it does."""
    parts: list[str] = []
    for table, rows in _tables():
        title = "top level" if not table else f"`[{table}]`"
        parts.append(f"### {title}\n\n| key | default | what it does |\n|---|---|---|")
        for key, default in rows:
            if (table, key) not in HELP:
                raise KeyError(
                    f"caption-desk.toml key [{table}] {key} has no line in "
                    "editor_app/settings_reference.py HELP"
                )
            parts[-1] += f"\n| `{key}` | {default} | {HELP[table, key]} |"
    stale = set(HELP) - {(t, k) for t, rows in _tables() for k, _ in rows}
    if stale:
        raise KeyError(f"HELP explains keys the reader does not know: {sorted(stale)}")
    return "\n\n".join(parts) + "\n"


def _tables() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    defaults = DeskSettings()
    agency = AgencyConfig(name="NAME")
    yield "", _rows("", settings._TOP, defaults)
    for name, spec in settings._SECTIONS.items():
        yield name, _rows(name, spec, defaults)
    yield "rules.severity", [("RULE-ID", "the rule's own (docs/checking.md)")]
    files: settings._Spec = {key: ("", str) for key in _FILE_KEYS}  # no attribute of their own
    spelling = {**settings._SPELLING, **files}
    yield "spelling", _rows("spelling", spelling, defaults)
    yield "agencies.NAME", _rows("agencies.NAME", settings._AGENCY, agency)


def _rows(table: str, spec: "settings._Spec", defaults: object) -> list[tuple[str, str]]:
    rows = []
    for key, (attr, _convert) in spec.items():
        if (table, key) in _NO_DEFAULT or not attr:
            rows.append((key, "none"))
        else:
            rows.append((key, f"`{_toml(getattr(defaults, attr))}`"))
    return rows


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def rewrite(page: Path) -> bool:
    """Put the current reference between the markers of ``page``; True when it changed."""
    text = page.read_text("utf-8")
    head, rest = text.split(BEGIN, 1)
    _old, tail = rest.split(END, 1)
    new = f"{head}{BEGIN}\n\n{reference()}\n{END}{tail}"
    if new != text:
        page.write_text(new, "utf-8")
    return new != text


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m editor_app.settings_reference docs/configuration.md")
    rewrite(Path(sys.argv[1]))
