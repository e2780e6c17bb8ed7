"""Input that used to hang the commands: FIFOs named like photos or sidecars (issue 11, item 5).

Timing-free: each command runs in a subprocess with a deadline; a hang is a TimeoutExpired.
"""

import os

import pytest

from tests.factories import make_jpeg, make_png
from tests.metadata.builders import run_cli

DEADLINE = 60  # seconds; the commands take about one, a hang never ends


@pytest.fixture
def fifo_desk(tmp_path):
    desk = tmp_path / "desk"
    desk.mkdir()
    make_jpeg(desk, "good.jpg")
    os.mkfifo(desk / "pipe.jpg")
    return desk


def _db(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'catalog.db'}"


@pytest.mark.parametrize("named", [True, False], ids=["named", "walked"])
def test_show_and_check_report_a_fifo_and_go_on(fifo_desk, named):
    target = str(fifo_desk / "pipe.jpg") if named else str(fifo_desk)
    shown = run_cli("show", target, timeout=DEADLINE)
    assert shown.returncode == 1
    assert f"{fifo_desk / 'pipe.jpg'}: not a regular file (FIFO)" in shown.stderr
    checked = run_cli("check", target, timeout=DEADLINE)
    assert checked.returncode == 1
    assert "not a regular file (FIFO)" in checked.stdout


def test_import_and_set_report_a_fifo_and_write_the_rest(fifo_desk, tmp_path):
    imported = run_cli("import", "--db", _db(tmp_path), str(fifo_desk), timeout=DEADLINE)
    assert imported.returncode == 1
    assert "pipe.jpg: not a regular file (FIFO)" in imported.stderr
    assert "1 added" in imported.stdout
    done = run_cli("set", "--db", _db(tmp_path), str(fifo_desk), "--caption", "C", timeout=DEADLINE)
    assert done.returncode == 1
    assert f"written: {fifo_desk / 'good.jpg'}" in done.stdout
    assert f"error: {fifo_desk / 'pipe.jpg'}: not a regular file (FIFO)" in done.stdout


def test_a_fifo_where_the_sidecar_goes_is_refused(tmp_path):
    png = make_png(tmp_path)
    os.mkfifo(tmp_path / "photo.xmp")
    shown = run_cli("show", str(png), timeout=DEADLINE)
    assert shown.returncode == 0, shown.stderr
    done = run_cli("set", "--db", _db(tmp_path), str(png), "--caption", "C", timeout=DEADLINE)
    assert done.returncode == 1
    assert "the sidecar photo.xmp is not a regular file (FIFO)" in done.stdout
