"""The one place that starts worker processes: never by ``fork``.

Forking a process that runs threads (the desk window's Qt and I/O threads) copies locks held by
threads that do not exist in the child; the child can hang or crash. Every pool therefore uses
the ``forkserver`` start method: a clean server process, started once by fork+exec, forks the
workers. Measured on the dev machine (2 cores): a 2-worker pool costs 0.32 s the first time
(server start and preload) and 0.04 s after, against 0.02 s for ``fork`` and 0.2–0.3 s each
time for ``spawn`` (docs/design.md has the figures under load).
"""

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # multiprocessing costs ~40 ms to import: only a process that pools pays it
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

START_METHOD = "forkserver"
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

    ctx = multiprocessing.get_context(START_METHOD)
    ctx.set_forkserver_preload(_PRELOAD if preload is None else preload)
    return ctx


def warm_up() -> None:
    """Start the forkserver now; it imports the readers while the caller goes on.

    The window calls it at start-up, so its first big folder does not wait for the server.
    """
    import multiprocessing.forkserver

    context()
    multiprocessing.forkserver.ensure_running()


def process_pool(workers: int, preload: list[str] | None = None) -> "ProcessPoolExecutor":
    """A pool of ``workers`` processes started by the forkserver (safe from a GUI)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=workers, mp_context=context(preload))


def default_jobs() -> int:
    """Worker processes when nobody says otherwise: one per core."""
    return os.cpu_count() or 1
