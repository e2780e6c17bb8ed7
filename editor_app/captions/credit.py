"""Parse credit lines ("REUTERS/Jane Doe", "Name/Handout via REUTERS", "(AP Photo/Jane Doe)").

``parse_credit`` splits a credit into agency, photographer, provider and qualifiers;
``split_caption_credit`` finds the credit at the end of a caption; ``attribution`` says which
agency and photographer a record credits (the ``agency``/``photographer`` keys of ``show``).
"""

import re
from dataclasses import dataclass, field, replace
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
    lead_in: str = ""  # "Photo by", "Photo credit should read", "Foto:", "Credit Image: ©"
    sponsor: str | None = None  # "Apple" in "Name/Getty Images for Apple"
    via: bool = False  # distributed by another agency: "Kyodo via REUTERS", ", from Reuters"


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
    "telegram twitter youtube nasa esa un unicef who fifa uefa ioc pictures picture films film "
    "studios studio productions entertainment records photography photos images library "
    "archive collection press wire newspaper magazine gazette tribune herald journal "
    "times courier united ufficio stampa agência agencia agence"
)
ORGANISATION_WORDS = frozenset(_ORG_TEXT.split())
_ORG_WORDS = ORGANISATION_WORDS
_MANDATORY = re.compile(r"(?i)^\*?mandatory\s+credit\*?\s*:?\s*|\s*\*?mandatory\s+credit\*?$")
# Words that introduce a credit and are nobody's name ("Photo by", "Foto:", "Credit Image: ©").
_LEAD_IN = re.compile(
    r"(?i)^(?:photo\s+credit\s+should\s+read|(?:photo|picture|pictures|image|foto|fotos|"
    r"photograph|bild|fotografía|fotografia)\s*(?:by\b|:|credit\s*:)|credit(?:\s+image)?\s*:|"
    r"©|\(c\)(?=\s)|copyright\b)\s*:?\s*(?:©\s*)?"
)
_REFERENCE = re.compile(r"\s*\(\d{4,}[a-z]{0,3}\)$")  # Shutterstock's "(14567890a)"
_SPONSOR = re.compile(r"^(.+?)\s+for\s+(\S.*)$")  # "Getty Images for Apple"
_WEB_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)  # "phcimages.com"
_FROM = re.compile(r"(?i),\s*from\s+([^,/]+)$")
# "via" only where a name follows it: a photographer's surname "Via" ("REUTERS/Jane Via",
# "Jane Via/AFP") ends a name, and "via" with nothing after it names no distributor
_VIA = re.compile(r"(?i)\s*/?\s*\bvia\b\s*(?=[^\s/)\]])")
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
    if not body:  # a desk note alone ("PICTURE TAKEN ...") credits nobody
        return None
    parenthesised = len(body) > 1 and body[0] == "(" and body[-1] == ")"
    if parenthesised:
        body = body[1:-1].strip()
    qualifiers: list[str] = []
    body, lead_in = _cut_lead_in(body, qualifiers)
    body, distributors, extra = _split_distributors(body, qualifiers)
    segments = [*body.split("/"), *extra] if body else extra
    parts = _classify([s.strip() for s in segments], [d.strip() for d in distributors], table)
    leads = bool(segments) and table.lookup(segments[0]) is not None
    person = next((n for n in parts.names if is_person(n)), None)
    return Credit(
        text=raw[: len(raw) - len(note)].rstrip() if note else raw,
        agency=_distributor(parts.matches, distributors, table),
        photographer=person,
        provider=next((n for n in parts.names if n != person), None),
        qualifiers=(*qualifiers, *parts.qualifiers),
        agencies=tuple(parts.matches),
        names=tuple(parts.names),
        note=note,
        parenthesised=parenthesised,
        leads=leads,
        spaced_slash=bool(_SPACED_SLASH.search(body)),
        empty_part=any(not s.strip() for s in (*segments, *distributors)),
        lead_in=lead_in,
        sponsor=parts.sponsor,
        via=bool(distributors),
    )


def _cut_lead_in(body: str, qualifiers: list[str]) -> tuple[str, str]:
    """Cut "Mandatory credit", lead-ins ("Photo by") and a reference number off."""
    mandatory = _MANDATORY.search(body)
    if mandatory:
        qualifiers.append("Mandatory credit")
        body = (body[: mandatory.start()] + body[mandatory.end() :]).strip()
    lead = _LEAD_IN.match(body)
    lead_in = lead.group(0).strip() if lead else ""
    if lead:
        body = body[lead.end() :]
    return _REFERENCE.sub("", body), lead_in


def _split_distributors(body: str, qualifiers: list[str]) -> tuple[str, list[str], list[str]]:
    """Cut "..., from Reuters" and "via X" off: (body, distributors, parts after a distributor
    such as "John Sibley" in "Action Images via Reuters/John Sibley")."""
    from_part = _FROM.search(body)
    tail = [from_part.group(1)] if from_part else []
    if from_part:
        body = body[: from_part.start()]
    pieces = _VIA.split(body)
    body, vias = pieces[0], pieces[1:]
    distributors: list[str] = []
    extra: list[str] = []
    for via in vias:
        first, *rest = via.split("/")
        distributors.append(first)
        extra += rest
    trailing = _TRAILING_QUALIFIER.search(body)
    if trailing:
        qualifiers.append(_QUALIFIERS[trailing.group(1).casefold()])
        body = body[: trailing.start()]
    return body.strip(), [*distributors, *tail], extra


@dataclass(slots=True)
class _Parts:
    matches: list[AgencyMatch] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    qualifiers: list[str] = field(default_factory=list)
    sponsor: str | None = None


def _classify(segments: list[str], distributors: list[str], table: AgencyTable) -> _Parts:
    parts = _Parts()
    for segment in (*segments, *distributors):
        if not segment or _PHOTOGRAPHER_CODE.fullmatch(segment):
            continue  # TT's "Name / TT / kod 10000": the photographer's number, nobody's name
        pooled = _agency_pool(segment, table)
        if pooled is not None:  # the agency's pool: "dpa-Pool", "AFP Pool"
            parts.qualifiers.append("Pool")
            parts.matches.append(pooled)
            continue
        qualifier = _QUALIFIERS.get(segment.casefold())
        match = None if qualifier else table.lookup(segment)
        sponsored = None if qualifier or match else _SPONSOR.match(segment)
        if sponsored and (match := table.lookup(sponsored.group(1))):
            parts.sponsor = sponsored.group(2)
        hyphened = None if qualifier or match or sponsored else _name_hyphen_agency(segment, table)
        if qualifier:
            parts.qualifiers.append(qualifier)
        elif match:
            parts.matches.append(match)
        elif hyphened:
            parts.names.append(hyphened[0])
            parts.matches.append(hyphened[1])
        else:
            parts.names.append(segment)
    return parts


def _name_hyphen_agency(segment: str, table: AgencyTable) -> tuple[str, AgencyMatch] | None:
    """USA TODAY Sports' and Imagn's "Kirby Lee-Imagn Images": the name, a hyphen, the
    agency; a hyphenated name goes with the name ("Jean-Pierre Dupont-USA TODAY Sports")."""
    at = segment.find("-")
    while at > 0:
        name, rest = segment[:at].strip(), segment[at + 1 :].strip()
        if name and rest and (match := table.lookup(rest)) is not None:
            return name, match
        at = segment.find("-", at + 1)
    return None


_PHOTOGRAPHER_CODE = re.compile(r"(?i)kod\s*\d+")
_AGENCY_POOL = re.compile(r"(?i)(.+?)[-\s]+pool")


def _agency_pool(segment: str, table: AgencyTable) -> AgencyMatch | None:
    """The agency of a part naming its pool: dpa's "Name/dpa-Pool/dpa", "AFP Pool"."""
    if segment[-4:].casefold() != "pool":  # most parts: no regex
        return None
    pooled = _AGENCY_POOL.fullmatch(segment)
    return table.lookup(pooled.group(1)) if pooled else None


def _distributor(
    matches: list[AgencyMatch], distributors: list[str], table: AgencyTable
) -> str | None:
    """The agency a credit is from: the last "via"/"from" agency, else the last one named:
    "Name/EUROPA PRESS/dpa" is dpa's and "AFP/Getty Images" Getty's (the supplier goes last)."""
    if not matches:
        return None
    via = [m for d in distributors if (m := table.lookup(d)) is not None]
    return (via or matches)[-1].agency.name


def is_person(name: str) -> bool:
    """Whether a credit part looks like a person's name rather than an organisation."""
    if is_web_name(name):
        return False
    tokens = name.replace(".", ". ").split()
    if not 2 <= len(tokens) <= 6 or any(ch.isdigit() for ch in name):
        return False
    if tokens[0].casefold() == "the":  # "The Arizona Republic", "The FA": nobody's name
        return False
    # a hyphen joins an organisation's words as well as a name's ("Erie Times-News",
    # "Las Vegas Review-Journal", "HO-Department of National Defence")
    words = (w for t in tokens for w in t.split("-"))
    return not any(w.strip(".,()'’").casefold() in _ORG_WORDS for w in words)


def is_web_name(name: str) -> bool:
    """A web address used as a supplier's name: "phcimages.com", "ABACAPRESS.COM"."""
    return bool(_WEB_NAME.fullmatch(name))


def house_credit(agency: Agency, photographer: str, *, file_photo: bool = False) -> str:
    """The credit in the agency's house form: ``REUTERS/Jane Doe``, ``AP Photo/Jane Doe``,
    ``Jane Doe/Getty Images``, ``Jane DOE / AFP``."""
    tail = "/File Photo" if file_photo else ""
    if not agency.photographer_first:
        return f"{agency.lead}/{photographer}{tail}"
    slash = " / " if agency.spaced_slash else "/"
    return f"{photographer}{slash}{agency.lead}{tail}"


def split_caption_credit(
    caption: str, table: AgencyTable = DEFAULT_TABLE
) -> tuple[str, Credit | None]:
    """The caption without its credit (and desk notes), and that credit if any.

    The credit is the caption's tail ("... 2024. REUTERS/Jane Doe", "(AP Photo/Jane Doe)");
    a second credit just before it ("(Photo by Name / AFP) (Photo by NAME/AFP via Getty
    Images)") goes too. Shutterstock opens its captions with "Mandatory Credit: Photo by ..."
    on a line of its own, which counts as well.
    """
    text = caption.strip()
    leading = _leading_credit(text, table)
    if leading is not None:
        return leading
    body, note = split_note(text)
    found = _parenthesised_tail(body, table) or _sentence_tail(body, table)
    if found is None:
        return (body if note else text), None
    start, credit = found
    if note:
        credit = _with_note(credit, note)
    body = body[:start].rstrip()
    earlier = _parenthesised_tail(body, table)
    if earlier is not None:
        body = body[: earlier[0]].rstrip()
    return body, credit


def _leading_credit(text: str, table: AgencyTable) -> tuple[str, Credit] | None:
    first, newline, rest = text.partition("\n")
    if not newline or not _MANDATORY.match(first):
        return None
    credit = parse_credit(first, table)
    if credit is None or not credit.agencies:
        return None
    return rest.strip(), credit


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
    found = _tail_credit(body[start:], table)
    return None if found is None else (start + found[0], found[1])


@lru_cache(maxsize=8192)  # a story's captions end alike ("REUTERS/Jane Doe")
def _tail_credit(tail: str, table: AgencyTable) -> tuple[int, Credit] | None:
    """The credit the last sentence of a caption is, or holds from some place on: where it
    starts in the sentence, and the credit."""
    if "/" not in tail and " via " not in tail.casefold():
        return None
    credit = parse_credit(tail, table)
    if credit and _looks_like_credit(credit):
        return 0, credit
    lead = table.credit_start(tail)
    if lead is not None:
        credit = parse_credit(tail[lead:], table)
        if credit and _looks_like_credit(credit):
            return lead, credit
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


def _with_note(credit: Credit, note: str) -> Credit:
    return replace(credit, note=" ".join(filter(None, (credit.note, note))))


def attribution(record: PhotoMetadata, agencies: AgencyTable = DEFAULT_TABLE) -> Attribution:
    """The agency (canonical name) and photographer a record credits; either may be None.

    The agency: the distributor of the Credit field, else of the caption's credit, else the
    first agency named anywhere in Credit, Source, Copyright or a by-line ("Sportsphoto
    Ltd./Allstar Picture Library Ltd"). The photographer: the person a credit names, written as
    the by-line writes them when it is the same person; else the first by-line that is a person.
    """
    credits = [
        parse_credit(record.credit, agencies),
        split_caption_credit(record.caption, agencies)[1],
    ]
    agency = next((c.agency for c in credits if c and c.agency), None)
    for text in (record.credit, record.source, record.copyright, *record.byline):
        if agency is None and text:
            found = agencies.find_in_text(text)
            agency = found.name if found else None
    people = [name for b in record.byline if (name := byline_name(b, agencies))]
    photographer = next((c.photographer for c in credits if c and c.photographer), None)
    if photographer is None:
        photographer = next(iter(people), None)
    else:  # "CHRISTOF STACHECHRISTOF STACHE" glued in a caption; the by-line has it right
        photographer = next((p for p in people if same_person(p, photographer)), photographer)
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
