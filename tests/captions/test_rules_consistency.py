"""metadata-conflict, iim-too-long and mojibake."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.rules.consistency import IIM_BY_FIELD, _iim_codec, _the_value
from editor_app.metadata.record import Conflict
from editor_app.settings import DeskSettings
from tests.captions.photos import messages, record


def test_sources_that_disagree():
    conflict = Conflict("caption", {"iptc": "Fans cheer.", "xmp": "Fans jeer."}, "xmp")
    assert messages("metadata-conflict", record(conflicts=(conflict,))) == [
        "The caption differs between IPTC and XMP, so systems show different text (this report "
        "uses the XMP one)."
    ]


def test_whitespace_and_unwatched_fields_are_no_conflict():
    spaces = Conflict("credit", {"iptc": "REUTERS/Jane  Doe", "xmp": "REUTERS/Jane Doe "}, "xmp")
    keywords = Conflict("keywords", {"iptc": "a", "xmp": "b"}, "xmp")
    assert messages("metadata-conflict", record(conflicts=(spaces, keywords))) == []
    headline = Conflict("headline", {"iptc": "A", "xmp": "B"}, "xmp")
    only_caption = DeskSettings(conflict_fields=("caption",))
    assert messages("metadata-conflict", record(conflicts=(headline,)), settings=only_caption) == []


def test_a_truncated_iim_copy_is_named_as_such():
    full = "REUTERS/Andriy Andriyenko/Handout via REUTERS"
    conflict = Conflict("credit", {"iptc": full[:32], "xmp": full}, "xmp")
    assert messages("metadata-conflict", record(conflicts=(conflict,))) == [
        "The IPTC credit is cut off at the IIM length limit, so IIM-only systems show a shorter "
        "text."
    ]


def test_values_too_long_for_iim():
    credit = "Courtesy U.S. Customs and Border Protection/Handout via REUTERS"
    assert messages("iim-too-long", record(credit=credit, byline=("Ż" * 17,))) == [
        "A by-line is 34 bytes, longer than the 32 bytes IPTC-IIM allows, so IIM copies are cut "
        "short.",
        "The credit is 63 bytes, longer than the 32 bytes IPTC-IIM allows, so IIM copies are cut "
        "short.",
    ]
    assert messages("iim-too-long", record(credit="REUTERS/Jane Doe", byline=("Ż" * 16,))) == []


def test_iim_length_findings_read_as_sentences():
    photo = record(instructions="x" * 300, keywords=("k" * 70, "short"))
    assert messages("iim-too-long", photo) == [
        "A keyword is 70 bytes, longer than the 64 bytes IPTC-IIM allows, so IIM copies are cut "
        "short.",
        "The instructions text is 300 bytes, longer than the 256 bytes IPTC-IIM allows, so IIM "
        "copies are cut short.",
    ]


def test_iim_length_is_no_matter_where_no_iim_is_written():
    credit = "Courtesy U.S. Customs and Border Protection/Handout via REUTERS"
    for fmt, found in (("JPEG", 1), ("TIFF", 1), ("PNG", 0), ("WEBP", 0)):
        photo = record(f"a.{fmt.lower()}", credit=credit, format=fmt)
        assert len(messages("iim-too-long", photo)) == found, fmt
    # a PNG that carries IIM all the same (we would not write it; it is cut short already)
    carried = record("a.png", credit=credit, format="PNG", has_iptc=True)
    assert len(messages("iim-too-long", carried)) == 1


@pytest.mark.parametrize(
    ("charset", "city", "found"),
    [
        ("cp1252", "Genève", []),  # the writer keeps a Latin block Latin: 32 bytes, it fits
        (None, "Genève", ["The credit is 33 bytes"]),
        ("utf-8", "Genève", ["The credit is 33 bytes"]),
        ("cp1252", "Łódź", ["The credit is 33 bytes"]),  # Łódź needs UTF-8 for the whole block
    ],
)
def test_iim_limits_count_the_bytes_of_the_files_charset(charset, city, found):
    credit = "Agence Française de Presse Photo"  # 32 characters, 33 UTF-8 bytes
    photo = record(credit=credit, city=city, iim_charset=charset)
    assert [m.split(",")[0] for m in messages("iim-too-long", photo)] == found


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"caption": "Fans cheer for MartÃ­n in Madrid."}, "MartÃ­n"),
        ({"credit": "REUTERS/Ã“scar CaÃ±as"}, "REUTERS/Ã“scar"),
        ({"city": "SÃ£o Paulo"}, "SÃ£o"),
        ({"caption": "The fan\u2019s flag â€™ reads"}, "â€™"),
        ({"headline": "Fans cheer \ufffd"}, "\ufffd"),
    ],
)
def test_mojibake(fields, word):
    (message,) = messages("mojibake", record(**fields))
    assert f'("{word}")' in message and message.endswith("the wrong character set.")


@pytest.mark.parametrize("text", ["SÃO PAULO", "Âncora", "Martín in São Paulo", "Óscar Cañas"])
def test_real_accents_are_not_mojibake(text):
    assert messages("mojibake", record(caption=text, city=text)) == []


def _every_value_encoded(photo) -> list[str]:
    """iim-too-long the plain way: every value of every IIM field encoded and measured."""
    codec = _iim_codec(photo)
    found = []
    for field, dataset in IIM_BY_FIELD.items():
        value = getattr(photo, field)
        for item in value if isinstance(value, tuple) else (value,):
            size = len(item.encode(codec))
            if size > dataset.max_bytes:
                found.append(f"{_the_value(field)} is {size} bytes")
    return found


_VALUE = st.text(alphabet="aé Ż€\U0001f600", max_size=70)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries({"credit": _VALUE, "city": _VALUE, "headline": _VALUE}),
    st.lists(_VALUE, max_size=3),
    st.sampled_from([None, "utf-8", "cp1252"]),
)
def test_iim_too_long_measures_only_what_may_not_fit_and_finds_the_same(fields, names, charset):
    photo = record(**fields, byline=tuple(names), iim_charset=charset)
    found = [m.split(",")[0] for m in messages("iim-too-long", photo)]
    assert found == _every_value_encoded(photo)
