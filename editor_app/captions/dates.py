"""Find the dates a caption states ("November 20, 2024", "Wednesday, Nov. 20", "20 November 2024").

Month names must be capitalised, so "may" and "march" as words are never dates. A date without a
year takes the year that puts it nearest the capture date.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from editor_app.metadata.record import PhotoMetadata

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], 1):
    _MONTHS[_name] = _number
    _MONTHS[_name[:3]] = _number
_MONTHS["Sept"] = 9

_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(WEEKDAYS) + "|" + "|".join(w[:3] for w in WEEKDAYS)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_YEAR = r"(?:,?\s+(?P<{}>(?:1[89]|20)\d\d)(?![\d:]))?"
_DATE = re.compile(
    r"(?=[A-Z0-9])"  # every date starts with a capital or a digit: skips most positions fast
    rf"(?:\b(?P<weekday>{_WEEKDAY})\.?,?\s+)?"
    rf"(?:\b(?P<month1>{_MONTH})\b\.?\s+(?P<day1>{_DAY})(?:st|nd|rd|th)?(?![\d:]){_YEAR.format('year1')}"
    rf"|\b(?P<day2>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH})\b\.?"
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
    """Every date stated in ``text``, in order. Never raises."""
    return [_mention(m) for m in _DATE.finditer(text)]


def capture_date(record: PhotoMetadata) -> date | None:
    """When the photo was taken: EXIF DateTimeOriginal, else IPTC/XMP DateCreated (full dates)."""
    for value in (record.exif.datetime_original, record.date_created):
        if value and len(value) >= 10:
            try:
                return date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def _mention(match: re.Match[str]) -> DateMention:
    groups = match.groupdict()
    month_name = groups["month1"] or groups["month2"]
    day = groups["day1"] or groups["day2"]
    year = groups["year1"] or groups["year2"]
    weekday = groups["weekday"]
    return DateMention(
        text=match.group(0),
        start=match.start(),
        end=match.end(),
        month=_MONTHS[month_name],
        day=int(day),
        year=int(year) if year else None,
        weekday=_weekday_number(weekday) if weekday else None,
    )


def _weekday_number(word: str) -> int:
    return next(i for i, name in enumerate(WEEKDAYS) if name.startswith(word))


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
