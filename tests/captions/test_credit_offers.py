"""The credits the Caption tab offers: the photo's agency joined to its by-line names."""

from pathlib import Path

import pytest

from editor_app.captions.agencies import DEFAULT_TABLE
from editor_app.captions.credit import parse_credit
from editor_app.captions.credit_offers import byline_people, photographer_credits
from editor_app.metadata.record import PhotoMetadata

REUTERS, AP = DEFAULT_TABLE.get("Reuters"), DEFAULT_TABLE.get("AP")


def _photo(name="a.jpg", **fields) -> PhotoMetadata:
    return PhotoMetadata(path=Path(name), **fields)


def _offers(*records, house=REUTERS) -> list[str]:
    return photographer_credits(records, DEFAULT_TABLE, house)


@pytest.mark.parametrize(
    ("fields", "house", "offered"),
    [
        # the desk's agency when the photo credits none
        ({"byline": ("Jane Smith",)}, REUTERS, ["REUTERS/Jane Smith"]),
        ({"byline": ("Jane Smith",)}, AP, ["AP Photo/Jane Smith"]),
        # the photo's own agency wins over the desk's: its Credit field...
        ({"byline": ("Jane Smith",), "credit": "AFP"}, REUTERS, ["Jane Smith / AFP"]),
        # in the agency's own order: Getty, dpa and AFP name the photographer first
        (
            {"byline": ("Jane Smith",), "credit": "Getty Images"},
            REUTERS,
            ["Jane Smith/Getty Images"],
        ),
        ({"byline": ("Jane Smith",), "credit": "dpa"}, REUTERS, ["Jane Smith/dpa"]),
        ({"byline": ("Jane Smith",), "credit": "EPA-EFE"}, REUTERS, ["EPA-EFE/Jane Smith"]),
        ({"byline": ("Jane Smith",), "credit": "Retuers"}, AP, ["REUTERS/Jane Smith"]),
        # ...else its caption's credit, else a by-line carrying the agency
        (
            {"byline": ("Jane Smith",), "caption": "A cat sleeps. (AP Photo/Jane Smith)"},
            REUTERS,
            ["AP Photo/Jane Smith"],
        ),
        ({"byline": ("Jane Smith/AFP",)}, REUTERS, ["Jane Smith / AFP"]),
        # one entry per person, in by-line order; agencies and repeats are nobody new
        (
            {"byline": ("Jane Smith", "Bo Chan", "REUTERS", "JANE SMITH")},
            REUTERS,
            ["REUTERS/Jane Smith", "REUTERS/Bo Chan"],
        ),
        ({"byline": ()}, REUTERS, []),
        ({"byline": ("REUTERS",)}, REUTERS, []),
        ({"byline": ("Jane Smith",)}, None, []),  # no agency at all: nothing to join
    ],
)
def test_one_photo_gets_its_agency_and_each_byline_name(fields, house, offered):
    assert _offers(_photo(**fields), house=house) == offered


def test_every_offer_parses_back_to_its_agency_and_photographer():
    for offer, name in zip(
        _offers(_photo(byline=("Ivan Alvarado", "Leah Millis"))),
        ("Ivan Alvarado", "Leah Millis"),
        strict=True,
    ):
        credit = parse_credit(offer)
        assert (credit.agency, credit.photographer) == ("Reuters", name)


@pytest.mark.parametrize(
    ("written", "agency"),
    [("REUTERS", "Reuters"), ("AFP", "AFP"), ("Getty Images", "Getty Images"), ("dpa", "dpa")]
    + [("EPA-EFE", "EPA-EFE"), ("PA", "PA")],
)
def test_offers_in_every_order_parse_back_to_their_agency_and_photographer(written, agency):
    (offer,) = _offers(_photo(byline=("Leah Millis",), credit=written))
    credit = parse_credit(offer)
    assert (credit.agency, credit.photographer) == (agency, "Leah Millis")


def test_several_photos_get_offers_only_for_a_common_byline():
    jane = _photo("a.jpg", byline=("Jane Smith",), credit="REUTERS")
    jane2 = _photo("b.jpg", byline=("Jane Smith",), caption="Rain. REUTERS/Jane Smith")
    bo = _photo("c.jpg", byline=("Bo Chan",), credit="REUTERS")
    assert _offers(jane, jane2) == ["REUTERS/Jane Smith"]
    assert _offers(jane, bo) == []  # the by-line differs: no name fits both
    assert _offers() == []


def test_several_photos_of_different_agencies_get_only_what_fits_all():
    reuters = _photo("a.jpg", byline=("Jane Smith",), credit="REUTERS")
    afp = _photo("b.jpg", byline=("Jane Smith",), credit="AFP")
    assert _offers(reuters, afp) == []
    assert _offers(reuters, _photo("c.jpg", byline=("Jane Smith",))) == ["REUTERS/Jane Smith"]


def test_byline_people_are_the_persons_once_each():
    people = byline_people(("Jane Doe/AFP", "AFP", "jane doe", "Bo Chan"), DEFAULT_TABLE)
    assert people == ["Jane Doe", "Bo Chan"]
