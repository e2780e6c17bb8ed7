"""Worker processes never start by fork: one module makes every pool, with a forkserver."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

from editor_app import parallel
from editor_app.ops import read
from editor_app.ops.read import PARALLEL_THRESHOLD, read_photos

PACKAGE = Path(__file__).resolve().parents[1] / "editor_app"
SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample-desk" / "launch-01.jpg"
_FORBIDDEN = {"ProcessPoolExecutor", "multiprocessing", "fork", "Pool", "get_context"}


def _process_names(source: str) -> set[str]:
    """Names and attributes that start processes, used anywhere in ``source``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and node.id in _FORBIDDEN:
            found.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in _FORBIDDEN:
            found.add(node.attr)
        elif isinstance(node, ast.ImportFrom | ast.Import):
            found |= {alias.name for alias in node.names if alias.name in _FORBIDDEN}
            if isinstance(node, ast.ImportFrom) and node.module == "multiprocessing":
                found.add("multiprocessing")
    return found


def test_only_parallel_py_starts_processes():
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in PACKAGE.rglob("*.py")
        if path.name != "parallel.py" and (names := _process_names(path.read_text()))
    }
    assert offenders == {}


def test_the_scan_catches_a_fork_pool():  # the test above can fail
    assert _process_names("from concurrent.futures import ProcessPoolExecutor") == {
        "ProcessPoolExecutor"
    }
    assert "get_context" in _process_names("import multiprocessing\nmultiprocessing.get_context()")


def test_pools_use_the_forkserver():
    with parallel.process_pool(1) as pool:
        assert pool.submit(abs, -3).result(timeout=60) == 3
        assert pool._mp_context.get_start_method() == "forkserver"


def test_a_big_read_runs_on_a_pool_that_does_not_fork(tmp_path, monkeypatch):
    made = []
    real = parallel.process_pool

    def spy(workers, preload=None):
        pool = real(workers, preload)
        made.append((pool._mp_context.get_start_method(), preload))
        return pool

    monkeypatch.setattr(parallel, "process_pool", spy)
    # show/check start a pool only from READ_POOL_THRESHOLD files and on idle cores
    monkeypatch.setattr(read, "READ_POOL_THRESHOLD", PARALLEL_THRESHOLD)
    monkeypatch.setattr(read, "_load", lambda: 0.0)
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    paths = []
    for i in range(PARALLEL_THRESHOLD):
        paths.append(tmp_path / f"{i:03d}.jpg")
        shutil.copy(SAMPLE, paths[-1])
    records = list(read_photos(paths, jobs=2))
    assert [r.path for r in records] == paths
    # the server preloads the reader only: not ops.ingest, which brings the catalog and peewee
    assert made == [("forkserver", ["editor_app.ops.read"])]


def test_warm_up_starts_the_server_before_any_pool():
    code = (
        "import multiprocessing.forkserver as f\n"
        "from editor_app import parallel\n"
        "assert f._forkserver._forkserver_pid is None\n"
        "parallel.warm_up()\n"
        "assert f._forkserver._forkserver_pid is not None\n"
        "with parallel.process_pool(1) as pool:\n"
        "    assert pool.submit(abs, -2).result(timeout=60) == 2\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
