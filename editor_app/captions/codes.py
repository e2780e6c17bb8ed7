"""Photo Mechanic code replacements: ``=lm=`` in any caption text becomes "Leah Millis".

A code file is UTF-8 text, one code a line: the code, a tab, then one or more replacement
columns (``=code=`` is the first, ``=code#2=`` the second...). As Photo Mechanic reads them, codes
are case-sensitive, lines starting with ``//`` are comments (we also skip ``#`` comments and
blank lines), and a byte-order mark or Windows line ends are fine. A spreadsheet's quoted cell
is unquoted (doubled quotes inside become one). See docs/templates.md.
"""

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

log = logging.getLogger(__name__)

DELIMITER = "="
CODE = re.compile(r"=([^\s=#]{1,64})(?:#(\d{1,2}))?=")
_COMMENTS = ("//", "#")


@dataclass(frozen=True, slots=True)
class Expansion:
    """Text with its codes expanded; ``unknown`` lists the codes (as written) left as typed."""

    text: str
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CodeTable:
    """Codes and their replacement columns; ``skipped`` names the lines that were not codes."""

    codes: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    skipped: tuple[str, ...] = ()  # "line 7: no tab after the code" (for the import report)

    def __len__(self) -> int:
        return len(self.codes)

    def __bool__(self) -> bool:
        return bool(self.codes)

    def lookup(self, code: str, column: int = 1) -> str | None:
        """The ``column``-th replacement (1-based) of ``code``; None when there is none."""
        columns = self.codes.get(code)
        if columns is None or not 1 <= column <= len(columns):
            return None
        return columns[column - 1]

    def expand(self, text: str) -> Expansion:
        """Every ``=code=`` and ``=code#N=`` replaced; unknown ones stay and are listed."""
        if DELIMITER not in text:
            return Expansion(text)
        unknown: list[str] = []

        def replace(match: re.Match[str]) -> str:
            found = self.lookup(match[1], int(match[2] or 1))
            if found is None:
                unknown.append(match[0])
                return match[0]
            return found

        return Expansion(CODE.sub(replace, text), tuple(dict.fromkeys(unknown)))

    def merged(self, other: "CodeTable") -> "CodeTable":
        """This table with ``other``'s codes added; ``other`` wins a code both have."""
        return CodeTable(MappingProxyType({**self.codes, **other.codes}), other.skipped)

    def texts(self) -> tuple[str, ...]:
        """Every replacement text: the names a desk's speller should know."""
        return tuple(dict.fromkeys(t for columns in self.codes.values() for t in columns if t))


EMPTY = CodeTable()


def parse_codes(text: str) -> CodeTable:
    """A code table from a code file's text (never raises; bad lines go to ``skipped``)."""
    codes: dict[str, tuple[str, ...]] = {}
    skipped: list[str] = []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(_COMMENTS):
            continue
        code, *columns = (_unquote(cell) for cell in line.split("\t"))
        columns = _trimmed(columns)
        problem = _line_problem(code, columns)
        if problem:
            skipped.append(f"line {number}: {problem}")
            continue
        if code in codes:
            skipped.append(f"line {number}: code {code!r} again (the later line wins)")
        codes[code] = tuple(columns)
    return CodeTable(MappingProxyType(codes), tuple(skipped))


def load_codes(path: Path) -> CodeTable:
    """Read a code file; raises OSError or UnicodeDecodeError (as ValueError) when unreadable."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path}: a code file must be UTF-8 text ({exc.reason})") from None
    return parse_codes(text)


def table_of(rows: Iterable[tuple[str, Iterable[str]]]) -> CodeTable:
    """A table from ``(code, columns)`` rows (as the catalog keeps them)."""
    return CodeTable(MappingProxyType({code: tuple(cols) for code, cols in rows}))


def _unquote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def _trimmed(columns: list[str]) -> list[str]:
    while columns and not columns[-1]:  # spreadsheets pad rows with empty cells
        columns.pop()
    return columns


def _line_problem(code: str, columns: list[str]) -> str:
    if not columns:
        return "no tab-separated replacement after the code (spaces do not separate)"
    if not CODE.fullmatch(f"={code}="):
        return f"{code!r} cannot be a code (no spaces, '=' or '#'; at most 64 characters)"
    return ""
