"""The spelling lists' hash table (captions/word_table.py) behaves as the dict it replaces."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.word_table import WordTable, build

_WORDS = st.dictionaries(
    st.text(min_size=1, max_size=30), st.integers(min_value=0, max_value=2**32 - 1), max_size=60
)


@settings(max_examples=200)
@given(_WORDS, st.lists(st.text(max_size=30), max_size=20))
def test_the_table_answers_as_the_dict_it_was_built_from(words, others):
    table = WordTable(build(words))
    assert len(table) == len(words)
    assert dict(table.items()) == words
    for word in [*words, *others]:
        assert (word in table) == (word in words)
        assert table.get(word, -7) == words.get(word, -7)
        if word not in words:
            with pytest.raises(KeyError):
                table[word]


def test_accented_words_and_frequencies_survive():
    words = {"café": 12, "naïve": 0, "Zürich": 70_000_000, "attorney": 5}
    table = WordTable(build(words))
    assert table["café"] == 12 and table["Zürich"] == 70_000_000 and "naïve" in table
    assert "cafe" not in table and "attroney" not in table and 3 not in table
    assert WordTable(build(words)) == table and table == words


def test_a_damaged_or_foreign_table_is_refused():
    data = build({"word": 1})
    for bad in (b"", b"CDWORDS0" + data[8:], data[:30]):
        with pytest.raises(ValueError):
            WordTable(bad)
