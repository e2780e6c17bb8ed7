"""The packaged agency table: every supplier a national desk receives, compound credits, and
near misses found without building every deletion."""

import tomllib
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor_app.captions.agencies import DEFAULT_TABLE, MatchKind, packaged_agencies
from editor_app.captions.credit import attribution, parse_credit
from editor_app.captions.text import _NOTES as NOTES
from editor_app.errors import ConfigError
from editor_app.settings import AgencyConfig, parse_agencies
from tests.captions.photos import record

# The suppliers the issue lists, as their credits write them, and the agency they are.
SUPPLIERS = [
    ("REUTERS", "Reuters"),
    ("Action Images", "Reuters"),
    ("AP Photo", "AP"),
    ("Invision", "AP"),
    ("AFP", "AFP"),
    ("Getty Images", "Getty Images"),
    ("WireImage", "Getty Images"),
    ("FilmMagic", "Getty Images"),
    ("Hulton Archive", "Getty Images"),
    ("EPA-EFE", "EPA-EFE"),
    ("PA Media", "PA"),
    ("Alamy Stock Photo", "Alamy"),
    ("Shutterstock", "Shutterstock"),
    ("Rex Features", "Shutterstock"),
    ("Allstar", "Allstar"),
    ("Barcroft Media", "Barcroft Media"),
    ("AAP Image", "AAP"),
    ("Corbis", "Corbis"),
    ("Bloomberg", "Bloomberg"),
    ("Xinhua", "Xinhua"),
    ("ANP", "ANP"),
    ("dpa", "dpa"),
    ("Kyodo", "Kyodo"),
    ("Yonhap", "Yonhap"),
    ("Anadolu Agency", "Anadolu"),
    ("ZUMA Press Wire", "ZUMA Press"),
    ("SIPA", "Sipa"),
    ("ABACAPRESS.COM", "Abaca"),
    ("Splash News", "Splash News"),
    ("BACKGRID", "Backgrid"),
    ("NurPhoto", "NurPhoto"),
    ("SOPA Images", "SOPA Images"),
    ("USA TODAY Sports", "USA TODAY Sports"),
    ("Imagn Images", "USA TODAY Sports"),
    ("THE CANADIAN PRESS", "Canadian Press"),
    ("PAP", "PAP"),
    ("ČTK", "CTK"),
    ("CTK", "CTK"),
    ("TASS", "TASS"),
    ("Sputnik", "Sputnik"),
    ("EUROPA PRESS", "Europa Press"),
    ("ANSA", "ANSA"),
    ("Agencia EFE", "Agencia EFE"),
    ("NTB", "NTB"),
    ("TT NYHETSBYRÅN", "TT"),
    ("Ritzau Scanpix", "Ritzau Scanpix"),
    ("LEHTIKUVA", "Lehtikuva"),
    ("BELGA", "Belga"),
    ("KEYSTONE", "Keystone"),
    ("APA", "APA"),
    ("JIJI PRESS", "Jiji"),
    ("PTI", "PTI"),
    ("Press Trust of India", "PTI"),
]


@pytest.mark.parametrize(("written", "agency"), SUPPLIERS)
def test_every_supplier_of_a_national_desk_is_known(written, agency):
    credit = parse_credit(f"Jane Doe/{written}")
    assert (credit.agency, credit.photographer) == (agency, "Jane Doe")


@pytest.mark.parametrize(
    ("written", "agency"),
    [
        ("Gettyimages", "Getty Images"),
        ("Getty Imges", "Getty Images"),
        ("Shuterstock", "Shutterstock"),
        ("Assocaited Press", "AP"),
        ("Xinua", "Xinhua"),
        ("Bloomburg", "Bloomberg"),
        ("Reuterss", "Reuters"),  # not listed: found as a near miss
        ("Shutterstokc", "Shutterstock"),
        ("Lehtikuvva", "Lehtikuva"),
        ("Backgird", "Backgrid"),
    ],
)
def test_misspellings_are_recognised_and_flagged(written, agency):
    match = DEFAULT_TABLE.lookup(written)
    assert match is not None and match.agency.name == agency
    assert match.kind in (MatchKind.MISSPELLED, MatchKind.ALIAS)


@pytest.mark.parametrize(
    ("credit", "agency", "photographer"),
    [
        ("Sportsphoto Ltd./Allstar", "Allstar", None),
        ("UNIVERSAL/Allstar/Magic Pictures", "Allstar", None),
        ("AFP via Getty Images", "Getty Images", None),
        ("David Gadd/Allstar", "Allstar", "David Gadd"),
        ("Jane Doe/IMAGN IMAGES via Reuters Connect", "Reuters", "Jane Doe"),
        ("Action Images via Reuters/John Sibley", "Reuters", "John Sibley"),
    ],
)
def test_compound_credits(credit, agency, photographer):
    parsed = parse_credit(credit)
    assert (parsed.agency, parsed.photographer) == (agency, photographer)


@pytest.mark.parametrize(
    ("fields", "agency", "photographer"),
    [
        ({"credit": "REUTERS", "byline": ("Leah Millis",)}, "Reuters", "Leah Millis"),
        ({"byline": ("David Gadd/Allstar",)}, "Allstar", "David Gadd"),
        ({"credit": "Sportsphoto Ltd./Allstar Picture Library Ltd"}, "Allstar", None),
        ({"source": "EPA-EFE", "byline": ("JOHN SMITH",)}, "EPA-EFE", "JOHN SMITH"),
        ({"copyright": "(c) EUROPA PRESS"}, "Europa Press", None),
        ({"copyright": "© 2024 Rex Smith"}, None, None),  # "Rex" inside a name is no agency
        (
            {
                "credit": "AFP/Getty Images",
                "byline": ("CHRISTOF STACHE",),
                "caption": "Fans cheer. AFP PHOTO / CHRISTOF STACHECHRISTOF STACHE/AFP/Getty "
                "Images",
            },
            "Getty Images",
            "CHRISTOF STACHE",
        ),
    ],
)
def test_attribution_finds_the_agency_anywhere(fields, agency, photographer):
    found = attribution(record(**fields))
    assert (found.agency, found.photographer) == (agency, photographer)


def test_the_table_is_packaged_data():
    text = resources.files("editor_app.captions").joinpath("agencies.toml").read_text("utf-8")
    names = list(tomllib.loads(text))
    assert [a.name for a in packaged_agencies()] == names
    assert [a.name for a in DEFAULT_TABLE.agencies] == names
    assert len(names) >= 45


def test_the_packaged_file_is_checked_like_a_desk_config():
    with pytest.raises(ConfigError, match="unknown key"):
        parse_agencies({"Nordfoto": {"leed": "NORDFOTO"}}, "agencies.toml")


def test_the_desk_adds_an_agency_with_its_own_slash_style():
    table = DEFAULT_TABLE.extended([AgencyConfig("Nordfoto", lead="NORDFOTO", spaced_slash=True)])
    credit = parse_credit("Kari NORD / NORDFOTO", table)
    assert credit.agency == "Nordfoto" and credit.agencies[0].agency.spaced_slash


_FUZZY = [
    (spelling, agency.name)
    for agency in DEFAULT_TABLE.agencies
    for spelling in agency.correct
    if len(spelling) >= 6
]


@st.composite
def _one_edit(draw):
    spelling, agency = draw(st.sampled_from(_FUZZY))
    i = draw(st.integers(0, len(spelling) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    kind = draw(st.sampled_from(["delete", "insert", "replace", "swap"]))
    if kind == "delete":
        edited = spelling[:i] + spelling[i + 1 :]
    elif kind == "insert":
        edited = spelling[:i] + letter + spelling[i:]
    elif kind == "replace":
        edited = spelling[:i] + letter + spelling[i + 1 :]
    else:
        i = min(i, len(spelling) - 2)
        edited = spelling[:i] + spelling[i + 1] + spelling[i] + spelling[i + 2 :]
    return edited, agency


@given(_one_edit())
def test_any_one_edit_of_a_long_name_is_still_recognised(case):
    edited, _agency = case
    # Another agency may be one edit away too ("Reuters" / "Reuter"): any match will do.
    assert DEFAULT_TABLE.lookup(edited) is not None


_SEGMENT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/"),
    min_size=1,
    max_size=30,
).filter(lambda part: not any(note in part for note in NOTES))  # "PICTURE TAKEN/…": all a note


@given(st.lists(_SEGMENT, min_size=1, max_size=5), st.sampled_from(SUPPLIERS))
def test_an_agency_in_any_segment_is_recognised(others, supplier):
    written, agency = supplier
    for position in range(len(others) + 1):
        parts = [*others[:position], written, *others[position:]]
        credit = parse_credit("/".join(parts))
        assert credit is not None
        assert agency in {m.agency.name for m in credit.agencies}


@given(st.text(max_size=120))
def test_parsing_is_stable(text):
    credit = parse_credit(text)
    if credit is None:
        return
    again = parse_credit(credit.text + (" " + credit.note if credit.note else ""))
    assert again is not None
    assert (again.agencies, again.names, again.qualifiers, again.agency) == (
        credit.agencies,
        credit.names,
        credit.qualifiers,
        credit.agency,
    )


def test_the_new_house_settings_are_read_and_checked():
    from editor_app.settings import parse_settings

    settings = parse_settings(
        {
            "credit-names-photographer": True,
            "near-duplicate": {"same-event-hours": 6},
            "agencies": {"Nordfoto": {"lead": "NORDFOTO", "spaced-slash": True}},
        }
    )
    assert settings.credit_names_photographer is True
    assert settings.near_duplicate_same_event_hours == 6
    assert settings.agencies[0].spaced_slash is True
    with pytest.raises(ConfigError, match="credit-names-photographer: must be true or false"):
        parse_settings({"credit-names-photographer": "yes"})


def test_every_name_in_the_table_has_one_meaning():
    owner: dict[str, tuple[str, str]] = {}
    for agency in DEFAULT_TABLE.agencies:
        kinds = (
            ("correct", agency.correct),
            ("alias", agency.aliases),
            ("misspelling", agency.misspellings),
        )
        for kind, names in kinds:
            for name in names:
                seen = owner.setdefault(name.casefold(), (agency.name, kind))
                assert seen == (agency.name, kind), f"{name!r}: {kind} of {agency.name}, {seen}"
