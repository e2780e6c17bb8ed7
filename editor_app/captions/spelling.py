"""Spelling of caption text: which words may be misspelt, where they are, what to write instead.

Precision first: only lower-case words are checked. Captions open sentences with names ("Bondi
speaks…"), so a capitalised word, wherever it stands, is taken as a name; so are ALL-CAPS words
(acronyms, desk notes). Numbers, words with digits (G20, ABC123), URLs, e-mail addresses, handles
and hashtags are skipped, and so are words of one or two letters. Words the desk knows (names,
allow list, the photo's own by-line and places, agency names) are never flagged.

``misspellings(text, speller)`` is a pure function of its arguments: the desk window calls it on
each keystroke to underline the same spans the ``spelling`` rule reports.
"""

import functools
import re
from collections.abc import Iterable
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

    def language_of(self, text: str, hint: str = "", tokens: "list[_Token] | None" = None) -> str:
        """The language to check ``text`` in: the desk's, else ``hint`` (an XMP language tag
        such as ``fr-FR``) when it is a candidate, else the detected one."""
        return self.languages_of(text, hint, tokens)[0]

    def languages_of(
        self, text: str, hint: str = "", tokens: "list[_Token] | None" = None
    ) -> tuple[str, ...]:
        """``language_of``, then, when the text's stop words do not settle its language, the
        other candidates it uses stop words of: a short caption from dpa or ANSA ("Scholz
        spricht im Bundestag") has too few to tell, and its words must not be flagged as
        English misspellings."""
        if self.language != "auto":
            return (self.language,)
        tagged = hint.split("-")[0].lower()
        if tagged in self.languages:
            return (tagged,)
        counts = _stop_counts(_tokens(text) if tokens is None else tokens, self.languages)
        found = _leader(counts)
        if found is not None:
            return (found,)
        return (
            self.languages[0],
            *(code for code, n in counts.items() if n and code != self.languages[0]),
        )

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
    return list(_misspellings(text, speller, hint, names))


# A desk's texts repeat: a story's photos share a headline, a photographer's series a caption
# (the generated feed of 1,000 photos has 995 distinct texts among 2,000), and the window
# checks a caption again after each edit elsewhere. The answer depends on the arguments only.
@functools.lru_cache(maxsize=4096)
def _misspellings(
    text: str, speller: Speller, hint: str, names: frozenset[str]
) -> tuple[Misspelling, ...]:
    tokens = _tokens(text)
    if not tokens:
        return ()
    language, *maybe = speller.languages_of(text, hint, tokens)
    others = _other_language_parts(text, tokens, speller, language)
    # A word known in the caption's or the desk's main language is never flagged, so a part
    # taken for another language by mistake costs no false alarm; nor one known in a language
    # the caption may be in.
    fallbacks = [
        dictionary(code) for code in dict.fromkeys((language, speller.languages[0], *maybe))
    ]
    found = []
    for at, (start, end, word) in enumerate(tokens):
        if len(word) < _MIN_LENGTH or not word.islower():
            continue
        lower = word.replace("’", "'")
        if lower in speller.known or lower in names or lower in NAME_PARTICLES:
            continue
        if lower in _STOP_INDEX and _inside_a_name(tokens, at):
            continue  # "Parc des Princes", "Hotel du Lac": a name's own words
        if at and _after_a_capital_and_hyphen(text, tokens[at - 1], start):
            continue  # Korean given names: "Lee Jae-myung", "Han Duck-soo"
        words = dictionary(_language_at(start, others, language)) if others else fallbacks[0]
        if _known(words, lower) or any(_known(d, lower) for d in fallbacks if d is not words):
            continue
        found.append(Misspelling(start, end, word, words.suggest(lower)))
    return tuple(found)


def detect_language(text: str, candidates: Iterable[str] = SUPPORTED) -> str | None:
    """The candidate whose stop words ``text`` uses most; None when no language clearly leads
    (fewer than two stop words, or a tie)."""
    return _detect(_tokens(text), tuple(candidates))


_Token = tuple[int, int, str]  # start, end, word as written
# A chunk is a run of non-space characters; a word is letters with inner apostrophes. Most
# chunks are one word, maybe punctuated (``isalpha``: letters only, as ``[^\W\d_]`` has them);
# any other chunk is looked into word by word.
_ONE_WORD = re.compile(r"([^\W\d_]+)[,.;:!?)\]\"”»]*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Digits (G20, ABC123, 1er), URLs, e-mail, handles, hashtags, markup and code (type="int").
_SKIP_CHUNK = re.compile(r"\d|://|^www\.|@|^#|\.(?:com|org|net)\b|[<>=&_\\{}|]", re.IGNORECASE)
_MIN_LENGTH = 3
# A sentence or a bracketed or quoted part: a translation in brackets has its own language.
_PART = re.compile(r"(?:[^()\[\]\"“”«».!?]+|[.!?](?=\S))+")  # runs: one step, not a char's
# Each stop word with the languages it belongs to, for one pass over the words.
_STOP_INDEX: dict[str, tuple[str, ...]] = {}
for _code, _stop_words in STOP_WORDS.items():
    for _stop in _stop_words:
        _STOP_INDEX[_stop] = (*_STOP_INDEX.get(_stop, ()), _code)


def _tokens(text: str) -> list[_Token]:
    """Every word of ``text`` outside skipped chunks (codes, URLs, markup), in order."""
    # ``split`` and ``find``, not a regex over the text: its match objects (or groups) for
    # every chunk were most of a caption's spelling check. A chunk starts at the first place
    # it is found after the last: only spaces stand between them.
    tokens: list[_Token] = []
    append = tokens.append
    end = 0
    for chunk in text.split():
        at = text.find(chunk, end)
        end = at + len(chunk)
        word = chunk if chunk.isalpha() else _word_of(chunk)
        if word is not None:  # the common case: no apostrophe, hyphen, digit or markup
            append((at, at + len(word), word))
        elif not _SKIP_CHUNK.search(chunk):
            tokens.extend((at + w.start(), at + w.end(), w.group()) for w in _WORD.finditer(chunk))
    return tokens


def _word_of(chunk: str) -> str | None:
    """The letters of a chunk that is one word, maybe punctuated after; else None."""
    match = _ONE_WORD.fullmatch(chunk)
    return None if match is None else match[1]


def _detect(tokens: list[_Token], candidates: tuple[str, ...]) -> str | None:
    return _leader(_stop_counts(tokens, candidates))


def _stop_counts(tokens: list[_Token], candidates: tuple[str, ...]) -> dict[str, int]:
    """How many of each candidate language's stop words ``tokens`` use."""
    counts = dict.fromkeys(candidates, 0)
    last = len(tokens) - 1
    for at, (_, _, word) in enumerate(tokens):
        codes = _STOP_INDEX.get(word.lower())
        if codes is None:
            continue
        # "de" in "Rio de Janeiro" or "Gazette du Bon Ton" is part of a name, not French
        if word in NAME_PARTICLES and at < last and tokens[at + 1][2][:1].isupper():
            continue
        for code in codes:
            if code in counts:
                counts[code] += 1
    return counts


def _leader(counts: dict[str, int]) -> str | None:
    """The language with the most stop words, if at least two and no tie."""
    best = max(counts, key=counts.__getitem__, default=None)
    if best is None or counts[best] < 2 or list(counts.values()).count(counts[best]) > 1:
        return None
    return best


def _other_language_parts(
    text: str, tokens: list[_Token], speller: Speller, language: str
) -> list[tuple[int, int, str]]:
    """The parts of ``text`` clearly written in another candidate language than ``language``."""
    found_parts = _PART.findall(text)
    if speller.language != "auto" or len(found_parts) < 2:
        return []  # one part: the whole text, already detected
    parts = []
    for part in _PART.finditer(text):
        inside = [t for t in tokens if part.start() <= t[0] < part.end()]
        found = _detect(inside, speller.languages)
        if found is not None and found != language:
            parts.append((part.start(), part.end(), found))
    return parts


def _after_a_capital_and_hyphen(text: str, before: _Token, start: int) -> bool:
    """The word is joined by a hyphen to a capitalised word just before it."""
    return before[1] == start - 1 and text[start - 1] == "-" and before[2][:1].isupper()


def _inside_a_name(tokens: list[_Token], at: int) -> bool:
    """The word at ``at`` stands between two capitalised words."""
    return (
        0 < at < len(tokens) - 1
        and tokens[at - 1][2][:1].isupper()
        and tokens[at + 1][2][:1].isupper()
    )


def _language_at(offset: int, parts: list[tuple[int, int, str]], language: str) -> str:
    return next((code for start, end, code in parts if start <= offset < end), language)


def _known(words: Dictionary, word: str) -> bool:
    """Whether ``word`` is a word of ``words``' language, remembered: a desk's captions use the
    same few thousand words over and over, and a word-list lookup costs ~1-5 us (a dict's
    ~0.05 us)."""
    key = (words, word)  # the list itself: a test or a reload may make another of one code
    found = _VERDICTS.get(key)
    if found is None:
        if len(_VERDICTS) >= _MAX_VERDICTS:
            _VERDICTS.clear()
        found = _VERDICTS[key] = _look_up(words, word)
    return found


_VERDICTS: dict[tuple[Dictionary, str], bool] = {}
_MAX_VERDICTS = 200_000  # ~30 MB at most; a desk's vocabulary is far smaller


def _look_up(words: Dictionary, word: str) -> bool:
    if words.known(word) or words.known_inflection(word) or words.known_compound(word):
        return True
    if "'" not in word:
        return False
    # "country's", "l'élection", "dell'anno": the parts around the apostrophe
    parts = [p for p in word.split("'") if len(p) >= _MIN_LENGTH]
    return bool(parts) and all(words.known(p) for p in parts)
