"""The date finder in the languages desks caption in besides English."""

import re
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from editor_app.captions import dates
from editor_app.captions.date_words import LANGUAGES
from editor_app.captions.dates import find_dates
from tests.captions.photos import messages, record


@pytest.mark.parametrize(
    ("text", "found", "value", "weekday", "language"),
    [
        (
            "Manifestation à Paris, le 12 novembre 2024.",
            "12 novembre 2024",
            (2024, 11, 12),
            None,
            "fr",
        ),
        ("Paris, mardi 12 novembre 2024.", "mardi 12 novembre 2024", (2024, 11, 12), 1, "fr"),
        ("Fête du travail, le 1er mai 2024", "1er mai 2024", (2024, 5, 1), None, "fr"),
        ("Lyon, le 12 nov. 2024", "12 nov. 2024", (2024, 11, 12), None, "fr"),
        ("Madrid, 12 de noviembre de 2024.", "12 de noviembre de 2024", (2024, 11, 12), None, "es"),
        (
            "Quito, martes, 12 de noviembre del 2024",
            "martes, 12 de noviembre del 2024",
            (2024, 11, 12),
            1,
            "es",
        ),
        ("Lisboa, 12 de novembro de 2024.", "12 de novembro de 2024", (2024, 11, 12), None, "pt"),
        (
            "Brasília, terça-feira, 12 de novembro de 2024",
            "terça-feira, 12 de novembro de 2024",
            (2024, 11, 12),
            1,
            "pt",
        ),
        ("Porto, 1º de maio de 2024", "1º de maio de 2024", (2024, 5, 1), None, "pt"),
        ("Berlin, 12. November 2024.", "12. November 2024", (2024, 11, 12), None, "de"),
        (
            "Wien, Dienstag, den 12. November 2024",
            "Dienstag, den 12. November 2024",
            (2024, 11, 12),
            1,
            "de",
        ),
        ("München, 3. März 2024", "3. März 2024", (2024, 3, 3), None, "de"),
        ("Bonn, 12. Okt. 2024", "12. Okt. 2024", (2024, 10, 12), None, "de"),
        ("Roma, martedì 12 novembre 2024.", "martedì 12 novembre 2024", (2024, 11, 12), 1, "it"),
        ("Milano, 5 marzo 2024", "5 marzo 2024", (2024, 3, 5), None, "it"),
        ("Amsterdam, 12 november 2024.", "12 november 2024", (2024, 11, 12), None, "nl"),
        ("Utrecht, dinsdag 12 november 2024", "dinsdag 12 november 2024", (2024, 11, 12), 1, "nl"),
        ("Den Haag, 1 mei 2024", "1 mei 2024", (2024, 5, 1), None, "nl"),
        ("Gent, 12 mrt. 2024", "12 mrt. 2024", (2024, 3, 12), None, "nl"),
        # all capitals, as whole captions and datelines are sometimes written
        ("MADRID, 5 DE DICIEMBRE DE 2024", "5 DE DICIEMBRE DE 2024", (2024, 12, 5), None, "es"),
        ("PARIS, LE 1ER DÉCEMBRE 2024", "1ER DÉCEMBRE 2024", (2024, 12, 1), None, "fr"),
        ("PARIS, LUNDI 2 DECEMBRE 2024", "LUNDI 2 DECEMBRE 2024", (2024, 12, 2), 0, "fr"),
        (
            "LISBOA, TERÇA-FEIRA, 3 DE DEZEMBRO DE 2024",
            "TERÇA-FEIRA, 3 DE DEZEMBRO DE 2024",
            (2024, 12, 3),
            1,
            "pt",
        ),
        (
            "WIEN, DIENSTAG, DEN 3. DEZEMBER 2024",
            "DIENSTAG, DEN 3. DEZEMBER 2024",
            (2024, 12, 3),
            1,
            "de",
        ),
        ("ROMA, 5 MARZO 2024", "5 MARZO 2024", (2024, 3, 5), None, "it"),
        ("GENT, 12 MRT. 2024", "12 MRT. 2024", (2024, 3, 12), None, "nl"),
    ],
)
def test_dates_in_other_languages(text, found, value, weekday, language):
    (mention,) = find_dates(text)
    assert (mention.text, mention.weekday, mention.language) == (found, weekday, language)
    assert (mention.year, mention.month, mention.day) == value
    assert text[mention.start : mention.end] == found


@pytest.mark.parametrize(
    "text",
    [
        "Los aficionados celebran en mayo.",  # a month without a day
        "Aficionados en Madrid, 5 mayo",  # Spanish writes "5 de mayo"
        "Une barre Mars et un voyage vers Mars",
        "Die Marz-Brüder am 12. Marz 2024",  # not German for March
        "in marzo e aprile",
        "in mei",
        "12 mar",  # an abbreviation needs a dot or a year
        "3 out of 4 voters",
        "ein Spiel am 12 November",  # German needs "12."
        "12novembre 2024",
        "score 1.12 novembre",
        "5 MAYO",  # capitals keep the rules: Spanish writes "5 DE MAYO"
        "12 MAR",
        "3 OUT OF 4 VOTERS",
    ],
)
def test_words_that_are_not_dates_in_any_language(text):
    assert [m.text for m in find_dates(text) if m.language != "en"] == []


def test_english_dates_stay_english():
    (mention,) = find_dates("Fans cheer in Paris, 12 April 2024.")
    assert mention.language == "en" and mention.text == "12 April 2024"


@pytest.mark.parametrize(
    ("caption", "said"),
    [
        ("Des manifestants à Paris, lundi 12 novembre 2024.", "lundi 12 novembre 2024"),
        ("Protesta en Madrid, lunes, 12 de noviembre de 2024.", "lunes, 12 de noviembre de 2024"),
        (
            "Protesto em Lisboa, segunda-feira, 12 de novembro de 2024.",
            "segunda-feira, 12 de novembro de 2024",
        ),
        ("Protest in Berlin, Montag, 12. November 2024.", "Montag, 12. November 2024"),
        ("Protesta a Roma, lunedì 12 novembre 2024.", "lunedì 12 novembre 2024"),
        ("Protest in Amsterdam, maandag 12 november 2024.", "maandag 12 november 2024"),
    ],
)
def test_a_wrong_weekday_is_caught_in_each_language(caption, said):
    photo = record(caption=caption, taken="2024-11-12T10:00:00")
    assert messages("caption-date-mismatch", photo) == [
        f'The caption says "{said}", but November 12, 2024 is a Tuesday.'
    ]


def test_a_date_in_another_language_is_compared_with_the_capture_date():
    photo = record(
        caption="Manifestation à Paris, le 12 novembre 2024.", taken="2024-11-20T10:00:00"
    )
    assert messages("caption-date-mismatch", photo) == [
        'The caption date "12 novembre 2024" is 8 days before the capture date, November 20, 2024.'
    ]
    same_day = record(
        caption="Manifestation à Paris, le 20 novembre 2024.", taken="2024-11-20T10:00:00"
    )
    assert messages("caption-date-mismatch", same_day) == []


@pytest.mark.parametrize(
    "caption",
    ["Des manifestants défilent à Paris.", "Manifestantes marchan en mayo por Madrid.", ""],
)
def test_a_caption_without_a_date_is_no_date_mismatch(caption):
    photo = record(caption=caption, taken="2024-11-20T10:00:00")
    assert messages("caption-date-mismatch", photo) == []


def test_an_all_capital_date_is_compared_with_the_capture_date():
    photo = record(caption="MANIFESTACIÓN EN MADRID, 5 DE DICIEMBRE DE 2024.", taken="2024-12-02")
    assert messages("caption-date-mismatch", photo) == [
        'The caption date "5 DE DICIEMBRE DE 2024" is 3 days after the capture date, '
        "December 2, 2024."
    ]


def _render(day: date, code: str, weekday: bool, short: bool) -> str:
    """A date as a desk writing in ``code`` would write it."""
    words = next(lang for lang in LANGUAGES if lang.code == code)
    short_names = [name for name, n in words.abbreviations.items() if n == day.month]
    if short and short_names:
        month = short_names[0] + "."
    else:
        short = False
        month = next(name for name, n in words.months.items() if n == day.month)
    number = f"{day.day}." if code == "de" else str(day.day)
    if code in ("es", "pt") and not short:
        text = f"{number} de {month} de {day.year}"
    else:
        text = f"{number} {month} {day.year}"
    if weekday:
        text = f"{words.weekdays[day.weekday()][0]}, {text}"
    return text


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    code=st.sampled_from([lang.code for lang in LANGUAGES]),
    weekday=st.booleans(),
    short=st.booleans(),
    before=st.sampled_from(["", "Des gens à Paris, le ", "Manifestantes en Madrid, ", "X "]),
    after=st.sampled_from(["", ".", ". REUTERS/Jane Doe", " nach dem Spiel."]),
    capitals=st.booleans(),
)
def test_every_rendered_date_is_found_in_its_language(
    day, code, weekday, short, before, after, capitals
):
    rendered = _render(day, code, weekday, short)
    if capitals:
        rendered = rendered.upper()
    (mention,) = find_dates(before + rendered + after)
    assert mention.text == rendered
    assert mention.resolve(None) == day
    assert mention.weekday == (day.weekday() if weekday else None)


@given(st.text())
def test_the_finder_never_raises_on_arbitrary_text(text):
    for mention in find_dates(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert 1 <= mention.month <= 12 and 1 <= mention.day <= 31


@given(st.text(alphabet="0123456789 .,º°erdeDElmaiyonvbsMärzNovember-", max_size=40))
def test_the_finder_never_raises_on_date_like_text(text):
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.text


def _tried_at_every_day_number(text: str) -> list:
    """``dates._other_languages`` as it was: every language tried at every day number."""
    found = []
    for day in re.finditer(rf"(?=\d)(?<![\d.,/:-])\b{dates._DAY}(?!\d)", text):
        fits = [m for lang in dates._OTHER if (m := lang.find_at(text, day.start())) is not None]
        if fits:
            found.append(min(fits, key=lambda m: (m.start, -m.end)))
    return found


_DATE_PIECES = [
    *" ,.-/:º°ª",
    "1", "12", "31", "5", "0", "2024", "123", "1er", "12.",
    "de", "del", "den", "di", "van", "mai", "Mai", "mayo", "março", "novembre", "November",
    "noviembre", "nov.", "Nov", "dic.", "mar", "juni", "giugno", "mardi", "Dienstag", "martes",
    "DE", "1ER", "NOVEMBRE", "DICIEMBRE", "MARS", "MAI", "NOV.", "DIENSTAG", "DEN", "MARTES",
]  # fmt: skip


@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map(" ".join))
def test_one_search_finds_where_other_languages_start_as_every_day_number_did(text):
    assert dates._other_languages(text) == _tried_at_every_day_number(text)


@given(st.lists(st.sampled_from(_DATE_PIECES), max_size=14).map("".join))
def test_the_same_without_spaces_between_pieces(text):
    assert dates._other_languages(text) == _tried_at_every_day_number(text)


_ENGLISH_PIECES = [
    *" ,.-/:",
    "1", "12", "20th", "31", "2024", "1999", "of", "Wednesday", "Wed", "Sun", "Sunday",
    "November", "Nov", "Nov.", "Sept", "Sep", "May", "may", "March", "Mar", "in", "X",
    "NOVEMBER", "NOV.", "SEPT", "MAY", "WEDNESDAY", "WED", "20TH", "OF", "20:", "20:30",
]  # fmt: skip


def _plain_mention(match: re.Match[str]) -> dates.DateMention:
    """``dates._mention`` as it was: every match read from its groups."""
    groups = match.groupdict()
    weekday = groups["weekday"]
    year = groups["year1"] or groups["year2"]
    return dates.DateMention(
        text=match.group(0),
        start=match.start(),
        end=match.end(),
        month=dates._MONTHS[groups["month1"] or groups["month2"]],
        day=int(groups["day1"] or groups["day2"]),
        year=int(year) if year else None,
        weekday=dates._weekday_number(weekday) if weekday else None,
    )


@given(st.lists(st.sampled_from(_ENGLISH_PIECES), max_size=14).map(" ".join))
def test_english_dates_read_from_their_text_as_from_their_groups(text):
    # the parts are remembered by the date's text: the same text read again, elsewhere
    for _ in range(2):
        found = [dates._mention(m) for m in dates._DATE.finditer(text)]
        assert found == [_plain_mention(m) for m in dates._DATE.finditer(text)]
        text = "Fans, " + text


def _scanning_everything(text: str) -> list[dates.DateMention]:
    """``find_dates`` as it was: both finders scan the whole text (then a numeric dateline)."""
    found = [_plain_mention(m) for m in dates._DATE.finditer(text)] + dates._other_languages(text)
    found = dates._without_overlaps(found) if len(found) > 1 else found
    lede = dates._numeric_lede(text)
    return [lede, *found] if lede is not None else found


_ANY_PIECES = [*_DATE_PIECES, *_ENGLISH_PIECES, " " * 30, "\t\n", "x1", "Wednesday,", "(", "-"]


@given(st.lists(st.sampled_from(_ANY_PIECES), max_size=16).map(" ".join))
@example("Wednesday," + " " * 45 + "Nov. 20, 2024")  # the words before the day past the room
@example("Fans, Wednesday, Nov.   " + " " * 20 + "20")
def test_the_finders_start_near_the_first_digit_and_find_what_a_whole_scan_finds(text):
    assert find_dates(text) == _scanning_everything(text)


@given(st.lists(st.sampled_from(_ANY_PIECES), max_size=16).map("".join))
@example("Berlin, 12.November 2024")  # a German day's dot, no space before its month
def test_the_same_without_spaces_between_the_pieces(text):
    assert find_dates(text) == _scanning_everything(text)


_HEADS = st.lists(st.sampled_from(_ANY_PIECES), max_size=10).map(" ".join)
_ENDINGS = st.sampled_from(
    [
        ", Paris, France, November 20, 2024",
        " in Madrid, lunes, 12 de noviembre de 2024",
        " Montag, 12. November",
        " Wednesday, Nov. 20",
        " 20 November 2024 and 3 mars 2024",
        ", lundi 12 novembre",
    ]
)


@given(heads=st.lists(_HEADS, min_size=2, max_size=4), ending=_ENDINGS)
@example(heads=["Fans", "X Wednesday,"], ending=" Nov. 20")  # the head's words join the date
@example(heads=["a", "b mardi"], ending=" 12 novembre")  # the head's weekday joins the date
@example(heads=["Fans (", "Fans _"], ending="Wednesday, Nov. 20")  # a word boundary or none
@example(heads=["Lisboa (", "Lisboa _"], ending="segunda-feira," + " " * 10 + "12 de novembro")
def test_captions_that_end_alike_get_their_own_dates(heads, ending):
    for head in heads:  # each ending's dates are remembered after the first caption
        text = head + ending
        assert find_dates(text) == _scanning_everything(text)
