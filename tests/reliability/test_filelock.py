"""The photo write lock: released when its holder dies, follows a photo replaced by rename,
never blocks on a FIFO, and serializes threads."""

import errno
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor_app.catalog import open_catalog
from editor_app.metadata import filelock
from editor_app.metadata.filelock import NotRegularFileError, lend_locks, photo_lock
from editor_app.metadata.io import read_photo
from editor_app.ops.edit import save_changes
from editor_app.ops.ingest import photo_ids_at
from tests.factories import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
HOLD = "import sys,time;from editor_app.metadata.filelock import photo_lock\n" \
       "with photo_lock(sys.argv[1]):\n print('held',flush=True);time.sleep(600)"  # fmt: skip

pytestmark = pytest.mark.skipif(filelock.fcntl is None, reason="flock is POSIX")


def _is_locked(path) -> bool:
    fd = os.open(path, os.O_RDONLY)
    try:
        filelock.fcntl.flock(fd, filelock.fcntl.LOCK_EX | filelock.fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"x")
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(photo)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline() == "held\n"
    assert _is_locked(photo)
    proc.kill()
    proc.wait(timeout=30)
    proc.stdout.close()
    assert not _is_locked(photo)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.jpg"]  # no lock file left


def test_a_waiter_follows_a_photo_replaced_by_rename(tmp_path):
    photo, new = tmp_path / "p.jpg", tmp_path / "new.jpg"
    photo.write_bytes(b"old")
    new.write_bytes(b"new")
    got = []
    with photo_lock(photo) as first:
        waiter = threading.Thread(target=lambda: got.append(_take(photo)))
        waiter.start()
        time.sleep(0.05)
        assert not got  # waiting for us
        os.replace(new, photo)  # what a writer does before releasing
    waiter.join(timeout=30)
    assert got and got[0] != first.stat.st_ino and got[0] == photo.stat().st_ino


def _take(photo) -> int:
    with photo_lock(photo) as held:
        return held.stat.st_ino


def test_the_lock_is_reentrant_and_lent_locks_are_found(tmp_path):
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"x")
    with photo_lock(photo) as outer, photo_lock(photo) as inner:
        assert inner is outer
    with lend_locks([photo, tmp_path / "gone.jpg"]) as held:
        assert isinstance(held[str(tmp_path / "gone.jpg")], FileNotFoundError)
        seen = []
        worker = threading.Thread(target=lambda: seen.append(_take(photo)))
        worker.start()
        worker.join(timeout=30)
        assert seen == [photo.stat().st_ino]  # another thread writes under the batch's lock
    assert not _is_locked(photo)


def test_a_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "p.jpg"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError), photo_lock(fifo):
        pass


def _save_two_photos(tmp_path):
    paths = [make_jpeg(tmp_path, f"{n}.jpg") for n in "ab"]
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        ids = photo_ids_at(catalog, paths)
        result = save_changes(catalog, dict.fromkeys(ids, {"caption": "Fire"}), editor="e")
        assert [o.written for o in result] == [True, True]
    assert [read_photo(p).caption for p in paths] == ["Fire", "Fire"]


def test_a_filesystem_without_flock_still_writes(tmp_path, monkeypatch, caplog):
    def no_locks(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(filelock.fcntl, "flock", no_locks)
    caplog.set_level(logging.INFO, "editor_app.metadata.filelock")
    _save_two_photos(tmp_path)  # a batch lends its locks: no deadlock with the fallback
    assert "no file locks on this filesystem" in caplog.text


def test_without_fcntl_threads_still_take_turns(tmp_path, monkeypatch):
    monkeypatch.setattr(filelock, "fcntl", None)
    _save_two_photos(tmp_path)
