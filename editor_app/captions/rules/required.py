"""Rules about what must be there: a readable file, a caption, a credit, the required fields."""

import functools
import re
from collections.abc import Iterator
from operator import attrgetter

from editor_app.captions.dates import capture_date
from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, rule
from editor_app.metadata.fields import is_camera_boilerplate, noun
from editor_app.metadata.record import PhotoMetadata

_OWN_RULES = frozenset({"caption", "credit"})  # missing-caption and missing-credit cover these
# The free-text fields a person types: checked for leftovers here, for mojibake elsewhere.
TEXT_FIELDS_TO_CHECK = (
    "caption",
    "headline",
    "title",
    "credit",
    "city",
    "sublocation",
    "state",
    "country",
    "source",
    "copyright",
)
_PLACEHOLDERS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"\b(?:X{4,}|x{3,})\b",  # not "XXX": Super Bowl XXX
        r"\b(?:TK)+\b(?![-’']\w|\s+[A-Z][a-z])",  # not "TK Maxx", "TK Elevator": a name goes on
        r"(?i)\b(?:caption|text|name|names|details?|info|location|credit)\s+(?:to\s+come|tbc|tbd|tba)\b",
        r"(?i)\blorem\s+ipsum\b|\bdolor\s+sit\s+amet\b",
        r"\{\{?\s*[A-Za-z_][\w.:-]*\s*\}?\}",
        r"(?<![\w=])=[A-Za-z][\w-]*=(?![\w=])",
        r"(?i)\bfirst\s?name\s+last\s?name\b|\b(?:FIRSTNAME|LASTNAME)\b",
        r"(?i)\binsert\s+(?:caption|name|date|place|location|city|credit)\b",
        r"\bYYYY\b|\bMM/DD\b|\bDD/MM\b",
        r"\?{3,}",
    )
)


@rule("unreadable-file", Severity.ERROR, "The file could not be read.")
def unreadable_file(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    error = photo.record.error
    if error:
        reason = error.strip().rstrip(".")
        if reason.startswith("could not be read ("):  # the reader's catch-all wording
            reason = reason.removeprefix("could not be read (").removesuffix(")")
        first = reason.split(" ", 1)[0]
        if first[:1].isupper() and first[1:].islower():  # "Not a JPEG", not "ValueError"
            reason = reason[:1].lower() + reason[1:]
        end = "" if reason.endswith(("?", "!")) else "."
        yield f"The file could not be read: {reason}{end}"


@rule("missing-caption", Severity.ERROR, "No caption in any source (camera boilerplate is none).")
def missing_caption(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    record = photo.record
    if not _is_caption(record.caption) and not _any_caption(record):
        yield "The photo has no caption in IPTC, XMP or EXIF."
    elif not photo.body.strip() and photo.caption_credit is not None:
        yield "The caption holds only a credit line, no description of the photo."


def _any_caption(record: PhotoMetadata) -> bool:
    texts = (*record.caption_languages.values(), record.exif.image_description)
    return any(_is_caption(t) for t in texts)


def _is_caption(text: str) -> bool:
    return bool(text.strip()) and not is_camera_boilerplate(text)


@rule("placeholder-text", Severity.ERROR, "Template leftovers: XXXX, TK, lorem ipsum, {variables}.")
def placeholder_text(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    record = photo.record
    texts = (*_text_values(record), *record.byline)
    if not _patterns_for("\n".join(texts)):  # one look at every field: most photos hold no clue
        return
    names = (*TEXT_FIELDS_TO_CHECK, *("byline" for _ in record.byline))
    for name, value in zip(names, texts, strict=True):
        found = _first_placeholder(value)
        if found:
            yield (
                f'The {noun(name)} contains the placeholder "{found}"; '
                "fill it in before publishing."
            )


def _scoped(pattern: str) -> str:
    """One pattern as an alternative of a bigger one, its ``(?i)`` kept to itself."""
    return f"(?i:{pattern[4:]})" if pattern.startswith("(?i)") else f"(?:{pattern})"


# Text each pattern needs, looked for in the text lower-cased with its whitespace runs made one
# space: a field holding none of a pattern's clues cannot match it. Most fields hold no clue at
# all; when one does ("Watkins" holds "tk"), only the patterns it may match are searched. The
# ten in one regex on every caption holding "come" or "tba" ("become", "football") were a
# fifth of the per-photo rules' instructions on the feed (tests/captions/test_rules_required.py
# compares with the ten searches).
_CLUES_OF = (
    ("xxx",), ("tk",), (" come", " tbc", " tbd", " tba"), ("lorem", "dolor"), ("{",), ("=",),
    ("name",), ("insert",), ("yyyy", "mm/dd", "dd/mm"), ("???",),
)  # fmt: skip
assert len(_CLUES_OF) == len(_PLACEHOLDERS)
_CLUES = tuple(clue for clues in _CLUES_OF for clue in clues)
# Under (?i) these match "i", "s" and "k" too, but lower() does not make them so: a field
# holding one is searched for every pattern whatever its clues.
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f", "\u212a")  # İ ı ſ K
_EVERY_PATTERN = tuple(range(len(_PLACEHOLDERS)))


_text_values = attrgetter(*TEXT_FIELDS_TO_CHECK)


def _patterns_for(text: str) -> tuple[int, ...]:
    """The placeholder patterns ``text`` may match, by number: those with a clue in it, all of
    them when it holds a character (?i) folds oddly, none for most texts."""
    if not text.isascii() and any(c in text for c in _ODD_FOLDS):
        return _EVERY_PATTERN
    lowered = " ".join(text.lower().split())
    if not any(c in lowered for c in _CLUES):
        return ()
    return tuple(n for n, clues in enumerate(_CLUES_OF) if any(c in lowered for c in clues))


def _first_placeholder(text: str) -> str | None:
    which = _patterns_for(text) if text else ()
    if not which:  # most fields: empty or no clue
        return None
    found = _search_for(which).search(text)
    return found.group(0) if found else None


@functools.lru_cache(maxsize=128)
def _search_for(which: tuple[int, ...]) -> re.Pattern[str]:
    """One search for the patterns ``which``: the leftmost match, and of those starting there
    the first pattern listed, as the leftmost of their own searches' matches would be
    (tests/captions/test_rules_required.py)."""
    return re.compile("|".join(_scoped(_PLACEHOLDERS[n].pattern) for n in which))


@rule("missing-credit", Severity.ERROR, "No credit line in the credit fields or the caption.")
def missing_credit(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    if photo.field_credit is None and photo.caption_credit is None:
        yield "The photo has no credit line, neither in the Credit field nor at the caption's end."


@rule("missing-field", Severity.WARNING, "A field the desk requires (required-fields) is empty.")
def missing_field(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    for name in ctx.settings.required_fields:
        if name not in _OWN_RULES and not _has(photo.record, name):
            yield f"The {noun(name)} field is empty."


def _has(record: PhotoMetadata, name: str) -> bool:
    if name == "byline":
        return any(b.strip() for b in record.byline) or bool(record.exif.artist.strip())
    if name == "date_created":
        return bool(record.date_created) or capture_date(record) is not None
    value = getattr(record, name)
    if isinstance(value, tuple):
        return any(v.strip() for v in value)
    return bool(value and value.strip())
