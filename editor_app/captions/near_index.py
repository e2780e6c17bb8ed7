"""The near-duplicate index of ``similarity.near_duplicate_pairs``, kept up to date edit by edit.

The batch function finds the same pairs, in the same order, as this index after any sequence of
changes: each caption group's filtered prefix (its rarest tokens found in at most
``MAX_POSTINGS`` groups) and its capped, verified candidates among the groups processed before it
(shorter, or as long and earlier) are stored. A change of one group's text moves the counts of
its tokens only, so only the groups holding one of those tokens with a count at or under the
postings cap can get another prefix, and only the groups sharing a prefix token with those can
get other candidates: that neighbourhood is recomputed, nothing else.

It reuses the batch function's tokens, bounds and caps; tests/captions/test_near_index.py pins
the two together (any change to one must keep the other's results).
"""

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from math import floor
from operator import itemgetter

from editor_app.captions.similarity import (
    _BIGRAM_THRESHOLD,
    _EPS,
    MAX_CANDIDATES,
    MAX_POSTINGS,
    _needed_overlap,
    _tokens,
    edit_distance,
)

Key = Hashable
Order = tuple[int, int]  # (words in the text, position of the group in the batch)


@dataclass(slots=True)
class _Text:
    words: Sequence[str]
    order: Order
    tokens: list[str]
    token_set: frozenset[str]
    needed: int
    prefix: list[str]  # filtered prefix, in rank order; empty when the text is not indexed
    candidates: list[tuple[Key, int]]  # verified partners found when probing, with word edits
    verified: dict[Key, tuple["_Text", int | None]]  # partner -> (its text then, edits or None)
    shared: dict[Key, int] = field(default_factory=dict)  # earlier texts -> prefix tokens shared
    found: frozenset[Key] = frozenset()  # the candidates listed before verification
    last: int | None = None  # above the cap: the share count of the last candidate listed
    prefix_set: frozenset[str] = frozenset()


class NearIndex:
    """Near-duplicate pairs of keyed word lists, as ``near_duplicate_pairs`` would find them."""

    def __init__(
        self,
        threshold: float,
        min_words: int = 1,
        max_candidates: int = MAX_CANDIDATES,
        max_postings: int = MAX_POSTINGS,
    ) -> None:
        self._max_candidates = max_candidates
        self._max_postings = max_postings
        self._threshold = threshold
        self._min_words = min_words
        self._pairs_of_words = threshold >= _BIGRAM_THRESHOLD
        self._texts: dict[Key, _Text] = {}
        self._counts: Counter[str] = Counter()
        self._postings: dict[str, set[Key]] = {}
        self._holders: dict[str, list[tuple[Order, Key]]] = {}  # prefix token -> sorted holders
        self._found_by: dict[Key, set[Key]] = {}  # partner -> the texts that found it

    def partners(self, key: Key) -> list[tuple[Key, int]]:
        """The partners of ``key`` in the order the batch function reports its pairs."""
        text = self._texts.get(key)
        if text is None:
            return []
        later = sorted(self._found_by.get(key, ()), key=lambda k: self._texts[k].order)
        return [*text.candidates, *((k, self._edits(k, key)) for k in later)]

    def change(self, texts: dict[Key, tuple[Sequence[str], Order] | None]) -> set[Key]:
        """Set (or drop, with None) the texts of some keys; return every key whose partners
        may have changed (the changed keys included)."""
        moved: dict[str, list[tuple[Order, Key]]] = {}  # prefix token -> holders come or gone
        affected: set[Key] = set(texts)
        old_counts: dict[str, int] = {}
        for key, value in texts.items():
            old = self._texts.pop(key, None)
            if old is not None:
                _note(moved, old.prefix, old.order, key)
                affected.update(k for k, _ in old.candidates)
                self._unindex(old, key)
                self._relink(key, old.candidates, [])
                self._count(old.tokens, key, -1, old_counts)
            if value is not None:
                new = self._make(*value)
                self._texts[key] = new
                self._count(new.tokens, key, +1, old_counts)
        probe = self._reprefix(texts, old_counts, moved)
        for key in probe | self._touched_probers(moved, probe):
            text = self._texts[key]
            old_candidates = text.candidates
            text.candidates = self._candidates(key, text)
            if old_candidates != text.candidates:
                affected.add(key)
                self._relink(key, old_candidates, text.candidates)
                affected.update(k for k, _ in old_candidates)
                affected.update(k for k, _ in text.candidates)
        return affected

    def _reprefix(
        self, texts: Iterable[Key], old_counts: dict[str, int], moved: dict[str, list]
    ) -> set[Key]:
        """Work out again the prefixes that may have changed; return the keys whose did."""
        changed = {k for k in texts if k in self._texts}
        candidates = set(changed)
        for token, before in old_counts.items():
            # a token over the cap before and after is in no prefix: its rank moves nothing
            if min(before, self._counts[token]) <= self._max_postings:
                candidates |= self._postings.get(token, set())
        for key in candidates:
            text = self._texts[key]
            prefix = self._prefix(text)
            if key not in changed and prefix == text.prefix:
                continue
            _note(moved, text.prefix, text.order, key)
            _note(moved, prefix, text.order, key)
            self._set_prefix(key, text, prefix)
            changed.add(key)
        return changed

    def _touched_probers(self, moved: dict[str, list], done: set[Key]) -> set[Key]:
        """Texts processed after a holder that came or went, whose candidates may differ."""
        seen: dict[Key, set[Key]] = {}
        for token, changes in moved.items():
            for order, key in self._holders.get(token, ()):
                if key not in done:
                    for other_order, other in changes:
                        if order > other_order:
                            seen.setdefault(key, set()).add(other)
        return {key for key, others in seen.items() if not self._unmoved(key, others)}

    def _unmoved(self, key: Key, others: set[Key]) -> bool:
        """True when the coming or going of ``others`` cannot change ``key``'s candidates.

        Below the candidate cap (before and after) only a partner that verifies can enter or
        leave the list; above it, only one counted at least as often as the last one listed.
        """
        text = self._texts[key]
        counts = dict(text.shared)
        for other in others:
            count = self._shared_count(text, other)
            if count:
                counts[other] = count
            else:
                counts.pop(other, None)
        before, after = len(text.shared), len(counts)
        if before <= self._max_candidates and after <= self._max_candidates:
            listed = {k for k, _ in text.candidates}
            moved = any(o in listed or self._verifies(text, o) for o in others)
        elif (
            before > self._max_candidates and after > self._max_candidates and text.last is not None
        ):
            moved = any(o in text.found or counts.get(o, 0) >= text.last for o in others)
        else:
            moved = True
        if not moved:
            text.shared = counts  # the counts stay exact; their order is not used again
        return not moved

    def _shared_count(self, text: _Text, other: Key) -> int:
        """How many of ``text``'s prefix tokens ``other`` holds, when processed before it."""
        partner = self._texts.get(other)
        if partner is None or partner.order >= text.order:
            return 0
        return len(partner.prefix_set.intersection(text.prefix))

    def _verifies(self, text: _Text, other: Key) -> bool:
        partner = self._texts.get(other)
        if partner is None or partner.order >= text.order or not partner.prefix:
            return False
        longest = len(text.words)
        if partner.order[0] < self._threshold * longest - _EPS:
            return False
        edits = self._verified_edits(text, other, partner)
        return edits is not None and edits <= floor((1 - self._threshold) * longest + _EPS)

    def load(self, texts: Iterable[tuple[Key, Sequence[str], Order]]) -> None:
        """Start from these texts (faster than one ``change`` per text)."""
        counts, postings = self._counts, self._postings
        for key, words, order in texts:
            text = self._make(words, order)
            self._texts[key] = text
            counts.update(text.tokens)  # ``_count`` adding, without the before-values
            for token in text.tokens:
                holders = postings.get(token)
                if holders is None:
                    postings[token] = {key}
                else:
                    holders.add(key)
        for key, text in self._texts.items():
            self._set_prefix(key, text, self._prefix(text))
        for key, text in self._texts.items():
            text.candidates = self._candidates(key, text)
            self._relink(key, [], text.candidates)

    def _make(self, words: Sequence[str], order: Order) -> _Text:
        long_enough = len(words) >= self._min_words
        tokens = _tokens(words, self._pairs_of_words) if long_enough else []
        needed = _needed_overlap(len(words), self._threshold, self._pairs_of_words)
        return _Text(words, order, tokens, frozenset(tokens), needed, [], [], {})

    def _count(self, tokens: list[str], key: Key, step: int, before: dict[str, int]) -> None:
        for token in tokens:
            before.setdefault(token, self._counts[token])
            self._counts[token] += step
            holders = self._postings.setdefault(token, set())
            if step > 0:
                holders.add(key)
            else:
                holders.discard(key)
                if not holders:
                    del self._postings[token]
                    del self._counts[token]

    def _prefix(self, text: _Text) -> list[str]:
        if not text.tokens or text.needed < 1:
            return []
        counts = self._counts
        # All tokens over the cap rank after all tokens under it, so the filtered prefix is the
        # rarest tokens under the cap, cut at the prefix length.
        ranked = sorted((c, t) for t in text.tokens if (c := counts[t]) <= self._max_postings)
        return [t for _, t in ranked[: len(text.tokens) - text.needed + 1]]

    def _set_prefix(self, key: Key, text: _Text, prefix: list[str]) -> None:
        self._unindex(text, key)
        text.prefix, text.prefix_set = prefix, frozenset(prefix)
        for token in prefix:
            insort(self._holders.setdefault(token, []), (text.order, key))

    def _unindex(self, text: _Text, key: Key) -> None:
        for token in text.prefix:
            holders = self._holders[token]
            del holders[bisect_left(holders, (text.order, key))]
            if not holders:
                del self._holders[token]

    def _candidates(self, key: Key, text: _Text) -> list[tuple[Key, int]]:
        text.shared, text.found, text.last = {}, frozenset(), None
        if not text.prefix:
            return []
        shared: dict[Key, int] = {}  # in the order the batch's Counter would hold them
        get = shared.get
        me = (text.order, key)
        for token in text.prefix:
            holders = self._holders[token]
            for _, other in holders[: bisect_left(holders, me)]:
                shared[other] = get(other, 0) + 1
        ranked: Iterable[tuple[Key, int]] = shared.items()
        if len(shared) > self._max_candidates:  # Counter.most_common: by count, stable
            ranked = sorted(ranked, key=itemgetter(1), reverse=True)
        longest = len(text.words)
        shortest = self._threshold * longest - _EPS
        found = []
        for other, _ in ranked:
            if self._texts[other].order[0] >= shortest:
                found.append(other)
                if len(found) == self._max_candidates:
                    break
        limit = floor((1 - self._threshold) * longest + _EPS)
        text.shared, text.found = shared, frozenset(found)
        if len(shared) > self._max_candidates and len(found) == self._max_candidates:
            text.last = shared[found[-1]]
        verified = []
        for other in found:
            edits = self._verified_edits(text, other, self._texts[other])
            if edits is not None and edits <= limit:
                verified.append((other, edits))
        return verified

    def _verified_edits(self, text: _Text, other: Key, partner: _Text) -> int | None:
        """Word edits between two texts (None: too few shared tokens), cached per partner text."""
        seen = text.verified.get(other)
        if seen is not None and seen[0] is partner:
            return seen[1]
        longest = len(text.words)
        limit = floor((1 - self._threshold) * longest + _EPS)
        needed = longest - 1 - 2 * limit if self._pairs_of_words else longest - limit
        edits = None
        if len(text.token_set & partner.token_set) >= needed:
            edits = edit_distance(partner.words, text.words, limit)
        text.verified[other] = (partner, edits)
        return edits

    def _relink(self, key: Key, old: list[tuple[Key, int]], new: list[tuple[Key, int]]) -> None:
        for other, _ in old:
            found_by = self._found_by.get(other)
            if found_by is not None:
                found_by.discard(key)
        for other, _ in new:
            self._found_by.setdefault(other, set()).add(key)

    def _edits(self, finder: Key, found: Key) -> int:
        return next(e for k, e in self._texts[finder].candidates if k == found)


def _note(moved: dict[str, list], tokens: Iterable[str], order: Order, key: Key) -> None:
    for token in tokens:
        moved.setdefault(token, []).append((order, key))
