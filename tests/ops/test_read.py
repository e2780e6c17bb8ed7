"""When reading many photos starts worker processes, and that the pool keeps argument order."""

import pytest

from editor_app.ops import read
from editor_app.ops.read import READ_POOL_THRESHOLD, pool_size, read_photos
from tests.factories import make_jpeg


@pytest.fixture
def two_idle_cores(monkeypatch):
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read, "_load", lambda: 0.1)


def test_small_folders_are_read_in_this_process(two_idle_cores):
    assert pool_size(READ_POOL_THRESHOLD - 1) == 1
    assert pool_size(READ_POOL_THRESHOLD) == 2
    assert pool_size(10_000, jobs=1) == 1
    assert pool_size(10_000, jobs=8) == 2  # never more workers than idle cores


def test_busy_cores_get_no_workers(monkeypatch):
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read, "_load", lambda: 9.0)  # other programs keep both cores busy
    assert pool_size(10_000) == 1
    monkeypatch.setattr(read, "_load", lambda: 1.2)
    assert pool_size(10_000) == 1
    monkeypatch.setattr(read, "_load", lambda: 0.4)
    assert pool_size(10_000) == 2
    monkeypatch.setattr(read, "_load", lambda: 0.9)  # one other program, part of a core idle
    assert pool_size(10_000) == 2
    monkeypatch.setattr(read, "_load", lambda: 1.0)
    assert pool_size(10_000) == 1


def test_without_a_load_average_cores_count_as_idle(monkeypatch):
    monkeypatch.delattr(read.os, "getloadavg", raising=False)
    monkeypatch.setattr(read, "_running_now", lambda: None)
    assert read._load() == 0.0


def test_a_program_that_just_finished_does_not_keep_a_core_busy(monkeypatch, tmp_path):
    real = read._running_now
    # the one-minute average still counts the exiftool that ran before us; the running
    # processes right now do not
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read.os, "getloadavg", lambda: (1.2, 1.0, 0.8))
    now = tmp_path / "loadavg"
    now.write_text("1.20 1.00 0.80 1/345 9999\n")  # only this process runs
    alone = _tasks(tmp_path / "task", "R")  # this test's own threads: itself only, running
    monkeypatch.setattr(read, "_running_now", lambda: real(str(now), alone))
    assert read._load() == 0.0
    assert pool_size(10_000) == 2
    now.write_text("1.20 1.00 0.80 3/345 9999\n")  # two others run now: the average holds
    assert read._load() == 1.2
    assert pool_size(10_000) == 1


def test_the_running_processes_are_read_from_proc_loadavg(tmp_path):
    now = tmp_path / "loadavg"
    now.write_text("0.52 0.58 0.59 2/467 12345\n")
    alone = _tasks(tmp_path / "task", "R")  # not the real /proc/self/task: other tests'
    assert read._running_now(str(now), alone) == 1.0  # threads may be running right now
    now.write_text("garbage")
    assert read._running_now(str(now), alone) is None
    assert read._running_now(str(tmp_path / "missing"), alone) is None


def test_the_pool_keeps_argument_order(two_idle_cores, monkeypatch, tmp_path):
    monkeypatch.setattr(read, "READ_POOL_THRESHOLD", 4)
    paths = [make_jpeg(tmp_path, f"{(i * 7) % 12:02d}.jpg", size=(16 + i, 12)) for i in range(12)]
    assert pool_size(len(paths)) == 2
    widths = [r.width for r in read_photos(paths, jobs=2)]
    assert widths == [16 + i for i in range(12)]


def test_caption_desk_jobs_forces_or_turns_off_the_pool(monkeypatch):
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read, "_load", lambda: 9.0)  # busy: no pool unless forced
    monkeypatch.setenv(read.JOBS_ENV, "2")
    assert pool_size(10_000) == 2
    assert pool_size(10_000, jobs=2) == 2  # check's own WORKERS
    assert pool_size(10_000, jobs=1) == 1  # a caller that reads here (the desk's rescan)
    assert pool_size(READ_POOL_THRESHOLD - 1) == 1  # a small batch still reads here
    monkeypatch.setattr(read, "_load", lambda: 0.0)
    monkeypatch.setenv(read.JOBS_ENV, "1")
    assert pool_size(10_000) == 1
    monkeypatch.setenv(read.JOBS_ENV, "lots")  # not a number: the usual policy
    assert pool_size(10_000) == 2


def test_a_forked_pool_pays_from_fewer_files(two_idle_cores, monkeypatch):
    assert read.read_pool_threshold() == READ_POOL_THRESHOLD  # the forkserver: ~0.3 s to start
    monkeypatch.setattr(read.parallel, "start_method", lambda: "fork")  # the command line's
    assert read.read_pool_threshold() == read.FORK_POOL_THRESHOLD < READ_POOL_THRESHOLD
    assert pool_size(read.FORK_POOL_THRESHOLD - 1) == 1
    assert pool_size(read.FORK_POOL_THRESHOLD) == 2


def test_meanwhile_runs_while_the_workers_read(two_idle_cores, monkeypatch, tmp_path):
    monkeypatch.setattr(read, "READ_POOL_THRESHOLD", 4)
    paths = [make_jpeg(tmp_path, f"{i:02d}.jpg", size=(16 + i, 12)) for i in range(6)]
    calls = []
    records = read_photos(paths, jobs=2, meanwhile=lambda: calls.append("loaded"))
    assert next(records).width == 16 and calls == ["loaded"]  # before the first result
    assert [r.width for r in records] == [17, 18, 19, 20, 21] and calls == ["loaded"]
    list(read_photos(paths, jobs=1, meanwhile=lambda: calls.append("here")))
    assert calls == ["loaded"]  # reading here: nothing to overlap


def _tasks(folder, states):
    """A fake /proc/self/task: one thread per state letter."""
    for tid, state in enumerate(states, 100):
        (folder / str(tid)).mkdir(parents=True)
        (folder / str(tid) / "stat").write_bytes(f"{tid} (py (x) y) {state} 1 2 3".encode())
    return str(folder)


def test_this_processs_own_running_threads_are_no_other_programs_load(tmp_path):
    """The window's thumbnail threads decoding the first screen while the rules workers are
    asked for must not count as other programs keeping the cores busy."""
    now = tmp_path / "loadavg"
    now.write_text("0.52 0.58 0.59 3/467 12345\n")
    own = _tasks(tmp_path / "task", "RRSS")  # this thread and a thumbnail thread run
    assert read._running_now(str(now), own) == 1.0
    assert read._running_now(str(now), _tasks(tmp_path / "quiet", "RSSS")) == 2.0
    assert read._running_now(str(now), str(tmp_path / "no-proc")) == 2.0  # elsewhere: itself
    assert read._running_now(str(now), _tasks(tmp_path / "all", "RRRRR")) == 0.0  # no less
