"""unreadable-file, missing-caption, placeholder-text, missing-credit, missing-field."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.findings import Severity
from editor_app.captions.rules import required
from editor_app.metadata.record import failed
from editor_app.settings import DeskSettings
from tests.captions.photos import findings_of, messages, record

GOOD = "Fans cheer in Rome, Italy, May 2, 2023. REUTERS/Jane Doe"


def test_an_unreadable_file_gets_one_finding_with_the_reason():
    bad = failed(record().path, "unsupported format (GIF image)")
    found = findings_of("unreadable-file", bad, record("b.jpg", caption=GOOD))
    assert [(f.path.name, f.severity, f.message) for f in found] == [
        ("a.jpg", Severity.ERROR, "The file could not be read: unsupported format (GIF image).")
    ]


def test_the_readers_catch_all_wording_is_not_repeated():
    bad = failed(record().path, "could not be read (ValueError: damaged file?)")
    assert messages("unreadable-file", bad) == [
        "The file could not be read: ValueError: damaged file?"
    ]


def test_a_capitalised_reason_reads_on_in_the_sentence():
    bad = failed(record().path, "Permission denied.")
    assert messages("unreadable-file", bad) == ["The file could not be read: permission denied."]


def test_an_unreadable_file_takes_part_in_no_other_rule():
    bad = failed(record().path, "empty file")
    from editor_app.captions.validate import validate

    assert [f.rule for f in validate([bad])] == ["unreadable-file"]


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"caption": "   \n "},
        {"caption": "", "description": "OLYMPUS DIGITAL CAMERA"},
        {"caption": "SONY DSC"},
        {"caption": "  olympus   digital camera "},
    ],
)
def test_missing_caption(fields):
    assert messages("missing-caption", record(**fields)) == [
        "The photo has no caption in IPTC, XMP or EXIF."
    ]


def test_a_caption_that_is_only_a_credit_is_missing():
    assert messages("missing-caption", record(caption="REUTERS/Jane Doe")) == [
        "The caption holds only a credit line, no description of the photo."
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"caption": GOOD},
        {"caption": "Fans cheer."},
        {"caption": "", "description": "Fans cheer in Rome."},  # EXIF only still counts
        {"caption": "", "caption_languages": {"de": "Fans jubeln in Rom."}},
    ],
)
def test_a_caption_anywhere_is_enough(fields):
    assert messages("missing-caption", record(**fields)) == []


@pytest.mark.parametrize(
    ("field", "value", "placeholder"),
    [
        ("caption", "XXXX walks in Paris, France, May 2, 2023.", "XXXX"),
        ("caption", "Police detain TK in Paris.", "TK"),
        ("caption", "CAPTION TO COME", "CAPTION TO COME"),
        ("caption", "Lorem ipsum dolor sit amet.", "Lorem ipsum"),
        ("caption", "Fans cheer in {city}, {country}.", "{city}"),
        ("caption", "Fans cheer in =loc=.", "=loc="),
        ("caption", "Fans cheer on MONTH DD, YYYY.", "YYYY"),
        ("credit", "REUTERS/Firstname Lastname", "Firstname Lastname"),
        ("headline", "Name TBD at rally", "Name TBD"),
        ("city", "???", "???"),
    ],
)
def test_placeholders(field, value, placeholder):
    label = {"caption": "caption", "credit": "credit", "headline": "headline", "city": "city"}
    assert messages("placeholder-text", record(**{field: value})) == [
        f'The {label[field]} contains the placeholder "{placeholder}"; '
        "fill it in before publishing."
    ]


@pytest.mark.parametrize(
    "caption",
    [
        GOOD,
        "Tokyo TKO winner Taka celebrates in Tokyo, Japan, May 2, 2023.",
        "A sign reading 'xx' hangs at Super Bowl XXX in Miami.",
        "The score was 2=2 after extra time.",
        "Protesters march during a rally in Paris (left) on May 2, 2023.",
    ],
)
def test_real_captions_have_no_placeholders(caption):
    assert messages("placeholder-text", record(caption=caption, credit="REUTERS/Jane Doe")) == []


def _first_of_ten_searches(text: str) -> str | None:
    """The rule's first definition: each pattern searched alone, the leftmost match kept."""
    hits = [m for p in required._PLACEHOLDERS if (m := p.search(text))]
    return min(hits, key=lambda m: m.start()).group(0) if hits else None


_PIECES = [
    *"XxTK{}=?/ -_.,'’İıſKié",
    "\t",
    "\n",
    "football",
    "become",
    "XXXX",
    "xxx",
    "TK",
    "TK Maxx",
    "caption",
    "NAME",
    "to come",
    "tbc",
    "TBA",
    "details",
    "lorem",
    "ipsum",
    "dolor sit amet",
    "first name",
    "LastName",
    "FIRSTNAME",
    "insert",
    "inſert",
    "İNSERT",
    "city",
    "YYYY",
    "MM/DD",
    "dd/mm",
    "???",
    "{city}",
    "=loc=",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_one_search_finds_what_ten_searches_found(text):
    """The rule searches once, after a cheap look for clues: the same placeholder is found."""
    assert required._first_placeholder(text) == _first_of_ten_searches(text)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Fans cheer. TK later {city}", "TK"),  # the leftmost of several patterns
        ("{{name}} XXXX", "{{name}}"),
        ("Please inſert caption here", "inſert caption"),  # (?i): "ſ" is an "s"
        ("\u0130NSERT NAME", "\u0130NSERT NAME"),
        ("Name TBC, Paris", "Name TBC"),
        ("Location TBA", "Location TBA"),
    ],
)
def test_the_placeholder_found_is_the_leftmost(text, found):
    assert required._first_placeholder(text) == found == _first_of_ten_searches(text)


def test_placeholders_in_the_byline_are_found():
    assert messages("placeholder-text", record(byline=("XXXX",))) == [
        'The by-line contains the placeholder "XXXX"; fill it in before publishing.'
    ]


@pytest.mark.parametrize(
    "fields",
    [
        {"credit": "REUTERS/Jane Doe"},
        {"caption": GOOD},
        {"caption": "Fans cheer. (AP Photo/Jane Doe)"},
        {"credit": "Kyodo"},
    ],
)
def test_a_credit_in_the_field_or_at_the_caption_end_is_enough(fields):
    assert messages("missing-credit", record(**fields)) == []


@pytest.mark.parametrize("fields", [{}, {"caption": "Fans cheer in Rome."}, {"credit": "  "}])
def test_missing_credit(fields):
    assert messages("missing-credit", record(**fields)) == [
        "The photo has no credit line, neither in the Credit field nor at the caption's end."
    ]


def test_required_fields_follow_the_settings():
    photo = record(caption=GOOD, credit="REUTERS/Jane Doe")
    assert messages("missing-field", photo) == [
        "The by-line field is empty.",
        "The date created field is empty.",
    ]
    settings = DeskSettings(required_fields=("caption", "city", "keywords"))
    assert messages("missing-field", photo, settings=settings) == [
        "The city field is empty.",
        "The keywords field is empty.",
    ]
    full = record(byline=("Jane Doe",), taken="2024-11-20T10:00:00")
    assert messages("missing-field", full) == []
    assert messages("missing-field", record(artist="Jane Doe", date_created="2024-11-20")) == []
