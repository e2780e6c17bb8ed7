"""Time the live shared desk and the wire watch, headless.

Run: ``.venv/bin/python benchmarks/live_desk.py [--saves 20] [--files 2000] [--pg URL]``.

1. Change feed latency: another process saves a caption N times; each time, how long until
   the feed (``Catalog.change_feed``) names the photo. SQLite always (``PRAGMA data_version``
   read every 250 ms), PostgreSQL (LISTEN/NOTIFY) with ``--pg URL`` (``python
   tests/pgserver.py`` starts a throw-away server and prints its URL).
2. Watch poll cost: one ``FolderWatch.poll`` of a folder holding ``--files`` photos, when the
   folder changed (a listing; known names are not stat'ed) and when it is quiet (its time
   older than the last listing: one stat).
3. Arrival latency: from the moment a copied JPEG is complete to the poll that reports it,
   with the default settle time (1 s) and the window's 500 ms poll.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from editor_app.catalog import NewPhoto, open_catalog
from editor_app.catalog.values import empty
from editor_app.metadata.fields import EDITABLE_FIELDS
from editor_app.ops.watch import POLL_S, SETTLE_S, FolderWatch

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = ROOT / "resources" / "sample-desk" / "cat-01.jpg"
_SAVER = """
import sys, time
from editor_app.catalog import open_catalog
catalog = open_catalog(sys.argv[1])
for i, line in enumerate(sys.stdin):
    started = time.time()  # latency counts the save's own commit
    catalog.save_revision(int(sys.argv[2]), {"caption": f"save {i}"}, editor="bench")
    print(started, flush=True)
"""


def feed_latency(url: str, saves: int) -> list[float]:
    catalog = open_catalog(url)
    fields = {n: empty(n) for n in EDITABLE_FIELDS}
    (pid,) = catalog.add_photos([NewPhoto(f"/bench/{time.time()}.jpg", "h", "JPEG", 1, 1, fields)])
    feed = catalog.change_feed()
    heard: list[float] = []
    stop = threading.Event()

    def listen() -> None:  # as the window's listener thread does
        while not stop.is_set():
            change = feed.wait(0.25)
            if change is not None and pid in change.photo_ids:
                heard.append(time.time())

    listener = threading.Thread(target=listen)
    listener.start()
    saver = subprocess.Popen(
        [sys.executable, "-c", _SAVER, url, str(pid)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    latencies = []
    try:
        for _ in range(saves):
            saver.stdin.write("go\n")
            saver.stdin.flush()
            saved_at = float(saver.stdout.readline())
            time.sleep(1.2 + random.random() * 0.5)  # saves at random moments of the poll
            after = [t for t in heard if t >= saved_at]
            if after:
                latencies.append(min(after) - saved_at)
    finally:
        saver.stdin.close()
        saver.wait(30)
        stop.set()
        listener.join()
        feed.close()
        catalog.close()
    return latencies


def poll_cost(folder: Path, files: int) -> tuple[float, float]:
    """Median seconds of a poll after the folder changed, and of a quiet one."""
    data = SAMPLE.read_bytes()
    for i in range(files):
        (folder / f"IMG_{i:05d}.jpg").write_bytes(data)
    watch = FolderWatch([folder])
    changed = []
    for i in range(20):
        (folder / f".touched-{i}").touch()  # hidden, not a photo: the folder's time moves
        start = time.perf_counter()
        watch.poll()
        changed.append(time.perf_counter() - start)
    time.sleep(2.1)  # the folder's time now older than the last listing by over a clock tick
    watch.poll()  # the last listing was within a tick of the folder's time: one more
    quiet = []
    for _ in range(20):
        start = time.perf_counter()
        watch.poll()
        quiet.append(time.perf_counter() - start)
    return statistics.median(changed), statistics.median(quiet)


def arrival_latency(folder: Path, count: int = 5) -> list[float]:
    watch = FolderWatch([folder], settle=SETTLE_S)
    latencies = []
    for i in range(count):
        shutil.copy(SAMPLE, folder / f"new-{i}.jpg")
        done = time.monotonic()
        while not watch.poll():
            time.sleep(POLL_S)
        latencies.append(time.monotonic() - done)
    return latencies


def _line(name: str, values: list[float]) -> str:
    return (
        f"{name:<44} median {statistics.median(values) * 1000:7.1f} ms   "
        f"max {max(values) * 1000:7.1f} ms   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--pg", metavar="URL")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sqlite = feed_latency(f"sqlite:///{work / 'c.db'}", args.saves)
        print(_line("change feed, SQLite (data_version every 250 ms)", sqlite))
        if args.pg:
            pg = feed_latency(args.pg, args.saves)
            print(_line("change feed, PostgreSQL (LISTEN/NOTIFY)", pg))
        else:
            print("PostgreSQL skipped: give --pg URL (`python tests/pgserver.py` starts one)")
        (work / "big").mkdir()
        changed, quiet = poll_cost(work / "big", args.files)
        what = f"watch poll of {args.files} files"
        print(f"{what + ', folder changed':<44} median {changed * 1000:7.2f} ms")
        print(f"{what + ', quiet':<44} median {quiet * 1000:7.3f} ms")
        (work / "in").mkdir()
        print(
            _line(
                f"arrival after copy complete (settle {SETTLE_S} s)", arrival_latency(work / "in")
            )
        )


if __name__ == "__main__":
    main()
