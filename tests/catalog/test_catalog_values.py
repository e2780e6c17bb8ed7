"""Field values survive the trip into the catalog's columns and revision JSON unchanged."""

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from editor_app.catalog.values import (
    EMPTY,
    decode,
    decode_columns,
    display,
    encode,
    from_record,
    json_changes,
    json_list,
    normalize,
)
from editor_app.metadata.fields import EDITABLE_FIELDS, LIST_FIELDS, TEXT_FIELDS
from editor_app.metadata.record import PhotoMetadata

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


# The hand-written JSON (bulk imports) must be exactly what the json module writes, so any
# JSON reader, and every older catalog row, agrees with it.
values = texts | st.lists(texts).map(tuple)


@given(st.lists(texts))
def test_json_list_is_what_json_writes(items):
    assert json_list(items) == json.dumps(items, ensure_ascii=False)


@given(
    st.lists(st.tuples(st.sampled_from(sorted(EMPTY)), values, values), unique_by=lambda t: t[0])
)
def test_json_changes_is_what_json_writes(triples):
    plain = {
        n: [list(o) if isinstance(o, tuple) else o, list(v) if isinstance(v, tuple) else v]
        for n, o, v in triples
    }
    assert json_changes(triples) == json.dumps(plain, ensure_ascii=False)


field_values = st.fixed_dictionaries(
    {
        name: st.lists(texts).map(tuple) if name in LIST_FIELDS else st.none() | texts
        for name in EDITABLE_FIELDS
    }
)


@given(values=field_values)
def test_from_record_is_normalize_of_every_field(values):
    record = PhotoMetadata(path=Path("/x.jpg"), **values)
    expected = {name: normalize(name, getattr(record, name)) for name in EDITABLE_FIELDS}
    assert from_record(record) == expected


@given(values=field_values)
def test_decode_columns_is_decode_of_each_column(values):
    fields = {name: normalize(name, value) for name, value in values.items()}
    texts = [encode(name, fields[name]) for name in EDITABLE_FIELDS]
    assert decode_columns(texts) == fields
    nulls = [None] * len(EDITABLE_FIELDS)  # as decode takes a NULL column
    assert decode_columns(nulls) == {name: decode(name, None) for name in EDITABLE_FIELDS}
