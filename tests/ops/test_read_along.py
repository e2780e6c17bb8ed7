"""``read_along``: this process reads chunks alongside one worker; results come in order."""

import logging
import os

import pytest

from editor_app import parallel
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops import read_along
from editor_app.ops.read_along import read_along as read_all
from editor_app.progress import Cancelled, CancelToken
from tests.factories import make_jpeg


def width_and_pid(record: PhotoMetadata) -> tuple[int | None, int]:
    return record.width, os.getpid()


@pytest.fixture
def photos(tmp_path, monkeypatch):
    monkeypatch.setattr(read_along, "CHUNK", 3)
    return [make_jpeg(tmp_path, f"{(i * 7) % 40:02d}.jpg", size=(16 + i, 12)) for i in range(40)]


@pytest.mark.parametrize("start", ["forkserver", "fork"])
def test_both_processes_read_and_the_results_keep_the_order_of_the_paths(
    photos, monkeypatch, start, caplog
):
    if start == "fork":  # the command line's pools
        monkeypatch.setattr(parallel, "start_method", lambda: "fork")
    caplog.set_level(logging.DEBUG, logger="editor_app.ops.read_along")
    seen = []
    results = list(
        read_all(
            photos, width_and_pid, width_and_pid, jobs=2, progress=lambda *a: seen.append(a[:2])
        )
    )
    assert [w for w, _ in results] == [16 + i for i in range(40)]
    readers = {pid for _, pid in results}
    assert os.getpid() in readers and len(readers) == 2  # this process and one worker
    assert seen == [(n, 40) for n in range(1, 41)]
    # what `make dist-check` looks for in the frozen app's --debug output (packaging/dist_check.py)
    assert "reading 40 files here and in 1 worker process" in caplog.text


def test_one_job_reads_everything_here(photos):
    results = list(read_all(photos, width_and_pid, width_and_pid, jobs=1))
    assert [w for w, _ in results] == [16 + i for i in range(40)]
    assert {pid for _, pid in results} == {os.getpid()}


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cancelled_read_stops(photos, jobs):
    cancel = CancelToken()
    results = read_all(photos, width_and_pid, width_and_pid, jobs=jobs, cancel=cancel)
    assert next(results)[0] == 16
    cancel.cancel()
    with pytest.raises(Cancelled):
        list(results)
