"""The near-duplicate pairs' integer tokens rank as the token texts would."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.similarity import _ranked_tokens, _tokens

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
