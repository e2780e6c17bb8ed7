"""The kept-up-to-date near-duplicate index finds what the batch function finds, in its order."""

from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.near_index import NearIndex
from editor_app.captions.similarity import near_duplicate_pairs

# Texts near one of a few stems, so that partners, shared tokens and capped lists are common.
_STEMS = [
    ["a", "b", "c", "d", "e", "f", "g", "h"],
    ["a", "b", "c", "x", "y", "z", "g", "h"],
    ["p", "q", "r", "s", "t", "u"],
]


@st.composite
def _words(draw):
    words = list(draw(st.sampled_from(_STEMS)))
    for _ in range(draw(st.integers(0, 3))):
        position = draw(st.integers(0, len(words)))
        word = draw(st.sampled_from(["a", "c", "e", "q", "z", "w"]))
        if draw(st.booleans()) and position < len(words):
            words[position] = word
        else:
            words.insert(position, word)
    return words[: draw(st.integers(0, len(words)))] if draw(st.integers(0, 9)) == 0 else words


_WORDS = _words()
# (key, words or None to drop): a few keys so texts are replaced and dropped often
_CHANGES = st.lists(st.tuples(st.integers(0, 15), st.none() | _WORDS), min_size=1, max_size=40)


def batch_partners(texts, threshold, min_words, caps):
    """Each key's partners, in the order ``near_duplicate_caption`` lists them."""
    keys = sorted(texts)
    pairs = near_duplicate_pairs([texts[k] for k in keys], threshold, min_words, *caps)
    partners: dict = {}
    for pair in pairs:
        first, second = keys[pair.first], keys[pair.second]
        partners.setdefault(first, []).append((second, pair.edits))
        partners.setdefault(second, []).append((first, pair.edits))
    return partners


@settings(max_examples=400, deadline=None)
@given(
    changes=_CHANGES,
    threshold=st.sampled_from([0.5, 0.7, 0.75, 0.8]),
    min_words=st.integers(1, 3),
    caps=st.tuples(st.integers(1, 4), st.integers(1, 5)),
)
def test_index_after_changes_equals_the_batch_function(changes, threshold, min_words, caps):
    index = NearIndex(threshold, min_words, *caps)
    texts: dict[int, list[str]] = {}
    for step, (key, words) in enumerate(changes):
        if words is None:
            texts.pop(key, None)
            value = None
        else:
            texts[key] = words
            value = (words, (len(words), key))  # the key is the group's place in the batch
        affected = index.change({key: value})
        expected = batch_partners(texts, threshold, min_words, caps)
        for other in texts:
            assert index.partners(other) == expected.get(other, []), (step, other)
        assert key in affected


def test_load_equals_the_batch_function():
    texts = {k: f"w{k % 3} x y z u{k % 2} v".split() for k in range(12)}
    index = NearIndex(0.8, 1, 3, 4)
    index.load((k, words, (len(words), k)) for k, words in texts.items())
    expected = batch_partners(texts, 0.8, 1, (3, 4))
    assert {k: index.partners(k) for k in texts} == {k: expected.get(k, []) for k in texts}
    assert any(index.partners(k) for k in texts)


def test_change_reports_the_partners_it_touched():
    index = NearIndex(0.8)
    index.load([("a", ["one", "two", "three", "four", "five"], (5, 0))])
    affected = index.change({"b": (["one", "two", "three", "four", "five"], (5, 1))})
    assert affected == {"a", "b"}
    assert index.partners("a") == [("b", 0)]
    assert index.change({"b": None}) == {"a", "b"}
    assert index.partners("a") == []
