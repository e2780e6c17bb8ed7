"""Several processes on one catalog (both databases): no save lost, stale saves refused,
and a process killed in the middle of a save leaves a consistent catalog."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from editor_app.catalog import open_catalog
from editor_app.catalog.db import make_database
from editor_app.errors import EditConflict
from editor_app.metadata.io import read_photo
from tests.catalog.catalog_helpers import make_jpeg, new_photo

ROOT = Path(__file__).resolve().parents[2]
SAVES = 100


def _worker(*args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.catalog.catalog_worker", *map(str, args)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    return out


def _assert_consistent(catalog, pid):
    """Versions 1..N without gaps; the photo's fields are the last revision's."""
    history = catalog.history(pid)
    photo = catalog.photo_by_id(pid)
    assert [r.version for r in history] == list(range(1, photo.version + 1))
    last_caption = [r.changes["caption"].new for r in history if "caption" in r.changes][-1]
    assert photo.fields["caption"] == last_caption
    for before, after in zip(history[1:], history[2:], strict=False):  # each save saw the last
        assert after.changes["caption"].old == before.changes["caption"].new


def test_two_processes_saving_the_same_photo_lose_nothing(catalog, db_url, tmp_path):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="start")])
    go = tmp_path / "go"
    workers = [_worker("saves", db_url, pid, name, SAVES, go) for name in ("w1", "w2")]
    go.touch()
    conflicts = [int(_finish(w)) for w in workers]
    history = catalog.history(pid)
    assert len(history) == 2 * SAVES + 1
    assert [r.version for r in history] == list(range(1, 2 * SAVES + 2))
    for name in ("w1", "w2"):
        captions = [r.changes["caption"].new for r in history if r.editor == name]
        assert captions == [f"{name}-{i}" for i in range(SAVES)]
    assert catalog.photo_by_id(pid).version == 2 * SAVES + 1
    _assert_consistent(catalog, pid)
    print("conflicts retried:", conflicts)


def test_a_stale_save_is_refused_across_processes(catalog, db_url, tmp_path):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="start")])
    seen = catalog.photo_by_id(pid).version
    go = tmp_path / "go"
    go.touch()
    _finish(_worker("saves", db_url, pid, "other", 1, go))
    with pytest.raises(EditConflict):
        catalog.save_revision(pid, {"caption": "stale"}, editor="me", expected_version=seen)
    assert catalog.photo_by_id(pid).fields["caption"] == "other-0"


def test_killing_a_process_mid_save_leaves_a_consistent_catalog(catalog, db_url):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="start")])
    proc = _worker("loop", db_url, pid)
    for _ in range(30):  # let it get well into its loop, then kill it wherever it is
        assert proc.stdout.readline(), proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    with open_catalog(db_url) as fresh:
        assert fresh.photo_by_id(pid).version >= 31
        _assert_consistent(fresh, pid)
        fresh.save_revision(pid, {"caption": "after"}, editor="me")  # no lock left behind
    if db_url.startswith("sqlite"):
        db = make_database(db_url)
        with db.connection_context():
            assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_killed_between_revision_and_file_write(catalog, db_url, tmp_path):
    photo = make_jpeg(tmp_path / "a.jpg")
    before = photo.read_bytes()
    proc = _worker("edit", db_url, photo)
    assert proc.stdout.readline() == "writing\n", proc.stderr.read()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    with open_catalog(db_url) as fresh:
        stored = fresh.photo(str(photo))
        assert (stored.version, stored.pending_write) == (2, True)
        assert stored.fields["caption"] == "saved before the crash"
    assert photo.read_bytes() == before
    assert read_photo(photo).caption == ""


def test_two_workstations_importing_the_same_folder(catalog, db_url, tmp_path):
    for i in range(60):
        make_jpeg(tmp_path / "shared" / f"{i:02d}.jpg", (i * 4, 100, 200 - i * 3))
    go = tmp_path / "go"
    workers = [_worker("import", db_url, tmp_path / "shared", go) for _ in range(2)]
    go.touch()
    added = [int(_finish(w)) for w in workers]
    assert sum(added) == 60
    photos = catalog.photos_under([str(tmp_path / "shared")])
    assert len(photos) == 60
    assert all(len(catalog.history(p.id)) == 1 for p in photos)
