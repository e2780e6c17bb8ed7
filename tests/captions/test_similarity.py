"""The near-duplicate pairs' integer tokens: ranked as the token texts, bounded by their bits."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.similarity import _bits, _ranked_tokens, _tokens

_TEXTS = st.lists(
    st.lists(st.sampled_from(["a", "b", "c", "in", "the", "ab", "ba"]), max_size=12),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(
    texts=_TEXTS,
    pairs_of_words=st.booleans(),
    min_words=st.integers(0, 4),
    max_postings=st.integers(1, 6),
)
def test_integer_tokens_rank_as_the_token_texts(texts, pairs_of_words, min_words, max_postings):
    spelled = [_tokens(w, pairs_of_words) if len(w) >= min_words else [] for w in texts]
    counts = Counter(token for tokens in spelled for token in tokens)
    by_text = {t: n for n, t in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
    ranked = _ranked_tokens(texts, pairs_of_words, min_words, max_postings)
    for tokens, keys, key_set in zip(spelled, ranked.keys, ranked.sets, strict=True):
        assert [ranked.rank[k] for k in keys] == [by_text[t] for t in tokens]
        assert key_set == frozenset(keys) and len(key_set) == len(tokens)
    assert ranked.usable == sum(1 for c in counts.values() if c <= max_postings)


@settings(max_examples=300, deadline=None)
@given(
    shared=st.sets(st.integers(0, 2**62), max_size=20),
    mine=st.sets(st.integers(0, 2**62), max_size=20),
    theirs=st.sets(st.integers(0, 2**62), max_size=20),
)
def test_shared_bits_bound_the_shared_tokens(shared, mine, theirs):
    a, b = sorted(shared | mine), sorted(shared | theirs)
    bits_a, bits_b = _bits(a), _bits(b)
    bound = (bits_a & bits_b).bit_count() + len(a) - bits_a.bit_count()
    assert len(set(a) & set(b)) <= bound


def test_keys_that_share_a_bit_count_in_the_bound():
    a, b = [1, 128, 255], [128, 255]  # all three keys' bit is 1 (of 127)
    assert (_bits(a) & _bits(b)).bit_count() == 1
    assert len(a) - _bits(a).bit_count() == 2
