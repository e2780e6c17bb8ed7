"""Time the live rules engine: 10,000 records loaded once, then 1,000 single-photo edits.

Run: ``.venv/bin/python benchmarks/live_rules.py`` (optionally ``--records N --edits N``).
Every rule runs (the desk's defaults). The records are ``check.py``'s synthetic wire stories;
the edits copy another photo's caption (a new duplicate), copy one with a word changed (a near
duplicate), give a duplicated photo a fresh caption (a duplicate broken) or rewrite a word of
the photo's own caption. Prints the median and p99 time of ``RulesEngine.update``; the goal is
a median of at most 5 ms and a p99 of at most 50 ms. At the end the engine's findings must be
exactly those of a full ``validate()`` of the final records (asserted).
"""

import argparse
import os
import random
import statistics
import sys
import time
from dataclasses import replace
from datetime import date

from check import synthetic_records  # this folder's record generator (the script's folder)

from editor_app.captions.engine import RulesEngine
from editor_app.captions.validate import validate
from editor_app.metadata.record import PhotoMetadata

TODAY = date(2025, 6, 1)  # fixed, so that date rules do not drift between runs
_FRESH = ("kisses", "cleans", "repairs", "inspects", "lights", "raises", "zebra", "harbour")


def random_edit(rng: random.Random, records: dict[int, PhotoMetadata]) -> tuple[int, dict]:
    """One editor's change to one photo, as the caption editor would send it."""
    ids = list(records)
    photo_id = rng.choice(ids)
    other = records[rng.choice(ids)]
    roll = rng.random()
    if roll < 0.3:  # paste another photo's caption (and its place): a duplicate
        return photo_id, {"caption": other.caption, "city": other.city, "country": other.country}
    words = (other if roll < 0.6 else records[photo_id]).caption.split()
    position = rng.randrange(min(6, len(words)))
    words[position] = rng.choice(_FRESH)
    if roll < 0.6:  # ... with one word changed: a near duplicate
        return photo_id, {"caption": " ".join(words), "city": other.city}
    return photo_id, {"caption": " ".join(words)}  # its own caption reworded (breaks copies)


def run(
    record_count: int, edit_count: int, seed: int = 9
) -> tuple[list[float], list[float], float]:
    records = dict(enumerate(synthetic_records(record_count)[0]))
    engine = RulesEngine(today=TODAY)
    start = time.perf_counter()
    engine.load(records)
    load_time = time.perf_counter() - start
    rng = random.Random(seed)
    times, cpu = [], []
    for _ in range(edit_count):
        photo_id, fields = random_edit(rng, records)
        start, start_cpu = time.perf_counter(), time.process_time()
        engine.update(photo_id, fields)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        records[photo_id] = engine.record(photo_id)
    expected = validate(records.values(), today=TODAY)
    got = [replace(f, photo_id=None) for f in engine.all_findings()]
    assert got == expected, "the engine's findings differ from a full validate()"
    return times, cpu, load_time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=1_000)
    args = parser.parse_args(argv)
    times, cpu, load_time = run(args.records, args.edits)
    median, p99, slowest = _figures(times)
    print(f"load {args.records} records: {load_time:.2f} s ({os.getloadavg()[0]:.1f} load average)")
    print(f"{args.edits} updates: median {median:.2f} ms, p99 {p99:.2f} ms, max {slowest:.2f} ms")
    print(
        "  CPU time of this process: median {:.2f} ms, p99 {:.2f} ms, max {:.2f} ms".format(
            *_figures(cpu)
        )
    )
    print("final findings identical to a full validate(): yes")
    met = median <= 5 and p99 <= 50
    print(f"goal (median <= 5 ms, p99 <= 50 ms): {'met' if met else 'NOT met'}")
    return 0


def _figures(seconds: list[float]) -> tuple[float, float, float]:
    """Median, p99 and max in milliseconds."""
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000, ordered[-1] * 1000


if __name__ == "__main__":
    sys.exit(main())
