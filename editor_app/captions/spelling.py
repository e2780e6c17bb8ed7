"""Spelling of caption text: which words may be misspelt, where they are, what to write instead.

Precision first: only lower-case words are checked. Captions open sentences with names ("Bondi
speaks…"), so a capitalised word, wherever it stands, is taken as a name; so are ALL-CAPS words
(acronyms, desk notes). Numbers, words with digits (G20, ABC123), URLs, e-mail addresses, handles
and hashtags are skipped, and so are words of one or two letters. Words the desk knows (names,
allow list, the photo's own by-line and places, agency names) are never flagged.

``misspellings(text, speller)`` is a pure function of its arguments: the desk window calls it on
each keystroke to underline the same spans the ``spelling`` rule reports.
"""

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from editor_app.captions.dictionary import SUPPORTED, Dictionary, dictionary
from editor_app.captions.spelling_words import NAME_PARTICLES, STOP_WORDS


@dataclass(frozen=True, slots=True)
class Misspelling:
    start: int  # offsets into the checked text, as the editor underlines them
    end: int
    word: str
    suggestions: tuple[str, ...] = ()  # the likeliest first; empty when none is close


@dataclass(frozen=True, slots=True)
class Speller:
    """What a check needs besides the text: the language(s) and the words the desk knows."""

    language: str = "auto"  # a code of SUPPORTED, or "auto": detected per text
    languages: tuple[str, ...] = SUPPORTED  # candidates for "auto"; the first is the fallback
    known: frozenset[str] = frozenset()  # lower-case words never flagged

    def language_of(self, text: str, hint: str = "") -> str:
        """The language to check ``text`` in: the desk's, else ``hint`` (an XMP language tag
        such as ``fr-FR``) when it is a candidate, else the detected one."""
        if self.language != "auto":
            return self.language
        tagged = hint.split("-")[0].lower()
        if tagged in self.languages:
            return tagged
        return detect_language(text, self.languages) or self.languages[0]

    def with_known(self, texts: Iterable[str]) -> "Speller":
        """This speller, also knowing the words of ``texts`` (names, allow-list entries)."""
        return Speller(self.language, self.languages, self.known | words_of(texts))


def words_of(texts: Iterable[str]) -> frozenset[str]:
    """The lower-case words of ``texts``: "Ursula von der Leyen" knows "von" and "der"."""
    return frozenset(w.lower().replace("’", "'") for t in texts for w in _WORD.findall(t))


def misspellings(
    text: str, speller: Speller, hint: str = "", names: frozenset[str] = frozenset()
) -> list[Misspelling]:
    """The words of ``text`` that may be misspelt, in order, one entry per occurrence.

    ``names``: more lower-case words never flagged, such as the photo's by-line (``words_of``).
    """
    language = speller.language_of(text, hint)
    others = _other_language_parts(text, speller, language)
    # A word known in the caption's or the desk's main language is never flagged, so a part
    # taken for another language by mistake costs no false alarm.
    fallbacks = [dictionary(code) for code in dict.fromkeys((language, speller.languages[0]))]
    found = []
    for start, end, word in _checked_words(text):
        lower = word.lower().replace("’", "'")
        if lower in speller.known or lower in names or lower in NAME_PARTICLES:
            continue
        words = dictionary(_language_at(start, others, language))
        if _known(words, lower) or any(_known(d, lower) for d in fallbacks if d is not words):
            continue
        found.append(Misspelling(start, end, word, words.suggest(lower)))
    return found


def detect_language(text: str, candidates: Iterable[str] = SUPPORTED) -> str | None:
    """The candidate whose stop words ``text`` uses most; None when no language clearly leads
    (fewer than two stop words, or a tie)."""
    words = [w for c in _CHUNK.findall(text) if not _SKIP_CHUNK.search(c) for w in _WORD.findall(c)]
    # "de" in "Rio de Janeiro" or "Gazette du Bon Ton" is part of a name, not a sign of French
    tokens = [
        w.lower()
        for w, after in itertools.pairwise([*words, ""])
        if not (w in NAME_PARTICLES and after[:1].isupper())
    ]
    counts = sorted(
        ((sum(t in STOP_WORDS[code] for t in tokens), code) for code in candidates),
        reverse=True,
    )
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    return counts[0][1]


# A chunk is a run of non-space characters; a word is letters with inner apostrophes.
_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Digits (G20, ABC123, 1er), URLs, e-mail, handles, hashtags, markup and code (type="int").
_SKIP_CHUNK = re.compile(r"\d|://|^www\.|@|^#|\.(?:com|org|net)\b|[<>=&_\\{}|]", re.IGNORECASE)
_MIN_LENGTH = 3


# A sentence or a bracketed or quoted part: a translation in brackets has its own language.
_PART = re.compile(r"(?:[^()\[\]\"“”«».!?]|[.!?](?=\S))+")


def _other_language_parts(text: str, speller: Speller, language: str) -> list[tuple[int, int, str]]:
    """The parts of ``text`` clearly written in another candidate language than ``language``."""
    if speller.language != "auto":
        return []
    parts = []
    for part in _PART.finditer(text):
        found = detect_language(part.group(), speller.languages)
        if found is not None and found != language:
            parts.append((part.start(), part.end(), found))
    return parts


def _language_at(offset: int, parts: list[tuple[int, int, str]], language: str) -> str:
    return next((code for start, end, code in parts if start <= offset < end), language)


def _checked_words(text: str) -> Iterator[tuple[int, int, str]]:
    for chunk in _CHUNK.finditer(text):
        if _SKIP_CHUNK.search(chunk.group()):
            continue
        for word in _WORD.finditer(chunk.group()):
            value = word.group()
            if len(value) >= _MIN_LENGTH and value.islower():
                yield chunk.start() + word.start(), chunk.start() + word.end(), value


def _known(words: Dictionary, word: str) -> bool:
    if words.known(word) or words.known_inflection(word) or words.known_compound(word):
        return True
    if "'" not in word:
        return False
    # "country's", "l'élection", "dell'anno": the parts around the apostrophe
    parts = [p for p in word.split("'") if len(p) >= _MIN_LENGTH]
    return bool(parts) and all(words.known(p) for p in parts)
