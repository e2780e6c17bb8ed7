"""credit-format, credit-agency-unknown, credit-byline-mismatch, caption-credit-mismatch."""

import re

import pytest

from editor_app.settings import AgencyConfig, DeskSettings
from tests.captions.photos import messages, record

VALID = [
    "REUTERS/Leah Millis",
    "REUTERS/Ivan Alvarado/File Photo",
    "Jane Smith/Pool via REUTERS",
    "Korea Summit Press Pool/Pool via Reuters",
    "Courtesy U.S. Customs and Border Protection/Handout via REUTERS",
    "Andriy Andriyenko/Press Service of the 65th Separate Mechanized Brigade of the Ukrainian "
    "Armed Forces/Handout via REUTERS ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A "
    "THIRD PARTY",
    "Russia MOD via EYEPRESS, from Reuters",
    "USA TODAY NETWORK via Reuters Connect",
    "Mandatory credit Kyodo/via REUTERS",
    "REUTERS/KCNA",
    "REUTERS/Stringer",
    "(AP Photo/Jane Doe)",
    "AP Photo/Jane Doe, File",
    "Óscar Cañas/EUROPA PRESS/dpa",
    "Stephen Dunn/Getty Images",
    "AFP via Getty Images",
    "EPA-EFE/JOHN SMITH",
    "Jane Doe/PA Wire",
    "Jane Doe/Anadolu via Getty Images",
    "Kyodo",
    "Li Ming/Xinhua",
    "Jane Doe/Alamy Live News",
    "REX/Shutterstock",
    # agencies that write spaces around their slash
    "EFE/ Mariscal",
    "Eduardo Parra / Europa Press",
    "Gavriil Sokolov / Sputnik",
    "Foto: Javad Parsa / NTB",
    "Foto: Fredrik Sandberg / TT / kod 10080",
    "LEHTIKUVA / EMMI KORHONEN",
    "(Photo by Vuk Valcic / SOPA Images/Sipa USA)",
    # more agencies of the table
    "TIAGO PETINGA/LUSA",
    "LaPresse",
    "Foto: Marcelo Camargo/Agência Brasil",
    "THE CANADIAN PRESS IMAGES/Mark Taylor",
    "Omar Ashtawy/APA Images via ZUMA Press Wire",
]


@pytest.mark.parametrize("credit", VALID)
def test_real_credits_follow_house_style(credit):
    photo = record(credit=credit, caption=f"Fans cheer in Rome, Italy, May 2, 2023. {credit}")
    assert messages("credit-format", photo) == []
    assert messages("credit-agency-unknown", photo) == []


@pytest.mark.parametrize(
    ("credit", "message"),
    [
        (
            "Reuters / amir cohen",
            'The credit "Reuters / amir cohen" in the Credit field does not follow house style: it '
            'should open with "REUTERS", it has spaces around a slash and the name "amir cohen" is '
            'not capitalised; write "REUTERS/Amir Cohen".',
        ),
        (
            "REUTERS/",
            'The credit "REUTERS/" in the Credit field does not follow house style: a part is '
            "missing after a slash.",
        ),
        (
            "REUTERS",
            'The credit "REUTERS" in the Credit field does not follow house style: it names no '
            "photographer.",
        ),
        (
            "reuters/Amir Cohen",
            'The credit "reuters/Amir Cohen" in the Credit field does not follow house style: the '
            'agency is written "reuters" instead of "REUTERS"; write "REUTERS/Amir Cohen".',
        ),
        (
            "Retuers/Amir Cohen",
            'The credit "Retuers/Amir Cohen" in the Credit field does not follow house style: the '
            'agency is misspelled "Retuers" (it is REUTERS); write "REUTERS/Amir Cohen".',
        ),
        (
            "Jane Doe/Pool via Reuetrs",
            'The credit "Jane Doe/Pool via Reuetrs" in the Credit field does not follow house '
            'style: the agency is misspelled "Reuetrs" (it is REUTERS).',
        ),
        (
            "Thomson Reuters/Amir Cohen",
            'The credit "Thomson Reuters/Amir Cohen" in the Credit field does not follow house '
            'style: the agency is called "Thomson Reuters" instead of "REUTERS"; write '
            '"REUTERS/Amir Cohen".',
        ),
    ],
)
def test_bad_credits(credit, message):
    assert messages("credit-format", record(credit=credit)) == [message]


def test_the_credit_at_the_end_of_the_caption_is_checked_too():
    photo = record(caption="Fans cheer in Rome, Italy, May 2, 2023. reuters/Jane Doe")
    assert messages("credit-format", photo) == [
        'The credit "reuters/Jane Doe" at the end of the caption does not follow house style: the '
        'agency is written "reuters" instead of "REUTERS"; write "REUTERS/Jane Doe".'
    ]


def test_another_house_agency_has_its_own_opening():
    ap_desk = DeskSettings(agency="AP")
    assert messages("credit-format", record(credit="AP/Jane Doe"), settings=ap_desk) == [
        'The credit "AP/Jane Doe" in the Credit field does not follow house style: it should '
        'open with "AP Photo"; write "AP Photo/Jane Doe".'
    ]
    assert messages("credit-format", record(credit="Reuters/Jane Doe"), settings=ap_desk) == []


def test_credit_patterns_from_the_config_are_accepted_as_they_are():
    settings = DeskSettings(credit_patterns=(re.compile(r"Jane Doe / Agencia Uno"),))
    photo = record(credit="Jane Doe / Agencia Uno")
    assert messages("credit-format", photo, settings=settings) == []
    assert messages("credit-agency-unknown", photo, settings=settings) == []
    assert messages("credit-format", photo) == [
        'The credit "Jane Doe / Agencia Uno" in the Credit field does not follow house style: it '
        "has spaces around a slash."
    ]


def test_unknown_agencies_are_a_warning_until_the_desk_adds_them():
    photo = record(credit="Jane Doe/Agencia Uno")
    assert messages("credit-agency-unknown", photo) == [
        'The credit "Jane Doe/Agencia Uno" in the Credit field names no known agency; if it is '
        "one, add it under [agencies] in caption-desk.toml."
    ]
    desk = DeskSettings(agencies=(AgencyConfig("Agencia Uno"),))
    assert messages("credit-agency-unknown", photo, settings=desk) == []


def test_one_unknown_credit_in_the_field_and_the_caption_is_one_finding():
    caption = "Fans gather in Leeds. (Photo by Daniel Chesterton/phcimages.com)"
    photo = record(caption=caption, credit="Daniel Chesterton/phcimages.com")
    assert messages("credit-agency-unknown", photo) == [
        'The credit "Daniel Chesterton/phcimages.com" in the Credit field names no known agency; '
        "if it is one, add it under [agencies] in caption-desk.toml."
    ]
    other = record(caption="Fans gather in Leeds. Jane Doe/Agencia Uno", credit="Agencia Dos")
    assert len(messages("credit-agency-unknown", other)) == 2  # two credits, two findings
    unnamed = record(caption="Fans gather in Leeds. (Photo by Stringer/Pool)", credit="Handout")
    assert len(messages("credit-agency-unknown", unnamed)) == 2  # no names: by their texts


def test_a_credit_of_a_kind_of_picture_only_asks_for_its_agency():
    photo = record(caption="Biden in Washington. REUTERS/Kevin Lamarque/Pool", credit="POOL")
    assert messages("credit-agency-unknown", photo) == [
        'The credit "POOL" in the Credit field names only the kind of picture, not the agency '
        "that supplied it."
    ]


@pytest.mark.parametrize(
    ("credit", "photographer"),
    [
        ("Jane Rowe/Erie Times-News via AP", "Jane Rowe"),
        ("Jane Rowe/Las Vegas Review-Journal via AP", "Jane Rowe"),
        ("Jane Rowe/The Arizona Republic via AP", "Jane Rowe"),
        ("Photo by Ash Donelon/Manchester United via Getty Images", "Ash Donelon"),
        ("ANSA/UFFICIO STAMPA QUIRINALE/PAOLO GIANDOTTI", "PAOLO GIANDOTTI"),
    ],
)
def test_a_member_paper_club_or_press_office_is_no_photographer(credit, photographer):
    photo = record(
        caption=f"Fans cheer in Rome, Italy, May 2, 2023. ({credit})",
        credit=credit,
        byline=(photographer,),
    )
    assert messages("credit-byline-mismatch", photo) == []
    other = record(caption=f"Fans cheer. ({credit})", credit=credit, byline=("Sam Smith",))
    assert messages("credit-byline-mismatch", other)  # a wrong by-line is still caught


def test_an_ap_desk_takes_aps_credit_field_of_the_agency_alone():
    ap = DeskSettings(agency="AP")
    caption = "People walk in Kyiv, Ukraine, Thursday, Dec. 5, 2024. (AP Photo/Efrem Lukashenko)"
    photo = record(caption=caption, credit="AP", byline=("EFREM LUKASHENKO",))
    assert messages("credit-format", photo, settings=ap) == []
    named = record(caption="People walk in Kyiv. AP/Efrem Lukashenko", credit="AP")
    assert messages("credit-format", named, settings=ap) == [
        'The credit "AP/Efrem Lukashenko" at the end of the caption does not follow house style: '
        'it should open with "AP Photo"; write "AP Photo/Efrem Lukashenko".'
    ]


def test_imagns_name_hyphen_agency_credit_is_read():
    caption = (
        "Dec 5, 2024; Los Angeles, California, USA; Lakers forward LeBron James (23) dribbles "
        "during the first half at Crypto.com Arena. Mandatory Credit: Kirby Lee-Imagn Images"
    )
    photo = record(caption=caption, credit="Kirby Lee-Imagn Images", byline=("Kirby Lee",))
    for rule in ("credit-agency-unknown", "credit-byline-mismatch", "caption-credit-mismatch"):
        assert messages(rule, photo) == []
    other = record(caption=caption, credit="Kirby Lee-Imagn Images", byline=("Jane Doe",))
    assert messages("credit-byline-mismatch", other)


def test_an_agencys_pool_is_the_agency_and_a_pool_picture():
    caption = "Scholz im Bundestag. Foto: Michael Kappeler/dpa-Pool/dpa"
    photo = record(caption=caption, credit="AFP Pool", byline=("Michael Kappeler",))
    for rule in ("credit-agency-unknown", "credit-format", "credit-byline-mismatch"):
        assert messages(rule, photo) == []


@pytest.mark.parametrize(
    ("credit", "fields"),
    [
        ("REUTERS/Óscar Cañas", {"byline": ("OSCAR CANAS",)}),
        ("REUTERS/Jane Doe", {"byline": ("jane doe",)}),
        ("REUTERS/Jane Doe", {"artist": "John Roe; Jane Doe"}),
        ("REUTERS/Jane Doe", {"byline": ("Jane Doe/Reuters",)}),
        ("REUTERS/Jane Doe", {"byline": ("Jane A. Doe",)}),
        ("REUTERS/Jane Doe", {}),  # no by-line: missing-field's business, not a mismatch
        ("Russia MOD via EYEPRESS, from Reuters", {"byline": ("Jane Doe",)}),  # no person
    ],
)
def test_credit_matching_the_byline(credit, fields):
    assert messages("credit-byline-mismatch", record(credit=credit, **fields)) == []


def test_credit_naming_another_photographer():
    photo = record(
        credit="REUTERS/Amir Cohen",
        byline=("Ammar Awad",),
        caption="Fans cheer in Rome, Italy, May 2, 2023. REUTERS/Ammar Awad",
    )
    assert messages("credit-byline-mismatch", photo) == [
        "The credit in the Credit field names Amir Cohen, but the by-line is Ammar Awad."
    ]


def test_caption_credit_naming_another_photographer():
    photo = record(
        byline=("Ammar Awad",), caption="Fans cheer in Rome, Italy, May 2, 2023. REUTERS/Amir Cohen"
    )
    assert messages("credit-byline-mismatch", photo) == [
        "The credit at the end of the caption names Amir Cohen, but the by-line is Ammar Awad."
    ]


def test_caption_credit_and_credit_field_disagree():
    photo = record(
        credit="REUTERS/Amir Cohen",
        caption="Fans cheer in Rome, Italy, May 2, 2023. REUTERS/Ammar Awad",
    )
    assert messages("caption-credit-mismatch", photo) == [
        'The credit at the end of the caption ("REUTERS/Ammar Awad") differs from the Credit '
        'field ("REUTERS/Amir Cohen").'
    ]
    same = record(
        credit="REUTERS/Amir Cohen",
        caption="Fans cheer in Rome, Italy, May 2, 2023. REUTERS/AMIR COHEN",
    )
    assert messages("caption-credit-mismatch", same) == []
