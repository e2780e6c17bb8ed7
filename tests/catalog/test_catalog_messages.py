"""A catalog that cannot be used gets one readable sentence naming it and what to do (issue 11,
item 10), never "internal error"; commands that only read never create a catalog."""

import sqlite3

import pytest

from editor_app.catalog import CatalogError, open_catalog
from editor_app.catalog.db import make_database
from editor_app.cli import main
from tests.factories import make_jpeg


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _one_sentence(err: str, *words: str) -> None:
    assert err.count("\n") == 1 and "internal error" not in err, err
    for word in words:
        assert word in err, err


def test_a_text_file_as_catalog(capsys, tmp_path):
    text = tmp_path / "notes.db"
    text.write_text("shopping list\n")
    code, _out, err = run(capsys, "export", "--db", f"sqlite:///{text}")
    assert code == 2
    _one_sentence(err, str(text), "not a Caption Desk catalog", "move that file away")
    assert text.read_text() == "shopping list\n"


def test_a_damaged_sqlite_catalog(capsys, tmp_path):
    db = tmp_path / "catalog.db"
    url = f"sqlite:///{db}"
    make_jpeg(tmp_path, "a.jpg")
    assert run(capsys, "import", "-q", "--db", url, tmp_path / "a.jpg")[0] == 0
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    data[4096 : len(data)] = b"\xa5" * (len(data) - 4096)  # every page but the first
    db.write_bytes(bytes(data))
    for command in (("export",), ("history", tmp_path / "a.jpg"), ("import", tmp_path)):
        code, _out, err = run(capsys, *command, "--db", url)
        assert code == 2
        _one_sentence(err, str(db), "damaged", "backup")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql://u:secret@localhost:99999/desk", ("port from 1 to 65535", "u:***@")),
        ("postgresql://u@[::1/desk", ("IPv6", "[::1")),
    ],
)
def test_a_malformed_url(capsys, url, words):
    code, _out, err = run(capsys, "export", "--db", url)
    assert code == 2
    _one_sentence(err, "malformed", *words)
    assert "secret" not in err


def test_a_tampered_schema_version(capsys, db_url):
    open_catalog(db_url).close()
    db = make_database(db_url)
    with db.connection_context():
        db.execute_sql("UPDATE catalog_meta SET value = 'two' WHERE key = 'schema_version'")
    with pytest.raises(CatalogError, match=r"schema version 'two' .*restore it from a backup"):
        open_catalog(db_url)
    code, _out, err = run(capsys, "export", "--db", db_url)
    assert code == 2
    _one_sentence(err, "schema version 'two'")


def test_home_pointing_at_a_file(capsys, tmp_path, monkeypatch):
    afile = tmp_path / "home.txt"
    afile.write_text("x")
    code, _out, err = run(capsys, "--home", afile, "export")
    assert code == 2
    _one_sentence(err, str(afile), "is a file, not a folder")
    monkeypatch.setenv("CAPTION_DESK_HOME", str(afile))
    code, _out, err = run(capsys, "import", tmp_path)
    assert code == 2
    _one_sentence(err, "cannot create the folder", "CAPTION_DESK_HOME")


def test_read_only_commands_never_create_a_catalog(capsys, tmp_path, db_url):
    typo = tmp_path / "catalgo" / "desk.db"
    for command in (("export",), ("history", tmp_path / "a.jpg")):
        code, _out, err = run(capsys, *command, "--db", f"sqlite:///{typo}")
        assert code == 2
        _one_sentence(err, f"there is no catalog at {typo}")
    assert not typo.parent.exists()
    if db_url.startswith("postgresql"):  # an empty database is not given tables by a read
        code, _out, err = run(capsys, "export", "--db", db_url)
        assert code == 2
        _one_sentence(err, "holds no Caption Desk catalog")
        db = make_database(db_url)
        with db.connection_context():
            assert db.get_tables() == []
