"""Our worker processes and their CPU time, from /proc (Linux; empty or our own time elsewhere).

Shared by the benchmarks that time a pool. It reads only our processes' files (each thread's
``children`` list, then their ``stat``), never every process's: a walk of all of /proc took
~100 ms, which ``desk.py``'s heartbeat counted as a stall of the window.
"""

import os
import time
from pathlib import Path


def descendants(pid: int | None = None) -> list[int]:
    """The live processes below ``pid`` (default: this one), children first."""
    root = os.getpid() if pid is None else pid
    found, todo, seen = [], _children(root), {root}
    while todo:
        child = todo.pop()
        if child not in seen:
            seen.add(child)
            found.append(child)
            todo += _children(child)
    return found


def cpu_seconds() -> float:
    """CPU time of this process and every process below it, live or reaped (a reaped worker's
    time is in its parent's cutime/cstime: the forkserver's, or ours)."""
    total = time.process_time()
    if not Path("/proc/self/task").is_dir():
        return total
    ticks = os.sysconf("SC_CLK_TCK")
    for pid in descendants():
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue  # gone meanwhile: its time is in its parent's cutime/cstime
        fields = text[text.rindex(")") + 2 :].split()
        total += sum(int(v) for v in fields[11:15]) / ticks  # utime, stime, cutime, cstime
    return total


def _children(pid: int) -> list[int]:
    """The processes ``pid``'s threads started (Linux 3.5+: ``/proc/PID/task/TID/children``)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return found
