"""Another program rewriting a photo in place, like ``cp`` (run with -m): waits for GO_FILE,
sleeps DELAY tenths of a millisecond, then writes SOURCE over TARGET (truncated first) in
CHUNKS pieces (one write each, no pause: a pause longer than our whole write is the
one case we cannot tell from a finished file).

Usage: GO_FILE SOURCE TARGET DELAY CHUNKS

Prints "ready", then, when done, the CLOCK_MONOTONIC times (system-wide on Linux) of the
truncation and of each chunk written, so the test can tell a round in which the scheduler
paused this process for longer than our whole write (undetectable by design) from a real miss.
"""

import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":
    go, source, target, delay, chunks = sys.argv[1:]
    data = Path(source).read_bytes()
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.0005)
    time.sleep(int(delay) / 10000)
    step = -(-len(data) // int(chunks))
    times = []
    with open(target, "wb") as out:  # O_TRUNC, as cp does: the old content is gone at once
        times.append(time.monotonic())
        for start in range(0, len(data), step):
            out.write(data[start : start + step])
            out.flush()
            times.append(time.monotonic())
    print(" ".join(map(repr, times)), flush=True)
