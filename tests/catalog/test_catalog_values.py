"""Field values survive the trip into the catalog's columns and revision JSON unchanged."""

from hypothesis import given
from hypothesis import strategies as st

from editor_app.catalog.values import decode, display, encode, normalize
from editor_app.metadata.fields import LIST_FIELDS, TEXT_FIELDS

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))


@given(name=st.sampled_from(TEXT_FIELDS), value=texts)
def test_text_round_trip(name, value):
    assert decode(name, encode(name, value)) == value


@given(name=st.sampled_from(LIST_FIELDS), value=st.lists(texts.filter(bool)).map(tuple))
def test_list_round_trip(name, value):
    assert decode(name, encode(name, value)) == value


def test_reader_values_are_normalized():
    assert normalize("keywords", ["a", "", "b"]) == ("a", "b")
    assert normalize("keywords", "single") == ("single",)
    assert normalize("date_created", None) == ""
    assert display(("a", "b")) == "a; b"
