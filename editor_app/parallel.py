"""The one place that starts worker processes: by ``fork`` only where it is explicitly allowed.

Forking a process that runs threads (the desk window's Qt and I/O threads) copies locks held by
threads that do not exist in the child; the child can hang or crash. Every pool therefore uses
the ``forkserver`` start method: a clean server process, started once by fork+exec, forks the
workers. Measured on the dev machine (2 cores): a 2-worker pool costs 0.32 s the first time
(server start and preload) and 0.04 s after, against 0.02 s for ``fork`` and 0.2–0.3 s each
time for ``spawn`` (docs/design.md has the figures under load).

The command line runs no Qt and no threads, and pays the server's start in every run: it
allows ``fork`` for the length of a command (``fork_allowed``). Even then a pool forks only on
Linux, when the main thread is the only thread and Qt is not loaded; the window never allows it.
"""

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing costs ~40 ms to import: only a process that pools pays it
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

START_METHOD = "forkserver"
_fork_allowed = False  # set only inside ``fork_allowed()``
# Imported once by the server, so each worker starts with the modules of the worker functions
# (reading; reading + hashing for an import) already loaded: under load this cut a pool's start
# from 1.3 s to 0.1-0.2 s.
_PRELOAD = ["editor_app.ops.read", "editor_app.ops.ingest"]
# Reading alone (show, check): ops.ingest brings the catalog and peewee, ~0.3 s the pool's
# first workers would wait for and never use.
READ_PRELOAD = ["editor_app.ops.read"]


def context(preload: list[str] | None = None) -> "BaseContext":
    """The multiprocessing context every pool of Caption Desk uses; ``preload``: what a server
    started now imports (a running server keeps what it has)."""
    import multiprocessing  # here, not at the top: see TYPE_CHECKING above

    if start_method() == "fork":
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context(START_METHOD)
    ctx.set_forkserver_preload(_PRELOAD if preload is None else preload)
    _send_read_only_dicts()
    return ctx


def _send_read_only_dicts() -> None:
    """Let what a worker is sent hold read-only dicts (``MappingProxyType``, in the settings):
    pickle refuses them, so a worker gets a read-only view of a copy."""
    from multiprocessing.reduction import ForkingPickler  # loaded with multiprocessing already

    ForkingPickler.register(MappingProxyType, _read_only_dict)


def _read_only_dict(proxy: MappingProxyType) -> tuple[Callable[[dict], MappingProxyType], tuple]:
    return _read_only, (dict(proxy),)


def _read_only(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


@contextmanager
def fork_allowed() -> Iterator[None]:
    """Pools started inside this block may fork this process (see the module's text): for a
    process that runs no Qt and no threads of its own, the command line. Not re-entrant."""
    global _fork_allowed
    _fork_allowed = True
    try:
        yield
    finally:
        _fork_allowed = False


def start_method() -> str:
    """How a pool started now starts its workers: "fork" only when allowed and safe."""
    safe = (
        sys.platform.startswith("linux")  # macOS system libraries are not fork-safe either
        and threading.active_count() == 1
        and not any(name.startswith(("PySide6", "shiboken6")) for name in sys.modules)
    )
    return "fork" if _fork_allowed and safe else START_METHOD


def pool_start_cost() -> float:
    """Seconds a pool of two workers costs to start here, measured on the dev machine: what
    the read threshold weighs against the time the second core saves (ops/read.py)."""
    return 0.02 if start_method() == "fork" else 0.3


def warm_up(preload: list[str] | None = None) -> None:
    """Start the forkserver now; it imports the readers (and ``preload``, given) while the
    caller goes on.

    The window calls it at start-up, so its first big folder does not wait for the server.
    """
    import multiprocessing.forkserver

    context(None if preload is None else [*_PRELOAD, *preload])
    multiprocessing.forkserver.ensure_running()


def process_pool(
    workers: int,
    preload: list[str] | None = None,
    initializer: "Callable[..., object] | None" = None,
    initargs: tuple = (),
) -> "ProcessPoolExecutor":
    """A pool of ``workers`` processes started by the forkserver (safe from a GUI), or by
    ``fork`` inside ``fork_allowed()`` when that is safe; ``initializer(*initargs)`` runs once
    in each worker (what every task needs goes there once, not pickled with each task). The
    functions it runs must live in an importable module: the workers never run the script
    that started the process (``_workers_skip_main_script``)."""
    from concurrent.futures import ProcessPoolExecutor

    _workers_skip_main_script()
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context(preload),
        initializer=initializer,
        initargs=initargs,
    )


def start_process(
    target: "Callable[..., object]", args: tuple, preload: list[str] | None = None
) -> "BaseProcess":
    """One worker process running ``target(*args)``, started as a pool's workers are (see
    ``process_pool``); a daemon, so it never outlives this process."""
    _workers_skip_main_script()
    process = context(preload).Process(target=target, args=args, daemon=True)  # type: ignore[attr-defined]
    process.start()
    return process


def fork_child(run: "Callable[[], object]") -> int:
    """Fork this process, as a pool does where ``start_method()`` is "fork" (the caller
    checks): the child runs ``run()`` and exits at once, without this process's clean-up
    (atexit handlers, buffered output, which are the parent's); the parent gets the child's
    pid and must wait for it. Skips multiprocessing's set-up, 20-40 ms of a short command."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        run()
        code = 0
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the parent reports it
        pass
    except BaseException:  # noqa: BLE001 - the child must never return into the parent's code
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


def _workers_skip_main_script() -> None:
    """A forkserver (or spawn) worker runs the parent's main *script* again before its first
    task, as multiprocessing's "safe importing of main" asks; a ``python -m`` module it skips.
    The ``caption-desk-gui`` launcher and the benchmarks import the whole UI there: ~1 s of
    CPU per worker, and ~2 s before a 2-worker import pool read its first file. Every function
    a pool of ours runs lives in an ``editor_app`` module, never in the script, so the script
    is marked as a ``__main__`` module, which the workers leave alone."""
    main = sys.modules.get("__main__")
    if main is not None and main.__spec__ is None and getattr(main, "__file__", None):
        import importlib.machinery  # here: only a process that pools pays for it

        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)


def default_jobs() -> int:
    """Worker processes when nobody says otherwise: one per core."""
    return os.cpu_count() or 1
