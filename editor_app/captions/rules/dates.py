"""Date rules: the caption's date against the capture date, its weekday, and weekday style."""

import re
from collections.abc import Iterator
from datetime import date

from editor_app.captions.dates import (
    MONTH_NAMES,
    WEEKDAYS,
    DateMention,
    camera_date,
    capture_date,
)
from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, rule
from editor_app.settings import WeekdayPolicy


@rule(
    "caption-date-mismatch",
    Severity.ERROR,
    "The caption's date is not the capture date, its weekday is wrong, or it does not exist.",
)
def caption_date_mismatch(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    taken = _taken(photo)
    # A bare "Jan. 6" may be any day the story mentions; a year, a weekday or Getty's
    # dateline ("LONDON, ENGLAND - NOVEMBER 20: ...") says it is the picture's own date.
    datelines = [
        m
        for m in photo.dates
        if (m.year is not None or m.weekday is not None or _in_lede_dateline(photo.body, m))
        and not _RELEASED.search(photo.body, max(0, m.start - 40), m.start)
    ]
    for mention in datelines:
        yield from _impossible(mention, taken or ctx.today)
    if taken is None:
        return
    resolved = [(m, d) for m in datelines if (d := m.resolve(taken)) is not None]
    tolerance = ctx.settings.date_tolerance_days
    if resolved and all(abs((d - taken).days) > tolerance for _, d in resolved):
        mention, said = resolved[0]
        yield (
            f'The caption date "{mention.text}" is {_distance(said, taken)} the capture '
            f"date, {_long(taken)}."
        )


# A file picture sent again: the caption keeps the day it was taken, the agency dates the new
# transmission ("FILE PHOTO: ... February 12, 2020. REUTERS/Wolfgang Rattay/File Photo" with
# IPTC Date Created July 23, 2020). Only the camera's own time says when it was taken.
_FILE_QUALIFIERS = frozenset({"File Photo", "File"})
# The lede's mark: "FILE PHOTO: ", AP's "FILE - ", AFP's "(FILES) ", Europa Press's "Archivo - "
# (a dash after a space: "File-sharing servers ..." is no mark)
_FILE_LEDE = re.compile(
    r"(?i)\((?:FILES?|ARCHIVE)\)|(?:FILE(?:\s+PHOTO|\s+PICTURE)?|ARCHIVE|ARCHIVO|ARCHIV)"
    r"(?:\s*:|\s+[-–—])"
)


# A handout's release date is not when it was taken: "in this handout picture released
# December 5, 2024", AP's "In this photo released Thursday, Dec. 5, 2024, by ..."
_RELEASED = re.compile(r"(?i)\b(?:released|distributed|provided|made available)\s+(?:on\s+)?\Z")
# Getty's lede: the place in capitals, a dash, then the date and a colon
_LEDE_PLACE = re.compile(r"\s*[A-Z][^:\n]{0,80}\s[-–—]\s+\Z")


def _in_lede_dateline(body: str, mention: DateMention) -> bool:
    return (
        body.startswith(":", mention.end)
        and mention.start <= 90
        and _LEDE_PLACE.match(body, 0, mention.start) is not None
    )


def _taken(photo: Photo) -> date | None:
    return camera_date(photo.record) if _is_file_photo(photo) else capture_date(photo.record)


def _is_file_photo(photo: Photo) -> bool:
    """The caption or credit marks the picture as a file (archive) picture sent again:
    Reuters' "FILE PHOTO: ..." and ".../File Photo", AP's "FILE - ..." and
    "(AP Photo/..., File)"."""
    for credit in (photo.caption_credit, photo.field_credit):
        if credit is not None and _FILE_QUALIFIERS.intersection(credit.qualifiers):
            return True
    return _FILE_LEDE.match(photo.body.lstrip()) is not None


def _impossible(mention: DateMention, near: date) -> Iterator[str]:
    if not mention.exists:
        yield f'The caption date "{mention.text}" does not exist.'
        return
    said = mention.resolve(near)
    if said is not None and mention.weekday is not None and said.weekday() != mention.weekday:
        yield (
            f'The caption says "{mention.text}", but {_long(said)} is a {WEEKDAYS[said.weekday()]}.'
        )


@rule(
    "weekday-style",
    Severity.WARNING,
    "The caption date's weekday breaks the desk's weekday policy (Reuters: none, AP: recent).",
)
def weekday_style(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    policy = ctx.settings.weekday_policy
    datelines = [m for m in photo.dates if m.year is not None or m.weekday is not None]
    if policy is WeekdayPolicy.IGNORE or not datelines:
        return
    with_weekday = next((m for m in datelines if m.weekday is not None), None)
    if policy is WeekdayPolicy.NEVER:
        if with_weekday:
            yield (
                f"House style gives no day of the week in caption dates, but the caption "
                f'says "{with_weekday.text}".'
            )
        return
    taken = _taken(photo)
    if taken is None:
        return
    days = ctx.settings.weekday_recent_days
    recent = (ctx.today - taken).days <= days
    if recent and with_weekday is None:
        yield (
            f'The photo is from the last {days} days, so its date "{datelines[0].text}" '
            "should name the day of the week."
        )
    elif not recent and with_weekday is not None:
        yield (
            f"The photo is older than {days} days, so its date "
            f'"{with_weekday.text}" should not name the day of the week.'
        )


def _long(day: date) -> str:
    # Not strftime's %B: it follows the locale, which the window's Qt sets to the user's, so
    # the same finding read "novembre 18, 2024" there and "November 18, 2024" from `check`.
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _distance(said: date, taken: date) -> str:
    days = abs((said - taken).days)
    unit = "day" if days == 1 else "days"
    return f"{days} {unit} {'after' if said > taken else 'before'}"
