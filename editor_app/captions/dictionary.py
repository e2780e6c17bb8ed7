"""Word lists for the spelling rule: the only module that imports pyspellchecker.

One ``Dictionary`` per language and process (``dictionary(code)``, cached), loaded the first time
a caption needs it. pyspellchecker's own loading (gzipped JSON) takes ~0.3 s for English and ~1 s
for Portuguese, which every ``check`` would pay; the word list is therefore kept in the user
cache dir as a ready hash table (captions/word_table.py: one file read, ~1 ms, where building a
dict of the words took ~0.1 s) keyed by pyspellchecker's list file, with what suggestions need
(the alphabet, the words without their accents) worked out once when the file is built;
pyspellchecker itself is imported only to build that file.
"""

import contextlib
import functools
import importlib.util
import logging
import marshal
import os
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from editor_app import paths
from editor_app.captions.spelling_words import BRITISH, ENDINGS, NEWSROOM
from editor_app.captions.word_table import WordTable, build
from editor_app.settings import SPELLING_LANGUAGES

log = logging.getLogger(__name__)

SUPPORTED = SPELLING_LANGUAGES
_MAX_SUGGESTIONS = 3
_MIN_PART = 4
_ALPHABET_WORDS = 5000
_FORMAT = "words-1"  # the cache file's layout: a new one makes a new file
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
        self._words, self._unaccented, self._alphabet = _load_words(code)
        extra = NEWSROOM.get(code, ())
        if code == "en":
            extra = (*extra, *BRITISH)
        self._extra = frozenset(extra)

    def known(self, word: str) -> bool:
        """Whether ``word`` (lower case) is a word of the language, British spellings included,
        or a known word written without its accents ("cafe" for "café", as wire copy does)."""
        if word in self._words or word in self._extra:
            return True
        if self.code == "en" and any(v in self._words for v in _american(word)):
            return True
        return word.isascii() and word in self._unaccented

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
        """The letters suggestions try (``_alphabet``, stored with the word list)."""
        return self._alphabet

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
    """Make ready what suggestions need in every list loaded so far, and return their codes.
    The desk does it while a folder loads, so that the first typo an editor types is not the
    one that waits for it (it is stored with the list now: nothing left to build but the
    edits' alphabet as an attribute)."""
    for found in list(_LOADED.values()):
        _ = found._letters
    return tuple(_LOADED)


@functools.lru_cache(maxsize=4096)
def _suggest(dictionary: Dictionary, word: str) -> tuple[str, ...]:
    return dictionary._candidates(word)


def _load_words(code: str) -> tuple[WordTable, WordTable, str]:
    """The word list of ``code`` with each word's frequency, the list's words without their
    accents, and the letters suggestions try: from the cache when it is there."""
    cache = paths.cache_dir() / "spelling" / f"{code}-{_list_version(code)}.{_FORMAT}"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        stored = _stored(marshal.loads(cache.read_bytes()))
        if stored is not None:
            return stored
    from spellchecker import SpellChecker  # only to build the cache: its import costs ~40 ms

    words = dict(SpellChecker(language=code, distance=1).word_frequency.dictionary)
    built = (build(words), build(dict.fromkeys(_without_accents(words), 0)), _alphabet(words))
    _store(cache, built)
    stored = _stored(built)
    assert stored is not None, "a table just built reads back"
    return stored


def _stored(found: object) -> tuple[WordTable, WordTable, str] | None:
    """The cache file's content, or None when it is not what ``_load_words`` stores."""
    if not isinstance(found, tuple) or len(found) != 3:
        return None
    words, unaccented, alphabet = found
    if not (
        isinstance(words, bytes) and isinstance(unaccented, bytes) and isinstance(alphabet, str)
    ):
        return None
    table = WordTable(words)  # ValueError for a damaged or foreign table
    return (table, WordTable(unaccented), alphabet) if len(table) else None


def _without_accents(words: Mapping[str, int]) -> set[str]:
    """The list's accented words written without accents ("cafe" for "café", as wire copy does)."""
    return {_strip_accents(w) for w in words if not w.isascii()}


def _alphabet(words: Mapping[str, int]) -> str:
    """The letters of the language's common words: pyspellchecker's edits try every letter
    of its whole list (45 for English, accents from loanwords included)."""
    common = sorted(words, key=words.__getitem__, reverse=True)[:_ALPHABET_WORDS]
    return "".join(sorted({c for w in common for c in w}))


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


def _store(cache: Path, built: tuple[bytes, bytes, str]) -> None:
    """Write the cache file whole or not at all, and remove this language's older ones (each
    reinstall of pyspellchecker makes a new one); a read-only cache dir only costs speed."""
    partial = cache.with_name(f".{cache.name}.{os.getpid()}.tmp")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(marshal.dumps(built))
        os.replace(partial, cache)
    except OSError as exc:
        log.debug("cannot cache the word list in %s: %s", cache, exc)
        partial.unlink(missing_ok=True)
        return
    code = cache.name.partition("-")[0]
    for old in cache.parent.glob(f"{code}-*"):
        if old != cache:
            with contextlib.suppress(OSError):
                old.unlink()


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
