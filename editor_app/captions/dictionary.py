"""Word lists for the spelling rule: the only module that imports pyspellchecker.

One ``Dictionary`` per language and process (``dictionary(code)``, cached), loaded the first time
a caption needs it. pyspellchecker's own loading (gzipped JSON) takes ~0.3 s for English and ~1 s
for Portuguese, which every ``check`` would pay; the word list is therefore kept in the user
cache dir as a ``marshal`` file (~3x faster to load) keyed by pyspellchecker's list file, in
pieces (so a load never holds the GIL long), and pyspellchecker itself is imported only to build
that file.
"""

import contextlib
import functools
import importlib.util
import logging
import marshal
import os
import re
import unicodedata
from pathlib import Path

from editor_app import paths
from editor_app.captions.spelling_words import BRITISH, ENDINGS, NEWSROOM
from editor_app.settings import SPELLING_LANGUAGES

log = logging.getLogger(__name__)

SUPPORTED = SPELLING_LANGUAGES
_MAX_SUGGESTIONS = 3
_MIN_PART = 4
_ALPHABET_WORDS = 5000
_CHUNK = 10_000  # words per marshal chunk: each load holds the GIL ~10 ms, not ~150 ms
_COMMON = 1000  # occurrences in the list's corpus: "port" 30k, "ieve" and "roney" none
_MIN_STEM = 4  # "marc-" is no stem: a shorter one would make most typos some word's form
# British spellings the American list lacks, as rewrites to try: colour -> color, organise ->
# organize, centre -> center, defence -> defense, travelling -> traveling, paediatric -> pediatric.
_BRITISH_REWRITES = (
    (re.compile(r"our(s|ed|ing|ite|ites|able|er|ers|hood)?$"), r"or\1"),
    (re.compile(r"is(e|ed|es|ing|er|ers|ation|ations|ational)$"), r"iz\1"),
    (re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"),
    (re.compile(r"tre(s|d)?$"), r"ter\1"),
    (re.compile(r"ence$"), "ense"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
    (re.compile(r"ll(ed|ing|er|ers)$"), r"l\1"),
    (re.compile(r"ae"), "e"),
    (re.compile(r"oe"), "e"),
    (re.compile(r"mme(s)?$"), r"m\1"),
)


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Dictionary:
    """Known words of one language, and suggestions for the unknown."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._words = _load_words(code)
        extra = NEWSROOM.get(code, ())
        if code == "en":
            extra = (*extra, *BRITISH)
        self._extra = frozenset(extra)
        self._unaccented: frozenset[str] | None = None

    def known(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a word of the language, British spellings included,
        or a known word written without its accents ("cafe" for "café", as wire copy does)."""
        if word in self._words or word in self._extra:
            return True
        if self.code == "en" and any(v in self._words for v in _american(word)):
            return True
        return word.isascii() and word in self._without_accents()

    def _without_accents(self) -> frozenset[str]:
        if self._unaccented is None:  # built on the first unknown word, once per language
            self._unaccented = frozenset(_strip_accents(w) for w in self._words if not w.isascii())
        return self._unaccented

    def known_inflection(self, word: str) -> bool:
        """Whether ``word`` is another form of a known word: the lists hold the common forms
        only, so "marchan" counts as known when "marchar" is ("march" + another ending)."""
        endings = ENDINGS.get(self.code, ())
        for ending in endings:
            stem = word[: -len(ending)]
            if not word.endswith(ending) or len(stem) < _MIN_STEM or stem[-1] == ending[0]:
                continue  # a letter doubled at the join is a typo: "ruess", "marchaan"
            if any(stem + other in self._words for other in ("", *endings)):
                return True
        return False

    def known_compound(self, word: str) -> bool:
        """Whether ``word`` is two common words run together ("homeport", "photocall"), and no
        known word is one edit away: "spokeperson" is a typo, not "spoke" + "person"."""
        words = self._words
        for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if words.get(head, 0) >= _COMMON and words.get(tail, 0) >= _COMMON:
                return not any(w in words for w in _edits(word, self._letters))
        return False

    def suggest(self, word: str) -> tuple[str, ...]:
        """Up to three known words one edit away (a letter left out, added, changed, or two
        swapped), the most frequent first."""
        return _suggest(self, word)

    @functools.cached_property
    def _letters(self) -> str:
        """The letters of the language's common words: pyspellchecker's edits try every letter
        of its whole list (45 for English, accents from loanwords included)."""
        common = sorted(self._words, key=self._words.__getitem__, reverse=True)[:_ALPHABET_WORDS]
        return "".join(sorted({c for w in common for c in w}))

    def _candidates(self, word: str) -> tuple[str, ...]:
        # One edit only: the edits of edits of a 20-letter word are millions of strings (~25 s
        # with pyspellchecker's distance=2); one edit (~1 ms) catches most typos.
        found = {w for w in _edits(word, self._letters) if w in self._words}
        ranked = sorted(found - {word}, key=lambda w: (-self._words[w], w))
        return tuple(ranked[:_MAX_SUGGESTIONS])


@functools.cache
def dictionary(code: str) -> Dictionary:
    """The dictionary of ``code`` (one of ``SUPPORTED``), loaded once per process."""
    if code not in SUPPORTED:
        raise ValueError(f"no dictionary for language {code!r}")
    log.debug("loading the %s dictionary", code)
    found = _LOADED[code] = Dictionary(code)
    return found


_LOADED: dict[str, Dictionary] = {}


def prepare_suggestions() -> tuple[str, ...]:
    """Build what suggestions need (the alphabet: ~0.09 s for English) in every list loaded so
    far, and return their codes. The desk does it while a folder loads, so that the first typo
    an editor types is not the one that waits for it."""
    for found in list(_LOADED.values()):
        found._without_accents()
        _ = found._letters
    return tuple(_LOADED)


@functools.lru_cache(maxsize=4096)
def _suggest(dictionary: Dictionary, word: str) -> tuple[str, ...]:
    return dictionary._candidates(word)


def _load_words(code: str) -> dict[str, int]:
    """The word list of ``code`` with each word's frequency, from the cache when it is there."""
    cache = paths.cache_dir() / "spelling" / f"{code}-{_list_version(code)}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        words = _unchunk(marshal.loads(cache.read_bytes()))
        if words:
            return words
    from spellchecker import SpellChecker  # only to build the cache: its import costs ~40 ms

    words = dict(SpellChecker(language=code, distance=1).word_frequency.dictionary)
    _store(cache, words)
    return words


@functools.cache
def _list_version(code: str) -> str:
    """The size and time of pyspellchecker's own list file, found without importing it (a new
    pyspellchecker with a changed list makes a new cache file)."""
    spec = importlib.util.find_spec("spellchecker")
    for folder in (spec and spec.submodule_search_locations) or ():
        with contextlib.suppress(OSError):
            stat = (Path(folder) / "resources" / f"{code}.json.gz").stat()
            return f"{stat.st_size}-{stat.st_mtime_ns}"
    import spellchecker  # not a plain folder (a zip, a frozen build): ask the package

    return str(spellchecker.__version__)


def _store(cache: Path, words: dict[str, int]) -> None:
    """Write the cache file whole or not at all; a read-only cache dir only costs speed."""
    partial = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(marshal.dumps(_chunks(words)))
        os.replace(partial, cache)
    except OSError as exc:
        log.debug("cannot cache the word list in %s: %s", cache, exc)
        partial.unlink(missing_ok=True)


def _chunks(words: dict[str, int]) -> list[bytes]:
    """The cache's form: a list of marshalled pieces of the word list. One ``marshal.loads``
    of a whole list holds the GIL for 150–450 ms (one C call), which stalled the window's GUI
    thread while a worker loaded a dictionary; piece by piece, other threads run in between."""
    items = list(words.items())
    return [marshal.dumps(dict(items[i : i + _CHUNK])) for i in range(0, len(items), _CHUNK)]


def _unchunk(stored: object) -> dict[str, int] | None:
    """The word list from the cache's form (a plain dict: the form of older caches)."""
    if isinstance(stored, dict):
        return stored
    if not isinstance(stored, list):
        return None
    words: dict[str, int] = {}
    for piece in stored:
        chunk = marshal.loads(piece)
        if not isinstance(chunk, dict):
            return None
        words.update(chunk)
    return words


def _edits(word: str, letters: str) -> set[str]:
    """Every string one edit from ``word``: a letter deleted, two swapped, one changed or added."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    changes = [a + c + b[1:] for a, b in splits if b for c in letters]
    inserts = [a + c + b for a, b in splits for c in letters]
    return set(deletes + swaps + changes + inserts)


def _american(word: str) -> list[str]:
    variants = []
    for pattern, replacement in _BRITISH_REWRITES:
        variant = pattern.sub(replacement, word)
        if variant != word:
            variants.append(variant)
    if len(variants) > 1:  # manoeuvre -> maneuver needs two rewrites
        combined = word
        for pattern, replacement in _BRITISH_REWRITES:
            combined = pattern.sub(replacement, combined)
        variants.append(combined)
    return variants
