"""The catalog failing in the middle of ``set`` (issue 11, items 9 and 12): every file still
gets its line saying what happened to it, and the catalog catches up at the next save."""

import threading

from peewee import OperationalError

from editor_app.catalog import Catalog
from editor_app.cli import main
from editor_app.metadata.io import read_photo
from editor_app.ops import write_back
from tests.factories import make_jpeg


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _terminate_other_connections(url: str) -> None:
    import psycopg2  # only the PostgreSQL half needs the driver (an optional dependency)

    con = psycopg2.connect(url)
    try:
        con.autocommit = True
        with con.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
    finally:
        con.close()


def _break_catalog_after_writes(monkeypatch, db_url):
    """The files are written; then the server drops us (PostgreSQL) or the disk fills (SQLite)."""
    real_write = write_back.write_photo
    once = threading.Lock()
    if db_url.startswith("postgresql"):

        def write_then_stop(path, changes, options):
            result = real_write(path, changes, options)
            if once.acquire(blocking=False):
                _terminate_other_connections(db_url)
            return result

        monkeypatch.setattr(write_back, "write_photo", write_then_stop)
    else:

        def disk_full(self, done):
            raise OperationalError("disk I/O error")

        monkeypatch.setattr(Catalog, "mark_all_written", disk_full)


def test_each_file_says_it_was_written_and_the_catalog_catches_up(
    capsys, tmp_path, db_url, monkeypatch
):
    photos = [make_jpeg(tmp_path, f"p{i}.jpg") for i in range(3)]
    assert run(capsys, "import", "-q", "--db", db_url, tmp_path)[0] == 0
    _break_catalog_after_writes(monkeypatch, db_url)
    code, out, err = run(capsys, "set", "--db", db_url, tmp_path, "--caption", "Kept")
    assert code == 1
    assert "internal error" not in err
    lines = out.splitlines()
    assert len(lines) == 3
    for photo, line in zip(photos, lines, strict=True):
        assert line.startswith(f"warning: {photo}: written to the file, but the catalog could")
        assert "the next save of it catches up" in line
        assert read_photo(photo).caption == "Kept"
    expected = "disk is full or failing" if db_url.startswith("sqlite") else "connection"
    assert expected in lines[0]
    monkeypatch.undo()
    code, out, _err = run(capsys, "set", "--db", db_url, tmp_path, "--caption", "Kept")
    assert code == 0 and out.splitlines() == [f"written: {p}" for p in photos]
    code, out, _err = run(capsys, "export", "--db", db_url)
    assert all(",yes," in row for row in out.splitlines()[1:])


def test_a_catalog_lost_before_any_write_changes_no_file(capsys, tmp_path, db_url, monkeypatch):
    photo = make_jpeg(tmp_path, "p.jpg")
    assert run(capsys, "import", "-q", "--db", db_url, photo)[0] == 0

    def lost(*_args, **_kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(Catalog, "save_each", lost)
    code, out, err = run(capsys, "set", "--db", db_url, photo, "--caption", "New")
    assert code == 1 and out == ""
    assert "connection to the catalog" in err and "no file was changed" in err
    assert read_photo(photo).caption != "New"
