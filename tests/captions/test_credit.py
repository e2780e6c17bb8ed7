"""Credit parsing: the real credit shapes a desk sees, misspellings, captions' trailing credits."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from editor_app.captions.agencies import DEFAULT_TABLE, AgencyTable, MatchKind
from editor_app.captions.credit import (
    ORGANISATION_WORDS,
    Attribution,
    attribution,
    house_credit,
    parse_credit,
    same_person,
    split_caption_credit,
)
from editor_app.settings import AgencyConfig
from tests.captions.photos import record

HANDOUT = (
    "Andriy Andriyenko/Press Service of the 65th Separate Mechanized Brigade of the Ukrainian "
    "Armed Forces/Handout via REUTERS ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A "
    "THIRD PARTY"
)


@pytest.mark.parametrize(
    ("text", "agency", "photographer", "provider", "qualifiers"),
    [
        ("REUTERS/Leah Millis", "Reuters", "Leah Millis", None, ()),
        ("REUTERS/Ivan Alvarado/File Photo", "Reuters", "Ivan Alvarado", None, ("File Photo",)),
        ("Jane Smith/Pool via REUTERS", "Reuters", "Jane Smith", None, ("Pool",)),
        (
            "Korea Summit Press Pool/Pool via Reuters",
            "Reuters",
            None,
            "Korea Summit Press Pool",
            ("Pool",),
        ),
        (
            "Courtesy U.S. Customs and Border Protection/Handout via REUTERS",
            "Reuters",
            None,
            "Courtesy U.S. Customs and Border Protection",
            ("Handout",),
        ),
        (
            HANDOUT,
            "Reuters",
            "Andriy Andriyenko",
            "Press Service of the 65th Separate Mechanized Brigade of the Ukrainian Armed Forces",
            ("Handout",),
        ),
        ("Russia MOD via EYEPRESS, from Reuters", "Reuters", None, "Russia MOD", ()),
        ("USA TODAY NETWORK via Reuters Connect", "Reuters", None, "USA TODAY NETWORK", ()),
        ("Mandatory credit Kyodo/via REUTERS", "Reuters", None, None, ("Mandatory credit",)),
        ("REUTERS/KCNA", "Reuters", None, "KCNA", ()),
        ("REUTERS/Stringer", "Reuters", None, None, ("Stringer",)),
        ("(AP Photo/Jane Doe)", "AP", "Jane Doe", None, ()),
        ("AP Photo/Jane Doe, File", "AP", "Jane Doe", None, ("File",)),
        ("Óscar Cañas/EUROPA PRESS/dpa", "dpa", "Óscar Cañas", None, ()),
        ("Stephen Dunn/Getty Images", "Getty Images", "Stephen Dunn", None, ()),
        ("AFP via Getty Images", "Getty Images", None, None, ()),
        ("Jane Doe/Anadolu via Getty Images", "Getty Images", "Jane Doe", None, ()),
        ("EPA-EFE/JOHN SMITH", "EPA-EFE", "JOHN SMITH", None, ()),
        ("Jane Doe/PA Wire", "PA", "Jane Doe", None, ()),
        ("Li Ming/Xinhua", "Xinhua", "Li Ming", None, ()),
        ("Kyodo", "Kyodo", None, None, ()),
        ("Jane Doe/Alamy Live News", "Alamy", "Jane Doe", None, ()),
        ("REX/Shutterstock", "Shutterstock", None, None, ()),
        ("Jane Doe/Shutterstock", "Shutterstock", "Jane Doe", None, ()),
        ("Foto: Michael Kappeler/dpa-Pool/dpa", "dpa", "Michael Kappeler", None, ("Pool",)),
        ("Jane Doe/AFP Pool", "AFP", "Jane Doe", None, ("Pool",)),
        ("Car Pool/REUTERS", "Reuters", None, "Car Pool", ()),  # no agency's pool
        ("Kirby Lee-Imagn Images", "USA TODAY Sports", "Kirby Lee", None, ()),
        ("Jean-Pierre Dupont-USA TODAY Sports", "USA TODAY Sports", "Jean-Pierre Dupont", None, ()),
        ("Jean-Pierre Dupont/AFP", "AFP", "Jean-Pierre Dupont", None, ()),
    ],
)
def test_real_credit_shapes(text, agency, photographer, provider, qualifiers):
    credit = parse_credit(text)
    assert (credit.agency, credit.photographer, credit.provider) == (agency, photographer, provider)
    assert credit.qualifiers == qualifiers
    assert not credit.spaced_slash and not credit.empty_part


def test_aaps_no_archiving_after_its_credit_is_a_note():
    caption = "MPs in Canberra, Thursday, November 28, 2024. (AAP Image/Lukas Coch) NO ARCHIVING"
    body, credit = split_caption_credit(caption)
    assert body == "MPs in Canberra, Thursday, November 28, 2024."
    assert credit is not None and (credit.agency, credit.photographer) == ("AAP", "Lukas Coch")


def test_tts_photographer_number_is_nobodys_name():
    credit = parse_credit("Foto: Jane Doe/TT/kod 10000")
    assert (credit.agency, credit.photographer, credit.names) == ("TT", "Jane Doe", ("Jane Doe",))


def test_the_attention_editors_note_is_split_off():
    credit = parse_credit(HANDOUT)
    assert credit.note.startswith("ATTENTION EDITORS - THIS IMAGE")
    assert credit.text.endswith("Handout via REUTERS")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Retuers/Amir Cohen", MatchKind.MISSPELLED),
        ("Reuetrs/Amir Cohen", MatchKind.MISSPELLED),
        ("Rueters/Amir Cohen", MatchKind.MISSPELLED),
        ("REUTRES/Amir Cohen", MatchKind.MISSPELLED),
        ("reuters/Amir Cohen", MatchKind.CASE),
        ("Thomson Reuters/Amir Cohen", MatchKind.ALIAS),
        ("REUTERS/Amir Cohen", MatchKind.EXACT),
    ],
)
def test_agency_spellings_are_recognised_and_classified(text, kind):
    credit = parse_credit(text)
    assert credit.agency == "Reuters"
    assert credit.agencies[0].kind is kind


def test_names_near_an_agency_are_not_taken_for_it():
    assert parse_credit("Peters/Getty Images").agencies[0].agency.name == "Getty Images"
    assert DEFAULT_TABLE.lookup("Peters") is None
    assert DEFAULT_TABLE.lookup("AB") is None  # short names never match fuzzily


def test_malformed_credits_are_marked():
    assert parse_credit("Reuters / amir cohen").spaced_slash
    assert parse_credit("REUTERS/").empty_part
    assert parse_credit("   ") is None


def test_the_desk_can_add_agencies_and_spellings():
    table = DEFAULT_TABLE.extended(
        [
            AgencyConfig("Agencia Uno", lead="AGENCIA UNO"),
            AgencyConfig("Reuters", aliases=("RTRS",)),
        ]
    )
    assert parse_credit("Jane Doe/AGENCIA UNO", table).agency == "Agencia Uno"
    assert parse_credit("RTRS/Jane Doe", table).agencies[0].kind is MatchKind.ALIAS
    assert parse_credit("Jane Doe/AGENCIA UNO").agency is None  # the default table is unchanged


@pytest.mark.parametrize(
    ("caption", "body_end", "credit_text", "note"),
    [
        (
            "Nepalese walk in Kathmandu, Nepal, February 16, 2015. REUTERS/Navesh Chitrakar",
            "February 16, 2015.",
            "REUTERS/Navesh Chitrakar",
            "",
        ),
        (
            "A man walks in Kharkiv, Ukraine, Friday, March 11, 2022. (AP Photo/Andrew Marienko)",
            "March 11, 2022.",
            "(AP Photo/Andrew Marienko)",
            "",
        ),
        (
            "Megan Rapinoe of the U.S. celebrates REUTERS/Benoit Tessier/File Photo TPX IMAGES OF "
            "THE DAY",
            "celebrates",
            "REUTERS/Benoit Tessier/File Photo",
            "TPX IMAGES OF THE DAY",
        ),
        (
            "Soldiers fire near Bakhmut, Ukraine, May 2, 2023. Courtesy U.S. Customs and Border "
            "Protection/Handout via REUTERS ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A "
            "THIRD PARTY",
            "May 2, 2023.",
            "Courtesy U.S. Customs and Border Protection/Handout via REUTERS",
            "ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY",
        ),
        (
            "Police stand guard in Paris, France, May 2, 2023. Reuters / amir cohen",
            "May 2, 2023.",
            "Reuters / amir cohen",
            "",
        ),
    ],
)
def test_the_credit_at_the_end_of_a_caption_is_found(caption, body_end, credit_text, note):
    body, credit = split_caption_credit(caption)
    assert body.endswith(body_end)
    assert credit.text == credit_text
    assert credit.note == note


@pytest.mark.parametrize(
    "caption",
    [
        "Police and/or soldiers stand guard in Paris.",
        "A dog sleeps on the sofa, in Rome, Italy, July 8, 2020.",
        "The 24/7 shop is closed after the storm in Miami, Florida, U.S. May 2, 2023.",
        "",
    ],
)
def test_captions_without_a_credit(caption):
    body, credit = split_caption_credit(caption)
    assert credit is None
    assert body == caption.strip()


def test_attribution_prefers_the_credit_field_then_falls_back():
    assert attribution(record(credit="REUTERS/Leah Millis")) == Attribution(
        "Reuters", "Leah Millis"
    )
    caption_only = record(caption="A man walks. (AP Photo/Jane Doe)")
    assert attribution(caption_only) == Attribution("AP", "Jane Doe")
    from_source = record(source="Reuters", byline=("Leah Millis",))
    assert attribution(from_source) == Attribution("Reuters", "Leah Millis")
    assert attribution(record(copyright="© 2024 Thomson Reuters")).agency == "Reuters"
    assert attribution(record(caption="A man walks.")) == Attribution(None, None)


def test_attribution_ignores_an_agency_only_byline_as_photographer():
    assert attribution(record(byline=("REUTERS",))) == Attribution("Reuters", None)
    assert attribution(record(byline=("", "Leah Millis/Reuters"))) == Attribution(
        "Reuters", "Leah Millis"
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Óscar Cañas", "oscar canas", True),
        ("Jane Doe", "JANE DOE", True),
        ("Jane Doe", "Jane A. Doe", True),
        ("Amir Cohen", "Ammar Awad", False),
        ("Jane Doe", "Jane", False),
        ("", "Jane Doe", False),
    ],
)
def test_same_person_tolerates_case_accents_and_middle_names(a, b, same):
    assert same_person(a, b) is same


_NAME_WORD = st.from_regex(r"[A-Z][a-z]{2,9}", fullmatch=True)
_NAMES = (
    st.lists(_NAME_WORD, min_size=2, max_size=3)
    .map(" ".join)
    .filter(
        # a person's name: no word the parser reads as an organisation ("Inc", "Press", "Today"),
        # and not an agency's name
        lambda n: (
            not any(w.casefold() in ORGANISATION_WORDS for w in n.split())
            and DEFAULT_TABLE.lookup(n) is None
        )
    )
)


@given(name=_NAMES, agency=st.sampled_from(DEFAULT_TABLE.agencies), file_photo=st.booleans())
def test_house_credits_parse_back_to_their_parts(name, agency, file_photo):
    credit = parse_credit(house_credit(agency, name, file_photo=file_photo))
    assert credit.agency == agency.name
    assert credit.photographer == name
    assert ("File Photo" in credit.qualifiers) is file_photo


@pytest.mark.parametrize(
    ("text", "agency", "photographer"),
    [
        ("REUTERS/Aaa Via", "Reuters", "Aaa Via"),  # found by the test above
        ("Luca Via/AFP", "AFP", "Luca Via"),
        ("(AP Photo/Luca Via)", "AP", "Luca Via"),
    ],
)
def test_a_surname_via_is_no_distributor(text, agency, photographer):
    credit = parse_credit(text)
    assert (credit.agency, credit.photographer, credit.via) == (agency, photographer, False)


@given(st.text(max_size=200))
def test_parse_and_split_never_raise(text):
    credit = parse_credit(text)
    assert credit is None or credit.text
    body, found = split_caption_credit(text)
    assert len(body) <= len(text)


@given(name=_NAMES)
def test_a_credit_glued_to_any_caption_is_found(name):
    caption = f"Fans cheer in Paris, France, May 2, 2023. REUTERS/{name}"
    body, credit = split_caption_credit(caption)
    assert (body, credit.photographer) == ("Fans cheer in Paris, France, May 2, 2023.", name)


def test_an_empty_agency_table_recognises_nothing():
    assert parse_credit("REUTERS/Jane Doe", AgencyTable(())).agency is None


def test_the_restrictions_after_a_sports_credit_are_a_note():
    caption = (
        "Soccer Football - Premier League - Arsenal v Manchester United - Emirates Stadium, "
        "London, Britain - December 4, 2024 Arsenal's Bukayo Saka in action Action Images via "
        "Reuters/John Sibley EDITORIAL USE ONLY. No use with unauthorized audio, video, data, "
        "fixture lists, club/league logos or 'live' services."
    )
    body, credit = split_caption_credit(caption)
    assert body.endswith("Bukayo Saka in action")
    assert credit is not None and credit.photographer == "John Sibley"
    assert credit.note.startswith("EDITORIAL USE ONLY.")
    opening = "EDITORIAL USE ONLY. A handout picture of the summit in Rome. Palazzo Chigi/Handout"
    assert (
        split_caption_credit(opening)[0]
        == "EDITORIAL USE ONLY. A handout picture of the summit in Rome."
    )


def test_a_desk_note_alone_is_no_credit():
    assert parse_credit("PICTURE TAKEN WITH A MOBILE PHONE") is None
