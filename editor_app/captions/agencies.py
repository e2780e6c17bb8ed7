"""The agency table: which names in a credit are news agencies, and how each is spelled.

The table is data: the packaged ``agencies.toml`` (same shape as a desk's ``[agencies]``), which
the desk's ``caption-desk.toml`` extends (``settings.AgencyConfig``, ``AgencyTable.extended``).
"""

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from editor_app.errors import ConfigError
from editor_app.settings import AgencyConfig, DeskSettings, parse_agencies


@dataclass(frozen=True, slots=True)
class Agency:
    name: str  # canonical name: what `show --format json` reports as "agency"
    lead: str  # house spelling when the agency opens a credit: "REUTERS" in "REUTERS/Jane Doe"
    spellings: tuple[str, ...] = ()  # other correct spellings, case-sensitive ("via Reuters")
    aliases: tuple[str, ...] = ()  # recognised but not house style ("Thomson Reuters")
    misspellings: tuple[str, ...] = ()  # recognised and flagged; near misses are found too
    spaced_slash: bool = False  # writes "Name SURNAME / AFP": spaces around "/" are its style
    photographer_first: bool = False  # its credit reads "Jane Doe/Getty Images"

    @property
    def correct(self) -> tuple[str, ...]:
        return (self.lead, *self.spellings)


class MatchKind(StrEnum):
    EXACT = "exact"  # one of the agency's correct spellings
    CASE = "case"  # a correct spelling in the wrong case ("reuters")
    ALIAS = "alias"  # another name for the agency ("Thomson Reuters")
    MISSPELLED = "misspelled"  # "Retuers"


@dataclass(frozen=True, slots=True)
class AgencyMatch:
    agency: Agency
    written: str
    kind: MatchKind


def packaged_agencies() -> tuple[Agency, ...]:
    """The agencies of the packaged ``agencies.toml``, in file order (earlier ones win)."""
    # beside this module (the frozen app collects it there too); importlib.resources would
    # cost every command ~10 ms of imports (zipfile and its readers)
    text = Path(__file__).with_name("agencies.toml").read_text("utf-8")
    configs = parse_agencies(tomllib.loads(text), "agencies.toml")
    return tuple(_merge(None, conf) for conf in configs)


_FUZZY_MIN_LENGTH = 6  # shorter names ("AP", "dpa") only match as written, never as a near miss
_SHORT = 3  # names this short are found in free text only as written ("AP", not "ap")
_CACHE_SIZE = 4096
_WORD_START = re.compile(r"(?<!\S)\S")
_UNKNOWN = object()  # not in the lookup cache yet


class AgencyTable:
    """Looks agencies up by the way a credit writes them; build once, share freely."""

    def __init__(self, agencies: Iterable[Agency] | None = None) -> None:
        self.agencies: tuple[Agency, ...] = tuple(
            packaged_agencies() if agencies is None else agencies
        )
        self._exact: dict[str, Agency] = {}
        self._folded: dict[str, AgencyMatch] = {}
        # Near-miss targets by length and by their first or last two letters: a one-edit miss of
        # an n-letter name has n-1..n+1 letters and keeps its first two or its last two.
        self._near: dict[tuple[int, str], list[tuple[str, Agency]]] = {}
        self._cache: dict[str, AgencyMatch | None] = {}
        # get() runs for every credit of every photo (the house agency): a look-up, not a scan
        self._by_name: dict[str, Agency] = {}
        for agency in reversed(self.agencies):  # earlier entries win
            self._index(agency)
            self._by_name[agency.name.casefold()] = agency
        self._longest = max((size for size, _ in self._near), default=0) + 1
        self._lead: re.Pattern[str] | None = None  # compiled on first use: only check needs it
        self._in_text: re.Pattern[str] | None = None  # compiled on first use

    def _index(self, agency: Agency) -> None:
        for spelling in agency.correct:
            self._exact[spelling] = agency
            self._folded[spelling.casefold()] = AgencyMatch(agency, spelling, MatchKind.CASE)
            if len(spelling) >= _FUZZY_MIN_LENGTH:
                folded = spelling.casefold()
                for key in ((len(folded), "<" + folded[:2]), (len(folded), folded[-2:] + ">")):
                    self._near.setdefault(key, []).insert(0, (folded, agency))
        for alias in agency.aliases:
            self._folded[alias.casefold()] = AgencyMatch(agency, alias, MatchKind.ALIAS)
        for wrong in agency.misspellings:
            self._folded[wrong.casefold()] = AgencyMatch(agency, wrong, MatchKind.MISSPELLED)

    def get(self, name: str) -> Agency | None:
        """The agency with this canonical name (case-insensitive)."""
        return self._by_name.get(name.casefold())

    def lookup(self, segment: str) -> AgencyMatch | None:
        """The agency a whole credit segment names ("REUTERS", "Getty Images"), or None."""
        found = self._cache.get(segment, _UNKNOWN)  # one read: another thread may clear it
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        found = self._lookup(segment)
        if len(self._cache) >= _CACHE_SIZE:  # a batch repeats its credits; a stream never ends
            self._cache.clear()
        self._cache[segment] = found
        return found

    def _lookup(self, segment: str) -> AgencyMatch | None:
        text = " ".join(segment.split())
        if text in self._exact:
            return AgencyMatch(self._exact[text], text, MatchKind.EXACT)
        folded = text.casefold()
        found = self._folded.get(folded)
        if found is not None:
            return AgencyMatch(found.agency, text, found.kind)
        return self._near_miss(text, folded)

    def _near_miss(self, text: str, folded: str) -> AgencyMatch | None:
        size = len(folded)
        if not _FUZZY_MIN_LENGTH - 1 <= size <= self._longest:
            return None
        ends = ("<" + folded[:2], folded[-2:] + ">")
        for length in (size, size - 1, size + 1):
            for end in ends:
                for spelling, agency in self._near.get((length, end), ()):
                    if _osa(folded, spelling) <= 1:
                        return AgencyMatch(agency, text, MatchKind.MISSPELLED)
        return None

    def find_in_text(self, text: str) -> Agency | None:
        """The first agency named anywhere in free text, e.g. a copyright notice."""
        if self._in_text is None:
            names = (n for a in self.agencies for n in (*a.correct, *a.aliases))
            self._in_text = _text_pattern(names)
        match = self._in_text.search(text)
        return self._folded[match.group(0).casefold()].agency if match else None

    def credit_start(self, text: str) -> int | None:
        """Where a credit glued to a caption starts: the first agency name followed by a slash
        ("... before the match REUTERS/Jane Doe"), or the supplier before its "via"
        ("Action Images via Reuters/Jane Doe")."""
        if self._lead is None:
            names = {n for a in self.agencies for n in (*a.correct, *a.misspellings)}
            self._lead = re.compile(
                rf"(?i)(?<!\w)(?:{_trie(n.casefold() for n in names)})\s*/(?=\s*\w)"
            )
        match = self._lead.search(text)
        if match is None:
            return None
        head = text[: match.start()].rstrip()
        if not head.casefold().endswith(" via"):
            return match.start()
        head = head[:-4].rstrip()
        words = [w.start() for w in _WORD_START.finditer(head)][-4:]
        supplier = next((i for i in words if self.lookup(head[i:]) is not None), None)
        return match.start() if supplier is None else supplier

    def extended(self, extra: Iterable[AgencyConfig]) -> "AgencyTable":
        """A table with the desk's agencies added; an entry with a known name extends it."""
        merged = {a.name.casefold(): a for a in self.agencies}
        for conf in extra:
            base = merged.get(conf.name.casefold())
            merged[conf.name.casefold()] = _merge(base, conf)
        return AgencyTable(merged.values())


def _merge(base: Agency | None, conf: AgencyConfig) -> Agency:
    if base is None:
        return Agency(
            conf.name,
            conf.lead or conf.name,
            conf.spellings,
            conf.aliases,
            conf.misspellings,
            conf.spaced_slash,
            conf.photographer_first,
        )
    return Agency(
        base.name,
        conf.lead or base.lead,
        (*base.spellings, *conf.spellings),
        (*base.aliases, *conf.aliases),
        (*base.misspellings, *conf.misspellings),
        base.spaced_slash or conf.spaced_slash,
        base.photographer_first or conf.photographer_first,
    )


def _text_pattern(names: Iterable[str]) -> re.Pattern[str]:
    """Long names in any case; short ones ("AP", "dpa") only as written, never "Rex" (a name).

    The names go in as a trie ("a(?:fp|p)"): one pass over the text, not one per name."""
    unique = set(names)
    long = {n.casefold() for n in unique if len(n) > _SHORT}
    short = {n for n in unique if len(n) <= _SHORT and (n.isupper() or n.islower())}
    alternatives = [f"(?i:{_trie(long)})"] if long else []
    alternatives += [_trie(short)] if short else []
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives) or '(?!)'})(?!\w)")


def _trie(words: Iterable[str]) -> str:
    root: dict = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(root)


def _trie_pattern(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(c) + _trie_pattern(child) for c, child in sorted(node.items()) if c]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if ends:  # a shorter name ends here; the longer one is tried first (regex order)
        return f"(?:{body})?"
    return body


def _osa(a: str, b: str) -> int:
    """Optimal string alignment distance: edits, with swapping two neighbours as one edit."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, rows[-2][j - 2] + 1)
            row.append(cost)
        rows.append(row)
    return rows[-1][-1]


DEFAULT_TABLE = AgencyTable()
DEFAULT_AGENCIES = DEFAULT_TABLE.agencies


def agency_table(settings: DeskSettings) -> AgencyTable:
    """The built-in agency table with the desk's additions; the house agency must be in it."""
    table = DEFAULT_TABLE.extended(settings.agencies) if settings.agencies else DEFAULT_TABLE
    if table.get(settings.agency) is None:
        where = settings.source or "caption-desk.toml"
        raise ConfigError(
            f"{where}: agency {settings.agency!r} is not in the agency table; "
            "add it under [agencies]"
        )
    return table
