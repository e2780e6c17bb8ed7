"""The spelling checker: what is flagged, what is skipped, languages, spans for the editor."""

import marshal
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app import paths
from editor_app.captions import dictionary as module
from editor_app.captions import spelling as spelling_module
from editor_app.captions.dictionary import dictionary
from editor_app.captions.spelling import Misspelling, Speller, detect_language, misspellings

SPELLER = Speller()


def _flagged(text: str, speller: Speller = SPELLER, **kwargs) -> list[str]:
    return [m.word for m in misspellings(text, speller, **kwargs)]


def test_the_seed_caption_typo_is_found_with_its_fix():
    text = "Pam Bondi, President-elect Donald Trump's pick to be attroney general, speaks."
    (found,) = misspellings(text, SPELLER)
    assert found == Misspelling(53, 61, "attroney", ("attorney",))
    assert text[found.start : found.end] == "attroney"


@pytest.mark.parametrize(
    "text",
    [
        "Pam Bondi speaks in Washington, U.S., November 20, 2024.",  # names, capitals
        "Ursula von der Leyen and Luiz Inacio Lula da Silva meet in Rio de Janeiro.",
        "Soccer Football - Quarter Final - France v United States - Parc des Princes, Paris",
        "Fans gather at the G20 summit, ID ABC123, see https://example.com/a_b or desk@example.com",
        "Supporters post #election2024 and @handle messages; x-ray well-known rooftop.",
        "The colour of the harbour centre, organised by neighbours who travelled 20 metres.",
        "A defence programme; the theatre's catalogue; whilst queuing at the kerb.",
        "The country's lawmakers visit the ship's homeport after the ceasefire.",
        'Delegates arrive, etc., for the session <b>type="int"</b>',
        # the wires' own words
        "A carmaker's bitcoin and crypto bets; the rouble falls as fintech and telecom rise.",
        "Jihadist fighters; coronavirus and mpox cases; influencers in a tuk-tuk by the peloton.",
    ],
)
def test_no_false_alarms(text):
    assert _flagged(text) == []


def test_every_occurrence_is_a_span_in_order():
    text = "the goverment and the goverment's attroney"
    assert [(m.start, m.word) for m in misspellings(text, SPELLER)] == [
        (4, "goverment"),
        (22, "goverment's"),
        (34, "attroney"),
    ]


def test_known_words_and_names_are_never_flagged():
    text = "The fotog from the desk met zorblat"
    assert _flagged(text) == ["fotog", "zorblat"]
    desk = Speller().with_known(["Fotog"])
    assert _flagged(text, desk) == ["zorblat"]
    assert _flagged(text, desk, names=frozenset({"zorblat"})) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Firefighters spray water on a burning house in the hills during the fire.", "en"),
        ("Des manifestants défilent dans les rues de Paris pendant la grève.", "fr"),
        ("Manifestantes marchan por las calles de Madrid durante la huelga.", "es"),
        (  # "de" and "la" are French words too: "de" counts for Spanish as well
            "El presidente del Gobierno interviene en la presentación del Palacio de la Moncloa, "
            "el 29 de diciembre de 2009.",
            "es",
        ),
        ("Le président de la République prononce un discours à Paris.", "fr"),
        ("De politie houdt de demonstranten tegen in de straat.", "nl"),
        ("Polizisten stehen vor dem Eingang des Stadions.", "de"),  # "des" + a noun: German
        ("Manifestantes marcham pelas ruas de Lisboa durante a greve dos professores.", "pt"),
        ("Demonstranten ziehen während des Streiks durch die Straßen von Berlin.", "de"),
        ("I manifestanti sfilano per le strade di Roma durante lo sciopero della scuola.", "it"),
        ("Demonstranten lopen door de straten van Amsterdam tijdens de staking.", "nl"),
        ("Rio de Janeiro", None),  # a name is no sign of a language
        ("", None),
    ],
)
def test_the_caption_language_is_detected_from_its_stop_words(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Des manifestants défilent dans les rues de Paris pendant la grêve.", []),
        ("Des manifestants défilent dans les ruess de Paris pendant la grève.", ["ruess"]),
        ("Manifestantes marchan por las calles de Madrid durante la hualga.", ["hualga"]),
        ("Demonstranten lopen door de straten van Amsterdam tijdens de stakking.", ["stakking"]),
    ],
)
def test_captions_are_checked_in_their_own_language(text, flagged):
    assert [w for w in _flagged(text) if w != "grêve"] == flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # one or two stop words, or a tie: the language is not settled, and the words of
        # the languages it uses stop words of are not taken for English misspellings
        ("05.12.2024, Berlin: Bundeskanzler Olaf Scholz (SPD) spricht im Bundestag.", []),
        ("ROMA - Il presidente del Consiglio Giorgia Meloni al Senato.", []),
        ("Scholz sprikt im Bundestag.", ["sprikt"]),  # a word of neither
        ("Fans atend the final.", ["atend"]),  # English words and no stop word of another
    ],
)
def test_a_short_caption_is_read_in_every_language_it_may_be_in(text, flagged):
    assert _flagged(text) == flagged


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("President Lee Jae-myung meets Han Duck-soo and Kim Tae-hoon in Seoul.", []),
        ("A well-knwon singer arrives.", ["knwon"]),  # a hyphen after a lower-case word
    ],
)
def test_the_hyphenated_parts_of_a_name_are_the_names(text, flagged):
    assert _flagged(text) == flagged


def test_a_bracketed_translation_is_read_in_its_own_language():
    text = "Do you know your lesson? (Sais-tu ta leçon? Costumes tailleur de fantaisie)"
    assert _flagged(text) == []
    assert _flagged(text, Speller(language="en")) == ["leçon", "tailleur", "fantaisie"]


def test_the_desk_language_and_the_xmp_language_tag_win_over_detection():
    french = "Des manifestants défilent dans les rues pendant la grève."
    assert _flagged(french, Speller(language="en"))  # an English desk reads it as English
    assert _flagged("les manifestants", Speller(languages=("en", "fr")), hint="fr-FR") == []


def test_british_and_american_spellings_are_both_accepted():
    words = dictionary("en")
    for british, american in [("colour", "color"), ("organisation", "organization")]:
        assert words.known(british) and words.known(american)
    assert not words.known("colur")


def test_compounds_and_inflections_are_known_but_not_near_typos():
    words = dictionary("en")
    assert words.known_compound("homeport")
    assert not words.known_compound("spokeperson")  # "spokesperson" is one edit away
    assert dictionary("es").known_inflection("marchan")  # marchar
    assert not dictionary("es").known_inflection("hualga")
    assert dictionary("en").known_inflection("floodwaters")
    assert not dictionary("en").known_inflection("ruess")  # "rues" + a doubled s


@settings(deadline=None)  # the first example loads a dictionary
@given(st.text(max_size=200))
def test_any_text_gives_spans_inside_it(text):
    for found in misspellings(text, Speller(language="en")):
        assert text[found.start : found.end] == found.word
        assert found.word.islower() and len(found.word) >= 3


def test_the_word_list_is_cached_and_a_broken_cache_rebuilt(monkeypatch):
    first = module.Dictionary("nl")
    (cache,) = (paths.cache_dir() / "spelling").glob("nl-*")
    with monkeypatch.context() as patched:  # the cache alone must do: no pyspellchecker import
        patched.setitem(sys.modules, "spellchecker", None)
        assert module.Dictionary("nl").known("staking")
    for broken in (b"not marshal data", marshal.dumps(("a", "b")), cache.read_bytes()[:-9]):
        cache.write_bytes(broken)
        assert module.Dictionary("nl").known("staking")  # rebuilt from pyspellchecker
        assert module.Dictionary("nl")._words == first._words


def test_a_new_word_list_replaces_the_cache_files_of_older_ones():
    folder = paths.cache_dir() / "spelling"
    folder.mkdir(parents=True)
    old = [folder / "nl-1-2.marshal", folder / "nl-3-4.words-1"]
    for path in (*old, folder / "it-5-6.words-1"):
        path.write_bytes(b"an older list")
    module.Dictionary("nl")
    assert not any(path.exists() for path in old)  # a reinstall no longer leaves 2.5 MB behind
    assert (folder / "it-5-6.words-1").exists()  # another language's list stays
    assert len(list(folder.glob("nl-*"))) == 1


def test_the_cached_list_keeps_what_suggestions_need():
    english = module.Dictionary("en")
    assert english.known("cafe") and english.known("naive")  # "café", "naïve" unaccented
    assert set("abcdefghijklmnopqrstuvwxyz") <= set(english._letters)
    assert english.suggest("stadum") == ("stadium",)


def _tokens_before(text):
    """The tokenizer as it was before one regex took the plain chunks (the reference)."""
    plain_chunk = re.compile(r"[^\W\d_]+[,.;:!?)\]\"”»]*")
    tokens = []
    for chunk in re.finditer(r"\S+", text):
        value = chunk.group()
        if plain_chunk.fullmatch(value) is not None:
            end = chunk.start() + len(value.rstrip(',.;:!?)]"”»'))
            tokens.append((chunk.start(), end, text[chunk.start() : end]))
        elif not spelling_module._SKIP_CHUNK.search(value):
            at = chunk.start()
            words = spelling_module._WORD.finditer(value)
            tokens.extend((at + w.start(), at + w.end(), w.group()) for w in words)
    return tokens


_CAPTION_PIECES = st.sampled_from(
    [
        "word",
        "Word",
        "l'élection",
        "co-op",
        "G20",
        "www.x.com",
        "«mot»",
        "(a)",
        "done.",
        "1er",
        "“quoted”",
        "x_y",
        "naïve,",
        "ÉTÉ",
        "…",
        "'",
        "’",
        ".",
        "-",
        "a.b",
    ]
)


@settings(max_examples=300)
@given(st.lists(st.one_of(_CAPTION_PIECES, st.text(max_size=8)), max_size=12), st.data())
def test_the_tokenizer_finds_what_the_one_before_found(pieces, data):
    spaces = [data.draw(st.sampled_from([" ", "  ", "\n", "", "\t"])) for _ in pieces]
    text = "".join(p + s for p, s in zip(pieces, spaces, strict=True))
    assert spelling_module._tokens(text) == _tokens_before(text)


def test_a_text_checked_again_is_answered_from_memory(monkeypatch):
    speller = Speller(language="en")
    text = "The attroney general speaks in a unique fashion."
    first = misspellings(text, speller)
    calls = []
    real = spelling_module._tokens
    monkeypatch.setattr(spelling_module, "_tokens", lambda t: calls.append(t) or real(t))
    assert misspellings(text, speller) == first and calls == []  # remembered
    first.clear()  # a caller's list is its own
    assert [m.word for m in misspellings(text, speller)] == ["attroney"]
    knowing = speller.with_known(["attroney"])  # another desk's words: asked again
    assert misspellings(text, knowing) == [] and calls == [text]
