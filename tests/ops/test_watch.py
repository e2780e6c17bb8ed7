"""The wire watch: a photo is reported once, only when complete; arrivals are imported and
checked; ``caption-desk watch`` prints one JSON line per arrival and exits 0 on Ctrl+C."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor_app.catalog import open_catalog
from editor_app.ops import watch as watch_module
from editor_app.ops.watch import RELIST_S, TRAILER_WAIT, FolderWatch, jpeg_ends, take_in
from editor_app.settings import DeskSettings

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample-desk"
PHOTO = SAMPLE / "cat-01.jpg"  # credits AFP


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def slow_copy(source: Path, target: Path, parts: int = 4, pause: float = 0.8) -> None:
    """Copy in chunks with pauses longer than the watch's settle time (a slow network copy)."""
    data = source.read_bytes()
    step = len(data) // parts + 1
    with open(target, "wb") as out:
        for start in range(0, len(data), step):
            if start:
                time.sleep(pause)  # between chunks only: complete when this returns
            out.write(data[start : start + step])
            out.flush()
            os.fsync(out.fileno())


def test_a_file_is_reported_once_after_it_settles(tmp_path):
    (tmp_path / "old.jpg").write_bytes(PHOTO.read_bytes())
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock)
    assert watch.poll() == []  # there before the watch: not an arrival
    target = tmp_path / "new.jpg"
    target.write_bytes(PHOTO.read_bytes())
    assert watch.poll() == []  # just seen
    clock.now += 0.5
    assert watch.poll() == []  # not settled yet
    clock.now += 0.6
    assert watch.poll() == [target]
    clock.now += 5
    assert watch.poll() == []  # once
    target.unlink()
    watch.poll()
    target.write_bytes(PHOTO.read_bytes())  # copied again: a new arrival
    watch.poll()
    clock.now += 1.1
    assert watch.poll() == [target]


def test_a_photo_the_callers_listing_missed_arrives(tmp_path):
    """The window starts its watch once a folder is loaded, with the load's listing: photos
    copied in while it loaded are arrivals, not files that were always there."""
    (tmp_path / "listed.jpg").write_bytes(PHOTO.read_bytes())
    late = tmp_path / "late.jpg"
    late.write_bytes(PHOTO.read_bytes())  # came while the folder loaded
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock, present=[str(tmp_path / "listed.jpg")])
    assert watch.poll() == []  # seen now: it may still be growing
    clock.now += 1.1
    assert watch.poll() == [late]
    assert FolderWatch([tmp_path], settle=1.0, clock=clock).poll() == []  # listed now: old


class CountedListings:
    """``os.scandir`` as the watch calls it, counted."""

    def __init__(self, monkeypatch) -> None:
        self.calls = 0
        real = os.scandir

        def counted(path):
            self.calls += 1
            return real(path)

        monkeypatch.setattr(watch_module.os, "scandir", counted)


def _age(folder: Path, seconds: float = 3600) -> int:
    """Set the folder's modification time ``seconds`` back (as a folder untouched for that
    long has); returns it."""
    stamp = time.time_ns() - int(seconds * 1e9)
    os.utime(folder, ns=(stamp, stamp))
    return stamp


def test_a_quiet_folder_is_not_listed_again_until_its_time_moves(tmp_path, monkeypatch):
    """A poll of a folder nothing came into is a stat, not a listing of its thousands of
    files; a new file changes the folder's time, and the next poll lists it and sees it."""
    sub = tmp_path / "sub"
    sub.mkdir()
    (tmp_path / "old.jpg").write_bytes(PHOTO.read_bytes())
    _age(sub)
    _age(tmp_path)
    listings = CountedListings(monkeypatch)
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock)
    assert listings.calls == 2  # the folder and its subfolder
    for _ in range(4):
        clock.now += 0.5
        assert watch.poll() == []
    assert listings.calls == 2  # quiet: no listing
    target = sub / "new.jpg"  # into the subfolder: its time moves, not its parent's
    target.write_bytes(PHOTO.read_bytes())
    assert watch.poll() == []  # listed again, just seen
    assert listings.calls == 4
    clock.now += 1.1
    assert watch.poll() == [target]


def test_a_change_in_the_same_tick_of_the_folders_clock_is_not_missed(tmp_path, monkeypatch):
    """A file system counting whole seconds (or two, FAT) gives a file added in the same
    second as the last change the same folder time: a folder changed that recently is listed
    again at every poll until its time is older than the last listing by more than a tick."""
    listings = CountedListings(monkeypatch)
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock)
    stamp = os.stat(tmp_path).st_mtime_ns  # a moment ago: within a tick of the listing
    target = tmp_path / "same-tick.jpg"
    target.write_bytes(PHOTO.read_bytes())
    os.utime(tmp_path, ns=(stamp, stamp))  # what a coarse clock would have kept
    assert watch.poll() == []  # listed again all the same: seen
    assert listings.calls == 2
    clock.now += 1.1
    assert watch.poll() == [target]


def test_a_folder_whose_time_hides_a_change_is_listed_again_after_a_while(tmp_path, monkeypatch):
    """A share whose clock runs far behind ours can hide a change even from the rule above:
    the folder is listed in full at least every RELIST_S seconds whatever its time says."""
    stamp = _age(tmp_path)
    listings = CountedListings(monkeypatch)
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock)
    target = tmp_path / "hidden.jpg"
    target.write_bytes(PHOTO.read_bytes())
    os.utime(tmp_path, ns=(stamp, stamp))
    clock.now += 0.5
    assert watch.poll() == []
    assert listings.calls == 1  # nothing said it changed
    clock.now += RELIST_S
    assert watch.poll() == []  # listed in full: seen now
    assert listings.calls == 2
    clock.now += 1.1
    assert watch.poll() == [target]


def test_a_watched_folder_that_appears_later_is_listed(tmp_path):
    folder = tmp_path / "incoming"
    clock = Clock()
    watch = FolderWatch([folder], settle=1.0, clock=clock)
    assert watch.poll() == []
    folder.mkdir()
    target = folder / "first.jpg"
    target.write_bytes(PHOTO.read_bytes())
    assert watch.poll() == []
    clock.now += 1.1
    assert watch.poll() == [target]


def test_a_jpeg_paused_mid_copy_is_not_complete(tmp_path):
    data = PHOTO.read_bytes()
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock)
    target = tmp_path / "a.jpg"
    target.write_bytes(data[: len(data) // 2])
    watch.poll()
    clock.now += 2  # stable, but no EOI yet
    assert watch.poll() == []
    with open(target, "ab") as out:
        out.write(data[len(data) // 2 :])
    watch.poll()
    clock.now += 1.1
    assert watch.poll() == [target]


def test_a_jpeg_with_a_trailer_arrives_after_a_longer_wait(tmp_path):
    target = tmp_path / "trailer.jpg"
    target.write_bytes(PHOTO.read_bytes() + b"MAKER-TRAILER")
    assert not jpeg_ends(target) and jpeg_ends(PHOTO)
    clock = Clock()
    watch = FolderWatch([tmp_path], settle=1.0, clock=clock)
    late = tmp_path / "late.jpg"
    shutil.copy(target, late)
    watch.poll()
    clock.now += 1.5
    assert watch.poll() == []
    clock.now += TRAILER_WAIT
    assert watch.poll() == [late]


def test_arrivals_are_imported_checked_and_hooked(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    good = folder / "cat.jpg"
    shutil.copy(PHOTO, good)
    bad = folder / "broken.jpg"
    bad.write_bytes(b"\xff\xd8 not really a jpeg \xff\xd9")
    seen = {}

    def hook(catalog, ids):
        seen.update(ids)
        catalog.save_revision(ids[good], {"headline": "From the hook"}, editor="hook")

    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        arrivals = take_in(catalog, [good, bad], DeskSettings(), on_arrival=hook)
        assert [a.path for a in arrivals] == [good, bad]
        assert arrivals[0].photo_id == seen[good] and bad not in seen
        assert catalog.photo_by_id(seen[good]).fields["headline"] == "From the hook"
        assert arrivals[0].agency == "AFP"
        assert arrivals[1].photo_id is None
        assert [f.rule for f in arrivals[1].problems] == ["unreadable-file"]
        line = arrivals[1].as_json()
        assert set(line) == {"path", "agency", "problems"} and line["agency"] is None


def _start_watch(folder: Path, db: str, *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "editor_app.cli", "--db", db, "watch", str(folder), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "watching" in proc.stderr.readline()  # ready: the folder's listing is taken
    return proc


def test_the_cli_reports_a_slowly_copied_photo_once_when_complete(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    shutil.copy(SAMPLE / "cat-02.jpg", folder / "already-here.jpg")
    db = f"sqlite:///{tmp_path / 'c.db'}"
    proc = _start_watch(folder, db, "--format", "json", "--settle", "0.5")
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(
        target=lambda: lines.extend((time.monotonic(), line) for line in proc.stdout), daemon=True
    )
    reader.start()
    errors: list[str] = []  # read all along: a full stderr pipe would keep the watch from exiting
    err_reader = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)
    err_reader.start()
    try:
        target = folder / "arriving.jpg"
        slow_copy(PHOTO, target)  # pauses of 0.8 s: longer than the settle time
        completed = time.monotonic()
        assert lines == []  # nothing while it was being copied
        deadline = completed + 10
        while not lines and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.5)  # would a second report come?
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        reader.join(5)
        err_reader.join(5)
        err = "".join(errors)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert len(lines) == 1, lines
    at, text = lines[0]
    arrival = json.loads(text)
    assert arrival["path"] == str(target)
    assert arrival["agency"] == "AFP"
    assert isinstance(arrival["problems"], list)
    assert at - completed < 3.0
    with open_catalog(db) as catalog:
        assert catalog.photo(str(target)) is not None  # imported
        assert catalog.photo(str(folder / "already-here.jpg")) is None  # not an arrival


def test_sigterm_also_exits_cleanly(tmp_path):
    proc = _start_watch(tmp_path, f"sqlite:///{tmp_path / 'c.db'}")
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err and out == ""


def test_a_missing_folder_is_a_usage_error(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "editor_app.cli", "watch", str(tmp_path / "nope")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 2 and "is not a folder" in out.stderr


@pytest.mark.parametrize("fmt", ["text"])
def test_text_lines_name_path_agency_and_problems(tmp_path, fmt):
    from editor_app.commands.watch import _line
    from editor_app.ops.watch import Arrival

    line = _line(Arrival(tmp_path / "a.jpg", 1, "Reuters", ()), fmt)
    assert line.endswith("Reuters  no problems")
