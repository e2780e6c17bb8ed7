"""Photo Mechanic code replacements: files as Photo Mechanic users write them, and expansion."""

import pytest

from editor_app.captions.codes import load_codes, parse_codes, table_of

# As a desk keeps it: a BOM (Windows Notepad), CRLF line ends, // comments, a header, columns
# for the full name, the surname and the team, a spreadsheet's quoted cell, padding tabs.
PM_FILE = (
    "\ufeff// WASHINGTON DESK codes: code<TAB>full name<TAB>surname<TAB>team\r\n"
    "// --------------------------------\r\n"
    "\r\n"
    "lm\tLeah Millis\tMillis\r\n"
    "ar12\tAaron Rodgers\tRodgers\tNew York Jets\r\n"
    "potus\tPresident Joe Biden\t\t\r\n"
    'jr\t"Martin Luther King, ""Jr."""\r\n'
    "# a hash comment, as our own word files allow\r\n"
    "CC2\tAaron Barnum\r\n"
    "bad line with spaces only\r\n"
    "two words\tNot a code\r\n"
)


@pytest.fixture
def table():
    return parse_codes(PM_FILE)


def test_a_photo_mechanic_file_is_read_as_photo_mechanic_reads_it(table):
    assert dict(table.codes) == {
        "lm": ("Leah Millis", "Millis"),
        "ar12": ("Aaron Rodgers", "Rodgers", "New York Jets"),
        "potus": ("President Joe Biden",),
        "jr": ('Martin Luther King, "Jr."',),
        "CC2": ("Aaron Barnum",),
    }
    assert table.skipped == (
        "line 10: no tab-separated replacement after the code (spaces do not separate)",
        "line 11: 'two words' cannot be a code (no spaces, '=' or '#'; at most 64 characters)",
    )


def test_codes_expand_anywhere_in_text_with_columns(table):
    text = "=potus= greets =ar12= (=ar12#3=) as =lm#2= looks on. =lm="
    expanded = table.expand(text)
    assert expanded.text == (
        "President Joe Biden greets Aaron Rodgers (New York Jets) as Millis looks on. Leah Millis"
    )
    assert expanded.unknown == ()


def test_unknown_codes_and_missing_columns_are_reported_and_left_as_typed(table):
    expanded = table.expand("=zz= and =lm#5= and =LM= and =zz=")
    assert expanded.text == "=zz= and =lm#5= and =LM= and =zz="  # codes are case-sensitive
    assert expanded.unknown == ("=zz=", "=lm#5=", "=LM=")


def test_text_that_only_looks_like_codes_is_left_alone(table):
    for text in ("2 + 2 = 4", "a = b = c", "x==y", "no codes here"):
        assert table.expand(text).text == text
        assert table.expand(text).unknown == ()


def test_a_later_line_wins_and_says_so():
    table = parse_codes("lm\tLeah Millis\nlm\tLeah Mills\n")
    assert table.lookup("lm") == "Leah Mills"
    assert table.skipped == ("line 2: code 'lm' again (the later line wins)",)


def test_texts_are_the_names_a_speller_should_know(table):
    assert "Aaron Rodgers" in table.texts() and "New York Jets" in table.texts()


def test_merge_and_catalog_rows(table):
    other = table_of([("lm", ["Leah Millis-Smith"]), ("new", ["New Name"])])
    merged = table.merged(other)
    assert merged.lookup("lm") == "Leah Millis-Smith"
    assert merged.lookup("new") == "New Name" and merged.lookup("CC2") == "Aaron Barnum"


def test_load_codes_needs_utf8(tmp_path):
    good = tmp_path / "codes.txt"
    good.write_bytes(PM_FILE.encode("utf-8"))
    assert load_codes(good).lookup("ar12") == "Aaron Rodgers"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("zz\tJosé Mourinho\n".encode("latin-1"))
    with pytest.raises(ValueError, match="UTF-8"):
        load_codes(latin)
