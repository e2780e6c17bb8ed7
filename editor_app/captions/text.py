"""Text helpers shared by the caption rules: folding, sentence ends and trailing desk notes."""

import re
import unicodedata

# The restrictions after a sports or handout credit ("... Action Images via Reuters/Name
# EDITORIAL USE ONLY. No use with unauthorized audio, ..."): notes only after some text, as a
# handout's caption may open with them.
_AFTER_A_CREDIT = ("EDITORIAL USE ONLY", "NO RESALES. NO ARCHIVES", "NO ARCHIVING")
# Desk notes that follow the credit at the end of a caption or credit line (all in capitals).
_NOTES = (
    "ATTENTION EDITORS",
    "TPX IMAGES OF THE DAY",
    'SEARCH "',
    "SEARCH “",
    "PICTURE TAKEN",
    "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY",
    *_AFTER_A_CREDIT,
)
_ANY_NOTE = re.compile("|".join(map(re.escape, _NOTES)))
# Words after which a full stop does not end a sentence ("U.S.", "Gen.", "Nov. 20").
_ABBREVIATION_TEXT = (
    "mr mrs ms dr st jr sr gen col lt sgt capt cpl gov sen rep rev prof no nos vs mt ft inc co "
    "corp ltd jan feb mar apr jun jul aug sep sept oct nov dec approx fig est"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_TEXT.split())
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n\s*")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# _WORD on ASCII text: a plain class, not a Unicode category looked up per character
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+(?:['.-][A-Za-z0-9]+)*")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces, ends stripped, Unicode composed (NFC)."""
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: for comparing names and captions."""
    plain = text.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace(".", " ")
    return " ".join((_ASCII_WORD if plain.isascii() else _WORD).findall(plain))


def words(text: str) -> list[str]:
    """Lower-case words, punctuation dropped; "U.S." and "Macron's" stay one word."""
    folded = text.casefold()
    return (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)


def split_note(text: str) -> tuple[str, str]:
    """Split a trailing desk note ("ATTENTION EDITORS - ...", "TPX IMAGES OF THE DAY") off."""
    if _ANY_NOTE.search(text) is None:  # most texts: one scan instead of one per note
        return text, ""
    found = [
        i
        for note in _NOTES
        if (i := text.find(note)) >= 0
        and (text[i - 1] == " " if i else note not in _AFTER_A_CREDIT)
    ]
    if not found:
        return text, ""
    start = min(found)
    return text[:start].rstrip(), text[start:].strip()


def last_sentence_start(text: str) -> int:
    """Where the last sentence of ``text`` starts; abbreviations such as "U.S." do not end one."""
    if len(text) > _TAIL_ROOM:
        # Most captions' last sentence is a short credit: look for its start near the end
        # first. The scan starts after a character no sentence end holds, so it finds the
        # same sentence ends after it as a scan from the start would.
        start = len(text) - _TAIL_ROOM
        while start < len(text) and (text[start - 1].isspace() or text[start - 1] in _ENDS):
            start += 1
        found = _last_start(text, start)
        if found:
            return found
    return _last_start(text, 0)


_TAIL_ROOM = 80
_ENDS = frozenset(".!?\"'”’)")  # what a sentence end holds besides spaces (_SENTENCE_END)


def _last_start(text: str, scan_from: int) -> int:
    """``last_sentence_start`` among the sentence ends found from ``scan_from`` on; 0: none."""
    start = 0
    for match in _SENTENCE_END.finditer(text, scan_from):
        if match.end() >= len(text):
            break
        if text[match.start()] == "\n":
            start = match.end()
            continue
        word = text[text.rfind(" ", 0, match.start()) + 1 : match.start()]
        if word and not _is_abbreviation(word):
            start = match.end()
    return start


def _is_abbreviation(word: str) -> bool:
    bare = word.lstrip("(\"'“‘")
    return len(bare) <= 1 or "." in bare or bare.casefold() in _ABBREVIATIONS
