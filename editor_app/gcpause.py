"""Pausing the cyclic garbage collector around bulk work."""

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Big batches make many small acyclic objects (tuples, strings); full collector passes
    over them are pure overhead and make the batch's time grow faster than the batch."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
