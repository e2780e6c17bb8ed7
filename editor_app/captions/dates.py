"""Find the dates a caption states ("November 20, 2024", "Wednesday, Nov. 20", "20 November 2024").

English month names must be capitalised, so "may" and "march" as words are never dates. Dates in
French, Spanish, Portuguese, German, Italian and Dutch ("mardi 12 novembre 2024", "12 de noviembre
de 2024", "12. November 2024") need a day before the month, so "mayo", "Mars" or "mei" alone are
never dates; each date is read in the language of its own words, not the desk's. Month and weekday
words may also be all capitals, as Getty's datelines ("LONDON, ENGLAND - NOVEMBER 20: ...") and
all-capital captions write them. A date without a year takes the year that puts it nearest the
capture date.
"""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from editor_app.captions.date_words import LANGUAGES, DateLanguage
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.record import PhotoMetadata


def _alternatives(names: Iterable[str]) -> str:
    """``names`` as one alternation that tries the longer of two names sharing a start first
    ("November" before "Nov"), written as a tree of their letters: the regex engine then
    tries a position's letter once, not each of the ~50 month words it could begin."""
    tree: dict[str, dict] = {}
    for name in names:
        node = tree
        for letter in name:
            node = node.setdefault(letter, {})
        node[""] = {}  # a name ends here
    return _branches(tree)


def _branches(node: dict[str, dict]) -> str:
    branches = [re.escape(letter) + _branches(rest) for letter, rest in node.items() if letter]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    return f"(?:{body})?" if "" in node else body  # greedy: the longer name first


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: dict[str, int] = {}
# English names whatever the locale: ``calendar.month_name`` follows it, and the window's Qt
# sets the user's, so a module imported after that would look for "novembre" in English text
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
for _number, _name in enumerate(MONTH_NAMES, 1):
    for _form in (_name, _name.upper()):
        _MONTHS[_form] = _number
        _MONTHS[_form[:3]] = _number
_MONTHS["Sept"] = _MONTHS["SEPT"] = 9

_MONTH = _alternatives(_MONTHS)
_WEEKDAY = _alternatives(f for w in WEEKDAYS for f in (w, w[:3], w.upper(), w[:3].upper()))
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:,?\s+(?P<{}>(?:1[89]|20)\d\d)(?!\d|:\d))?"
_ORDINAL = "(?:st|nd|rd|th|ST|ND|RD|TH)"
_DATE = re.compile(
    r"(?=[A-Z0-9])"  # every date starts with a capital or a digit: skips most positions fast
    rf"(?:\b(?P<weekday>{_WEEKDAY})\.?,?\s+)?"
    rf"(?:\b(?P<month1>{_MONTH})\b\.?\s+(?P<day1>{_DAY}){_ORDINAL}?(?!\d|:\d){_YEAR.format('year1')}"
    rf"|\b(?P<day2>{_DAY}){_ORDINAL}?\s+(?:(?:of|OF)\s+)?(?P<month2>{_MONTH})\b\.?"
    rf"{_YEAR.format('year2')})"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    text: str  # as written, e.g. "Wednesday, Nov. 20"
    start: int
    end: int
    month: int
    day: int
    year: int | None = None
    weekday: int | None = None  # 0 = Monday, as date.weekday()
    language: str = "en"  # of its month and weekday words (ISO 639-1); "" for numbers

    def resolve(self, near: date | None) -> date | None:
        """The date meant: as written when it has a year, else the one nearest ``near``."""
        if self.year is not None:
            return _make(self.year, self.month, self.day)
        if near is None:
            return None
        options = [
            d
            for y in (near.year - 1, near.year, near.year + 1)
            if (d := _make(y, self.month, self.day)) is not None
        ]
        return min(options, key=lambda d: abs((d - near).days), default=None)

    @property
    def exists(self) -> bool:
        """False for impossible dates such as "February 30, 2024"."""
        if self.year is not None:
            return _make(self.year, self.month, self.day) is not None
        return _make(2000, self.month, self.day) is not None  # 2000 is a leap year


def find_dates(text: str) -> list[DateMention]:
    """Every date stated in ``text``, in order, in any of the known languages. Never raises."""
    # Every date holds a day number, so none starts far before the first digit: the finders
    # scan from there, not the whole caption ("..., November 20, 2024" is at its end).
    digit = _ASCII_DIGIT.search(text)
    if digit is None:
        return []
    first = digit.start()
    english = _english_start(text, first)
    # The finders look at nothing before this (the English start's word boundary, another
    # language's weekday before its day), and a story's captions end alike ("..., Paris,
    # France, November 20, 2024"): their dates are worked out once per such ending.
    start = max(0, min(english, first - _WEEKDAY_ROOM) - 2)
    ending = text[start:]
    known = _dates_after.get(ending)
    if known is None:
        if len(_dates_after) >= _PARTS_KEPT:
            _dates_after.clear()
        found = _found_from(text, first, english)
        known = _dates_after[ending] = tuple(_shifted(found, -start) if start else found)
    found = _shifted(known, start) if start else list(known)
    lede = _numeric_lede(text)
    return [lede, *found] if lede is not None else found


# Numbers alone are dates only in two agencies' datelines, day first, where the form says so:
# dpa's "05.12.2024, Berlin: ..." and EFE's "MADRID, 05/12/2024.- ...". Elsewhere "12/05/2024"
# may be either day first or month first.
_NUM_DAY, _NUM_MONTH, _NUM_YEAR = r"0?[1-9]|[12]\d|3[01]", r"0?[1-9]|1[0-2]", r"(?:19|20)\d\d"
_NUMERIC_LEDE = re.compile(
    rf"\s*(?:(?:ARCHIV\s*-\s*)?"  # dpa's file picture: "ARCHIV - 14.03.2023, München: ..."
    rf"(?P<day1>{_NUM_DAY})\.(?P<month1>{_NUM_MONTH})\.(?P<year1>{_NUM_YEAR}),\s"
    rf"|(?P<place>[^\W\d_][^\d,:\n]{{0,40}}),\s*"
    rf"(?P<day2>{_NUM_DAY})/(?P<month2>{_NUM_MONTH})/(?P<year2>{_NUM_YEAR})\s*\.-)"
)


def _numeric_lede(text: str) -> DateMention | None:
    match = _NUMERIC_LEDE.match(text)
    if match is None or not (match.group("day1") or match.group("place").isupper()):
        return None  # EFE writes its dateline's place in capitals
    n = "1" if match.group("day1") else "2"
    start = match.start(f"day{n}")
    end = match.end(f"year{n}")
    return _quick_mention(
        text[start:end],
        start,
        end,
        int(match.group(f"month{n}")),
        int(match.group(f"day{n}")),
        int(match.group(f"year{n}")),
        None,
        "",
    )


def _found_from(text: str, first: int, english: int) -> list[DateMention]:
    """``find_dates`` given the first digit and where English dates may start."""
    found = []
    match = _DATE.search(text, english)
    while match is not None:
        found.append(_mention(match))
        # no digit after a date, no other date: a wire caption's long story after its
        # dateline ("WASHINGTON, Dec 1 (Reuters) - ...") is not scanned
        end = match.end()
        match = _DATE.search(text, end) if _ASCII_DIGIT.search(text, end) else None
    other = _OTHER_HINT.search(text, first)
    if other is not None:
        found += _other_languages(text, other.start())
    return _without_overlaps(found) if len(found) > 1 else found


def _shifted(mentions: Iterable[DateMention], by: int) -> list[DateMention]:
    return [
        _quick_mention(
            m.text, m.start + by, m.end + by, m.month, m.day, m.year, m.weekday, m.language
        )
        for m in mentions
    ]


_dates_after: dict[str, tuple[DateMention, ...]] = {}  # positions from the ending's start


_ASCII_DIGIT = re.compile("[0-9]")  # a day number starts with one (``_DAY``)
# What may stand before an English date's first digit, read backwards from it: its month and
# weekday words with dots, commas and spaces ("Wednesday, Nov. 20"), at most two words (_DATE).
_BEFORE_DAY = re.compile(r"[\s.,]*+[A-Za-z]*+[\s.,]*+[A-Za-z]*+[\s.,]*+")
_LEAD_ROOM = 48  # how far back the words before the first digit are looked for


def _english_start(text: str, digit: int) -> int:
    """A place no English date starts before, given the text's first digit: a date's first
    digit is at or after it, with no digit before, so the first date's words end there."""
    room = max(0, digit - _LEAD_ROOM)
    words = _BEFORE_DAY.match(text[room:digit][::-1]).end()  # type: ignore[union-attr]
    if room and words == digit - room:
        return 0  # the words may go on before the room
    return digit - words


def capture_date(record: PhotoMetadata) -> date | None:
    """When the photo was taken: EXIF DateTimeOriginal, else IPTC/XMP DateCreated (full dates)."""
    return camera_date(record) or _day(record.date_created)


def camera_date(record: PhotoMetadata) -> date | None:
    """The day of the camera's own time (EXIF DateTimeOriginal), if it has one."""
    return _day(record.exif.datetime_original)


def _day(value: str | None) -> date | None:
    if value and len(value) >= 10:
        return _iso_day(value[:10])
    return None


@functools.lru_cache(maxsize=1024)  # a story's frames share their few days, not their times
def _iso_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _mention(match: re.Match[str]) -> DateMention:
    text = match.group(0)
    parts = _parts_of.get(text)
    if parts is None:  # a batch states its few hundred dates again and again
        if len(_parts_of) >= _PARTS_KEPT:
            _parts_of.clear()
        parts = _parts_of[text] = _parts(match)
    return _quick_mention(text, match.start(), match.end(), *parts)


def _parts(match: re.Match[str]) -> tuple[int, int, int | None, int | None]:
    """(month, day, year, weekday) of an English date: what its text says, wherever it is."""
    groups = match.groupdict()
    month_name = groups["month1"] or groups["month2"]
    day = groups["day1"] or groups["day2"]
    year = groups["year1"] or groups["year2"]
    weekday = groups["weekday"]
    return (
        _MONTHS[month_name],
        int(day),
        int(year) if year else None,
        _weekday_number(weekday) if weekday else None,
    )


_parts_of: dict[str, tuple[int, int, int | None, int | None]] = {}
_PARTS_KEPT = 4096
_quick_mention = quick_init(DateMention)


class _Language:
    """One language's date pattern, built from its ``DateLanguage`` table.

    The pattern is tried only where a day number stands (``match`` at that position), and the
    weekday is looked for just before it: scanning every position of every caption with seven
    weekday alternations would cost ten times the English finder.
    """

    def __init__(self, words: DateLanguage) -> None:
        self.code = words.code
        self.months = {**_cased(words.months, words), **_cased(words.abbreviations, words)}
        self.abbreviations = frozenset(_cased(words.abbreviations, words))
        self.needs_link = words.month_needs_link
        self.weekdays = {
            form: number
            for number, forms in enumerate(words.weekdays)
            for form in _cased(dict.fromkeys(forms, 0), words)
        }
        self.pattern = re.compile(_pattern(words, self.months))
        after = rf"{_any_case(words.after_weekday)}\s+" if words.after_weekday else ""
        self.weekday_before = re.compile(
            rf"\b(?P<weekday>{_alternatives(self.weekdays)})(?![\w-]),?\s+(?:{after})?\Z"
        )

    def find_at(self, text: str, start: int) -> DateMention | None:
        match = self.pattern.match(text, start)
        if match is None:
            return None
        month, dotted, year = match.group("month", "dot", "year")
        if month in self.abbreviations and not (dotted or year):
            return None  # "12 mar" is the sea, "12 mar. 2024" a date
        if self.needs_link and not match.group("link") and month not in self.abbreviations:
            return None  # Spanish and Portuguese write "5 de mayo": "5 marzo" is Italian
        before = self.weekday_before.search(text, max(0, start - _WEEKDAY_ROOM), start)
        if before is not None:
            start = before.start()
        weekday = before.group("weekday") if before else None
        return DateMention(
            text=text[start : match.end()],
            start=start,
            end=match.end(),
            month=self.months[month],
            day=int(match.group("day")),
            year=int(year) if year else None,
            weekday=self.weekdays[weekday] if weekday else None,
            language=self.code,
        )


_WEEKDAY_ROOM = 24  # "terça-feira, " / "Donnerstag, den ": the longest weekday lead-in


def _other_languages(text: str, start: int = 0) -> list[DateMention]:
    """The dates in the other languages; they all start at a day number, none before
    ``start``."""
    found = []
    for day in _ANY_OTHER_DATE.finditer(text, start):
        fits = [m for lang in _OTHER if (m := lang.find_at(text, day.start())) is not None]
        if fits:  # the one with its weekday, else the first (French before Italian)
            found.append(min(fits, key=lambda m: (m.start, -m.end)))
    return found


def _cased(words: dict[str, int], language: DateLanguage) -> dict[str, int]:
    """Lower-case languages also write their words capitalised (titles, sentence starts);
    every language writes them in capitals too (all-capital captions and datelines)."""
    cased = dict(words)
    if language.lower_case:
        cased.update({w[0].upper() + w[1:]: n for w, n in words.items()})
    cased.update({w.upper(): n for w, n in words.items()})
    return cased


def _any_case(regex: str) -> str:
    """A table's linking words and suffixes in any case: "de", "DE", "1er", "1ER"."""
    return f"(?i:{regex})" if regex else ""


def _pattern(words: DateLanguage, months: dict[str, int], *, groups: bool = True) -> str:
    """The language's date; without ``groups``, only up to the month and without named
    groups: what any date of the language starts with (``_ANY_OTHER_DATE``)."""

    def optional_word(regex: str, name: str = "") -> str:
        group = f"?P<{name}>" if name and groups else "?:"
        return rf"({group}{_any_case(regex)}\s+)?" if regex else ""

    suffix = _any_case(words.day_suffix)
    if suffix and not words.day_suffix_required:
        suffix += "?"
    if not groups:
        return (
            rf"{_DAY}{suffix}\s*(?<=\s|\.){optional_word(words.before_month)}"
            rf"(?:{_alternatives(months)})(?!\w)"
        )
    return (
        rf"(?P<day>{_DAY}){suffix}\s*(?<=\s|\.)"
        rf"{optional_word(words.before_month, 'link')}"
        rf"(?P<month>{_alternatives(months)})(?!\w)(?P<dot>\.)?"
        rf"(?:,?\s+{optional_word(words.before_year)}(?P<year>(?:1[89]|20)\d\d)(?!\d|:\d))?"
    )


def _without_overlaps(found: list[DateMention]) -> list[DateMention]:
    """The earliest, then longest, of overlapping mentions (English first on a tie)."""
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[DateMention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


_OTHER = tuple(_Language(words) for words in LANGUAGES)
# Where any other language's date may start: a day number not inside another number or a code,
# followed by the start of one of their dates (day, month and what goes between). One search
# finds the few places each language is then tried at; trying six patterns at every day number
# of every caption ("November 20, 2024" has one) cost as much as the English finder.
_ANY_OTHER_DATE = re.compile(
    r"(?=\d)(?<![\d.,/:-])\b(?:"
    + "|".join(
        f"(?:{_pattern(lang_words, lang.months, groups=False)})"
        for lang_words, lang in zip(LANGUAGES, _OTHER, strict=True)
    )
    + ")"
)


# Where another language's date may start: a day number, maybe its suffix, a space or a dot,
# then the first two letters of one of their month words or of "de". A quick scan rules out
# most captions, which the full pattern (each language's month names at every day number)
# takes ~4 us to rule out; the letters rule out "Frame 0 of" or "2 people" as well.
_DATE_WORD_STARTS = sorted(
    {word[:2] for lang in _OTHER for word in lang.months}
    | {
        form[:2]
        for lang in LANGUAGES
        for word in lang.before_month.split("|")
        if word
        for form in (word, word.upper())
    }
)
_OTHER_HINT = re.compile(
    r"[0-9](?:"
    + "|".join(
        sorted({f for w in LANGUAGES if w.day_suffix for f in (w.day_suffix, w.day_suffix.upper())})
        + ["[0-9]"]
    )
    + r")*[\s.]+"
    + _alternatives(_DATE_WORD_STARTS)
)


def _weekday_number(word: str) -> int:
    return next(i for i, name in enumerate(WEEKDAYS) if name.upper().startswith(word.upper()))


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
