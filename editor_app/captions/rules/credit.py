"""Credit rules: house-style form, known agencies, and the photographer against the by-line."""

import functools
from collections.abc import Iterator

from editor_app.captions.agencies import Agency, MatchKind
from editor_app.captions.credit import (
    Credit,
    byline_name,
    house_credit,
    is_web_name,
    same_person,
)
from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, rule
from editor_app.captions.text import fold


@rule("credit-format", Severity.ERROR, "A credit that does not follow the house style.")
def credit_format(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    # The agencies' own way is Credit "REUTERS" with the photographer in By-line: the whole
    # attribution must name a person, the Credit field itself only if house style says so.
    named = _names_a_photographer(photo, ctx)
    for where, credit in _credits(photo):
        if any(p.fullmatch(credit.text) for p in ctx.settings.credit_patterns):
            continue
        problems = _style_problems(
            credit, ctx, named and not ctx.settings.credit_names_photographer
        )
        if problems:
            fix = _suggestion(credit, ctx)
            advice = f'; write "{fix}"' if fix and fix != credit.text else ""
            yield (
                f'The credit "{credit.text}" {where} does not follow house style: '
                f"{_join(problems)}{advice}."
            )


@rule("credit-agency-unknown", Severity.WARNING, "A credit names no agency in the agency table.")
def credit_agency_unknown(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    told: set[tuple[str, ...]] = set()
    for where, credit in _credits(photo):
        names = tuple(_folded(n) for n in credit.names) or (_folded(credit.text),)
        if names in told:
            continue  # the caption's credit repeats the Credit field's: one finding
        if not credit.agencies and not any(
            p.fullmatch(credit.text) for p in ctx.settings.credit_patterns
        ):
            told.add(names)
            if credit.qualifiers and not credit.names:  # "POOL", "Handout": no agency to add
                yield (
                    f'The credit "{credit.text}" {where} names only the kind of picture, '
                    "not the agency that supplied it."
                )
            else:
                yield (
                    f'The credit "{credit.text}" {where} names no known agency; if it is one, '
                    "add it under [agencies] in caption-desk.toml."
                )


@rule(
    "credit-byline-mismatch",
    Severity.ERROR,
    "The photographer in the credit is not the by-line (IPTC By-line, XMP creator, EXIF Artist).",
)
def credit_byline_mismatch(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    bylines = _byline_names(photo, ctx)
    if not bylines:
        return
    reported: set[str] = set()
    for where, credit in _credits(photo):
        name = credit.photographer
        if name and _folded(name) not in reported and not any(_same(name, b) for b in bylines):
            reported.add(_folded(name))
            yield (
                f"The credit {where} names {name}, but the by-line is "
                f"{' and '.join(dict.fromkeys(bylines))}."
            )


@rule(
    "caption-credit-mismatch",
    Severity.WARNING,
    "The credit at the end of the caption differs from the Credit field.",
)
def caption_credit_mismatch(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    field, caption = photo.field_credit, photo.caption_credit
    if field is None or caption is None:
        return
    # "AFP/Getty Images" and "AFP PHOTO / NAME/AFP/Getty Images" name the same suppliers.
    field_agencies = {m.agency.name for m in field.agencies}
    caption_agencies = {m.agency.name for m in caption.agencies}
    same_agency = (
        not field_agencies or not caption_agencies or bool(field_agencies & caption_agencies)
    )
    same_name = (
        field.photographer is None
        or caption.photographer is None
        or _same(field.photographer, caption.photographer)
    )
    if not (same_agency and same_name):
        yield (
            f'The credit at the end of the caption ("{caption.text}") differs from the '
            f'Credit field ("{field.text}").'
        )


# A desk's credits name the same few photographers photo after photo (a story's 10-40 frames):
# their comparisons are remembered, not folded again each time.
_folded = functools.lru_cache(maxsize=4096)(fold)
_same = functools.lru_cache(maxsize=4096)(same_person)


def _credits(photo: Photo) -> Iterator[tuple[str, Credit]]:
    if photo.field_credit:
        yield "in the Credit field", photo.field_credit
    if photo.caption_credit:
        yield "at the end of the caption", photo.caption_credit


def _byline_names(photo: Photo, ctx: RuleContext) -> list[str]:
    record = photo.record
    entries = (*record.byline, *record.exif.artist.split(";"))
    return [name for e in entries if (name := byline_name(e, ctx.agencies))]


def _names_a_photographer(photo: Photo, ctx: RuleContext) -> bool:
    """Whether the Credit field, the caption's credit or a by-line names who made the photo: a
    person, an organisation ("Russian Defence Ministry/Handout"), a pool or a partner agency."""
    credits = [c for c in (photo.field_credit, photo.caption_credit) if c]
    named = any(c.photographer or c.provider or c.qualifiers or c.via for c in credits)
    return named or bool(_byline_names(photo, ctx))


def _style_problems(credit: Credit, ctx: RuleContext, named_elsewhere: bool) -> list[str]:
    problems = [_agency_problem(i, m, credit, ctx) for i, m in enumerate(credit.agencies)]
    if credit.spaced_slash and not any(m.agency.spaced_slash for m in credit.agencies):
        problems.append("it has spaces around a slash")
    if credit.empty_part:
        problems.append("a part is missing after a slash")
    house = ctx.agencies.get(ctx.settings.agency)
    opens_house = credit.leads and credit.agencies and credit.agencies[0].agency == house
    if (
        opens_house
        and not named_elsewhere
        and not credit.empty_part
        and not (credit.photographer or credit.provider or credit.qualifiers)
    ):
        problems.append("it names no photographer")
    problems += [f'the name "{n}" is not capitalised' for n in credit.names if _lower(n)]
    return [p for p in problems if p]


def _agency_problem(position: int, match, credit: Credit, ctx: RuleContext) -> str | None:
    agency: Agency = match.agency
    if match.kind is MatchKind.MISSPELLED:
        return f'the agency is misspelled "{match.written}" (it is {agency.lead})'
    if match.kind is MatchKind.CASE:
        return f'the agency is written "{match.written}" instead of "{agency.lead}"'
    if match.kind is MatchKind.ALIAS:
        return f'the agency is called "{match.written}" instead of "{agency.lead}"'
    is_house = agency.name.casefold() == ctx.settings.agency.casefold()
    # "Action Images via Reuters/Name" opens with the supplier, not the house's own credit.
    opens = position == 0 and credit.leads and not credit.via
    # The agency alone is the Credit field's convention (AP's Credit "AP", By-line the name):
    # the house lead is for a credit with its photographer ("AP Photo/Jane Doe").
    names_someone = bool(credit.names or credit.qualifiers)
    if (
        opens
        and is_house
        and names_someone
        and match.written != agency.lead
        and _short_of(match.written, agency.lead)
    ):
        return f'it should open with "{agency.lead}"'
    return None


def _short_of(written: str, lead: str) -> bool:
    """ "Reuters" or "AP" for "REUTERS" or "AP Photo"; not another brand ("Reuters Connect")."""
    short, full = written.casefold(), lead.casefold()
    return short == full or full.startswith(short + " ")


@functools.lru_cache(maxsize=4096)  # a desk's credits repeat the same names
def _lower(name: str) -> bool:
    if is_web_name(name):  # "phcimages.com" is written the way the supplier writes it
        return False
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and (not letters[0].isupper() or not any(c.isupper() for c in letters))


def _suggestion(credit: Credit, ctx: RuleContext) -> str | None:
    """The house form of a simple agency/photographer credit, when we can tell what was meant."""
    if not credit.agencies or not credit.photographer or credit.provider:
        return None
    agency = credit.agencies[0].agency
    if not credit.leads or agency.name.casefold() != ctx.settings.agency.casefold():
        return None
    name = credit.photographer
    if _lower(name):
        name = " ".join(w[:1].upper() + w[1:] for w in name.split())
    return house_credit(agency, name, file_photo="File Photo" in credit.qualifiers)


def _join(problems: list[str]) -> str:
    return problems[0] if len(problems) == 1 else ", ".join(problems[:-1]) + " and " + problems[-1]
