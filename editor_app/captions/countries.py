"""ISO 3166 countries for the Country and Country code fields: each fills the other."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Names desks write that are not ISO's short names.
_ALIASES = {
    "u.s.": "USA",
    "us": "USA",
    "america": "USA",
    "united states of america": "USA",
    "britain": "GBR",
    "great britain": "GBR",
    "uk": "GBR",
    "england": "GBR",
    "scotland": "GBR",
    "wales": "GBR",
    "russia": "RUS",
    "south korea": "KOR",
    "north korea": "PRK",
    "iran": "IRN",
    "syria": "SYR",
    "vietnam": "VNM",
    "taiwan": "TWN",
    "czech republic": "CZE",
    "the netherlands": "NLD",
    "holland": "NLD",
    "ivory coast": "CIV",
    "turkey": "TUR",
    "venezuela": "VEN",
    "bolivia": "BOL",
    "tanzania": "TZA",
    "moldova": "MDA",
    "laos": "LAO",
    "palestinian territories": "PSE",
    "gaza": "PSE",
    "west bank": "PSE",
    "vatican": "VAT",
}


# The name a wire caption uses where ISO's short name differs.
_DESK_NAMES = {
    "RUS": "Russia",
    "TUR": "Turkey",
    "VAT": "Vatican City",
    "PSE": "Palestinian Territories",
}


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166-1 alpha-3, what IPTC's Country Code holds
    alpha2: str
    name: str


_TABLE = Path(__file__).with_name("countries.tsv")  # beside this module, as agencies.toml


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    text = _TABLE.read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return tuple(Country(code, alpha2, _DESK_NAMES.get(code, name)) for code, alpha2, name in rows)


@lru_cache(maxsize=1)
def _iso_names() -> dict[str, str]:
    text = _TABLE.read_text("utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name.casefold(): code for code, _alpha2, name in rows}


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Country]:
    table: dict[str, Country] = {}
    for country in countries():
        for key in (country.code, country.alpha2, country.name):
            table.setdefault(key.casefold(), country)
    by_code = {c.code: c for c in countries()}
    for alias, code in (*_ALIASES.items(), *_iso_names().items()):
        table.setdefault(alias, by_code[code])
    return table


def find_country(text: str) -> Country | None:
    """The country a code (``FRA``, ``FR``), a name or a desk's usual word names; else None."""
    return _by_key().get(" ".join(text.split()).casefold())
