"""Country and Country code fill each other from the ISO 3166 table."""

import pytest

from editor_app.captions.countries import countries, find_country


def test_table_is_whole():
    codes = {c.code for c in countries()}
    assert len(codes) == len(countries()) >= 249
    assert {"USA", "GBR", "FRA", "BRA", "UKR", "JPN"} <= codes


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("FRA", "FRA", "France"),
        ("fr", "FRA", "France"),
        ("france", "FRA", "France"),
        ("United States", "USA", "United States"),
        ("U.S.", "USA", "United States"),
        ("Britain", "GBR", "United Kingdom"),
        ("  south   korea ", "KOR", "South Korea"),
        ("Russian Federation", "RUS", "Russia"),
        ("Russia", "RUS", "Russia"),
    ],
)
def test_find_country(text, code, name):
    found = find_country(text)
    assert found is not None and found.code == code and found.name == name


def test_unknown():
    assert find_country("Atlantis") is None
    assert find_country("") is None
