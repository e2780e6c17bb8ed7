"""Background work: a superseded task never reports to the window; closing waits for work."""

import os
import sys
import threading
import time
from pathlib import Path

import pytest

from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto, FolderLoad
from editor_app.progress import Cancelled
from editor_app.ui import app as app_module
from editor_app.ui.tasks import BACKGROUND_NICE, GIL_SWITCH_S, TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets import folder_load as desk_module
from editor_app.ui.widgets.desk import Desk
from editor_app.ui.widgets.status_bar import PROGRESS_DELAY_MS


def test_runner_drops_every_report_of_a_superseded_task(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    seen: list[tuple[str, object]] = []

    def slow(progress, cancel):
        assert release.wait(10)
        progress(1, 1, "a")
        return "A"

    def record(tag):
        return lambda payload: seen.append((tag, payload))

    token_a = runner.submit(slow, on_done=record("done"), on_error=record("error"), lane="x")
    runner.submit(lambda p, c: "B", on_done=record("done"), on_error=record("error"), lane="x")
    qtbot.waitUntil(lambda: seen == [("done", "B")], timeout=5_000)
    assert token_a.cancelled  # the newer task cancels the one it supersedes
    release.set()
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5_000)
    assert seen == [("done", "B")]


def test_tasks_on_other_lanes_or_no_lane_all_report(qtbot):
    runner = TaskRunner()
    seen = []
    for lane in ("x", "y", None, None):
        runner.submit(
            lambda p, c, lane=lane: lane, on_done=seen.append, on_error=seen.append, lane=lane
        )
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5_000)
    assert sorted(seen, key=str) == sorted(["x", "y", None, None], key=str)


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a nice value per thread")
@pytest.mark.parametrize("uses_db", [False, True])
def test_background_work_runs_below_the_gui_thread_and_stays_there(qtbot, uses_db):
    """The GUI thread must never wait for a core behind decoding, checking or the database."""
    runner = TaskRunner()
    seen: list[int] = []
    for _ in range(3):  # a pool thread runs many tasks: lowered once, not once per task
        runner.submit(_task_nice, on_done=seen.append, on_error=seen.append, uses_db=uses_db)
    qtbot.waitUntil(lambda: runner.pending() == 0, timeout=5_000)
    gui = _nice()
    assert seen == [min(19, gui + BACKGROUND_NICE)] * 3


def _task_nice(_progress, _cancel) -> int:
    return _nice()


@pytest.mark.parametrize("late", ["cancelled", "records"])
def test_a_superseded_folder_read_never_reaches_the_window(qtbot, tmp_path, monkeypatch, late):
    folder_a, folder_b = tmp_path / "a", tmp_path / "b"
    release_a, release_b = threading.Event(), threading.Event()

    def fake_load(catalog, folder: Path, settings, *, progress, cancel, jobs, **_options):
        if folder == folder_a:
            assert release_a.wait(10)
            progress(1, 3, "a-1.jpg")
            if late == "cancelled":
                cancel.raise_if_cancelled()
            photos = [DeskPhoto(i, PhotoMetadata(path=folder_a / f"a-{i}.jpg")) for i in (1, 2, 3)]
            return FolderLoad(folder_a, tuple(photos), {})
        progress(1, 2, "b-1.jpg")
        assert release_b.wait(10)
        return FolderLoad(folder_b, (DeskPhoto(4, PhotoMetadata(path=folder_b / "b-1.jpg")),), {})

    monkeypatch.setattr(desk_module, "load_folder", fake_load)
    monkeypatch.setattr(desk_module, "list_folder", lambda catalog, folder: ())
    view = MainWindowView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    desk = Desk(view, runner)
    desk.open_folder(folder_a)
    desk.open_folder(folder_b)
    # The catalog lane is one thread: A runs (and is cancelled) first, then B.
    release_a.set()
    qtbot.waitUntil(lambda: view.progress.maximum() == 2, timeout=PROGRESS_DELAY_MS + 5_000)
    qtbot.waitUntil(lambda: not view.progress.isHidden(), timeout=PROGRESS_DELAY_MS + 5_000)
    assert (view.progress.value(), view.progress.maximum()) == (1, 2)
    assert str(folder_b) in view.status_label.text()
    assert desk.model.rowCount() == 0  # A's three rows never reached the window
    release_b.set()
    qtbot.waitUntil(lambda: desk.model.rowCount() == 1, timeout=5_000)
    assert desk.model.photo(0).path.name == "b-1.jpg"
    assert view.status_label.text().startswith("1 photo ·")
    assert view.progress.isHidden()


def test_closing_the_window_cancels_and_waits_for_running_work(qtbot, tmp_path, monkeypatch):
    started, finished = threading.Event(), threading.Event()

    def endless_read(catalog, folder, settings, *, progress, cancel, jobs, **_options):
        started.set()
        try:
            while True:
                cancel.raise_if_cancelled()
                time.sleep(0.01)
        finally:
            finished.set()

    monkeypatch.setattr(desk_module, "load_folder", endless_read)
    monkeypatch.setattr(desk_module, "list_folder", lambda catalog, folder: ())
    view = MainWindowView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    desk = Desk(view, runner)
    desk.open_folder(tmp_path)
    assert started.wait(5)
    view.close()
    assert finished.is_set()  # close() returned only after the worker stopped
    assert runner.wait(0)


def test_shutdown_reports_work_that_does_not_stop(qtbot):
    runner = TaskRunner()
    release = threading.Event()
    runner.submit(lambda p, c: release.wait(10), on_done=lambda r: None, on_error=lambda e: None)
    assert runner.shutdown(msecs=50) is False
    release.set()
    assert runner.shutdown()


def test_a_cancelled_task_still_reports_when_it_is_the_latest(qtbot):
    runner = TaskRunner()
    errors = []

    def cancelled(progress, cancel):
        raise Cancelled()

    runner.submit(cancelled, on_done=lambda r: None, on_error=errors.append, lane="x")
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5_000)
    assert isinstance(errors[0], Cancelled)


def test_the_window_gets_the_desk_parallelism_policy(qtbot, monkeypatch):
    monkeypatch.setattr(app_module.parallel, "default_jobs", lambda: 3)
    view, desk = app_module.build_window()
    qtbot.addWidget(view)
    assert desk._jobs == 3


def test_the_window_hands_the_gil_over_quickly(qtbot):
    """Qt calls release the GIL; the GUI thread takes it back within the switch interval."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)  # Python's default
    try:
        view, _desk = app_module.build_window()
        qtbot.addWidget(view)
        assert sys.getswitchinterval() == pytest.approx(GIL_SWITCH_S)
        assert GIL_SWITCH_S <= 0.001
    finally:
        sys.setswitchinterval(before)
