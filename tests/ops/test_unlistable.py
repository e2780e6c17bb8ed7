"""Folders that cannot be listed and broken links are reported by every command (issue 11,
item 11). Permission denial is mocked (os.scandir), so the tests also hold when run as root."""

import errno
import os

import pytest

from editor_app.cli import main
from tests.factories import make_jpeg


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def locked_desk(tmp_path, monkeypatch):
    desk = tmp_path / "desk"
    locked = desk / "locked"
    locked.mkdir(parents=True)
    make_jpeg(desk, "good.jpg")
    make_jpeg(locked, "unseen.jpg")
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == str(locked):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    return desk, locked


def test_show_reports_the_folder(capsys, locked_desk):
    desk, locked = locked_desk
    code, out, err = run(capsys, "show", desk)
    assert code == 1
    assert f"{locked}: cannot list the folder (permission denied)" in err
    assert str(desk / "good.jpg") in out


@pytest.mark.parametrize("which", ["desk", "locked"])
def test_check_never_passes_over_photos_it_did_not_see(capsys, locked_desk, which):
    desk, locked = locked_desk
    code, out, _err = run(capsys, "check", desk if which == "desk" else locked)
    assert code == 1
    assert "unreadable-file" in out and "cannot list the folder (permission denied)" in out


def test_set_and_import_report_the_folder(capsys, locked_desk, tmp_path):
    desk, locked = locked_desk
    db = f"sqlite:///{tmp_path / 'c.db'}"
    code, out, _err = run(capsys, "set", "--db", db, desk, "--caption", "C")
    assert code == 1
    assert f"error: {locked}: cannot list the folder (permission denied)" in out.splitlines()
    assert f"written: {desk / 'good.jpg'}" in out.splitlines()
    code, _out, err = run(capsys, "import", "-q", "--db", db, desk)
    assert code == 1
    assert f"{locked}: cannot list the folder (permission denied)" in err


def test_import_reports_dangling_links_and_loops_as_show_does(capsys, tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    make_jpeg(desk, "good.jpg")
    (desk / "gone.jpg").symlink_to(desk / "deleted.jpg")
    (desk / "loop.jpg").symlink_to(desk / "loop.jpg")
    code, _out, shown = run(capsys, "show", desk)
    assert code == 1
    code, _out, imported = run(
        capsys, "import", "-q", "--db", f"sqlite:///{tmp_path / 'c.db'}", desk
    )
    assert code == 1
    for name, reason in (
        ("gone.jpg", "a symbolic link to a file that does not exist"),
        ("loop.jpg", "a loop of symbolic links"),
    ):
        assert f"{desk / name}: {reason}" in shown
        assert f"{desk / name}: {reason}" in imported
