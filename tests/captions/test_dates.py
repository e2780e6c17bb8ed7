"""The date finder: the ways captions state dates, and the capture date of a record."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor_app.captions.dates import WEEKDAYS, capture_date, find_dates
from tests.captions.photos import record


@pytest.mark.parametrize(
    ("text", "found", "year", "weekday"),
    [
        ("in Paris, France, November 20, 2024.", "November 20, 2024", 2024, None),
        ("in Seattle, Washington, U.S. March 20, 2020", "March 20, 2020", 2020, None),
        ("on Nov. 20, 2024 at dawn", "Nov. 20, 2024", 2024, None),
        ("in London, 20 November 2024", "20 November 2024", 2024, None),
        ("in Kharkiv, Ukraine, Friday, March 11, 2022.", "Friday, March 11, 2022", 2022, 4),
        ("in Seattle, Wednesday, Nov. 20", "Wednesday, Nov. 20", None, 2),
        ("on Sept. 5, 2023", "Sept. 5, 2023", 2023, None),
        ("the 2nd of May 2023", "2nd of May 2023", 2023, None),
        # Getty's dateline: capitals and a colon ("20:" is a date, "20:30" a time)
        ("LONDON, ENGLAND - NOVEMBER 20: Fans cheer", "NOVEMBER 20", None, None),
        ("NEW YORK, NY - DECEMBER 05, 2024: Fans cheer", "DECEMBER 05, 2024", 2024, None),
        ("Fans cheer, November 20: the final", "November 20", None, None),
        # all-capital captions of older wires
        ("IN SEATTLE, WEDNESDAY, NOV. 20TH, 2024.", "WEDNESDAY, NOV. 20TH, 2024", 2024, 2),
        ("ON SEPT. 5, 2023", "SEPT. 5, 2023", 2023, None),
        ("THE 2ND OF MAY 2023", "2ND OF MAY 2023", 2023, None),
    ],
)
def test_caption_date_forms(text, found, year, weekday):
    (mention,) = find_dates(text)
    assert (mention.text, mention.year, mention.weekday) == (found, year, weekday)
    assert text[mention.start : mention.end] == found


@pytest.mark.parametrize(
    ("text", "found", "value"),
    [
        ("05.12.2024, Berlin: Bundeskanzler Olaf Scholz spricht.", "05.12.2024", (2024, 12, 5)),
        ("MADRID, 05/12/2024.- El presidente del Gobierno", "05/12/2024", (2024, 12, 5)),
        ("SAN SEBASTIÁN DE LOS REYES (MADRID), 5/12/2024.- Un", "5/12/2024", (2024, 12, 5)),
    ],
)
def test_numeric_dates_of_dpa_and_efe_datelines_are_read_day_first(text, found, value):
    (mention,) = find_dates(text)
    assert text[mention.start : mention.end] == mention.text == found
    assert (mention.year, mention.month, mention.day) == value


@pytest.mark.parametrize(
    "text",
    [
        "Fans at the 05.12.2024, match",  # not the lede
        "05.12.2024 Berlin: no comma",
        "Madrid, 05/12/2024 - no EFE mark",  # "12/05/2024" may be month first elsewhere
        "NEW YORK, 12/25/2024.- month first",  # no 25th month
        "Kids, 5/12/2024.- in class",  # EFE's place is in capitals
    ],
)
def test_numbers_elsewhere_are_no_dates(text):
    assert find_dates(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "you may 5 times",
        "a march 12 km long",
        "the 24/7 shop",
        "in 2024 alone",
        "Nov 45 people",
        "on November 20:30",  # a day number that is an hour
        "NOVEMBER 2024",  # a month without a day
    ],
)
def test_words_that_are_not_dates(text):
    assert find_dates(text) == []


def test_a_date_without_year_takes_the_nearest_year():
    (mention,) = find_dates("Wednesday, Dec. 31")
    assert mention.resolve(date(2025, 1, 1)) == date(2024, 12, 31)
    assert mention.resolve(None) is None


def test_impossible_dates_are_found_but_do_not_exist():
    (mention,) = find_dates("February 30, 2024")
    assert not mention.exists and mention.resolve(date(2024, 2, 1)) is None
    assert find_dates("February 29")[0].exists


def test_capture_date_prefers_exif_then_date_created():
    assert capture_date(record(taken="2024-11-20T23:10:00+01:00")) == date(2024, 11, 20)
    assert capture_date(record(date_created="2024-11-19")) == date(2024, 11, 19)
    assert capture_date(record(taken="2024-11-20T10:00:00", date_created="2024-01-01")) == date(
        2024, 11, 20
    )
    assert capture_date(record(date_created="2024-11")) is None  # partial: no day to compare
    assert capture_date(record(taken="garbage!!!!")) is None


_FORMATS = (
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d:%b}. {d.day}, {d.year}",
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {d:%B} {d.day}, {d.year}",
)


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    render=st.sampled_from(_FORMATS),
    before=st.sampled_from(["", "Fans cheer in Rome, Italy, ", "Taken on "]),
    after=st.sampled_from(["", ".", ". REUTERS/Jane Doe", " after the match."]),
)
def test_every_rendered_date_is_found_exactly(day, render, before, after):
    text = before + render(day) + after
    mentions = find_dates(text)
    assert len(mentions) == 1
    assert mentions[0].resolve(None) == day
    if mentions[0].weekday is not None:
        assert mentions[0].weekday == day.weekday()


@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_weekday_and_month_without_year_resolve_near_the_capture(day):
    text = f"{WEEKDAYS[day.weekday()]}, {day:%b}. {day.day}"
    (mention,) = find_dates(text)
    assert mention.resolve(day) == day


@given(st.text(max_size=300))
def test_never_raises(text):
    for mention in find_dates(text):
        assert 1 <= mention.month <= 12 and 1 <= mention.day <= 31
