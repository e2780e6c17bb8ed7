"""The collector's policy around bulk work: nested pauses across threads, no full collection
during a load, what a load built frozen, and every setting restored after errors."""

import gc
import threading
import weakref

import pytest

from editor_app.gcpause import frozen_after, full_collections_paused, gc_paused


@pytest.fixture(autouse=True)
def _collector_as_found():
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    yield
    gc.set_threshold(*thresholds)
    gc.enable() if enabled else gc.disable()
    gc.unfreeze()


def _in_thread(block, entered: threading.Event, leave: threading.Event) -> threading.Thread:
    def run() -> None:
        with block():
            entered.set()
            assert leave.wait(10)

    thread = threading.Thread(target=run)
    thread.start()
    assert entered.wait(10)
    return thread


def test_a_pause_ending_in_one_thread_leaves_another_threads_pause_on():
    entered, leave = threading.Event(), threading.Event()
    with gc_paused():
        other = _in_thread(gc_paused, entered, leave)
    try:
        assert not gc.isenabled()  # the other thread's batch still runs
    finally:
        leave.set()
        other.join()
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error_and_stays_off_if_it_was_off():
    with pytest.raises(ValueError), gc_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()


def _heap_growth() -> list:
    """Enough long-lived objects to make the collector want a full pass (the heap grows by
    more than a quarter), whatever the test process already holds."""
    return [[i] for i in range(max(20_000, len(gc.get_objects())))]


def _generations_collected(work) -> list[int]:
    seen: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(record)
    try:
        work()
    finally:
        gc.callbacks.remove(record)
    return seen


def test_no_full_collection_while_paused_but_young_ones_go_on():
    gc.set_threshold(100, 2, 2)  # a full collection every few hundred objects when not paused

    def paused() -> None:
        with full_collections_paused():
            _heap_growth()

    during = _generations_collected(paused)
    assert 0 in during and 2 not in during
    assert 2 in _generations_collected(_heap_growth)  # the thresholds came back
    assert gc.get_threshold() == (100, 2, 2)


def test_thresholds_come_back_after_the_last_of_overlapping_pauses_even_on_error():
    before = gc.get_threshold()
    entered, leave = threading.Event(), threading.Event()
    with pytest.raises(RuntimeError), full_collections_paused():
        other = _in_thread(full_collections_paused, entered, leave)
        raise RuntimeError
    try:
        assert gc.get_threshold()[2] > 1_000_000  # the other thread's load still runs
    finally:
        leave.set()
        other.join()
    assert gc.get_threshold() == before


def test_what_a_load_built_is_frozen_also_when_it_fails():
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    with frozen_after():
        built = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= frozen + len(built)
    assert gc.get_threshold() == before
    with pytest.raises(OSError), frozen_after():
        more = [[i] for i in range(1000)]
        raise OSError
    assert gc.get_freeze_count() >= frozen + len(built) + len(more)
    assert gc.get_threshold() == before


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_cycles_that_died_in_the_load_are_freed_not_frozen():
    with frozen_after():
        kept, dropped = _Node(), _Node()
        gone = weakref.ref(dropped)
        del dropped
    assert gone() is None
    assert not any(o is kept for o in gc.get_objects())  # frozen: later collections skip it


def test_inside_a_load_batches_keep_young_collections_in_small_steps():
    def load() -> None:
        with full_collections_paused(), gc_paused():
            assert gc.isenabled()
            _heap_growth()

    assert 0 in _generations_collected(load)  # not one pass over the whole batch at its end
    assert gc.isenabled()
