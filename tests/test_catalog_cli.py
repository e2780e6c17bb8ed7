"""The catalog commands end to end: import, history, export, --db and CAPTION_DESK_DB."""

import csv
import io
import json
import os

import pytest

from editor_app.catalog import open_catalog
from editor_app.cli import main
from editor_app.errors import MetadataWriteError
from tests.catalog.catalog_helpers import make_jpeg, touch, two_photo_desk
from tests.ops.editing import save_file


@pytest.fixture
def desk(tmp_path):
    return two_photo_desk(tmp_path)


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'desk.db'}"


def _json(capsys):
    return json.loads(capsys.readouterr().out)


def test_import_then_rescan(desk, db, capsys):
    assert main(["import", str(desk), "--db", db]) == 0
    assert capsys.readouterr().out.startswith("2 added,")
    assert main(["import", str(desk), "--db", db]) == 0
    assert "2 unchanged" in capsys.readouterr().out


def test_import_reports_problems_and_exits_1(desk, db, capsys):
    (desk / "bad.jpg").write_bytes(b"garbage")
    assert main(["import", str(desk), "--db", db]) == 1
    captured = capsys.readouterr()
    assert "bad.jpg" in captured.err and "1 problems" in captured.out


def test_default_catalog_is_under_the_home(desk, tmp_path, capsys):
    assert main(["--home", str(tmp_path / "h"), "import", "-q", str(desk)]) == 0
    assert (tmp_path / "h" / "data" / "catalog.db").exists()


def test_env_var_chooses_the_catalog(desk, db, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CAPTION_DESK_DB", db)
    assert main(["import", "-q", str(desk)]) == 0
    assert (tmp_path / "desk.db").exists()


def test_history_json(desk, db, capsys):
    main(["import", "-q", str(desk), "--db", db])
    with open_catalog(db) as cat:
        save_file(cat, desk / "a.jpg", {"caption": "Fire", "keywords": ("a", "b")}, editor="ann")
    assert main(["history", str(desk / "a.jpg"), "--format", "json", "--db", db]) == 0
    revisions = _json(capsys)
    assert [r["version"] for r in revisions] == [1, 2]
    assert revisions[0]["editor"] == "import"
    last = revisions[1]
    assert last["editor"] == "ann" and last["at"].endswith("+00:00")
    assert last["changes"] == {
        "caption": {"old": "", "new": "Fire"},
        "keywords": {"old": "", "new": "a; b"},
    }


def test_history_text_and_unknown_photo(desk, db, tmp_path, capsys):
    main(["import", "-q", str(desk), "--db", db])
    assert main(["history", str(desk / "a.jpg"), "--db", db]) == 0
    assert "version 1" in capsys.readouterr().out
    other = make_jpeg(tmp_path / "other.jpg", (1, 2, 3))
    assert main(["history", str(other), "--db", db]) == 1
    assert "not in the catalog" in capsys.readouterr().err


def test_history_finds_a_moved_file_by_its_image(desk, db, tmp_path, capsys):
    main(["import", "-q", str(desk), "--db", db])
    moved = (desk / "a.jpg").rename(tmp_path / "moved.jpg")
    assert main(["history", str(moved), "--format", "json", "--db", db]) == 0
    assert len(_json(capsys)) == 1


def test_export_csv_and_json(desk, db, capsys):
    main(["import", "-q", str(desk), "--db", db])
    with open_catalog(db) as cat:
        save_file(cat, desk / "a.jpg", {"caption": "Fire", "byline": ("A", "B")}, editor="e")
        save_file(cat, desk / "b.jpg", {"caption": "x"}, editor="e", writer=_failing_write)
    touch(desk / "a.jpg", 0)  # same mtime: still up to date
    assert main(["export", "--db", db]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(os.path.basename(r["path"]), r["version"], r["up_to_date"]) for r in rows] == [
        ("a.jpg", "2", "yes"),
        ("b.jpg", "2", "no"),
    ]
    assert rows[0]["byline"] == "A; B" and rows[1]["file_state"] == "not yet written to file"
    assert main(["export", "--format", "json", str(desk / "a.jpg"), "--db", db]) == 0
    (row,) = _json(capsys)
    assert row["byline"] == ["A", "B"] and row["up_to_date"] is True and row["version"] == 2


def test_export_flags_files_changed_on_disk(desk, db, capsys):
    main(["import", "-q", str(desk), "--db", db])
    touch(desk / "a.jpg")
    (desk / "b.jpg").unlink()
    main(["export", "--format", "json", "--db", db])
    assert [r["file_state"] for r in _json(capsys)] == ["changed on disk", "missing"]


def test_a_bad_db_url_is_one_line(db, capsys):
    assert main(["export", "--db", "mysql://x/y"]) == 2
    assert "unsupported catalog URL" in capsys.readouterr().err


def _failing_write(path, changes):
    raise MetadataWriteError("read-only disk")
