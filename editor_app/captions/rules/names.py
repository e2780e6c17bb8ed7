"""The name-spelling rule: a near miss of a name the desk lists is flagged with the right spelling.

The names are the desk's names list and every replacement of its code files (``[spelling]
names``, ``names-file``, ``code-replacements``; the window adds the catalog's codes). A run of
capitalised words in the caption or headline that is one or two letters away from a listed
name of as many words ("Aaron Rogers" when the list has "Aaron Rodgers") is reported; a run
that is itself listed is not. The spelling rule checks lower-case words only, so names need
their own rule.
"""

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, rule
from editor_app.captions.text import fold

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MEMO_KEY = "name-spelling.index"
_MIN_WORD = 4  # "Jan" and "Joan" are two names, not a typo
_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Listed names (2 to 4 capitalised words) by folded text and by each folded word."""

    exact: frozenset[str] = frozenset()
    by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: Iterable[str]) -> "NameIndex":
        exact: set[str] = set()
        by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        folded_words: dict[str, str] = {}
        for text in texts:
            for name in _listed_names(text):
                folded = tuple(_fold(word, folded_words) for word in name.split())
                if " ".join(folded) in exact:
                    continue
                exact.add(" ".join(folded))
                for word in set(folded):
                    by_word.setdefault(word, []).append((name, folded))
        return cls(frozenset(exact), by_word)

    def near_miss(self, words: tuple[str, ...]) -> str | None:
        """The listed name ``words`` (folded) is a near miss of, or None."""
        if " ".join(words) in self.exact:
            return None
        for word in words:
            for name, listed in self.by_word.get(word, ()):
                if len(listed) == len(words) and _close(words, listed):
                    return name
        return None


@rule(
    "name-spelling",
    Severity.WARNING,
    "A name in the caption or headline is a near miss of a name on the desk's names list or "
    "in its code files.",
)
def name_spelling(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    index = _index(ctx)
    if not index.exact:
        return
    seen: set[str] = set()
    for text in (photo.body, photo.record.headline):
        for written, listed in near_misses(text, index):
            if written not in seen:
                seen.add(written)
                yield f'"{written}" may be misspelt: the names list has "{listed}".'


def near_misses(text: str, index: NameIndex) -> Iterator[tuple[str, str]]:
    """``(as written, listed name)`` for each near miss in ``text``."""
    for run in _capitalised_runs(text):
        folded = [fold(word) for word in run]
        start = 0
        while start < len(run) - 1:
            found = _longest_at(folded, start, index)
            if found is None:
                start += 1
                continue
            end, listed = found
            if listed is not None:
                yield " ".join(run[start:end]), listed
            start = end


def _longest_at(folded: list[str], start: int, index: NameIndex) -> tuple[int, str | None] | None:
    """The longest listed name (None: written as listed) or near miss starting at ``start``
    in a run of (folded) words."""
    for end in range(min(len(folded), start + _MAX_WORDS), start + 1, -1):
        words = tuple(folded[start:end])
        if " ".join(words) in index.exact:
            return end, None
        listed = index.near_miss(words)
        if listed is not None:
            return end, listed
    return None


def _index(ctx: RuleContext) -> NameIndex:
    index = ctx.memo.get(_MEMO_KEY)
    if not isinstance(index, NameIndex):
        index = _index_of(ctx.settings.spelling_names)
        ctx.memo[_MEMO_KEY] = index
    return index


@functools.lru_cache(maxsize=4)
def _index_of(names: tuple[str, ...]) -> NameIndex:
    # The window checks live on every pause in typing: the desk's list is indexed once.
    return NameIndex.of(names)


def _fold(word: str, cache: dict[str, str]) -> str:
    found = cache.get(word)
    if found is None:
        found = cache[word] = fold(word)
    return found


def _listed_names(text: str) -> Iterator[str]:
    """The names in one list entry: each run of 2+ capitalised words, and its tails
    ("U.S. President Joe Biden" lists "President Joe Biden" and "Joe Biden")."""
    for run in _capitalised_runs(text):
        for start in range(max(0, len(run) - _MAX_WORDS), len(run) - 1):
            yield " ".join(run[start:])


def _capitalised_runs(text: str) -> Iterator[list[str]]:
    run: list[str] = []
    last_end = 0
    for match in _WORD.finditer(text):
        word = match[0]
        joined = not text[last_end : match.start()].strip()
        if not (word[0].isupper() and joined):
            if len(run) >= 2:
                yield run
            run = []
        if word[0].isupper():
            run.append(word)
        last_end = match.end()
    if len(run) >= 2:
        yield run


def _close(written: tuple[str, ...], listed: tuple[str, ...]) -> bool:
    """Same words but one or two with a small slip, and one word at least the same."""
    total, same = 0, 0
    for a, b in zip(written, listed, strict=True):
        if a == b:
            same += 1
            continue
        if min(len(a), len(b)) < _MIN_WORD:
            return False
        distance = _osa(a, b, 2 if min(len(a), len(b)) >= 8 else 1)
        if distance is None:
            return False
        total += distance
    return same >= 1 and 0 < total <= 2


def _osa(a: str, b: str, limit: int) -> int | None:
    """Optimal string alignment distance (a swap of neighbours is one slip); None past limit."""
    if abs(len(a) - len(b)) > limit:
        return None
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], previous2[j - 2] + 1)
        if min(row) > limit:
            return None
        previous2, previous = previous, row
    return previous[-1] if previous[-1] <= limit else None
