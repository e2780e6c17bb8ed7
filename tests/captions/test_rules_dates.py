"""caption-date-mismatch and weekday-style."""

from datetime import date

import pytest

from editor_app.captions.rules.dates import _long
from editor_app.settings import DeskSettings, WeekdayPolicy
from tests.captions.photos import messages, record

CREDIT = " REUTERS/Jane Doe"


@pytest.mark.parametrize(
    ("caption", "taken"),
    [
        ("Fans cheer in Rome, Italy, November 20, 2024.", "2024-11-20T10:00:00"),
        ("Fans cheer in Rome, Italy, Nov. 20, 2024.", "2024-11-21T01:30:00"),  # time zones
        ("Fans cheer in Rome, Italy, 20 November 2024.", "2024-11-19T23:30:00"),
        ("Fans cheer in Seattle, Wednesday, Nov. 20.", "2024-11-20T10:00:00"),
        (
            "Fans cheer, in this picture released on Nov. 22, 2024 and taken Nov. 20, 2024.",
            "2024-11-20T10:00:00",
        ),  # one matching date is enough
        ("Fans cheer in Rome, Italy.", "2024-11-20T10:00:00"),  # no date stated
        ("Fans cheer in Rome, Italy, November 20, 2024.", None),  # no capture date
        ("Fans recall the Jan. 6 attack in Washington.", "2024-11-20T10:00:00"),  # bare day
    ],
)
def test_caption_dates_that_agree(caption, taken):
    assert messages("caption-date-mismatch", record(caption=caption + CREDIT, taken=taken)) == []


def test_a_caption_date_days_away_from_the_capture():
    photo = record(
        caption="Fans cheer in Rome, Italy, November 20, 2024." + CREDIT,
        taken="2024-11-23T10:00:00",
    )
    assert messages("caption-date-mismatch", photo) == [
        'The caption date "November 20, 2024" is 3 days before the capture date, November 23, 2024.'
    ]


GETTY = " (Photo by Jane Doe/Getty Images)"


@pytest.mark.parametrize(
    ("caption", "said"),
    [
        ("LONDON, ENGLAND - NOVEMBER 20: Fans cheer outside the stadium.", "NOVEMBER 20"),
        ("LONDON, ENGLAND - NOVEMBER 20, 2024: Fans cheer.", "NOVEMBER 20, 2024"),
        ("WASHINGTON, DC - November 20: Fans cheer.", "November 20"),
    ],
)
def test_gettys_dateline_date_is_the_captions_date(caption, said):
    photo = record(caption=caption + GETTY, taken="2024-11-23T10:00:00")
    assert messages("caption-date-mismatch", photo) == [
        f'The caption date "{said}" is 3 days before the capture date, November 23, 2024.'
    ]
    same_day = record(caption=caption + GETTY, taken="2024-11-20T10:00:00")
    assert messages("caption-date-mismatch", same_day) == []


@pytest.mark.parametrize(
    "caption",
    [
        "Fans recall the attack of November 20: a vigil in London.",  # no dateline before it
        "LONDON, ENGLAND - Fans recall the attack of November 20: a vigil.",  # not the lede
        "LONDON, ENGLAND - NOVEMBER 20 Fans cheer.",  # no colon: not Getty's form
    ],
)
def test_a_bare_date_outside_gettys_dateline_is_not_the_captions_date(caption):
    photo = record(caption=caption + GETTY, taken="2024-11-23T10:00:00")
    assert messages("caption-date-mismatch", photo) == []


@pytest.mark.parametrize(
    ("caption", "said"),
    [
        (
            "05.12.2024, Berlin: Bundeskanzler Olaf Scholz spricht. Foto: Kay Nietfeld/dpa",
            "05.12.2024",
        ),
        (
            "MADRID, 05/12/2024.- El presidente del Gobierno, Pedro Sánchez. EFE/Mariscal",
            "05/12/2024",
        ),
    ],
)
def test_the_numeric_date_of_a_dpa_or_efe_dateline_is_compared(caption, said):
    photo = record(caption=caption, taken="2024-12-03T10:00:00")
    assert messages("caption-date-mismatch", photo) == [
        f'The caption date "{said}" is 2 days after the capture date, December 3, 2024.'
    ]
    assert messages("caption-date-mismatch", record(caption=caption, taken="2024-12-05")) == []


def test_dpas_file_picture_is_dated_by_its_dateline_against_the_camera():
    caption = "ARCHIV - 14.03.2023, Bayern, München: Ein Zug fährt ein. Foto: Sven Hoppe/dpa"
    photo = record(caption=caption, taken="2021-05-17T10:00:00", date_created="2024-12-05")
    assert messages("caption-date-mismatch", photo) == [
        'The caption date "14.03.2023" is 666 days after the capture date, May 17, 2021.'
    ]
    right = record(caption=caption, taken="2023-03-14T10:00:00", date_created="2024-12-05")
    assert messages("caption-date-mismatch", right) == []  # the agency's new date is no error


@pytest.mark.parametrize(
    "caption",
    [
        "Smoke rises in Dnipro, Ukraine, in this handout picture released December 5, 2024. "
        "Dnipropetrovsk Regional Administration/Handout via REUTERS",
        "In this photo released Thursday, Dec. 5, 2024, by the official news agency, rescuers "
        "search the rubble. (SANA via AP)",
        "Rescuers work in this undated handout picture released on December 5, 2024. "
        "Handout via REUTERS",
    ],
)
def test_a_handouts_release_date_is_not_its_capture_date(caption):
    photo = record(caption=caption, taken="2024-11-29T10:00:00")
    assert messages("caption-date-mismatch", photo) == []
    taken_too = record(caption=caption + " Picture taken November 20, 2024.", taken="2024-11-29")
    assert messages("caption-date-mismatch", taken_too)  # the date it was taken still counts


def test_date_created_is_the_fallback_capture_date():
    photo = record(
        caption="Fans cheer in Rome, Italy, November 20, 2024.", date_created="2023-11-20"
    )
    assert messages("caption-date-mismatch", photo) == [
        'The caption date "November 20, 2024" is 366 days after the capture date, '
        "November 20, 2023."
    ]


def test_the_tolerance_is_configurable():
    photo = record(caption="Fans cheer on Nov. 22, 2024.", taken="2024-11-20T10:00:00")
    assert len(messages("caption-date-mismatch", photo)) == 1
    relaxed = DeskSettings(date_tolerance_days=2)
    assert messages("caption-date-mismatch", photo, settings=relaxed) == []


def test_a_weekday_that_does_not_match_its_date():
    photo = record(
        caption="Fans cheer in Seattle, Tuesday, Nov. 20, 2024.", taken="2024-11-20T10:00:00"
    )
    assert messages("caption-date-mismatch", photo) == [
        'The caption says "Tuesday, Nov. 20, 2024", but November 20, 2024 is a Wednesday.'
    ]


def test_a_date_that_does_not_exist():
    photo = record(caption="Fans cheer on February 30, 2024.")
    assert messages("caption-date-mismatch", photo) == [
        'The caption date "February 30, 2024" does not exist.'
    ]


def test_reuters_style_gives_no_weekday():
    with_weekday = record(caption="Fans cheer in Seattle, Wednesday, Nov. 20, 2024.")
    assert messages("weekday-style", with_weekday) == [
        "House style gives no day of the week in caption dates, but the caption says "
        '"Wednesday, Nov. 20, 2024".'
    ]
    assert messages("weekday-style", record(caption="Fans cheer on Nov. 20, 2024.")) == []


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        (  # Reuters: the lede and the credit's qualifier (the corpus's RangeError file)
            "FILE PHOTO: A moving stairway in Neuss, Germany, February 12, 2020. "
            "REUTERS/Wolfgang Rattay/File Photo",
            "REUTERS",
        ),
        ("A moving stairway in Neuss, Germany, February 12, 2020.", "REUTERS/Jane Doe/File Photo"),
        ("FILE - A stairway in Neuss, Germany, Feb. 12, 2020. (AP Photo/Jane Doe)", "AP"),
        ("A stairway in Neuss, Germany, Feb. 12, 2020. (AP Photo/Jane Doe, File)", "AP"),
        ("(FILES) A stairway in Neuss, Germany, on February 12, 2020. AFP/Jane Doe", "AFP"),
        ("Archivo - A stairway in Neuss, Germany, February 12, 2020. EUROPA PRESS", "dpa"),
    ],
)
def test_a_file_picture_sent_again_is_dated_by_its_camera_only(caption, credit):
    # the agency dates the new transmission, the caption the day it was taken
    resent = record(caption=caption, credit=credit, date_created="2020-07-23")
    assert messages("caption-date-mismatch", resent) == []
    camera = record(caption=caption, credit=credit, taken="2020-07-23T11:32:20")
    assert messages("caption-date-mismatch", camera) == [
        'The caption date "February 12, 2020" is 162 days before the capture date, July 23, 2020.'
        if "February" in caption
        else 'The caption date "Feb. 12, 2020" is 162 days before the capture date, July 23, 2020.'
    ]


@pytest.mark.parametrize(
    "caption",
    [
        "Profile photos in Neuss, Germany, February 12, 2020.",
        "File-sharing servers in Neuss, Germany, February 12, 2020.",  # no mark: a word
    ],
)
def test_a_picture_not_marked_as_a_file_one_keeps_its_date_created(caption):
    photo = record(caption=caption + CREDIT, date_created="2020-07-23")
    assert len(messages("caption-date-mismatch", photo)) == 1


def test_a_file_pictures_weekday_style_goes_by_its_camera_too():
    # sent again today: its IPTC date is recent, the picture is not, so no weekday is due
    caption = "FILE - A stairway in Neuss, Germany, Feb. 12, 2020. (AP Photo/Jane Doe)"
    resent = record(caption=caption, credit="AP", date_created="2024-11-20")
    assert messages("weekday-style", resent, settings=AP, today=date(2024, 11, 21)) == []


AP = DeskSettings(agency="AP", weekday_policy=WeekdayPolicy.RECENT)


def test_ap_style_wants_a_weekday_for_the_last_two_weeks_only():
    today = date(2024, 11, 21)
    recent_plain = record(caption="Fans cheer on Nov. 20, 2024.", taken="2024-11-20T10:00:00")
    assert messages("weekday-style", recent_plain, settings=AP, today=today) == [
        'The photo is from the last 14 days, so its date "Nov. 20, 2024" should name the day of '
        "the week."
    ]
    recent_weekday = record(
        caption="Fans cheer on Wednesday, Nov. 20, 2024.", taken="2024-11-20T10:00:00"
    )
    assert messages("weekday-style", recent_weekday, settings=AP, today=today) == []
    old_weekday = record(caption="Fans cheer on Friday, Nov. 1, 2024.", taken="2024-11-01T10:00")
    assert messages("weekday-style", old_weekday, settings=AP, today=today) == [
        'The photo is older than 14 days, so its date "Friday, Nov. 1, 2024" should not name the '
        "day of the week."
    ]
    old_plain = record(caption="Fans cheer on Nov. 1, 2024.", taken="2024-11-01T10:00:00")
    assert messages("weekday-style", old_plain, settings=AP, today=today) == []


def test_weekday_policy_can_be_off():
    photo = record(caption="Fans cheer in Seattle, Wednesday, Nov. 20, 2024.")
    settings = DeskSettings(weekday_policy=WeekdayPolicy.IGNORE)
    assert messages("weekday-style", photo, settings=settings) == []


def test_the_capture_date_is_written_in_english_whatever_the_locale():
    # the window's Qt sets the user's locale, where strftime's %B gives "novembre"
    assert _long(_FrenchDate(2024, 11, 18)) == "November 18, 2024"


class _FrenchDate(date):
    """A date formatted as under a French locale."""

    def __format__(self, spec: str) -> str:
        return super().__format__(spec.replace("%B", "novembre"))
