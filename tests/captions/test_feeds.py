"""Photos shaped the way agencies ship them: no false alarm on their own conventions.

Every shape here is taken from real agency files (the shared corpus: Reuters, AP, AFP/Getty,
Europa Press/dpa) or from captions the agencies publish; names are changed where they were not
already public in the corpus.
"""

import pytest

from editor_app.captions.validate import validate
from editor_app.metadata.record import Conflict
from editor_app.settings import DeskSettings
from tests.captions.photos import messages, record

ATTRIBUTION_RULES = (
    "credit-format",
    "credit-agency-unknown",
    "credit-byline-mismatch",
    "caption-credit-mismatch",
    "placeholder-text",
    "missing-credit",
)
STORY = "Fans cheer before the match in Rome, Italy, May 2, 2023."

# (IPTC Credit, IPTC By-line, the caption's closing credit): Credit = the agency alone, the
# photographer in By-line, the caption's tail as the agency writes it.
AGENCY_SHAPES = [
    ("REUTERS", "Leah Millis", "REUTERS/Leah Millis"),
    ("REUTERS", "YURIKO NAKAO", "REUTERS/Yuriko Nakao"),  # corpus: commons-imaging BTRE6021
    ("REUTERS", "Wolfgang Rattay", "REUTERS/Wolfgang Rattay/File Photo"),  # corpus: exifr
    ("AP", "DUANE A. LAVERTY", "(AP Photo/Duane A. Laverty)"),  # corpus: exifr Bush-dog.tif
    ("AP", "Jane Doe", "AP Photo/Jane Doe, File"),
    ("AFP", "Ludovic MARIN", "(Photo by Ludovic MARIN / AFP)"),
    ("AFP", "LUDOVIC MARIN", "AFP PHOTO / LUDOVIC MARIN"),
    (
        "AFP/Getty Images",
        "CHRISTOF STACHE",
        "AFP PHOTO / CHRISTOF STACHECHRISTOF STACHE/AFP/Getty Images",
    ),  # noqa: E501  corpus: metadata-extractor withXmp.jpg
    (
        "AFP via Getty Images",
        "LUDOVIC MARIN",
        "(Photo credit should read LUDOVIC MARIN/AFP via Getty Images)",
    ),  # noqa: E501
    ("Getty Images", "Stephen Dunn", "(Photo by Stephen Dunn/Getty Images)"),
    ("Getty Images for Apple", "Kevin Winter", "(Photo by Kevin Winter/Getty Images for Apple)"),
    ("WireImage", "Jane Doe", "(Photo by Jane Doe/WireImage)"),
    ("EPA", "JOHN SMITH", "EPA-EFE/JOHN SMITH"),
    ("PA", "Jane Doe", "Jane Doe/PA Wire"),
    ("Xinhua", "Li Ming", "(Xinhua/Li Ming)"),
    (
        "Óscar Cañas/EUROPA PRESS/dpa",
        "Óscar Cañas",
        "Photo: Óscar Cañas/EUROPA PRESS/dpa",
    ),  # corpus
    ("dpa", "Jan Woitas", "Foto: Jan Woitas/dpa"),
    ("Kyodo", "", "Mandatory credit Kyodo/via REUTERS"),
    ("REUTERS", "", "Kyodo via REUTERS"),
    ("ZUMA Press", "Jane Doe", "(Credit Image: © Jane Doe/ZUMA Press Wire)"),
    ("REUTERS", "Jane Smith", "Jane Smith/Pool via REUTERS"),
    ("AFP", "", "POOL/AFP"),
    ("REUTERS", "", "Russian Defence Ministry/Handout via REUTERS"),
    ("Reuters Connect", "Jane Doe", "Jane Doe/IMAGN IMAGES via Reuters Connect"),
    ("Action Images via Reuters", "John Sibley", "Action Images via Reuters/John Sibley"),
    ("Allstar", "David Gadd", "David Gadd/Allstar"),
    ("Anadolu", "Jane Doe", "Jane Doe/Anadolu via Getty Images"),
    ("Shutterstock", "Jane Doe", "Jane Doe/Shutterstock"),
    ("Sipa USA", "Jane Doe", "Jane Doe/Sipa USA"),
    ("Yonhap", "", "(Yonhap)"),
]


def _attribution_messages(photo, settings: DeskSettings | None = None) -> list[str]:
    found = validate([photo], settings, select=ATTRIBUTION_RULES)
    return [f"{f.rule}: {f.message}" for f in found]


@pytest.mark.parametrize(("credit", "byline", "tail"), AGENCY_SHAPES)
def test_agency_shapes_raise_no_false_alarm(credit, byline, tail):
    photo = record(credit=credit, byline=(byline,) if byline else (), caption=f"{STORY} {tail}")
    assert _attribution_messages(photo) == []


def test_the_reuters_issue_example_is_clean():
    photo = record(
        credit="REUTERS",
        byline=("Leah Millis",),
        caption="U.S. President speaks in Washington, U.S., May 2, 2023. REUTERS/Leah Millis",
    )
    assert _attribution_messages(photo) == []


def test_a_credit_field_with_the_agency_alone_is_fine_when_the_byline_names_the_photographer():
    assert messages("credit-format", record(credit="REUTERS", byline=("Leah Millis",))) == []
    assert messages("credit-format", record(credit="REUTERS", artist="Leah Millis")) == []


def test_nobody_named_anywhere_is_still_reported():
    assert messages("credit-format", record(credit="REUTERS", caption=STORY)) == [
        'The credit "REUTERS" in the Credit field does not follow house style: it names no '
        "photographer."
    ]


def test_house_style_can_require_the_photographer_in_the_credit_field():
    strict = DeskSettings(credit_names_photographer=True)
    photo = record(credit="REUTERS", byline=("Leah Millis",))
    assert messages("credit-format", photo, settings=strict) == [
        'The credit "REUTERS" in the Credit field does not follow house style: it names no '
        "photographer."
    ]
    assert messages("credit-format", record(credit="REUTERS/Leah Millis"), settings=strict) == []


def test_afp_spacing_is_afps_style_but_not_reuters():
    assert messages("credit-format", record(credit="Ludovic MARIN / AFP")) == []
    assert messages("credit-format", record(credit="AFP PHOTO / LUDOVIC MARIN")) == []
    assert (
        "spaces around a slash" in messages("credit-format", record(credit="REUTERS / Jane Doe"))[0]
    )


def test_a_web_address_supplier_is_not_an_uncapitalised_name():
    # corpus: frameright exif.JPG
    photo = record(
        credit="Daniel Chesterton/phcimages.com",
        byline=("Daniel Chesterton",),
        caption=f"{STORY} (Photo by Daniel Chesterton/phcimages.com)",
    )
    assert messages("credit-format", photo) == []
    assert messages("credit-byline-mismatch", photo) == []
    assert messages("caption-credit-mismatch", photo) == []


@pytest.mark.parametrize(
    ("tail", "byline"),
    [
        ("(Photo by Kevin Winter/Getty Images for Apple)", "Kevin Winter"),
        ("(Photo by Kevin Winter/Getty Images for Apple)", "KEVIN WINTER/Getty Images for Apple"),
        ("(Photo credit should read JOSÉ LÓPEZ/AFP via Getty Images)", "Jose Lopez"),
        ("REUTERS/Leah Millis", "LEAH MILLIS"),
        ("Photo: Óscar Cañas/EUROPA PRESS/dpa", "Oscar Canas"),
    ],
)
def test_the_byline_match_compares_people_with_people(tail, byline):
    photo = record(byline=(byline,), caption=f"{STORY} {tail}")
    assert messages("credit-byline-mismatch", photo) == []


def test_a_real_byline_mismatch_names_the_person_not_the_lead_in():
    photo = record(byline=("Rich Fury",), caption=f"{STORY} (Photo by Kevin Winter/Getty Images)")
    assert messages("credit-byline-mismatch", photo) == [
        "The credit at the end of the caption names Kevin Winter, but the by-line is Rich Fury."
    ]


def test_attention_editors_and_mandatory_credit_notes_are_not_part_of_the_credit():
    caption = (
        f"{STORY} Mandatory credit Kyodo/via REUTERS ATTENTION EDITORS - THIS IMAGE WAS PROVIDED "
        "BY A THIRD PARTY. EDITORIAL USE ONLY. MANDATORY CREDIT. JAPAN OUT."
    )
    assert _attribution_messages(record(credit="Kyodo", caption=caption)) == []
    shutterstock = (
        "Mandatory Credit: Photo by Kevin Winter/Shutterstock (14567890a)\nTaylor Swift\n"
        "Grammy Awards, Los Angeles, USA - 02 Feb 2025"
    )
    photo = record(credit="Shutterstock", byline=("Kevin Winter",), caption=shutterstock)
    assert _attribution_messages(photo) == []


def test_letter_case_or_spacing_alone_is_no_metadata_conflict():
    case = Conflict("credit", {"iptc": "REUTERS/Jane Doe", "xmp": "Reuters/Jane  Doe"}, "xmp")
    byline = Conflict(
        "byline", {"iptc": "LEAH MILLIS", "xmp": "Leah Millis", "exif": "leah millis"}, "exif"
    )  # noqa: E501
    assert messages("metadata-conflict", record(conflicts=(case, byline))) == []
    real = Conflict("credit", {"iptc": "REUTERS/Jane Doe", "xmp": "REUTERS/John Doe"}, "xmp")
    assert len(messages("metadata-conflict", record(conflicts=(real,)))) == 1


@pytest.mark.parametrize(
    "caption",
    [
        "Shoppers queue outside a TK Maxx store in London, Britain, May 2, 2023.",
        "A TK Elevator factory in Essen, Germany, May 2, 2023.",
        "Shoppers leave TK-Maxx in London, Britain, May 2, 2023.",
    ],
)
def test_tk_inside_a_name_is_no_placeholder(caption):
    assert messages("placeholder-text", record(caption=caption)) == []


@pytest.mark.parametrize(
    ("caption", "placeholder"),
    [
        ("Police detain TK in Paris.", "TK"),
        ("Jane TK speaks in Paris.", "TK"),
        ("TK TK walks in Paris.", "TK"),
        ("Fans cheer in TK.", "TK"),
    ],
)
def test_a_standalone_tk_is_still_a_placeholder(caption, placeholder):
    assert messages("placeholder-text", record(caption=caption)) == [
        f'The caption contains the placeholder "{placeholder}"; fill it in before publishing.'
    ]


# Near-duplicates: stock wording on different events is no copy; a copy on one event is.
_SLUG = "Soccer Football - Premier League - {match} - {ground} - May {day}, 2023 "
_STOCK = "General view inside the stadium before the match Action Images via Reuters/John Sibley"


def test_stock_wording_under_different_event_slugs_is_no_near_duplicate():
    photos = [
        record(
            "a.jpg",
            caption=_SLUG.format(match="Arsenal v Chelsea", ground="Emirates Stadium", day=2)
            + _STOCK,
        ),
        record(
            "b.jpg",
            caption=_SLUG.format(match="Fulham v Everton", ground="Craven Cottage", day=2) + _STOCK,
        ),
    ]
    assert messages("near-duplicate-caption", *photos) == []


def test_stock_wording_on_two_frames_of_one_match_is_a_near_duplicate():
    slug = _SLUG.format(match="Arsenal v Chelsea", ground="Emirates Stadium", day=2)
    photos = [
        record("a.jpg", caption=slug + _STOCK, taken="2023-05-02T19:40:00"),
        record("b.jpg", caption=slug + _STOCK, taken="2023-05-02T19:52:00"),
    ]
    # The same body on both is an exact duplicate: that rule reports it.
    assert len(messages("duplicate-caption", *photos)) == 2


GENERAL_VIEW = (
    "General view inside the stadium before the Premier League match between Arsenal and "
    "{team} in London, Britain, May {day}, 2023. REUTERS/John Sibley"
)


def _view(name: str, team: str, day: int, taken: str | None = None, **fields):
    return record(name, caption=GENERAL_VIEW.format(team=team, day=day), taken=taken, **fields)


def test_captions_a_word_apart_on_different_days_are_no_near_duplicate():
    photos = [
        _view("a.jpg", "Chelsea", 2, "2023-05-02T19:40:00"),
        _view("b.jpg", "Fulham", 9, "2023-05-09T19:40:00"),
    ]
    assert messages("near-duplicate-caption", *photos) == []


def test_a_caption_copied_onto_another_frame_of_the_same_event_is_a_near_duplicate():
    photos = [
        _view("a.jpg", "Chelsea", 2, "2023-05-02T19:40:00"),
        _view("b.jpg", "Fulham", 2, "2023-05-02T19:55:00"),
    ]
    assert [f.split(" (")[0] for f in messages("near-duplicate-caption", *photos)] == [
        "The caption is nearly the same as the one on b.jpg",
        "The caption is nearly the same as the one on a.jpg",
    ]


def test_the_same_event_window_is_a_setting():
    photos = [
        _view("a.jpg", "Chelsea", 2, "2023-05-02T12:00:00"),
        _view("b.jpg", "Fulham", 2, "2023-05-02T19:00:00"),
    ]
    assert len(messages("near-duplicate-caption", *photos)) == 2
    narrow = DeskSettings(near_duplicate_same_event_hours=2)
    assert messages("near-duplicate-caption", *photos, settings=narrow) == []


def test_gps_positions_far_apart_are_different_events():
    from dataclasses import replace

    london = _view("a.jpg", "Chelsea", 2)
    london = replace(london, exif=replace(london.exif, gps_latitude=51.555, gps_longitude=-0.108))
    madrid = _view("b.jpg", "Fulham", 2)
    madrid = replace(madrid, exif=replace(madrid.exif, gps_latitude=40.453, gps_longitude=-3.688))
    assert messages("near-duplicate-caption", london, madrid) == []
    near = replace(madrid, exif=replace(madrid.exif, gps_latitude=51.48, gps_longitude=-0.19))
    assert len(messages("near-duplicate-caption", london, near)) == 2


def test_another_photographer_in_another_city_is_another_event():
    a = record(
        "a.jpg",
        city="Leeds",
        caption="General view inside the stadium before the Championship match between Leeds "
        "and Hull in Leeds, Britain, May 2, 2023. REUTERS/Jane Doe",
    )
    b = record(
        "b.jpg",
        city="Hull",
        caption="General view inside the stadium before the Championship match between Leeds "
        "and Hull in Hull, Britain, May 9, 2023. REUTERS/John Roe",
    )
    assert messages("near-duplicate-caption", a, b) == []
    same_photographer = record(
        "c.jpg", city="Hull", caption=b.caption.replace("John Roe", "Jane Doe")
    )
    assert len(messages("near-duplicate-caption", a, same_photographer)) == 2


@pytest.mark.parametrize("credit", ["Big Newspaper", "Mugwum Press", "Magic Pictures"])
def test_an_organisation_in_the_credit_is_no_photographer(credit):
    # corpus: exifr iptc-staff-photographer-example.jpg, iptc-agency-photographer-example.jpg
    assert messages("credit-byline-mismatch", record(credit=credit, byline=("John Doe",))) == []


@pytest.mark.parametrize(
    ("text", "agency", "photographer", "lead_in", "qualifiers"),
    [
        ("(Photo by Jane Doe/Getty Images)", "Getty Images", "Jane Doe", "Photo by", ()),
        (
            "Photo credit should read LUDOVIC MARIN/AFP via Getty Images",
            "Getty Images",
            "LUDOVIC MARIN",
            "Photo credit should read",
            (),
        ),
        ("Foto: Jan Woitas/dpa", "dpa", "Jan Woitas", "Foto:", ()),
        ("Photo: Óscar Cañas/EUROPA PRESS/dpa", "dpa", "Óscar Cañas", "Photo:", ()),
        (
            "(Credit Image: © Jane Doe/ZUMA Press Wire)",
            "ZUMA Press",
            "Jane Doe",
            "Credit Image: ©",
            (),
        ),
        (
            "*MANDATORY CREDIT* Jane Doe/Shutterstock",
            "Shutterstock",
            "Jane Doe",
            "",
            ("Mandatory credit",),
        ),
        (
            "Jane Doe/Shutterstock *MANDATORY CREDIT*",
            "Shutterstock",
            "Jane Doe",
            "",
            ("Mandatory credit",),
        ),
        (
            "Mandatory Credit: Photo by Kevin Winter/Shutterstock (14567890a)",
            "Shutterstock",
            "Kevin Winter",
            "Photo by",
            ("Mandatory credit",),
        ),
        ("© Jane Doe/Alamy Live News", "Alamy", "Jane Doe", "©", ()),
    ],
)
def test_lead_ins_are_nobodys_name(text, agency, photographer, lead_in, qualifiers):
    from editor_app.captions.credit import parse_credit

    credit = parse_credit(text)
    assert (credit.agency, credit.photographer, credit.lead_in) == (agency, photographer, lead_in)
    assert credit.qualifiers == qualifiers


def test_sponsors_and_suppliers_before_via():
    from editor_app.captions.credit import parse_credit

    sponsored = parse_credit("Kevin Winter/Getty Images for Apple")
    assert (sponsored.agency, sponsored.photographer, sponsored.sponsor) == (
        "Getty Images",
        "Kevin Winter",
        "Apple",
    )
    action = parse_credit("Action Images via Reuters/John Sibley")
    assert (action.agency, action.photographer, action.via) == ("Reuters", "John Sibley", True)
