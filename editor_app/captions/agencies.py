"""The agency table: which names in a credit are news agencies, and how each is spelled.

The table is data: the desk's ``caption-desk.toml`` can add agencies or spellings
(``settings.AgencyConfig``), and ``AgencyTable.extended`` merges them in.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from editor_app.settings import AgencyConfig


@dataclass(frozen=True, slots=True)
class Agency:
    name: str  # canonical name: what `show --format json` reports as "agency"
    lead: str  # house spelling when the agency opens a credit: "REUTERS" in "REUTERS/Jane Doe"
    spellings: tuple[str, ...] = ()  # other correct spellings, case-sensitive ("via Reuters")
    aliases: tuple[str, ...] = ()  # recognised but not house style ("Thomson Reuters")
    misspellings: tuple[str, ...] = ()  # recognised and flagged; near misses are found too

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


DEFAULT_AGENCIES: tuple[Agency, ...] = (
    Agency(
        "Reuters",
        "REUTERS",
        ("Reuters", "Reuters Connect", "REUTERS Connect"),
        ("Thomson Reuters", "Reuters Pictures"),
        ("Retuers", "Reuetrs", "Rueters", "Reutres", "Reutrs", "Reuter", "Ruters"),
    ),
    Agency(
        "AP",
        "AP Photo",
        ("AP", "Associated Press", "AP Images"),
        ("AP Foto",),
        ("AP Phtoo", "AP Phot"),
    ),
    Agency("AFP", "AFP", ("AFP Photo",), ("Agence France-Presse", "Agence France Presse")),
    Agency("Getty Images", "Getty Images", (), ("Getty", "GettyImages"), ("Gety Images",)),
    Agency("EPA-EFE", "EPA-EFE", ("EPA", "EFE"), ("European Pressphoto Agency",)),
    Agency("PA", "PA", ("PA Wire", "PA Images", "PA Media"), ("Press Association",)),
    Agency("Anadolu", "Anadolu", ("Anadolu Agency", "Anadolu Ajansi"), ("AA Photo",)),
    Agency("Kyodo", "Kyodo", ("Kyodo News",), ()),
    Agency("Xinhua", "Xinhua", (), ("Xinhua News Agency",)),
    Agency("Alamy", "Alamy", ("Alamy Stock Photo", "Alamy Live News"), ()),
    Agency("Shutterstock", "Shutterstock", ("REX", "Rex"), ("Rex Features",)),
    Agency("dpa", "dpa", ("DPA", "picture alliance"), ("picture-alliance",)),
    Agency("Europa Press", "EUROPA PRESS", ("Europa Press",), ()),
    Agency("EYEPRESS", "EYEPRESS", ("EyePress",), ()),
    Agency("Bloomberg", "Bloomberg", (), ()),
    Agency("NurPhoto", "NurPhoto", (), ()),
    Agency("SOPA Images", "SOPA Images", (), ()),
    Agency("ZUMA Press", "ZUMA Press", ("ZUMA Wire", "ZUMA"), ()),
    Agency("Sipa", "SIPA", ("Sipa USA", "Sipa"), ()),
    Agency("ANSA", "ANSA", (), ()),
    Agency("Yonhap", "Yonhap", (), ()),
)

_FUZZY_MIN_LENGTH = 6  # shorter names ("AP", "dpa") only match as written, never as a near miss


class AgencyTable:
    """Looks agencies up by the way a credit writes them; build once, share freely."""

    def __init__(self, agencies: Iterable[Agency] = DEFAULT_AGENCIES) -> None:
        self.agencies: tuple[Agency, ...] = tuple(agencies)
        self._exact: dict[str, Agency] = {}
        self._folded: dict[str, AgencyMatch] = {}
        self._near: dict[str, Agency] = {}
        for agency in reversed(self.agencies):  # earlier entries win
            self._index(agency)
        names = sorted(self._folded, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in names)
        self._in_text = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    def _index(self, agency: Agency) -> None:
        for spelling in agency.correct:
            self._exact[spelling] = agency
            self._folded[spelling.casefold()] = AgencyMatch(agency, spelling, MatchKind.CASE)
            if len(spelling) >= _FUZZY_MIN_LENGTH:
                for variant in _deletions(spelling.casefold()):
                    self._near[variant] = agency
        for alias in agency.aliases:
            self._folded[alias.casefold()] = AgencyMatch(agency, alias, MatchKind.ALIAS)
        for wrong in agency.misspellings:
            self._folded[wrong.casefold()] = AgencyMatch(agency, wrong, MatchKind.MISSPELLED)

    def get(self, name: str) -> Agency | None:
        """The agency with this canonical name (case-insensitive)."""
        folded = name.casefold()
        return next((a for a in self.agencies if a.name.casefold() == folded), None)

    def lookup(self, segment: str) -> AgencyMatch | None:
        """The agency a whole credit segment names ("REUTERS", "Getty Images"), or None."""
        text = " ".join(segment.split())
        if text in self._exact:
            return AgencyMatch(self._exact[text], text, MatchKind.EXACT)
        folded = text.casefold()
        found = self._folded.get(folded)
        if found is not None:
            return AgencyMatch(found.agency, text, found.kind)
        return self._near_miss(text, folded)

    def _near_miss(self, text: str, folded: str) -> AgencyMatch | None:
        if len(folded) < _FUZZY_MIN_LENGTH - 1:
            return None
        for variant in (folded, *_deletions(folded)):
            agency = self._near.get(variant)
            if agency and any(_osa(folded, s.casefold()) <= 1 for s in agency.correct):
                return AgencyMatch(agency, text, MatchKind.MISSPELLED)
        return None

    def find_in_text(self, text: str) -> Agency | None:
        """The first agency named anywhere in free text, e.g. a copyright notice."""
        match = self._in_text.search(text)
        return self._folded[match.group(0).casefold()].agency if match else None

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
            conf.name, conf.lead or conf.name, conf.spellings, conf.aliases, conf.misspellings
        )
    return Agency(
        base.name,
        conf.lead or base.lead,
        (*base.spellings, *conf.spellings),
        (*base.aliases, *conf.aliases),
        (*base.misspellings, *conf.misspellings),
    )


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


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
