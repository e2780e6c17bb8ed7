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

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, count
from math import floor

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
    tokens = _ranked_tokens(texts, pairs_of_words, min_words, max_postings)
    keys, sets, rank, usable = tokens.keys, tokens.sets, tokens.rank, tokens.usable
    bits = tokens.bits
    lengths = [len(words) for words in texts]
    bounds = _Bounds(max(lengths, default=0), threshold, pairs_of_words)
    index: dict[int, list[int]] = {}
    found: list[NearPair] = []
    verify = _Verifier(texts, lengths)
    # by length: a text's candidates, processed before it, are not longer (_candidates)
    for i in sorted(range(len(texts)), key=lengths.__getitem__):
        mine_keys = keys[i]
        longest = lengths[i]
        needed = bounds.prefix[longest]
        if not mine_keys or needed < 1:
            continue
        # The prefix: the text's rarest tokens, cut at its length, without those in many texts;
        # these rank last (from ``usable`` on), so they are dropped first and only the few rare
        # ones are sorted.
        prefix = sorted([r for k in mine_keys if (r := rank[k]) < usable])
        if not prefix:
            continue
        del prefix[len(mine_keys) - needed + 1 :]
        edits = bounds.edits[longest]  # the most a partner may be apart
        tokens_needed = bounds.shared[longest]
        my_pairs, my_bits = sets[i], bits[i]
        # More of my tokens than my bits: some share a bit, and may share with another text's.
        spare = len(mine_keys) - my_bits.bit_count()
        for j in _candidates(prefix, index, lengths, bounds.shortest[longest], max_candidates):
            # Cheap necessary conditions first: enough shared tokens; the shared bits bound
            # them from above without building a set (most candidates share a token or two).
            if (my_bits & bits[j]).bit_count() + spare < tokens_needed:
                continue
            if len(my_pairs & sets[j]) >= tokens_needed:
                apart = verify.edits(i, j, edits)
                if apart <= edits:
                    found.append(_pair(min(i, j), max(i, j), 1 - apart / longest, apart))
        for token in prefix:
            if token in index:
                index[token].append(i)
            else:
                index[token] = [i]
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


class _Verifier:
    """Word edits between a text and an earlier, not longer one, capped as ``edit_distance``
    caps them. A batch holds many copies of a caption: each pair of distinct word lists is
    measured once (a quarter of the candidates on a generated feed)."""

    def __init__(self, texts: Sequence[Sequence[str]], lengths: list[int]) -> None:
        self.texts, self.lengths = texts, lengths
        self.distinct: dict[tuple[str, ...], int] = {}
        self.same_as = [-1] * len(texts)  # the text's distinct word list, found when needed
        self.measured: dict[tuple[int, int], int] = {}
        self.table: tuple[int, dict[str, int]] = (-1, {})  # the last text's _positions

    def edits(self, i: int, j: int, limit: int) -> int:
        mine, theirs = self._same(i), self._same(j)
        key = (theirs, mine) if theirs <= mine else (mine, theirs)
        apart = self.measured.get(key)
        if apart is None:
            longest, other = self.lengths[i], self.texts[j]
            if longest - self.lengths[j] > limit or not longest:
                apart = edit_distance(other, self.texts[i], limit)
            else:
                if self.table[0] != i:
                    self.table = (i, _positions(self.texts[i]))
                apart = _distance(other, self.table[1], longest, limit)
            self.measured[key] = apart
        return apart

    def _same(self, k: int) -> int:
        same = self.same_as[k]
        if same < 0:
            distinct = self.distinct
            same = self.same_as[k] = distinct.setdefault(tuple(self.texts[k]), len(distinct))
        return same


class _Bounds:
    """What the threshold allows a text of each length (index), worked out once per length."""

    def __init__(self, longest: int, threshold: float, pairs_of_words: bool) -> None:
        sizes = range(longest + 1)
        self.prefix = [_needed_overlap(n, threshold, pairs_of_words) for n in sizes]
        self.edits = [floor((1 - threshold) * n + _EPS) for n in sizes]
        self.shortest = [threshold * n - _EPS for n in sizes]  # the shortest partner
        # tokens a partner, not longer, must share
        self.shared = [n - 1 - 2 * e if pairs_of_words else n - e for n, e in enumerate(self.edits)]


@dataclass(slots=True)
class _Tokens:
    """Each text's tokens as integers, and their ranks: rarest first, ties by the token's text
    (the order the prefix filter takes them in)."""

    keys: list[list[int]]  # per text, its tokens (word pairs or words, marked by occurrence)
    sets: list[frozenset[int]]  # per text, the set of its keys
    bits: list[int]  # per text, a bit set of its keys (``_bits``): what two texts share is
    # at most the bits they share, plus the keys of one that share a bit with another of its
    rank: dict[int, int]  # key -> rank
    usable: int  # the ranks below it are of tokens in at most ``max_postings`` texts


def _ranked_tokens(
    texts: Sequence[Sequence[str]], pairs_of_words: bool, min_words: int, max_postings: int
) -> _Tokens:
    """The tokens of ``_tokens`` (of each text long enough; others have none) as integers,
    ranked as ``sorted`` ranks their (count, text): 100,000 captions have ~1.5 M tokens but
    ~100,000 distinct ones, and only those are spelled out (to break ties of their counts).
    Words hold no space and no "#" (``text.words``), so the integers match the texts 1:1."""
    word_ids: defaultdict[str, int] = defaultdict(count().__next__)  # a new word: the next id
    numbers = [[word_ids[w] for w in words] for words in texts]
    span = 1 << len(word_ids).bit_length()  # a pair's key: first * span + second
    repeat = span * span if pairs_of_words else span  # a key repeated n times: + (n - 1) * this
    keys: list[list[int]] = []
    sets: list[frozenset[int]] = []
    empty: frozenset[int] = frozenset()
    for mine in numbers:
        if len(mine) < min_words:
            keys.append([])
            sets.append(empty)
            continue
        if pairs_of_words:
            mine = [a * span + b for a, b in zip(mine, mine[1:], strict=False)]
        unique = frozenset(mine)
        if len(unique) < len(mine):  # a repeated token: marked by occurrence
            mine = _marked_keys(mine, repeat)
            unique = frozenset(mine)
        keys.append(mine)
        sets.append(unique)
    counts = Counter(chain.from_iterable(keys))
    spelled = list(word_ids)

    def spell(key: int) -> str:
        occurrence, key = divmod(key, repeat)
        if pairs_of_words:
            first, second = divmod(key, span)
            text = f"{spelled[first]} {spelled[second]}"
        else:
            text = spelled[key]
        return f"{text}#{occurrence + 1}" if occurrence else text

    order = sorted(counts, key=lambda k: (counts[k], spell(k)))
    usable = sum(1 for count in counts.values() if count <= max_postings)
    bits = [_bits(mine) for mine in keys]
    return _Tokens(keys, sets, bits, {key: n for n, key in enumerate(order)}, usable)


def _bits(keys: list[int]) -> int:
    """Each key's bit (of 127, by its remainder: a pair's key mixes both words' ids) set."""
    found = 0
    for key in keys:
        found |= 1 << key % 127
    return found


def _marked_keys(keys: Sequence[int], repeat: int) -> list[int]:
    """``_marked`` for keys: the n-th occurrence of a key gets ``(n - 1) * repeat`` added."""
    seen: Counter[int] = Counter()
    marked = []
    for key in keys:
        marked.append(key + seen[key] * repeat)
        seen[key] += 1
    return marked


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
    lengths: Sequence[int],
    shortest: float,
    cap: int,
) -> list[int]:
    """Earlier captions sharing a prefix token, those sharing the most first, at most ``cap``."""
    postings = [held for token in prefix if (held := index.get(token))]
    if not postings:
        return []
    if len(postings) == 1:  # most captions: one rare token is held by earlier ones
        # Each text once, all sharing one token, in the order they were processed: by length,
        # so the long enough ones are the list's end.
        held = postings[0]
        start = bisect_left(held, shortest, key=lengths.__getitem__)
        return held[start : start + cap]
    counts: dict[int, int] = {}
    get = counts.get
    for held in postings:
        for j in held:
            counts[j] = get(j, 0) + 1
    if len(counts) <= cap:
        return [j for j in counts if lengths[j] >= shortest]
    found = []
    # A near copy shares many rare tokens, a stranger one: the best come first when capping
    # (by count, stable, as Counter.most_common orders them).
    for j in sorted(counts, key=counts.__getitem__, reverse=True):
        if lengths[j] >= shortest:
            found.append(j)
            if len(found) == cap:  # stop at the cap: postings can list hundreds
                break
    return found
