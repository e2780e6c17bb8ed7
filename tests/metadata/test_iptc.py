"""IPTC-IIM: dataset parsing, character sets (1:90, UTF-8, Windows-1252, Mac Roman), dates.

Unit tests call the codec directly; the end-to-end ones build a JPEG with an APP13 block by
hand and read it with ``read_photo``. A few check our reading against ExifTool's.
"""

import json
import struct
import subprocess

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor_app.metadata.io import read_photo
from editor_app.metadata.iptc import decode_iim, iim_datetime, parse_iim, parse_irb
from tests.metadata.builders import (
    app13,
    dataset,
    iim_block,
    irb,
    jpeg_file,
    pixels_jpeg,
    splice,
    write,
)

# --- character sets ----------------------------------------------------------------------------

CHARSET_CASES = [
    # id, caption bytes, 1:90 UTF-8 marker?, expected text, expected codec
    (
        "utf8-marked",
        "Zürich – Ærøskøbing €5 Świątkowska".encode(),
        True,
        "Zürich – Ærøskøbing €5 Świątkowska",
        "utf-8",
    ),
    (
        "utf8-unmarked",
        "Óscar Cañas/EUROPA PRESS/dpa".encode(),
        False,
        "Óscar Cañas/EUROPA PRESS/dpa",
        "utf-8",
    ),
    ("cp1252-e-acute", b"Caf\xe9 in Montr\xe9al", False, "Café in Montréal", "cp1252"),
    ("cp1252-euro", b"Tickets cost \x80 50", False, "Tickets cost € 50", "cp1252"),
    (
        "cp1252-quotes",
        b"\x93Yes,\x94 she said \x96 at M\xfcnchen",
        False,
        "\u201cYes,\u201d she said \u2013 at München",
        "cp1252",
    ),
    # Typographic punctuation from Windows (Word autocorrect) is the most common non-ASCII in
    # English captions: it must read as Windows-1252, not as Mac Roman letters ("Macyís").
    (
        "cp1252-apostrophe",
        b"Macy\x92s parade in New York",
        False,
        "Macy\u2019s parade in New York",
        "cp1252",
    ),
    ("cp1252-curly-quotes", b"He said \x93no\x94.", False, "He said \u201cno\u201d.", "cp1252"),
    (
        "cp1252-german-quotes",
        b"\x84Guten Tag\x93, sagte er",
        False,
        "\u201eGuten Tag\u201c, sagte er",
        "cp1252",
    ),
    (
        "cp1252-em-dash",
        b"The city\x97once a port\x97is quiet",
        False,
        "The city\u2014once a port\u2014is quiet",
        "cp1252",
    ),
    ("macroman-geneve", b"Gen\x8fve, Switzerland", False, "Genève, Switzerland", "mac_roman"),
    ("macroman-jose", b"Jos\x8e Mourinho", False, "José Mourinho", "mac_roman"),
    ("macroman-francois", b"Fran\x8dois Hollande", False, "François Hollande", "mac_roman"),
    ("macroman-zurich", b"Z\x9frich, Switzerland", False, "Zürich, Switzerland", "mac_roman"),
    ("ambiguous-cafe", b"Caf\xe9", False, "Café", "cp1252"),
    ("ambiguous-naive", b"na\xefve", False, "naïve", "cp1252"),
    ("ambiguous-strasse", b"Stra\xdfe", False, "Straße", "cp1252"),
    ("ascii", b"Plain ASCII caption", False, "Plain ASCII caption", "utf-8"),
]


@pytest.mark.parametrize(
    ("raw", "marked", "text", "codec"),
    [case[1:] for case in CHARSET_CASES],
    ids=[case[0] for case in CHARSET_CASES],
)
def test_caption_charset(raw, marked, text, codec):
    values = decode_iim([iim_block(utf8=marked, caption=raw)])
    assert values.text["caption"] == text
    assert values.charset == codec


_END_TO_END = (
    "utf8-marked",
    "utf8-unmarked",
    "cp1252-euro",
    "cp1252-apostrophe",
    "macroman-jose",
    "ambiguous-cafe",
)


@pytest.mark.parametrize(
    ("raw", "marked", "text", "codec"),
    [case[1:] for case in CHARSET_CASES if case[0] in _END_TO_END],
    ids=[case[0] for case in CHARSET_CASES if case[0] in _END_TO_END],
)
def test_caption_charset_through_read_photo(tmp_path, raw, marked, text, codec):
    path = write(tmp_path / "photo.jpg", jpeg_file(iim=iim_block(utf8=marked, caption=raw)))
    record = read_photo(path)
    assert record.error is None
    assert record.caption == text
    assert record.sources["caption"] == "iptc"
    assert record.iim_charset == codec


def test_invalid_utf8_under_1_90_is_replaced_not_raised():
    values = decode_iim([iim_block(utf8=True, caption=b"Caf\xe9 \xff\xfe end", city=b"\xc3")])
    assert values.text["caption"] == "Caf\ufffd \ufffd\ufffd end"
    assert values.text["city"] == "\ufffd"
    assert values.charset == "utf-8"


def test_invalid_utf8_under_1_90_through_read_photo(tmp_path):
    path = write(tmp_path / "p.jpg", jpeg_file(iim=iim_block(utf8=True, caption=b"Ol\xe9 \x80")))
    record = read_photo(path)
    assert record.error is None
    assert record.caption == "Ol\ufffd \ufffd"


def test_non_utf8_1_90_means_legacy_latin():
    # ESC - A (ISO 8859-1 G1) is not UTF-8: the text is read as Windows-1252, not guessed.
    block = dataset(1, 90, b"\x1b-A") + dataset(2, 120, b"Caf\xe9")
    values = decode_iim([block])
    assert values.text["caption"] == "Café"
    assert values.charset == "cp1252"


def test_charset_is_chosen_per_block():
    first = iim_block(utf8=True, caption="Zürich".encode())
    second = iim_block(city=b"Montr\xe9al")  # a later, legacy block fills a missing field
    values = decode_iim([first, second])
    assert values.text["caption"] == "Zürich"
    assert values.text["city"] == "Montréal"
    assert values.charset == "utf-8"


def test_nul_padding_is_stripped():
    values = decode_iim([iim_block(caption=b"Padded caption\x00\x00\x00")])
    assert values.text["caption"] == "Padded caption"


# --- datasets ----------------------------------------------------------------------------------


def test_repeatable_datasets_are_lists_in_order():
    block = iim_block(keywords=["politics", "Berlin", "May Day"], byline=["Jane Doe", "Ann Lee"])
    values = decode_iim([block])
    assert values.lists["keywords"] == ["politics", "Berlin", "May Day"]
    assert values.lists["byline"] == ["Jane Doe", "Ann Lee"]
    assert "keywords" not in values.text


def test_repeatable_datasets_through_read_photo(tmp_path):
    block = iim_block(utf8=True, keywords=["Fußball", "WM"], byline=["Żaneta Świątkowska"])
    record = read_photo(write(tmp_path / "k.jpg", jpeg_file(iim=block)))
    assert record.keywords == ("Fußball", "WM")
    assert record.byline == ("Żaneta Świątkowska",)


def test_single_dataset_repeated_first_wins():
    block = iim_block() + dataset(2, 120, b"first") + dataset(2, 120, b"second")
    assert decode_iim([block]).text["caption"] == "first"


@pytest.mark.parametrize("size", [32767, 32768, 70000])
def test_extended_length_dataset(size):
    caption = ("x" * (size - 3)) + "end"
    block = iim_block(caption=caption.encode(), city=b"Oslo")
    datasets, note = parse_iim(block)
    assert note is None
    assert [d.value for d in datasets if (d.record, d.number) == (2, 120)] == [caption.encode()]
    values = decode_iim([block])
    assert values.text["caption"] == caption
    assert values.text["city"] == "Oslo"


def test_extended_length_with_two_length_bytes():
    raw = b"y" * 300
    block = bytes([0x1C, 2, 120]) + struct.pack(">HH", 0x8002, len(raw)) + raw
    datasets, note = parse_iim(block + dataset(2, 90, b"Rome"))
    assert note is None
    assert [(d.number, d.value) for d in datasets] == [(120, raw), (90, b"Rome")]


def test_malformed_extended_length_keeps_earlier_datasets():
    bad = bytes([0x1C, 2, 120]) + struct.pack(">H", 0x8009) + b"\x00" * 9
    block = dataset(2, 90, b"Rome") + bad
    datasets, note = parse_iim(block)
    assert [d.value for d in datasets] == [b"Rome"]
    assert note and "extended" in note


def test_dataset_claiming_bytes_past_block_end():
    block = dataset(2, 90, b"Rome") + dataset(2, 120, b"short", length=5000)
    datasets, note = parse_iim(block)
    assert [d.value for d in datasets] == [b"Rome"]
    assert note and "2:120" in note
    values = decode_iim([block])
    assert values.text == {"city": "Rome"}
    assert values.notes == [note]


def test_dataset_shorter_than_its_bytes_is_noted():
    # The stored length is 3 but 8 bytes follow: the rest is not a dataset tag.
    block = dataset(2, 90, b"Rome") + dataset(2, 120, b"Caption", length=3) + b"\x01"
    datasets, note = parse_iim(block)
    assert [d.value for d in datasets] == [b"Rome", b"Cap"]
    assert note and "unexpected bytes" in note


def test_trailing_zero_padding_is_not_a_problem():
    datasets, note = parse_iim(iim_block(caption=b"ok") + b"\x00" * 7)
    assert note is None
    assert datasets[-1].value == b"ok"


def test_lying_length_through_read_photo_keeps_what_was_read(tmp_path):
    block = iim_block(city=b"Rome") + dataset(2, 120, b"cut", length=40000)
    record = read_photo(write(tmp_path / "lie.jpg", jpeg_file(iim=block, digest=None)))
    assert record.city == "Rome"
    assert record.caption == ""
    assert any("2:120" in n for n in record.notes)
    assert record.error is None or "\n" not in record.error


# --- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "time", "iso"),
    [
        ("20240501", "140305+0200", "2024-05-01T14:03:05+02:00"),
        ("20240501", "140305-0500", "2024-05-01T14:03:05-05:00"),
        ("20240501", "140305", "2024-05-01T14:03:05"),
        ("20240501", None, "2024-05-01"),
        ("20240500", None, "2024-05"),
        ("20240000", None, "2024"),
        ("2024-05-01", None, "2024-05-01"),  # dashes: seen in Getty files; ExifTool reads it too
        ("2024:05:01", None, "2024-05-01"),
        ("", None, None),
        ("2024050", None, None),
    ],
)
def test_iim_datetime(date, time, iso):
    assert iim_datetime(date, time) == iso


def test_date_and_time_created_through_read_photo(tmp_path):
    block = iim_block(caption=b"c", date_created=b"20240501", time_created=b"140305+0200")
    record = read_photo(write(tmp_path / "d.jpg", jpeg_file(iim=block)))
    assert record.date_created == "2024-05-01T14:03:05+02:00"
    assert record.sources["date_created"] == "iptc"


def test_time_without_date_gives_no_date(tmp_path):
    block = iim_block(caption=b"c", time_created=b"140305+0200")
    record = read_photo(write(tmp_path / "t.jpg", jpeg_file(iim=block)))
    assert record.date_created is None


# --- IRB blocks --------------------------------------------------------------------------------


def test_irb_with_odd_name_and_odd_size():
    resources = irb(0x03ED, b"abc", name=b"x") + irb(0x0404, iim_block(caption=b"ok"), name=b"ab")
    blocks, note = parse_irb(resources)
    assert note is None
    assert [(b.resource_id, b.name) for b in blocks] == [(0x03ED, b"x"), (0x0404, b"ab")]


def test_non_photoshop_signature_iim_is_ignored(tmp_path):
    resources = irb(0x0404, iim_block(caption=b"not ours"), signature=b"PHUT")
    resources += irb(0x0404, iim_block(city=b"Rome"))
    record = read_photo(write(tmp_path / "s.jpg", splice(pixels_jpeg(), [app13(resources)])))
    assert record.caption == ""
    assert record.city == "Rome"


# --- hypothesis: the codec never raises ---------------------------------------------------------

_FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FAST
@given(st.binary(max_size=600))
def test_parse_and_decode_never_raise_on_arbitrary_bytes(data):
    datasets, note = parse_iim(data)
    assert note is None or isinstance(note, str)
    values = decode_iim([data, data[::-1]])
    assert all(isinstance(v, str) for v in values.text.values())
    parse_irb(data)


_DATASETS = st.lists(
    st.tuples(
        st.sampled_from([1, 2, 2, 2, 3]),
        st.sampled_from([0, 5, 25, 55, 60, 80, 90, 100, 101, 105, 110, 116, 120, 122, 200]),
        st.one_of(st.binary(max_size=80), st.just(b"\x1b%G"), st.text(max_size=30).map(str.encode)),
    ),
    max_size=12,
)


@_FAST
@given(_DATASETS)
def test_well_formed_blocks_round_trip_and_decode(items):
    block = b"".join(dataset(r, n, v) for r, n, v in items)
    datasets, note = parse_iim(block)
    assert note is None
    assert [(d.record, d.number, d.value) for d in datasets] == items
    values = decode_iim([block])
    for text in (*values.text.values(), *(v for vs in values.lists.values() for v in vs)):
        assert isinstance(text, str)
    assert values.date_created is None or values.date_created[:4].isdigit()


@_FAST
@given(st.text(max_size=60))
def test_utf8_text_under_1_90_decodes_exactly(text):
    text = text.replace("\x00", "")
    values = decode_iim([iim_block(utf8=True, caption=text.encode())])
    assert values.text.get("caption", "") == text


# --- interop with ExifTool -------------------------------------------------------------------


def _exiftool_json(exiftool, path, *args):
    out = subprocess.run(
        [exiftool, "-j", "-G1", *args, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)[0]


@pytest.mark.parametrize("case", ["utf8-marked", "cp1252-e-acute", "cp1252-quotes", "ascii"])
def test_exiftool_reads_our_fixtures_the_same(tmp_path, exiftool, case):
    raw, marked, text, _codec = next(c[1:] for c in CHARSET_CASES if c[0] == case)
    path = write(tmp_path / "x.jpg", jpeg_file(iim=iim_block(utf8=marked, caption=raw)))
    assert _exiftool_json(exiftool, path)["IPTC:Caption-Abstract"] == text
    assert read_photo(path).caption == text


def test_reads_iim_written_by_exiftool(tmp_path, exiftool):
    path = write(tmp_path / "et.jpg", pixels_jpeg())
    subprocess.run(
        [
            exiftool,
            "-q",
            "-overwrite_original",
            "-IPTC:CodedCharacterSet=UTF8",
            "-IPTC:Caption-Abstract=Łódź, Poland – “quoted”",
            "-IPTC:By-line=Żaneta",
            "-IPTC:By-line+=Ann",
            "-IPTC:Keywords=a",
            "-IPTC:Keywords+=b",
            "-IPTC:DateCreated=2024:05:01",
            "-IPTC:TimeCreated=14:03:05+02:00",
            str(path),
        ],
        check=True,
    )
    record = read_photo(path)
    assert record.error is None
    assert record.caption == "Łódź, Poland – “quoted”"
    assert record.byline == ("Żaneta", "Ann")
    assert record.keywords == ("a", "b")
    assert record.date_created == "2024-05-01T14:03:05+02:00"
    assert record.iim_charset == "utf-8"


def test_reads_latin_iim_written_by_exiftool(tmp_path, exiftool):
    path = write(tmp_path / "latin.jpg", pixels_jpeg())
    # No 1:90: ExifTool converts to its default IPTC charset (Windows Latin1) on write.
    subprocess.run(
        [exiftool, "-q", "-overwrite_original", "-IPTC:Caption-Abstract=Café €5", str(path)],
        check=True,
    )
    assert read_photo(path).caption == "Café €5"
