"""Near-duplicate captions at scale: prefix-filtered candidates, verified by word edit distance.

The measure is word-level similarity ``1 - edits / length of the longer caption``, where an edit
inserts, deletes or replaces one word. If two captions of ``n`` and ``m`` words are within
``d`` edits, they share at least ``n - 1 - 2d`` word pairs (bigrams; counted with repeats), and
``d`` can be bounded from ``n`` and the threshold alone. By the set-similarity "prefix filter",
two such captions then share one of the rarest ``|pairs| - bound + 1`` word pairs of each; only
those are indexed, so no pair of captions is compared unless it shares a rare word pair. For
thresholds below 0.75 single words are used instead (weaker, slower filter). Candidates per
caption are capped so that a pathological batch stays near-linear.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from math import floor
from operator import itemgetter

from editor_app.metadata.fastinit import quick_init

MAX_CANDIDATES = 30  # per caption; reached only when hundreds of captions share rare phrases
# A word pair found in more captions than this is boilerplate ("during a", "in the"): it picks no
# candidates. Pairs that share nothing rarer are missed, which keeps the work linear.
MAX_POSTINGS = 60
_BIGRAM_THRESHOLD = 0.75  # at or above: filter on word pairs; below: on single words
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class NearPair:
    first: int  # indexes into the word lists given, first < second
    second: int
    similarity: float
    edits: int


_pair = quick_init(NearPair)  # thousands per batch on a feed of stock wording


def near_duplicate_pairs(
    texts: Sequence[Sequence[str]],
    threshold: float,
    min_words: int = 1,
    max_candidates: int = MAX_CANDIDATES,
    max_postings: int = MAX_POSTINGS,
) -> list[NearPair]:
    """Pairs of word lists at least ``threshold`` similar (identical lists included)."""
    pairs_of_words = threshold >= _BIGRAM_THRESHOLD
    tokens, sets = _tokens_and_sets(texts, pairs_of_words, min_words)
    needed = [_needed_overlap(len(w), threshold, pairs_of_words) for w in texts]
    counts = Counter(token for marked in tokens for token in marked)
    # Tokens by rank (rarest first, ties by text): the prefix is sorted and the index keyed by
    # these small integers, not by the token strings (100,000 captions: ~1.5 M tokens).
    by_rank = sorted(counts.items(), key=itemgetter(1, 0))
    rank = {token: n for n, (token, _) in enumerate(by_rank)}
    usable = bytes(count <= max_postings for _, count in by_rank)  # rank -> in few captions
    index: dict[int, list[int]] = defaultdict(list)
    found: list[NearPair] = []
    # A batch holds many copies of a caption: each pair of distinct word lists is measured
    # once (a quarter of the candidates on a generated feed). Inlined: ~10,000 candidates.
    distinct: dict[tuple[str, ...], int] = {}
    same_as = [distinct.setdefault(tuple(words), len(distinct)) for words in texts]
    measured: dict[tuple[int, int], int] = {}  # capped, as edit_distance returns it
    for i in sorted(range(len(texts)), key=lambda k: len(texts[k])):
        if not tokens[i] or needed[i] < 1:
            continue
        ranks = sorted(map(rank.__getitem__, tokens[i]))[: len(tokens[i]) - needed[i] + 1]
        prefix = [r for r in ranks if usable[r]]
        longest = len(texts[i])  # candidates were indexed earlier, so are not longer
        shortest = threshold * longest - _EPS
        edits = floor((1 - threshold) * longest + _EPS)  # the most a partner may be apart
        tokens_needed = longest - 1 - 2 * edits if pairs_of_words else longest - edits
        my_pairs, mine, positions = sets[i], same_as[i], None
        for j in _candidates(prefix, index, texts, shortest, max_candidates):
            # a cheap necessary condition first: enough shared tokens
            if len(my_pairs & sets[j]) < tokens_needed:
                continue
            theirs = same_as[j]
            key = (theirs, mine) if theirs <= mine else (mine, theirs)
            apart = measured.get(key)
            if apart is None:
                other = texts[j]
                if longest - len(other) > edits or not longest:
                    apart = edit_distance(other, texts[i], edits)
                else:
                    if positions is None:
                        positions = _positions(texts[i])
                    apart = _distance(other, positions, longest, edits)
                measured[key] = apart
            if apart <= edits:
                found.append(_pair(min(i, j), max(i, j), 1 - apart / longest, apart))
        for token in prefix:
            index[token].append(i)
    return found


def word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """1 - word edit distance / length of the longer list (1.0 for two empty lists)."""
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else 1 - edit_distance(a, b, longest) / longest


def edit_distance(a: Sequence[str], b: Sequence[str], limit: int) -> int:
    """Word-level Levenshtein distance; any value above ``limit`` is returned as ``limit + 1``.

    Bit-parallel (Myers 1999, in Hyyrö's form for the global distance): one column of the
    table is a pair of bit masks over ``b``'s words, so each word of ``a`` costs a few integer
    operations instead of a loop over ``b`` (verification was most of a near-duplicate check).
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    if not b:
        return min(len(a), limit + 1)
    return _distance(a, _positions(b), len(b), limit)


def _positions(words: Sequence[str]) -> dict[str, int]:
    """Each word's bit mask of its positions in ``words``: edit_distance's table of ``b``."""
    where: dict[str, int] = {}
    bit = 1
    for word in words:
        where[word] = where.get(word, 0) | bit
        bit <<= 1
    return where


def _distance(a: Sequence[str], where: dict[str, int], length: int, limit: int) -> int:
    """edit_distance of ``a`` and the ``length`` words of ``b`` given as ``_positions(b)``."""
    mask, last = (1 << length) - 1, 1 << (length - 1)
    plus, minus, distance = mask, 0, length  # vertical deltas of column 0: all +1
    for word in a:
        equal = where.get(word, 0)
        cross = equal | minus
        horizontal = (((equal & plus) + plus) ^ plus) | equal
        up = minus | ~(horizontal | plus)
        down = plus & horizontal
        if up & last:
            distance += 1
        elif down & last:
            distance -= 1
        up = (up << 1) | 1  # row 0 grows by one per word of a
        down <<= 1
        plus = (down | ~(cross | up)) & mask
        minus = up & cross & mask
    return min(distance, limit + 1)


def _tokens_and_sets(
    texts: Sequence[Sequence[str]], pairs_of_words: bool, min_words: int
) -> tuple[list[list[str]], list[frozenset[str]]]:
    """``_tokens`` of each text long enough (others have none), and each one's set."""
    tokens, sets = [], []
    for words in texts:
        if len(words) < min_words:
            grams: list[str] = []
        elif pairs_of_words:
            grams = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        else:
            grams = list(words)
        unique = frozenset(grams)
        if len(unique) < len(grams):  # a repeated token: marked by occurrence
            grams = _marked(grams)
            unique = frozenset(grams)
        tokens.append(grams)
        sets.append(unique)
    return tokens, sets


def _tokens(words: Sequence[str], pairs_of_words: bool) -> list[str]:
    """Word pairs (or words), made unique by occurrence ("in the", "in the#2")."""
    if not pairs_of_words:
        return _marked(words)
    return _marked([f"{a} {b}" for a, b in zip(words, words[1:], strict=False)])


def _marked(grams: Sequence[str]) -> list[str]:
    if len(set(grams)) == len(grams):  # the common case: nothing repeats
        return list(grams)
    seen: Counter[str] = Counter()
    marked = []
    for gram in grams:
        seen[gram] += 1
        marked.append(gram if seen[gram] == 1 else f"{gram}#{seen[gram]}")
    return marked


def _needed_overlap(length: int, threshold: float, pairs_of_words: bool) -> int:
    """Tokens any caption within ``threshold`` of one of ``length`` words must share with it."""
    # The partner is at most length / threshold words long, so at most this many edits apart:
    edits = floor((1 - threshold) * length / threshold + _EPS)
    return length - 1 - 2 * edits if pairs_of_words else length - edits


def _candidates(
    prefix: Sequence[int],
    index: dict[int, list[int]],
    texts: Sequence[Sequence[str]],
    shortest: float,
    cap: int,
) -> list[int]:
    """Earlier captions sharing a prefix token, those sharing the most first, at most ``cap``."""
    shared = Counter(chain.from_iterable(index.get(token, ()) for token in prefix))
    # A near copy shares many rare tokens, a stranger one: the best come first when capping.
    if len(shared) <= cap:
        return [j for j in shared if len(texts[j]) >= shortest]
    found = []
    for j, _ in shared.most_common():  # stop at the cap: postings can list hundreds
        if len(texts[j]) >= shortest:
            found.append(j)
            if len(found) == cap:
                break
    return found
