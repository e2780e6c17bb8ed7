"""``ReadAlong``: one worker reads from the front, this process from the back; every path
comes once, with its index, as soon as it is read."""

import dataclasses
import logging
import os
import time

import pytest

from editor_app import parallel
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops import read_along
from editor_app.ops.read_along import ReadAlong
from editor_app.progress import Cancelled, CancelToken
from tests.factories import make_jpeg


def tagged_by_reader(path) -> PhotoMetadata:
    """The record, its caption naming the process that read it."""
    return dataclasses.replace(read_along_read(path), caption=str(os.getpid()))


read_along_read = read_along.read_photo


@pytest.fixture
def photos(tmp_path, monkeypatch):
    monkeypatch.setattr(read_along, "CHUNK", 3)
    return [make_jpeg(tmp_path, f"{(i * 7) % 40:02d}.jpg", size=(16 + i, 12)) for i in range(40)]


@pytest.mark.parametrize("start", ["forkserver", "fork"])
def test_both_processes_read_and_every_path_comes_once_with_its_index(
    photos, monkeypatch, start, caplog
):
    if start == "fork":  # the command line's: the worker runs the patched reader too
        monkeypatch.setattr(parallel, "start_method", lambda: "fork")
        monkeypatch.setattr(read_along, "read_photo", tagged_by_reader)
    caplog.set_level(logging.DEBUG, logger="editor_app.ops.read_along")
    with ReadAlong(photos, jobs=2) as reading:
        results = list(reading.records())
    assert sorted(index for index, _ in results) == list(range(40))
    assert all(record.width == 16 + index for index, record in results)
    if start == "fork":
        readers = {record.caption for _, record in results}
        assert readers == {str(os.getpid()), *readers - {str(os.getpid())}}
        assert len(readers) == 2, "this process and the worker both read"
    # what `make dist-check` looks for in the frozen app's --debug output (packaging/dist_check.py)
    assert "reading 40 files here and in 1 worker process" in caplog.text


def test_this_process_takes_chunks_from_the_back(photos, monkeypatch):
    """While nothing has arrived from the worker, this process reads the last chunk left."""
    here = os.getpid()

    def slow_in_the_worker(path):
        if os.getpid() != here:
            time.sleep(0.05)  # nothing can arrive before this process's first chunk
        return tagged_by_reader(path)

    monkeypatch.setattr(read_along, "read_photo", slow_in_the_worker)
    monkeypatch.setattr(parallel, "start_method", lambda: "fork")
    with ReadAlong(photos, jobs=2) as reading:
        first_index, first = next(reading.records())
    assert first_index == 39 and first.caption == str(os.getpid())


def test_one_job_reads_everything_here_in_order(photos):
    with ReadAlong(photos, jobs=1) as reading:
        results = list(reading.records())
    assert [index for index, _ in results] == list(range(40))


@pytest.mark.parametrize(("jobs", "start"), [(1, "fork"), (2, "forkserver"), (2, "fork")])
def test_a_cancelled_read_stops_and_the_worker_with_it(photos, monkeypatch, jobs, start):
    monkeypatch.setattr(parallel, "start_method", lambda: start)
    cancel = CancelToken()
    with ReadAlong(photos, jobs=jobs) as reading:
        records = reading.records(cancel)
        next(records)
        cancel.cancel()
        with pytest.raises(Cancelled):
            list(records)
        worker = reading._worker
        if worker is not None:
            pid = worker._pid if start == "fork" else worker._process.pid
    assert reading._worker is None
    if worker is not None:  # stopped and waited for: no child of that pid left
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@pytest.mark.parametrize("start", ["forkserver", "fork"])
def test_a_worker_that_dies_is_an_error_not_a_hang(photos, monkeypatch, start):
    here = os.getpid()

    def dies_on_the_first_file(path):
        if os.getpid() == here:
            time.sleep(0.05)  # the worker claims the first chunk long before this process
        elif path == photos[0]:
            os._exit(3)
        return read_along_read(path)

    monkeypatch.setattr(parallel, "start_method", lambda: start)
    if start == "forkserver":  # a forkserver worker does not see this test's patches
        monkeypatch.setattr(read_along, "_serve", _dies)
    monkeypatch.setattr(read_along, "read_photo", dies_on_the_first_file)
    with ReadAlong(photos, jobs=2) as reading, pytest.raises(RuntimeError, match="exit code 3"):
        list(reading.records())


def _dies(*args):
    os._exit(3)


def test_without_memfd_the_worker_is_a_multiprocessing_process(photos, monkeypatch):
    def no_memfd(name):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(parallel, "start_method", lambda: "fork")
    monkeypatch.setattr(os, "memfd_create", no_memfd)
    with ReadAlong(photos, jobs=2) as reading:
        results = list(reading.records())
        assert type(reading._worker).__name__ == "_ProcessWorker"
    assert sorted(index for index, _ in results) == list(range(40))
