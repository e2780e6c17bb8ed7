"""How ``caption-desk`` ends: a read-only command skips the interpreter's teardown (cli.run),
yet its whole output, exit code and log lines come out; a command that used the catalog ends
the normal way, so its connection is closed."""

import json
import os
import subprocess
import sys

from tests.metadata.builders import iim_block, jpeg_file, write

# A fresh interpreter that runs the console script's function with one atexit callback of its
# own: the callback speaks only when the interpreter tears down normally.
_SCRIPT = (
    "import atexit, sys\n"
    "atexit.register(lambda: print('torn down', file=sys.stderr))\n"
    "from editor_app.cli import run\n"
    "sys.argv = ['caption-desk', *sys.argv[1:]]\n"
    "run()\n"
)


def _caption_desk(*args, home):
    env = {**os.environ, "CAPTION_DESK_HOME": str(home), "CAPTION_DESK_JOBS": "2"}
    return subprocess.run(
        [sys.executable, "-c", _SCRIPT, *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env=env,
    )


def _desk(tmp_path, count):
    desk = tmp_path / "desk"
    desk.mkdir()
    for n in range(count):
        caption = f"Photo {n} of a long day at the harbour, with nothing in common with the rest."
        write(desk / f"p{n:03}.jpg", jpeg_file(iim=iim_block(caption=caption)))
    (desk / "broken.jpg").write_bytes(b"not a photo")
    return desk


def test_a_check_of_many_photos_skips_the_teardown_and_keeps_all_its_output(tmp_path):
    desk = _desk(tmp_path, 150)  # enough for the worker pool, and > 64 KB of JSON on a pipe
    done = _caption_desk("--debug", "check", "--format", "json", desk, home=tmp_path / "home")
    assert done.returncode == 1, done.stderr  # errors found (no credits, the broken file)
    report = json.loads(done.stdout)  # the whole report: no line lost at the fast exit
    assert len(done.stdout) > 65536
    assert {f["path"] for f in report["problems"]} >= {str(desk / "broken.jpg")}
    assert report["files_checked"] == 151
    assert "torn down" not in done.stderr
    log = (tmp_path / "home").rglob("*.log")
    assert any("checked 151 files" in path.read_text() for path in log)  # the log is flushed


def test_a_command_that_used_the_catalog_ends_the_normal_way(tmp_path):
    desk = _desk(tmp_path, 2)
    db = f"sqlite:///{tmp_path / 'catalog.db'}"
    done = _caption_desk("--db", db, "import", desk, home=tmp_path / "home")
    assert done.returncode == 1, done.stderr  # the broken file
    assert "torn down" in done.stderr  # the catalog's connection closed as usual
