"""Parse credit lines ("REUTERS/Jane Doe", "Name/Handout via REUTERS", "(AP Photo/Jane Doe)").

``parse_credit`` splits a credit into agency, photographer, provider and qualifiers;
``split_caption_credit`` finds the credit at the end of a caption; ``attribution`` says which
agency and photographer a record credits (the ``agency``/``photographer`` keys of ``show``).
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from editor_app.captions.agencies import DEFAULT_TABLE, Agency, AgencyMatch, AgencyTable
from editor_app.captions.text import fold, last_sentence_start, split_note
from editor_app.metadata.record import PhotoMetadata


@dataclass(frozen=True, slots=True)
class Credit:
    """A credit split into its parts. ``agency`` is the canonical name of the distributor."""

    text: str  # the credit as written, without its trailing note
    agency: str | None = None
    photographer: str | None = None  # a person's name, when the credit names one
    provider: str | None = None  # an organisation that made or supplied it ("Russia MOD")
    qualifiers: tuple[str, ...] = ()  # "File Photo", "Pool", "Handout", "File", "Stringer"...
    agencies: tuple[AgencyMatch, ...] = ()  # every agency named, in order, as written
    names: tuple[str, ...] = ()  # the parts that are neither agency nor qualifier
    note: str = ""  # "ATTENTION EDITORS - ..." that followed the credit
    parenthesised: bool = False  # "(AP Photo/Jane Doe)"
    leads: bool = False  # an agency opens the credit ("REUTERS/...")
    spaced_slash: bool = False  # "Reuters / amir cohen"
    empty_part: bool = False  # "REUTERS/", "Name//Handout"


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a photo credits: the ``agency`` and ``photographer`` keys of ``show --format json``."""

    agency: str | None
    photographer: str | None

    def as_json(self) -> dict[str, str | None]:
        return {"agency": self.agency, "photographer": self.photographer}


_QUALIFIERS = {
    q.casefold(): q
    for q in (
        "File Photo",
        "File",
        "Pool",
        "Handout",
        "Stringer",
        "Illustration",
        "Photo Illustration",
        "Pool Photo",
        "Staff",
    )
}
# Words that make a credit part an organisation rather than a person.
_ORG_TEXT = (
    "pool press service agency ministry mod network courtesy handout news tv television office "
    "government police army navy forces force military brigade department presidency kremlin "
    "embassy council committee federation club fc team authority university museum foundation "
    "company inc ltd corp group media today channel radio guard palace house parliament party "
    "command centre center administration ministerio ministere bureau unit instagram facebook "
    "telegram twitter youtube nasa esa un unicef who fifa uefa ioc"
)
_ORG_WORDS = frozenset(_ORG_TEXT.split())
_MANDATORY = re.compile(r"(?i)^mandatory\s+credit\s*:?\s*")
_FROM = re.compile(r"(?i),\s*from\s+([^,/]+)$")
_VIA = re.compile(r"(?i)\s*/?\s*\bvia\b\s*")
_TRAILING_QUALIFIER = re.compile(r"(?i),\s*(file photo|file|pool|handout)$")
_SPACED_SLASH = re.compile(r"\s/|/\s")
_MAX_NAME_WORDS = 16  # "Press Service of the 65th Separate Mechanized Brigade of the ..."


def parse_credit(text: str, table: AgencyTable = DEFAULT_TABLE) -> Credit | None:
    """The parsed credit, or None for an empty text. Never raises."""
    return _parse_cached(text, table)


@lru_cache(maxsize=8192)  # a batch repeats its credits ("REUTERS/Jane Doe" on 400 frames)
def _parse_cached(text: str, table: AgencyTable) -> Credit | None:
    raw = " ".join(text.split())
    if not raw:
        return None
    body, note = split_note(raw)
    parenthesised = len(body) > 1 and body[0] == "(" and body[-1] == ")"
    if parenthesised:
        body = body[1:-1].strip()
    qualifiers: list[str] = []
    body, distributors = _split_distributors(body, qualifiers)
    segments = body.split("/") if body else []
    parts = _classify([s.strip() for s in segments], [d.strip() for d in distributors], table)
    matches, names, found_qualifiers = parts
    qualifiers.extend(found_qualifiers)
    leads = bool(segments) and table.lookup(segments[0]) is not None
    person = next((n for n in names if is_person(n)), None)
    return Credit(
        text=raw[: len(raw) - len(note)].rstrip() if note else raw,
        agency=_distributor(matches, distributors, leads, table),
        photographer=person,
        provider=next((n for n in names if n != person), None),
        qualifiers=tuple(qualifiers),
        agencies=tuple(matches),
        names=tuple(names),
        note=note,
        parenthesised=parenthesised,
        leads=leads,
        spaced_slash=bool(_SPACED_SLASH.search(body)),
        empty_part=any(not s.strip() for s in (*segments, *distributors)),
    )


def _split_distributors(body: str, qualifiers: list[str]) -> tuple[str, list[str]]:
    """Cut "Mandatory credit", "..., from Reuters" and "via X" off; returns (body, via-parts)."""
    mandatory = _MANDATORY.match(body)
    if mandatory:
        qualifiers.append("Mandatory credit")
        body = body[mandatory.end() :]
    from_part = _FROM.search(body)
    tail = [from_part.group(1)] if from_part else []
    if from_part:
        body = body[: from_part.start()]
    pieces = _VIA.split(body)
    body, vias = pieces[0], pieces[1:]
    trailing = _TRAILING_QUALIFIER.search(body)
    if trailing:
        qualifiers.append(_QUALIFIERS[trailing.group(1).casefold()])
        body = body[: trailing.start()]
    return body.strip(), [*vias, *tail]


def _classify(segments: list[str], distributors: list[str], table: AgencyTable):
    matches: list[AgencyMatch] = []
    names: list[str] = []
    qualifiers: list[str] = []
    for segment in (*segments, *distributors):
        if not segment:
            continue
        qualifier = _QUALIFIERS.get(segment.casefold())
        match = None if qualifier else table.lookup(segment)
        if qualifier:
            qualifiers.append(qualifier)
        elif match:
            matches.append(match)
        else:
            names.append(segment)
    return matches, names, qualifiers


def _distributor(
    matches: list[AgencyMatch], distributors: list[str], leads: bool, table: AgencyTable
) -> str | None:
    """The agency a credit is from: the last "via"/"from" agency, else the one that opens it,
    else the last one named ("Name/EUROPA PRESS/dpa" is dpa's)."""
    if not matches:
        return None
    via = [m for d in distributors if (m := table.lookup(d)) is not None]
    if via:
        return via[-1].agency.name
    return matches[0].agency.name if leads else matches[-1].agency.name


def is_person(name: str) -> bool:
    """Whether a credit part looks like a person's name rather than an organisation."""
    tokens = name.replace(".", ". ").split()
    if not 2 <= len(tokens) <= 6 or any(ch.isdigit() for ch in name):
        return False
    return not any(t.strip(".,()'’").casefold() in _ORG_WORDS for t in tokens)


def house_credit(agency: Agency, photographer: str, *, file_photo: bool = False) -> str:
    """The credit in the agency's house form: ``REUTERS/Jane Doe``, ``AP Photo/Jane Doe``."""
    return f"{agency.lead}/{photographer}" + ("/File Photo" if file_photo else "")


def split_caption_credit(
    caption: str, table: AgencyTable = DEFAULT_TABLE
) -> tuple[str, Credit | None]:
    """The caption without its trailing credit (and desk notes), and that credit if any."""
    text = caption.strip()
    body, note = split_note(text)
    found = _parenthesised_tail(body, table) or _sentence_tail(body, table)
    if found is None:
        return (body if note else text), None
    start, credit = found
    if note:
        credit = _with_note(credit, note)
    return body[:start].rstrip(), credit


def _parenthesised_tail(body: str, table: AgencyTable) -> tuple[int, Credit] | None:
    if not body.endswith(")"):
        return None
    start = body.rfind("(")
    if start < 0:
        return None
    credit = parse_credit(body[start:], table)
    if credit and (credit.agencies or "/" in body[start:]):
        return start, credit
    return None


def _sentence_tail(body: str, table: AgencyTable) -> tuple[int, Credit] | None:
    start = last_sentence_start(body)
    tail = body[start:]
    if "/" not in tail and " via " not in tail.casefold():
        return None
    credit = parse_credit(tail, table)
    if credit and _looks_like_credit(credit):
        return start, credit
    lead = _lead_pattern(table).search(tail)
    if lead:
        credit = parse_credit(tail[lead.start() :], table)
        if credit and _looks_like_credit(credit):
            return start + lead.start(), credit
    return None


def _looks_like_credit(credit: Credit) -> bool:
    if any(len(n.split()) > _MAX_NAME_WORDS for n in credit.names):
        return False
    if credit.agencies:
        return True
    # No agency: accept only short capitalised parts ("Jane Doe/Pool"), never a sentence.
    return (
        len(credit.names) + len(credit.qualifiers) >= 2
        and all(len(n.split()) <= 5 and n[:1].isupper() for n in credit.names)
        and not credit.text.endswith(".")
    )


_LEAD_CACHE: dict[int, tuple[AgencyTable, re.Pattern[str]]] = {}


def _lead_pattern(table: AgencyTable) -> re.Pattern[str]:
    """Any agency name followed by a slash: where a credit glued to the caption starts."""
    cached = _LEAD_CACHE.get(id(table))
    if cached and cached[0] is table:
        return cached[1]
    names = {n for a in table.agencies for n in (*a.correct, *a.misspellings)}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(rf"(?i)(?<!\w)(?:{alternatives})\s*/(?=\s*\w)")
    _LEAD_CACHE[id(table)] = (table, pattern)
    return pattern


def _with_note(credit: Credit, note: str) -> Credit:
    return replace(credit, note=" ".join(filter(None, (credit.note, note))))


def attribution(record: PhotoMetadata, agencies: AgencyTable = DEFAULT_TABLE) -> Attribution:
    """The agency (canonical name) and photographer a record credits; either may be None.

    The Credit field comes first, then the credit at the end of the caption; the agency falls
    back on Source, Copyright and By-line, the photographer on the first By-line.
    """
    credits = [
        parse_credit(record.credit, agencies),
        split_caption_credit(record.caption, agencies)[1],
    ]
    agency = next((c.agency for c in credits if c and c.agency), None)
    photographer = next((c.photographer for c in credits if c and c.photographer), None)
    for text in (record.source, record.copyright, *record.byline):
        if agency is None and text:
            found = agencies.find_in_text(text)
            agency = found.name if found else None
    if photographer is None:
        photographer = next(filter(None, (byline_name(b, agencies) for b in record.byline)), None)
    return Attribution(agency, photographer)


def byline_name(byline: str, agencies: AgencyTable) -> str | None:
    """The person a by-line names: "Jane Doe", also from "Jane Doe/Reuters"; None for "REUTERS"."""
    parsed = parse_credit(byline, agencies)
    if parsed is None:
        return None
    if parsed.photographer:
        return parsed.photographer
    return None if parsed.agencies or parsed.qualifiers else parsed.text


def same_person(a: str, b: str) -> bool:
    """Names match regardless of case, accents and punctuation; a middle name may be missing."""
    left, right = fold(a).split(), fold(b).split()
    if not left or not right:
        return False
    if left == right:
        return True
    shorter, longer = sorted((left, right), key=len)
    return len(shorter) >= 2 and shorter[0] == longer[0] and shorter[-1] == longer[-1]
