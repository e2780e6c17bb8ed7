"""Find what the GUI thread is doing when it stalls: a heartbeat and a sampler thread.

The GUI thread calls ``beat()`` from a fast QTimer (the benchmark's heartbeat). A sampler
thread wakes every few milliseconds; while the last beat is more than ``threshold`` old the GUI
thread is stalled, and each wake-up records

- the GUI thread's Python stack (``sys._current_frames()``): a Python callback (``data``,
  ``paint``, a slot) or, when the top frame is the ``exec()`` call, Qt's own C++ work;
- every other thread's top frames, so a worker holding the GIL shows up;
- CPU time per native thread from ``/proc/self/task`` (Linux) over the stall: a GUI thread with
  little CPU during its stall was waiting (for the GIL or a core), not working;
- how late the sampler itself woke, less its own wait for a core: it needs the GIL to run, so
  a late sampler means another thread held the GIL in one long C call.

``report()`` aggregates the stalls: the longest ones each with their own samples, then the GUI
thread's top frames and the busiest other threads over all stalls.
"""

import gc
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from procs import descendants  # a sibling: the script's folder is on the path
from PySide6.QtCore import QElapsedTimer, QTimer

_TASKS = Path("/proc/self/task")


class Heartbeat:
    """A timer on the GUI thread; ``longest`` is the longest time it came late (a stall).

    ``sample=True`` adds a StallSampler; ``report()`` then says what each stall was.
    """

    def __init__(
        self, interval_ms: int = 5, *, sample: bool = False, threshold_ms: int = 50
    ) -> None:
        self.longest = 0.0
        self.over: list[float] = []  # every stall over 50 ms
        self.when: list[float] = []  # when each of them ended, seconds from start()
        self._since = QElapsedTimer()
        self.sampler = StallSampler(threshold_ms / 1000) if sample else None
        self._interval = interval_ms / 1000
        self._clock = QElapsedTimer()
        self._timer = QTimer(interval=interval_ms)
        self._timer.timeout.connect(self._beat)

    def start(self) -> None:
        self._clock.start()
        self._since.start()
        self._timer.start()
        if self.sampler:
            self.sampler.start()

    def stop(self) -> None:
        """Before the window closes: closing waits for the workers, which is not a stall."""
        if self._timer.isActive():
            self._timer.stop()
            if self.sampler:
                self.sampler.stop()

    def report(self) -> str:
        return self.sampler.report() if self.sampler else ""

    def _beat(self) -> None:
        late = self._clock.nsecsElapsed() / 1e9 - self._interval
        self.longest = max(self.longest, late)
        if late > 0.05:
            self.over.append(late)
            self.when.append(self._since.nsecsElapsed() / 1e9)
        self._clock.restart()
        if self.sampler:
            self.sampler.beat()


@dataclass
class Stall:
    start: float  # perf_counter of the last beat before it
    length: float = 0.0
    gui_frames: list[tuple[str, ...]] = field(default_factory=list)  # one per sample
    others: Counter = field(default_factory=Counter)  # "thread: frame" -> samples
    cpu: dict[str, float] = field(default_factory=dict)  # thread -> seconds on a core in it
    gui_queued: float = 0.0  # the GUI thread's time runnable but without a core
    sampler_late: float = 0.0  # the longest wait of the sampler for the GIL
    states: Counter = field(default_factory=Counter)  # "thread state wchan" -> samples
    idle: float = -1.0  # share of the machine's cores idle during the stall (/proc/stat)


class StallSampler:
    """``beat()`` on the GUI thread; ``start()``/``stop()`` (or ``with``) around the run."""

    def __init__(self, threshold: float = 0.05, period: float = 0.004, depth: int = 6) -> None:
        self.threshold, self.period, self.depth = threshold, period, depth
        self.stalls: list[Stall] = []
        self.gap = 0.03  # a sampler this late for the GIL (its waits for a core taken off)
        self.gaps: list[tuple[float, list[str]]] = []  # (how late, busy threads just before)
        self.collections: list[tuple[float, int, str]] = []  # (seconds, generation, thread)
        self.full: Counter = Counter()  # where full collections started: "thread: frames"
        self._gc_start = 0.0
        self._last = self._started = time.perf_counter()
        self._main = threading.main_thread()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="stall-sampler", daemon=True)

    def beat(self) -> None:
        self._last = time.perf_counter()

    def start(self) -> None:
        self._last = self._started = time.perf_counter()
        gc.callbacks.append(self._on_gc)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict) -> None:
        """Collections hold the GIL from start to end, whichever thread triggered them."""
        if phase == "start":
            self._gc_start = time.perf_counter()
            if info["generation"] == 2:  # the one that scans every object: who triggered it
                where = " <- ".join(_stack(sys._getframe(1), 3))
                self.full[f"{threading.current_thread().name}: {where}"] += 1
        else:
            spent = time.perf_counter() - self._gc_start
            self.collections.append((spent, info["generation"], threading.current_thread().name))

    def __enter__(self) -> "StallSampler":
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()

    # sampler thread

    def _run(self) -> None:
        stall: Stall | None = None
        cpu_at_start: dict[int, tuple[str, float, float]] = {}
        woke, queued = time.perf_counter(), _queued()
        tops: list[str] = []
        idle_at_start = (0, 0)
        while not self._stop.is_set():
            time.sleep(self.period)
            now = time.perf_counter()
            late, woke, last = now - woke - self.period, now, self._last
            was_queued, queued = queued, _queued()
            late -= queued - was_queued  # what is left: waiting for the GIL
            if late > self.gap:  # another thread kept the GIL in one call this long
                self.gaps.append((late, tops))
            tops = self._tops()
            if stall is not None and last != stall.start:  # a beat came: the stall is over
                stall.length = last - stall.start
                stall.idle = _idle_share(idle_at_start, _machine_idle())
                self._close(stall, cpu_at_start)
                stall = None
            if now - last > self.threshold:
                if stall is None:
                    stall, cpu_at_start = Stall(start=last), _thread_cpu()
                    idle_at_start = _machine_idle()
                stall.sampler_late = max(stall.sampler_late, late)
                self._sample(stall)
        # a stall still open here was never ended by a beat (the window closing): not counted

    def _tops(self) -> list[str]:
        """Where every other busy thread is now (cheap: top frames only)."""
        mine, tops = threading.get_ident(), []
        for ident, frame in sys._current_frames().items():
            if ident != mine:
                code = frame.f_code
                top = f"{Path(code.co_filename).name}:{frame.f_lineno} {code.co_name}"
                if top.rsplit(" ", 1)[-1] not in _IDLE:
                    name = "GUI" if ident == self._main.ident else _thread_name(ident)
                    tops.append(f"{name}: {top}")
        return tops

    def _sample(self, stall: Stall) -> None:
        frames = sys._current_frames()
        mine = threading.get_ident()
        for ident, frame in frames.items():
            if ident == mine:
                continue
            stack = _stack(frame, self.depth)
            if ident == self._main.ident:
                stall.gui_frames.append(stack)
            elif not _idle(stack):
                stall.others[f"{_thread_name(ident)}: {stack[0]}"] += 1
        stall.states.update(_thread_states())

    def _close(self, stall: Stall, before: dict[int, tuple[str, float, float]]) -> None:
        names = {t.native_id: t.name for t in threading.enumerate()}
        for tid, (name, run, queued) in _thread_cpu().items():
            _, run_before, queued_before = before.get(tid, (name, run, queued))
            label = "GUI" if tid == self._main.native_id else names.get(tid, name)
            if run > run_before:
                stall.cpu[label] = run - run_before
            if label == "GUI":
                stall.gui_queued = queued - queued_before
        self.stalls.append(stall)

    # the report

    def report(self, top: int = 5) -> str:
        stalls = [s for s in self.stalls if s.length > self.threshold]
        if not stalls:
            return f"no GUI stall over {self.threshold * 1000:.0f} ms"
        stalls.sort(key=lambda s: s.length, reverse=True)
        total = sum(s.length for s in stalls)
        ran = sum(s.cpu.get("GUI", 0.0) for s in stalls)
        queued = sum(s.gui_queued for s in stalls)
        lines = [
            f"{len(stalls)} GUI stalls over {self.threshold * 1000:.0f} ms, {total:.2f} s in all: "
            f"the GUI thread ran {ran:.2f} s, waited for a core {queued:.2f} s, and was blocked "
            f"(the GIL, a lock, I/O) {max(0.0, total - ran - queued):.2f} s"
        ]
        when = sorted(stalls, key=lambda s: s.start)
        lines.append(
            "when (s from the open call: ms): "
            + ", ".join(f"{s.start - self._started:.1f}: {s.length * 1000:.0f}" for s in when)
        )
        for stall in stalls[:top]:
            lines += _describe(stall, stall.start - self._started)
        lines.append("GUI thread's top frames over every stall (samples):")
        frames = Counter(stack[:2] for s in stalls for stack in s.gui_frames)
        lines += [f"  {n:4d}  {' <- '.join(stack)}" for stack, n in frames.most_common(12)]
        others: Counter = Counter()
        for stall in stalls:
            others.update(stall.others)
        lines.append("other threads running Python during the stalls (samples):")
        lines += [f"  {n:4d}  {where}" for where, n in others.most_common(12)]
        return "\n".join(lines + self._gap_report() + self._gc_report())

    def _gc_report(self) -> list[str]:
        slow = sorted((c for c in self.collections if c[0] > 0.01), reverse=True)
        spent = sum(c[0] for c in self.collections)
        lines = [
            f"garbage collections: {len(self.collections)}, {spent:.2f} s in all; "
            f"{len(slow)} over 10 ms"
        ]
        lines += [f"  {t * 1000:5.0f} ms  generation {g}  on {name}" for t, g, name in slow[:6]]
        if self.full:
            lines.append("full (generation-2) collections started in (count):")
            lines += [f"  {n:4d}  {where}" for where, n in self.full.most_common(6)]
        return lines

    def _gap_report(self) -> list[str]:
        """The sampler's own late wake-ups, and where the busy threads were just before each:
        a frame that keeps coming back there is a long C call holding the GIL."""
        if not self.gaps:
            return [f"sampler never waited more than {self.gap * 1000:.0f} ms for the GIL"]
        lines = [
            f"sampler waited > {self.gap * 1000:.0f} ms for the GIL {len(self.gaps)} times, "
            f"{sum(late for late, _ in self.gaps):.2f} s in all; the longest, with the busy "
            "threads just before:"
        ]
        for late, tops in sorted(self.gaps, key=lambda g: -g[0])[:6]:
            lines.append(f"  {late * 1000:5.0f} ms: {' | '.join(tops) or '-'}")
        before: Counter = Counter()
        for late, tops in self.gaps:
            for top in tops:
                before[top] += late
        lines.append("busy threads just before a long GIL wait (ms of waiting summed):")
        lines += [f"  {late * 1000:6.0f}  {top}" for top, late in before.most_common(10)]
        return lines


def _describe(stall: Stall, at: float) -> list[str]:
    cpu = ", ".join(
        f"{name} {spent * 1000:.0f}"
        for name, spent in sorted(stall.cpu.items(), key=lambda kv: -kv[1])[:5]
    )
    lines = [
        f"- {stall.length * 1000:.0f} ms stall at {at:.1f} s; ms on a core: {cpu or 'none'}; "
        f"GUI thread waited {stall.gui_queued * 1000:.0f} ms for a core; sampler waited for "
        f"the GIL up to {stall.sampler_late * 1000:.0f} ms"
    ]
    if stall.idle >= 0:
        lines.append(f"    machine's cores idle {stall.idle:.0%} of the stall")
    states = ", ".join(f"{what} x{n}" for what, n in stall.states.most_common(6))
    lines.append(f"    thread states: {states or '-'}")
    for stack, n in Counter(stall.gui_frames).most_common(3):
        lines.append(f"    GUI x{n}: {' <- '.join(stack)}")
    for where, n in stall.others.most_common(3):
        lines.append(f"    other x{n}: {where}")
    return lines


def _stack(frame, depth: int) -> tuple[str, ...]:
    entries = traceback.extract_stack(frame, limit=depth)
    return tuple(f"{Path(e.filename).name}:{e.lineno} {e.name}" for e in reversed(entries))


# "_worker": a concurrent.futures thread in its queue's get (C, no frame of its own)
_IDLE = ("wait", "sleep", "select", "_wait_for_tstate_lock", "get", "accept", "poll", "_worker")


def _idle(stack: tuple[str, ...]) -> bool:
    """A thread parked in a wait: not competing for the GIL."""
    return stack[0].rsplit(" ", 1)[-1] in _IDLE


def _thread_name(ident: int) -> str:
    for thread in threading.enumerate():
        if thread.ident == ident:
            return thread.name
    return f"thread {ident:#x}"  # a Qt pool thread Python never named


def _queued() -> float:
    """Seconds the calling thread has waited for a core (0 where the kernel does not say)."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


_WAITING = ("futex", "poll_", "do_select", "do_sys_poll", "ep_poll", "hrtimer_nanosleep", "0")


def _thread_states() -> list[str]:
    """Each thread of this process not sleeping in the usual way: "name state wchan" (R: on a
    core or waiting for one; D: in the kernel, uninterruptible: disk, page faults)."""
    found = []
    if not _TASKS.is_dir():
        return found
    names = {t.native_id: t.name for t in threading.enumerate()}
    main = threading.main_thread().native_id
    for task in _TASKS.iterdir():
        try:
            tid = int(task.name)
            name = "GUI" if tid == main else names.get(tid) or (task / "comm").read_text().strip()
            stat = (task / "stat").read_text()
            wchan = (task / "wchan").read_text().strip()
        except OSError:
            continue
        state = stat[stat.rindex(")") + 2]
        if state != "S" or not wchan.startswith(_WAITING):
            found.append(f"{name} {state} {wchan}")
    return found


def _machine_idle() -> tuple[int, int]:
    """(idle ticks, all ticks) of every core so far (/proc/stat)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return (0, 0)
    return fields[3] + fields[4], sum(fields)


def _idle_share(before: tuple[int, int], after: tuple[int, int]) -> float:
    spent = after[1] - before[1]
    return (after[0] - before[0]) / spent if spent > 0 else -1.0


def _thread_cpu() -> dict[int, tuple[str, float, float]]:
    """Per native thread of this process: {tid: (name, seconds on a core, seconds waiting for
    one)}, from the scheduler's statistics (nanoseconds; Linux only, else empty)."""
    cpu = {}
    if not _TASKS.is_dir():
        return cpu
    for task in _TASKS.iterdir():
        try:
            name = (task / "comm").read_text().strip()
            run, queued = (task / "schedstat").read_text().split()[:2]
        except (OSError, ValueError):
            continue  # the thread ended meanwhile
        cpu[int(task.name)] = (f"{name}[{task.name}]", int(run) / 1e9, int(queued) / 1e9)
    cpu[0] = ("worker processes", _descendants_cpu(), 0.0)
    return cpu


def _descendants_cpu() -> float:
    """Seconds on a core of every live process below this one (the import's worker pool), from
    the scheduler's statistics (nanoseconds: a stall lasts a few clock ticks)."""
    total = 0.0
    for pid in descendants():
        try:
            total += int((Path("/proc") / str(pid) / "schedstat").read_text().split()[0]) / 1e9
        except (OSError, ValueError):
            continue  # ended meanwhile
    return total
