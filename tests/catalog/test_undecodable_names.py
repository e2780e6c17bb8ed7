"""File names that are not valid UTF-8 (issue 11, item 8): every command handles them, shows them
with escapes and never refuses the batch; the catalog keeps them losslessly (SQLite and
PostgreSQL)."""

import json
import os

from editor_app.catalog import open_catalog
from editor_app.catalog.pathtext import from_db, to_db
from tests.factories import make_jpeg
from tests.metadata.builders import run_cli

RAW_NAME = b"caf\xe9 \xff.jpg"  # Latin-1 bytes, as an old camera card or a Windows share gives


def _desk(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    make_jpeg(desk, "plain.jpg")
    make_jpeg(desk, "other.jpg")
    os.rename(desk / "other.jpg", os.path.join(os.fsencode(desk), RAW_NAME))
    return desk, desk / os.fsdecode(RAW_NAME)


def test_every_command_handles_an_undecodable_name(tmp_path, db_url):
    desk, odd = _desk(tmp_path)
    shown = "caf\\xe9 \\xff.jpg"
    imported = run_cli("import", "--db", db_url, str(desk))
    assert imported.returncode == 0, imported.stderr
    assert "2 added" in imported.stdout
    done = run_cli("set", "--db", db_url, str(desk), "--caption", "Café")
    assert done.returncode == 0, done.stderr
    assert f"written: {desk}/{shown}" in done.stdout.splitlines()
    history = run_cli("history", "--db", db_url, str(odd))
    assert history.returncode == 0, history.stderr
    assert shown in history.stdout
    exported = run_cli("export", "--db", db_url, "--format", "json")
    assert exported.returncode == 0, exported.stderr
    paths = [row["path"] for row in json.loads(exported.stdout)]
    assert str(odd) in paths  # the JSON escape \udcXX reads back to the real name
    csv_out = run_cli("export", "--db", db_url)
    assert shown in csv_out.stdout
    for fmt in ("text", "json"):
        result = run_cli("show", "--format", fmt, str(desk))
        assert result.returncode == 0, result.stderr
    assert str(odd) in [r["path"] for r in json.loads(result.stdout)]
    for fmt in ("text", "json", "csv", "junit"):
        result = run_cli("check", "--format", fmt, str(desk))
        assert result.returncode in (0, 1) and result.stderr == "", result.stderr


def test_the_catalog_form_is_reversible_and_keeps_prefixes(db_url, tmp_path):
    name = os.fsdecode(b"/desk/\xe9t\xe9/\xff.jpg")
    assert from_db(to_db(name)) == name
    assert to_db(name).startswith(to_db(os.fsdecode(b"/desk/\xe9t\xe9/")))
    for tricky in ("/a/\U0010ff00\U0010ff85.jpg", "/a/\U0010ffe9.jpg"):
        assert from_db(to_db(tricky)) == tricky and to_db(tricky) != to_db(name)
    with open_catalog(db_url) as catalog:
        assert catalog.known_files([name]) == {}
