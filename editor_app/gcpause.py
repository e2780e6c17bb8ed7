"""The cyclic garbage collector's policy around bulk work: pauses that nest across threads, and
freezing what a folder load built, so no full collection holds the GIL while the window paints.

A full (generation-2) collection scans every object the process holds in one GIL hold: at
10,000 photos a few million objects, 300–400 ms, and a load triggers one each time the heap grows
by a quarter. Young collections stay on (a millisecond each; they free short-lived cycles).
"""

import contextlib
import gc
import threading
from collections.abc import Iterator

_NO_FULL = 1_000_000_000  # young collections between full ones: never, in practice


class _Collector:
    """How many blocks of each kind run now (any thread), and what to restore after the last."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.paused = 0
        self.was_enabled = True
        self.quiet = 0
        self.thresholds = gc.get_threshold()


_collector = _Collector()


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No collection at all while the block runs. Big batches make many small acyclic objects
    (tuples, strings); collector passes over them are pure overhead and make the batch's time
    grow faster than the batch. Blocks nest and overlap across threads: the collector comes
    back (if it was on) when the last one ends, whichever thread ends it, error or not.

    Inside a load (``full_collections_paused``) young collections go on: the first one after
    a pause scans every object the batch made in one GIL hold (274 ms after a million), while
    in small steps they cost ~1 ms each, and the full passes that made batches superlinear are
    off anyway."""
    state = _collector
    with state.lock:
        pausing = state.quiet == 0
        if pausing:
            if state.paused == 0:
                state.was_enabled = gc.isenabled()
                gc.disable()
            state.paused += 1
    try:
        yield
    finally:
        if pausing:
            with state.lock:
                state.paused -= 1
                if state.paused == 0 and state.was_enabled:
                    gc.enable()


@contextlib.contextmanager
def full_collections_paused() -> Iterator[None]:
    """Young collections only while the block runs; the collector's thresholds come back when
    the last such block (in any thread) ends, error or not."""
    state = _collector
    with state.lock:
        if state.quiet == 0:
            state.thresholds = gc.get_threshold()
            gc.set_threshold(*state.thresholds[:2], _NO_FULL)
        state.quiet += 1
    try:
        yield
    finally:
        with state.lock:
            state.quiet -= 1
            if state.quiet == 0:
                gc.set_threshold(*state.thresholds)


@contextlib.contextmanager
def frozen_after() -> Iterator[None]:
    """Bulk work whose results live on (a folder's rows, index and rules): no full collection
    while it runs, and what it built is frozen at the end (``gc.freeze()``), so later full
    collections skip it. Frozen objects are still freed when dropped; only cycles among them
    wait (a few hundred objects per load, measured), which is why nothing unfreezes: that
    would bring back the one long collection this avoids. The young generations are collected
    first (a few ms): cycles that just died, such as a finished thread's sqlite3 connection
    with its page cache, are freed rather than frozen."""
    try:
        with full_collections_paused():
            yield
    finally:
        gc.collect(1)
        gc.freeze()
