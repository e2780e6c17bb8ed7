"""Output hygiene (issue 11, item 13): control characters from files, file names and
``--editor`` never reach the terminal raw, JUnit XML is always valid, CSV cells never start a
spreadsheet formula."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

from editor_app.cli import main
from editor_app.textsafe import for_csv, for_terminal, for_xml
from tests.factories import make_jpeg
from tests.metadata.builders import iim_block, jpeg_file, write

HOSTILE = "Caption \x1b]0;owned\x07 \x1b[2J\u202eevil\x9b1m\x01"
RAW = ("\x1b", "\x07", "\x9b", "\x01", "\u202e")


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile(tmp_path):
    """A photo whose caption and credit carry escapes, under a name with ESC and a newline."""
    desk = tmp_path / "desk"
    desk.mkdir()
    iim = iim_block(utf8=True, caption=HOSTILE, credit='=HYPERLINK("http://x")')
    return write(desk / "evil\x1b[31m\nname.jpg", jpeg_file(iim=iim))


def _db(tmp_path):
    return f"sqlite:///{tmp_path / 'catalog.db'}"


def _no_raw_controls(text):
    assert not any(c in text for c in RAW), repr(text)


def test_show_escapes_names_and_values(capsys, hostile):
    code, out, err = run(capsys, "show", hostile.parent)
    assert code == 0, err
    _no_raw_controls(out)
    assert "evil\\x1b[31m\\nname.jpg" in out.splitlines()[0]
    assert "\\x1b]0;owned\\x07" in out and "\\u202eevil\\x9b1m" in out


def test_check_text_and_junit(capsys, hostile):
    code, out, _err = run(capsys, "check", hostile.parent)
    _no_raw_controls(out)
    code, out, _err = run(capsys, "check", "--format", "junit", hostile.parent)
    root = ET.fromstring(out.encode("utf-8"))  # valid XML
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name", "").endswith("evil\\x1b[31m\nname.jpg")


def test_check_csv_neutralises_formulas(capsys, hostile):
    _code, out, _err = run(capsys, "check", "--format", "csv", hostile.parent)
    rows = list(csv.reader(io.StringIO(out)))
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_set_import_history_export(capsys, hostile, tmp_path):
    db = _db(tmp_path)
    code, out, err = run(
        capsys, "set", "--db", db, hostile, "--caption", "x", "--editor", "ed\x1b[2Jitor\nX"
    )
    assert code == 0, err
    assert out.count("\n") == 1 and out.startswith("written: ") and "\\nname.jpg" in out
    _no_raw_controls(out)
    code, out, err = run(capsys, "history", "--db", db, hostile)
    assert code == 0, err
    _no_raw_controls(out)
    assert "ed\\x1b[2Jitor\\nX (edit)" in out
    code, out, err = run(capsys, "export", "--db", db)
    rows = list(csv.reader(io.StringIO(out)))
    credit = rows[0].index("credit")
    assert rows[1][credit] == '\'=HYPERLINK("http://x")'
    code, out, err = run(capsys, "export", "--db", db, "--format", "json")
    assert json.loads(out)[0]["credit"] == '=HYPERLINK("http://x")'  # JSON keeps the value


def test_import_problems_are_escaped(capsys, tmp_path):
    (tmp_path / "bad\x1b[31m.jpg").write_bytes(b"\xff\xd8\xff\xe1")
    code, _out, err = run(capsys, "import", "-q", "--db", _db(tmp_path), tmp_path)
    assert code == 1
    _no_raw_controls(err)
    assert "bad\\x1b[31m.jpg" in err


def test_rules():
    assert for_terminal("a\nb\tc\x1b") == "a\\nb\\tc\\x1b"
    assert for_terminal("a\nb\x00", keep_newlines=True) == "a\nb\\x00"
    assert for_terminal("caf\udce9.jpg") == "caf\\xe9.jpg"  # an undecodable byte of a name
    assert for_xml("a\x00b\x0bc\ud800\ufffe\n") == "a\\x00b\\x0bc\\ud800\\ufffe\n"
    assert [for_csv(v) for v in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "ok", -1, "")] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "ok",
        -1,
        "",
    ]


def test_plain_output_is_unchanged(capsys, tmp_path):
    photo = make_jpeg(tmp_path, "plain photo.jpg")
    _code, out, _err = run(capsys, "show", photo)
    assert out.splitlines()[0].startswith(f"{photo}  (JPEG")


def test_json_output_has_no_raw_controls_and_keeps_values(capsys, hostile):
    _code, out, _err = run(capsys, "show", "--format", "json", hostile)
    _no_raw_controls(out)
    [record] = json.loads(out)
    assert record["caption"] == HOSTILE and record["path"] == str(hostile)
    _code, out, _err = run(capsys, "check", "--format", "json", hostile)
    _no_raw_controls(out)
    assert json.loads(out)["problems"]


def test_an_editor_name_that_is_not_utf8_is_a_usage_error(capsys, tmp_path):
    photo = make_jpeg(tmp_path)
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code, out, err = run(capsys, "set", "--db", db, photo, "--caption", "x", "--editor", "\udcffed")
    assert code == 2 and out == ""
    assert "--editor \\xffed: the name is not UTF-8 text" in err
