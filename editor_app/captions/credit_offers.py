"""The credits the Caption tab offers for the photos shown: their agency joined to each by-line
name in the agency's house form (``REUTERS/Jane Smith``), built with ``house_credit``.

The agency is the one the photo credits (its Credit field, else ``attribution``), else the
desk's own. With several photos, an entry is offered only when it fits every one of them: they
share the by-line, and each photo's agency gives the same credit.
"""

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from editor_app.captions.agencies import Agency, AgencyTable
from editor_app.captions.credit import (
    attribution,
    byline_name,
    house_credit,
    parse_credit,
    same_person,
)
from editor_app.metadata.record import PhotoMetadata


def photographer_credits(
    records: Sequence[PhotoMetadata], agencies: AgencyTable, house: Agency | None
) -> list[str]:
    """House-form credits for the by-line of these photos, one per person it names, in by-line
    order; empty when the photos' by-lines differ or name nobody."""
    if not records or any(r.byline != records[0].byline for r in records[1:]):
        return []
    names = byline_people(records[0].byline, agencies)
    if not names:
        return []
    offers: list[str] | None = None
    for agency in dict.fromkeys(_agency(r, agencies, house) for r in records):  # usually one
        mine = [house_credit(agency, name) for name in names] if agency else []
        offers = mine if offers is None else [c for c in offers if c in mine]
    return offers or []


def byline_people(byline: Sequence[str], agencies: AgencyTable) -> list[str]:
    """The people a by-line names ("Jane Doe/AFP" is Jane Doe; "REUTERS" nobody), once each."""
    people: list[str] = []
    for entry in byline:
        name = byline_name(entry, agencies)
        if name and not any(same_person(name, p) for p in people):
            people.append(name)
    return people


def _agency(record: PhotoMetadata, agencies: AgencyTable, house: Agency | None) -> Agency | None:
    name = _credited(record.credit, record.caption, record.source, record.copyright, agencies)
    for entry in record.byline if name is None else ():  # "Jane Doe/AFP"
        found = agencies.find_in_text(entry)
        name = found.name if found else None
        if name is not None:
            break
    return (agencies.get(name) if name else None) or house


@lru_cache(maxsize=4096)  # typing a by-line over 2,000 photos asks again at every key
def _credited(
    credit: str, caption: str, source: str, copyright: str, agencies: AgencyTable
) -> str | None:
    """The agency the Credit field names, else the caption's credit, Source or Copyright."""
    parsed = parse_credit(credit, agencies)
    if parsed is not None and parsed.agency:
        return parsed.agency
    texts = PhotoMetadata(
        path=Path(), credit=credit, caption=caption, source=source, copyright=copyright
    )
    return attribution(texts, agencies).agency
