"""Kill the writer at random points (SIGKILL) and check the photo is the old or the new one.

A forked child rewrites the same photo in a loop, alternating two captions of very different
lengths (so the header size changes), in both temporary-file modes: unnamed ``O_TMPFILE`` (a
killed writer leaves nothing) and named temporary files (a killed writer may leave one
``.caption-desk-*.tmp``). After each kill the photo must read without error, carry one of the
captions, and have byte-identical image data; any leftover must be one of our recognizable temp
files, and the next write into the folder must remove it.
"""

import os
import random
import signal
import time
import warnings

import pytest

from editor_app.metadata import atomic
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from tests.factories import image_data, make_jpeg, make_tiff, tiff_strips

CAPTIONS = ("short caption", "a long caption, " * 200)
ITERATIONS = 40


def _writer_loop(path, named: bool) -> None:
    """Runs in the forked child until it is killed."""
    atomic._use_tmpfile = not named
    i = 0
    while True:
        write_photo(path, {"caption": CAPTIONS[i % 2], "byline": [f"writer {i}"]})
        i += 1


def _spawn(path, named: bool) -> int:
    with warnings.catch_warnings():  # 3.12+ warns about fork() with threads (faulthandler's)
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # child: never return into pytest
        try:
            _writer_loop(path, named)
        finally:
            os._exit(0)
    return pid


def _one_write_seconds(path) -> float:
    start = time.perf_counter()
    for caption in CAPTIONS:
        write_photo(path, {"caption": caption})
    return (time.perf_counter() - start) / 2


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork()")
@pytest.mark.parametrize("maker", [make_jpeg, make_tiff])
def test_sigkill_leaves_old_or_new_file(tmp_path, maker):
    rng = random.Random(20241125)
    path = maker(tmp_path, size=(1600, 1200))
    data = image_data if maker is make_jpeg else tiff_strips
    pixels = data(path)
    span = _one_write_seconds(path) * 3
    litter_seen = 0
    seen = set()
    for iteration in range(ITERATIONS):
        named = iteration % 2 == 1
        pid = _spawn(path, named)
        time.sleep(rng.uniform(0, span) + (0.002 if iteration % 4 == 0 else 0))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        record = read_photo(path)
        assert record.error is None, (iteration, record.error)
        assert record.caption in CAPTIONS, iteration
        seen.add(record.caption)
        assert data(path) == pixels, iteration
        leftovers = sorted(set(os.listdir(tmp_path)) - {path.name})
        assert all(atomic.is_temp_name(n) for n in leftovers), leftovers
        assert len(leftovers) <= 1
        litter_seen += bool(leftovers)
        if leftovers:
            write_photo(path, {"headline": f"after kill {iteration}"})  # sweeps stale temps
            assert sorted(set(os.listdir(tmp_path)) - {path.name}) == []
    assert read_photo(path).error is None
    assert seen == set(CAPTIONS)  # kills landed at different points of the write cycle
    print(f"{maker.__name__}: {ITERATIONS} kills, {litter_seen} left a named temp file")


def test_sweep_keeps_live_writers_temp_files(tmp_path):
    mine = tmp_path / f"{atomic.TEMP_PREFIX}{atomic._HOST}-{os.getpid()}-0123456789ab.tmp"
    dead = tmp_path / f"{atomic.TEMP_PREFIX}{atomic._HOST}-999999999-0123456789ab.tmp"
    other = tmp_path / ".caption-desk-notes.txt"
    for p in (mine, dead, other):
        p.write_bytes(b"x")
    assert atomic.sweep_stale(tmp_path) == [dead]
    assert mine.exists() and other.exists()
    old = time.time() - 7200
    os.utime(mine, (old, old))
    assert atomic.sweep_stale(tmp_path) == [mine]
