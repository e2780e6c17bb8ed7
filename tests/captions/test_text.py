"""Text helpers: the quick paths find what the plain scans find."""

from hypothesis import example, given
from hypothesis import strategies as st

from editor_app.captions import text

_PIECES = [
    "Fans", "cheer", "U.S.", "Gen.", "a", "I", "Nov.", "20,", "2024.", ".", "!", "?", ")", "”",
    "’", '"', "(", "\n", "  ", "\t", "REUTERS/Jane", "Doe", "x" * 30, "ATTENTION EDITORS",
    "EDITORIAL USE ONLY", "TPX IMAGES OF THE DAY", 'SEARCH "', "PICTURE TAKEN", "X", "-",
]  # fmt: skip
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=60)


@given(_TEXTS.map(" ".join))
@example("Fans Gen. \n" + "y" * 79)  # the room starts inside a sentence end
@example("Fans cheer. " + " " * 100 + "Doe")
def test_the_last_sentence_is_found_near_the_end_as_from_the_start(caption):
    assert text.last_sentence_start(caption) == text._last_start(caption, 0)


@given(_TEXTS.map("".join))
def test_the_same_without_spaces_between_pieces(caption):
    assert text.last_sentence_start(caption) == text._last_start(caption, 0)


def _split_note_plain(value: str) -> tuple[str, str]:
    """``split_note`` as it was: each note looked for on its own."""
    found = [
        i
        for n in text._NOTES
        if (i := value.find(n)) >= 0
        and (value[i - 1] == " " if i else n not in text._AFTER_A_CREDIT)
    ]
    if not found:
        return value, ""
    return value[: min(found)].rstrip(), value[min(found) :].strip()


@given(_TEXTS.map(" ".join) | _TEXTS.map("".join))
def test_notes_are_split_off_as_before(value):
    assert text.split_note(value) == _split_note_plain(value)


_MIXED = st.text() | st.lists(
    st.sampled_from([*_PIECES, "Café", "ǅ", "㎁", "K", "x_y", "a'b", "a’b", "a.b.", "-a-", "１２"]),
    max_size=20,
).map(" ".join)


@given(_MIXED)
def test_words_of_ascii_text_as_the_unicode_pattern_finds_them(value):
    assert text.words(value) == text._WORD.findall(value.casefold())


def _fold_plain(value: str) -> str:
    """``fold`` as it was: the Unicode pattern on every text."""
    plain = value.casefold()
    if not plain.isascii():
        decomposed = text.unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not text.unicodedata.combining(c))
    return " ".join(text._WORD.findall(plain.replace(".", " ")))


@given(_MIXED)
def test_fold_of_ascii_text_as_the_unicode_pattern_folds_it(value):
    assert text.fold(value) == _fold_plain(value)
