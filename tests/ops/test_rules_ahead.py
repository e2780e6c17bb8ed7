"""ops.rules_ahead: a big folder's per-photo rules on worker processes, the same findings."""

import threading
import time
from concurrent.futures import Future
from dataclasses import replace
from datetime import date
from functools import partial

import pytest

import editor_app.captions.engine as engine_module
import editor_app.ops.desk as desk_module
import editor_app.ops.read as read_ops
import editor_app.ops.rules_ahead as rules_ahead
from editor_app.catalog import open_catalog
from editor_app.ops.desk import load_folder
from editor_app.ops.live_flags import LiveChecker
from editor_app.progress import Cancelled
from editor_app.settings import DeskSettings
from tests.catalog import conftest as catalog_fixtures
from tests.ops.rules_slow import slow_task as _slow_task
from tests.sample_desk import wire_folder

# The catalog tests' SQLite and PostgreSQL pair (a session-wide throw-away server).
pg_server_url = catalog_fixtures.pg_server_url
db_url = catalog_fixtures.db_url

TODAY = date(2024, 12, 1)


@pytest.fixture
def folder(tmp_path):
    return wire_folder(tmp_path, "*.jpg", broken=True)


def test_a_big_folders_own_rules_run_on_workers_with_the_same_findings(db_url, folder, monkeypatch):
    monkeypatch.setattr(rules_ahead, "MIN_ROWS", 4)  # the sample desk is a "big" folder here
    monkeypatch.setattr(rules_ahead, "_WORKER_START", 0.0)
    monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 2.0)  # whatever else runs here
    monkeypatch.setattr(rules_ahead, "TASK_ROWS", 3)  # small tasks: small pickles
    ran_here: list = []
    real_run = engine_module._run_own

    def run_own(rules, ctx, records, photos, photo_ids):
        ran_here.extend(photo_ids)  # this process only: the workers run the real one
        return real_run(rules, ctx, records, photos, photo_ids)

    monkeypatch.setattr(engine_module, "_run_own", run_own)
    given = []

    def check(photos, ahead):
        given.append(ahead)
        return LiveChecker(photos, DeskSettings(), TODAY, suggestions=False, ahead=ahead).findings()

    settings = DeskSettings()
    with open_catalog(db_url) as catalog:
        plain = load_folder(catalog, folder, settings, jobs=1, today=TODAY)  # validate()
        ran_here.clear()
        split = load_folder(catalog, folder, settings, jobs=2, today=TODAY, check=check)
    ahead = given[0]
    assert ahead is not None and ahead.ids and len(ahead.ids) < len(split.photos) - 1
    assert ahead.result().messages  # the sample desk's mistakes, found on a worker
    assert len(ahead._futures) == -(-len(ahead.ids) // 3) > 1
    # not run again here: only the tasks no worker had started when the lane was done
    taken = {
        row[0]
        for f, task in zip(ahead._futures, ahead._tasks, strict=True)
        if f.cancelled()
        for row in task
    }
    assert set(ran_here) & set(ahead.ids) == taken
    assert set(ran_here) | set(ahead.ids) >= {p.key for p in split.photos}
    assert _plain(split.findings) == _plain(plain.findings)
    assert any(p.unreadable for p in split.photos) and plain.findings


def _plain(findings):
    return {key: [replace(f, photo_id=None) for f in found] for key, found in findings.items()}


def test_a_small_folder_one_job_or_no_idle_core_starts_no_worker(folder, tmp_path, monkeypatch):
    given = []

    def check(photos, ahead):
        given.append(ahead)
        return {}

    monkeypatch.setattr(rules_ahead, "_WORKER_START", 0.0)
    monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 2.0)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        load = partial(load_folder, catalog, folder, DeskSettings(), today=TODAY, check=check)
        load(jobs=2)  # 21 files: small
        monkeypatch.setattr(rules_ahead, "MIN_ROWS", 4)
        load(jobs=1)
        monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 1.5)  # half a core busy
        load(jobs=2)
        monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 1.8)
        load(jobs=2)
    assert given[:3] == [None, None, None]
    assert given[3] is not None and given[3].ids


def test_the_lane_keeps_a_share_that_shrinks_with_more_workers():
    assert rules_ahead.lane_rows(10_000, 1, start_cost=0) == pytest.approx(1_075, abs=50)
    assert rules_ahead.lane_rows(10_000, 1) > rules_ahead.lane_rows(10_000, 1, start_cost=0)
    assert 0 < rules_ahead.lane_rows(2_000, 1) < 2_000
    assert rules_ahead.lane_rows(10_000, 3) < rules_ahead.lane_rows(10_000, 1)
    assert rules_ahead.lane_rows(10, 1) == 10  # never more than there are


@pytest.mark.parametrize("rows", [0, 1, 99, 150, 2_001, 8_923])
def test_worker_tasks_cover_every_row_once_and_end_small(rows):
    bounds = rules_ahead.task_bounds(rows)
    assert [i for start, end in bounds for i in range(start, end)] == list(range(rows))
    sizes = [end - start for start, end in bounds]
    assert all(0 < size <= rules_ahead.TASK_ROWS for size in sizes)
    assert sizes == sorted(sizes, reverse=True)[: len(sizes) - 1] + sizes[-1:]  # shrinking
    if rows > rules_ahead.TASK_ROWS * 4:  # the lane waits at most for a small one at the end
        assert sizes[0] == rules_ahead.TASK_ROWS
        assert max(sizes[-3:]) <= rules_ahead.LAST_TASK_ROWS


def test_idle_cores_counts_the_fewest_running_tasks(monkeypatch):
    counts = iter([3.0, 0.0, 2.0])
    monkeypatch.setattr(read_ops, "_running_now", lambda: next(counts))
    monkeypatch.setattr(read_ops, "_average_load", lambda: 2.5)
    monkeypatch.setattr(read_ops.os, "cpu_count", lambda: 2)
    assert read_ops.idle_cores() == 2.0
    monkeypatch.setattr(read_ops, "_running_now", lambda: 1.0)
    assert read_ops.idle_cores() == 1.0
    monkeypatch.setattr(read_ops, "_running_now", lambda: None)  # not Linux: the average
    monkeypatch.setattr(read_ops, "_average_load", lambda: 0.5)
    assert read_ops.idle_cores() == 1.5


def test_a_load_cancelled_while_the_worker_runs_does_not_wait_for_it(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(rules_ahead, "MIN_ROWS", 4)
    monkeypatch.setattr(rules_ahead, "_WORKER_START", 0.0)
    monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 2.0)
    monkeypatch.setattr(rules_ahead, "_own_task", _slow_task)  # a worker still busy
    given = []

    def check(photos, ahead):
        given.append(ahead)
        raise Cancelled

    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        started = time.monotonic()
        with pytest.raises(Cancelled):
            load_folder(catalog, folder, DeskSettings(), jobs=2, today=TODAY, check=check)
        assert time.monotonic() - started < 8  # not the worker's 10 s
    assert given[0] is not None


def test_the_workers_start_before_the_import_and_are_the_ones_used(folder, tmp_path, monkeypatch):
    # a new pool's first task costs ~0.3 s more than the next: it runs while the import reads
    monkeypatch.setattr(rules_ahead, "MIN_ROWS", 4)
    monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 2.0)
    events: list[str] = []
    real_pool, real_ingest = rules_ahead.parallel.process_pool, desk_module.ingest_paths

    def pool(workers, *args, **kwargs):
        events.append("pool")
        return real_pool(workers, *args, **kwargs)

    def ingest(*args, **kwargs):
        events.append("import")
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(rules_ahead.parallel, "process_pool", pool)
    monkeypatch.setattr(desk_module, "ingest_paths", ingest)
    given = []

    def check(photos, ahead):
        given.append(ahead)
        return LiveChecker(photos, DeskSettings(), TODAY, suggestions=False, ahead=ahead).findings()

    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        load_folder(catalog, folder, DeskSettings(), jobs=2, today=TODAY, check=check)
    assert events == ["pool", "import"]  # one pool, started first
    assert given[0] is not None and given[0].result().messages
    # a share for the warm workers: no new pool's start counted against them
    assert rules_ahead.lane_rows(10_000, 1, 0.0) < rules_ahead.lane_rows(10_000, 1)


def test_workers_started_early_are_stopped_when_the_load_is_cancelled(
    folder, tmp_path, monkeypatch
):
    monkeypatch.setattr(rules_ahead, "MIN_ROWS", 4)
    monkeypatch.setattr(rules_ahead, "idle_cores", lambda: 2.0)
    closed: list[bool] = []
    real_close = rules_ahead.RulesWorkers.close
    monkeypatch.setattr(
        rules_ahead.RulesWorkers,
        "close",
        lambda self: closed.append(True) or real_close(self),
    )

    def ingest(*_args, **_kwargs):
        raise Cancelled

    monkeypatch.setattr(desk_module, "ingest_paths", ingest)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog, pytest.raises(Cancelled):
        load_folder(catalog, folder, DeskSettings(), jobs=2, today=TODAY, check=lambda p, a: {})
    assert closed


def test_tasks_no_worker_has_started_are_run_by_the_lane(folder, tmp_path):
    """When the lane's own work is done it runs the tasks still waiting for a worker (the two
    then end together on a slow machine too), with the same findings."""
    settings = DeskSettings()
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        load_folder(catalog, folder, settings, jobs=1, today=TODAY)
        raw = catalog.desk_raw_rows([str(folder)])
    tasks = [raw[:3], raw[3:6], raw[6:]]
    done, running, waiting = Future(), Future(), Future()
    done.set_result(rules_ahead._own_task(tasks[0], settings, TODAY))
    running.set_running_or_notify_cancel()  # a worker has it: the lane waits for it
    finish = threading.Timer(
        0.2, lambda: running.set_result(rules_ahead._own_task(tasks[1], settings, TODAY))
    )
    finish.start()
    ids = frozenset(row[0] for row in raw)
    ahead = rules_ahead.RulesAhead([done, running, waiting], ids, settings, TODAY, tasks)
    own = ahead.result()
    finish.join()
    assert waiting.cancelled() and not running.cancelled()
    whole = rules_ahead._own_task(raw, settings, TODAY)
    assert own.messages == whole.messages and own.messages
    assert own.rule_ids == whole.rule_ids
