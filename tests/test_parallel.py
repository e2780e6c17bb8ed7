"""Worker processes: one module makes every pool, with a forkserver; only the command line's
pools fork, and only in a process without threads or Qt."""

import ast
import os
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

    def spy(workers, preload=None, *init):
        pool = real(workers, preload, *init)
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


def _modules_here(prefix: str) -> list[str]:
    return sorted(m for m in sys.modules if m.startswith(prefix))


def test_the_windows_server_preloads_the_rules_workers_modules():
    # the window's rules worker finds its modules imported once by the server, not per load
    code = (
        "from editor_app import parallel\n"
        "from editor_app.ops.rules_ahead import WORKER_MODULES\n"
        "from tests.test_parallel import _modules_here\n"
        "parallel.warm_up(WORKER_MODULES)\n"
        "with parallel.process_pool(1) as pool:\n"
        "    found = pool.submit(_modules_here, 'editor_app.captions.rules.').result(timeout=60)\n"
        "assert found == sorted(m for m in WORKER_MODULES if m.count('.') > 2), found\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120, cwd=PACKAGE.parent)


def test_only_an_allowed_thread_free_process_without_qt_forks():
    code = (
        "import threading\n"
        "from editor_app import parallel\n"
        "assert parallel.start_method() == 'forkserver'\n"
        "with parallel.fork_allowed():\n"
        "    assert parallel.start_method() == 'fork'\n"
        "    with parallel.process_pool(1) as pool:\n"
        "        assert pool._mp_context.get_start_method() == 'fork'\n"
        "        assert pool.submit(abs, -3).result(timeout=60) == 3\n"
        "    stop = threading.Event()\n"
        "    thread = threading.Thread(target=stop.wait)\n"
        "    thread.start()\n"
        "    assert parallel.start_method() == 'forkserver', 'a thread runs'\n"
        "    stop.set()\n"
        "    thread.join()\n"
        "    assert parallel.start_method() == 'fork'\n"
        "    import PySide6.QtCore\n"
        "    assert parallel.start_method() == 'forkserver', 'Qt is loaded'\n"
        "assert not parallel._fork_allowed\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


def test_the_command_line_reads_on_a_forked_pool_with_the_same_output(tmp_path):
    paths = []
    for i in range(read.FORK_POOL_THRESHOLD):
        paths.append(tmp_path / f"{i:03d}.jpg")
        shutil.copy(SAMPLE, paths[-1])
    command = [sys.executable, "-m", "editor_app.cli", "--home", str(tmp_path / "home")]
    files = [str(p) for p in paths]
    env = {**os.environ, read.JOBS_ENV: "2"}  # a pool whatever the machine's load
    pooled = subprocess.run(
        [*command, "--debug", "show", "--format", "json", *files],
        capture_output=True,
        env=env,
        timeout=300,
    )
    assert b"worker processes (fork)" in pooled.stderr
    here = subprocess.run(
        [*command, "show", "--format", "json", "--jobs", "1", *files],
        capture_output=True,
        timeout=300,
    )
    assert pooled.stdout == here.stdout  # nothing printed twice by a forked child
    assert pooled.stdout.count(b'{"path": ') == len(paths)


def test_the_window_never_gets_the_fork_policy(monkeypatch):
    from editor_app import cli

    seen = []
    monkeypatch.setattr(cli, "_run_gui", lambda args: seen.append(parallel._fork_allowed) or 0)
    assert cli.main(["gui"]) == 0
    assert seen == [False]


def test_a_worker_does_not_run_the_main_script_again(tmp_path):
    # the GUI launcher imports the whole UI: each worker paid ~1 s of CPU for it
    runs = tmp_path / "runs.txt"
    script = tmp_path / "launcher.py"
    script.write_text(
        "import os\n"
        f"open({str(runs)!r}, 'a').write(f'{{os.getpid()}}\\n')\n"
        "from editor_app import parallel\n"
        "if __name__ == '__main__':\n"
        "    with parallel.process_pool(1) as pool:\n"
        "        assert pool.submit(abs, -4).result(timeout=60) == 4\n"
    )
    subprocess.run([sys.executable, str(script)], check=True, timeout=120)
    assert len(runs.read_text().split()) == 1  # the parent's run only
