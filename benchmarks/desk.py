"""The desk window on a big folder: first screen, whole folder, GUI stalls, memory.

Generates a folder of camera-like JPEGs (default 10,000; 2400x1600 pictures with an EXIF
160x107 thumbnail, a capture time and a wire caption each) into benchmarks/data/desk, then runs
the real window offscreen (QT_QPA_PLATFORM=offscreen) with a fresh home, timed from the
``open_folder`` call (the spelling word lists' cache is built before, as a desk builds it once):

- first screen: every tile visible in a 1600x1000 window has a thumbnail (cold: empty
  catalog and thumbnail cache, files in the page cache; warm: the same folder opened again in
  a new window with the catalog and cache of the first);
- rows: every row catalogued and shown with its values, badges still to come;
- whole folder: every row catalogued, checked and shown with its badges;
- identified (cold): the identity pass after the rows has hashed every new picture (the import
  reads metadata only, see docs/catalog.md), so the whole import is done;
- scrolling: after jumping to the end, every visible tile has a thumbnail;
- the longest stall of the GUI thread (a 5 ms heartbeat timer) while all this happens;
- peak resident memory of the process;
- the CPU time the process and its worker processes had used at each of these moments (on a
  shared machine wall times mostly measure the other users; CPU time says what the load costs).

Goals (issue 12): first screen <= 1 s cold and <= 0.3 s warm; whole folder <= 5 s cold; no
stall over 50 ms; <= 1 GB. ``--sample-stalls`` says what the GUI thread and the others were
doing during each stall (benchmarks/stalls.py); ``--sample-stalls 20`` samples the shorter ones too
(the sampler takes the GIL every 4 ms, so it lengthens what it measures: use it to see what
stalls are made of, the heartbeat alone for their length).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/desk.py [--photos 10000] [--sample-stalls]
"""

import argparse
import cProfile
import io
import logging
import os
import random
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from procs import cpu_seconds  # noqa: E402 - siblings: the script's folder is on the path
from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from stalls import Heartbeat  # noqa: E402

from editor_app import parallel, paths  # noqa: E402
from editor_app.imaging.cache import ThumbnailCache  # noqa: E402
from editor_app.metadata.writer import WriteOptions, write_photo  # noqa: E402
from editor_app.ops import rules_ahead  # noqa: E402
from editor_app.ui.app import warm_up_workers  # noqa: E402
from editor_app.ui.state import UiState  # noqa: E402
from editor_app.ui.tasks import TaskRunner, share_the_gil  # noqa: E402
from editor_app.ui.views.main_window_view import MainWindowView  # noqa: E402
from editor_app.ui.widgets.desk import Desk  # noqa: E402

HERE = Path(__file__).resolve().parent
HEAD_BYTES = 256 * 1024  # a file's metadata and embedded thumbnail, with room to spare
DISTINCT = 100  # distinct pictures; the rest are copies with their own captions
PLACES = ["Paris, France", "Kyiv, Ukraine", "Lagos, Nigeria", "Lima, Peru", "Osaka, Japan"]
WHO = ["Protesters", "Firefighters", "Fans", "Farmers", "Students", "Nurses", "Voters", "Pilgrims"]
WHAT = ["march past", "gather outside", "wait near", "clean up", "queue at", "rally in front of"]
WHERE = ["the parliament", "a market", "the stadium", "a hospital", "the station", "a school"]
WHY = ["after the storm", "before the vote", "during a strike", "as prices rise", "at dawn"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--profile", type=Path, help="write the GUI thread's cProfile stats here")
    parser.add_argument("--home", type=Path, help="keep the catalog and cache here (not deleted)")
    parser.add_argument("--warm-only", action="store_true", help="with --home: a warm run only")
    parser.add_argument(
        "--no-rules-ahead",
        action="store_true",
        help="the lane runs every per-photo rule itself (ops.rules_ahead off), to compare",
    )
    parser.add_argument(
        "--sample-stalls",
        nargs="?",
        type=int,
        const=50,
        metavar="MS",
        help="sample what the GUI thread and the others do during each stall over MS ms "
        "(default 50; lower to see what the stalls below the goal are made of)",
    )
    parser.add_argument(
        "--cold-runs",
        type=int,
        metavar="N",
        help="N cold loads only, each in a fresh home, up to the whole folder (no identity "
        "pass, no warm run): quick comparisons of the cold load",
    )
    args = parser.parse_args()
    if args.no_rules_ahead:
        rules_ahead.MIN_ROWS = sys.maxsize
    warm_up_workers()  # as the window does at start-up (ui/app.py), before any folder opens
    share_the_gil()  # as the window does (ui/app.py build_window)
    folder = _prepare(HERE / "data" / "desk" / str(args.photos), args.photos)
    _page_cache(folder)
    app = QApplication([sys.argv[0]])
    if args.cold_runs:
        return _cold_runs(app, folder, args.cold_runs, args.sample_stalls)
    home = args.home or Path(tempfile.mkdtemp(prefix="desk-bench-"))
    paths.set_home(home)
    _word_lists(home)
    profiler = cProfile.Profile() if args.profile else None
    try:
        if profiler:
            profiler.enable()  # the GUI thread only: stalls are what it spends in Python
        sample = args.sample_stalls
        cold = _run(app, folder, home, scroll=True, sample=sample) if not args.warm_only else None
        warm = _run(app, folder, home, scroll=False, sample=sample)
    finally:
        if profiler:
            profiler.disable()
            profiler.dump_stats(args.profile)
        if not args.home:
            shutil.rmtree(home, ignore_errors=True)
    _report(args.photos, cold, warm)
    return 0


def _cold_runs(app: QApplication, folder: Path, runs: int, sample: int | None) -> int:
    """``--cold-runs``: a line per cold load, up to its whole folder."""
    files = sorted(folder.iterdir())
    for n in range(1, runs + 1):
        if n > 1:
            _heads_and_ends(files)  # the last run's catalog and thumbnails took cache pages
        home = Path(tempfile.mkdtemp(prefix="desk-bench-"))
        try:
            paths.set_home(home)
            _word_lists(home)
            run = _run(app, folder, home, scroll=False, sample=sample)
        finally:
            shutil.rmtree(home, ignore_errors=True)
        marks = ", ".join(f"{label} {at:.2f}" for label, at, _cpu in run["timeline"])
        print(
            f"cold {n}: first screen {run['first']:.2f} s, whole folder {run['rows']:.2f} s "
            f"(CPU {run['cpu']['rows']:.2f} s, I/O waits {run['cpu']['io rows']:.2f} s), "
            f"longest stall {run['stall'] * 1000:.0f} ms"
            + "".join(f" (one at {t:.2f} s)" for t in run["when"])
            + f", load {os.getloadavg()[0]:.1f}; {marks}",
            flush=True,
        )
        threads = sorted(run.get("threads", {}).items(), key=lambda item: -item[1])
        print("  CPU: " + ", ".join(f"{k} {v:.2f}" for k, v in threads if v >= 0.01), flush=True)
        if run["stalls"]:
            print(run["stalls"], flush=True)
    return 0


def _report(photos: int, cold: dict | None, warm: dict) -> None:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{photos:,} photos, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    runs = [("cold", cold), ("warm", warm)] if cold else [("warm", warm)]
    for name, run in runs:
        print(
            f"{name}: tiles listed at {run['listed']:.2f} s, first thumbnail {run['thumb']:.2f} s"
        )
    if cold:
        print(f"first screen, cold:  {cold['first']:6.2f} s  (goal <= 1 s)")
    print(f"first screen, warm:  {warm['first']:6.2f} s  (goal <= 0.3 s)")
    for name, run in runs:
        print(f"rows with values, {name}: {run.get('values', float('nan')):6.2f} s (no badges yet)")
    for name, run in runs:
        cpu = run.get("cpu", {})
        labels = {"values": "rows with values", "rows": "whole folder"}
        shown = ", ".join(f"{labels[k]} {cpu[k]:.2f} s" for k in labels if k in cpu)
        print(f"CPU time used by then (process and workers), {name}: {shown}")
        shown = ", ".join(f"{labels[k]} {cpu[f'gui {k}']:.2f} s" for k in labels if k in cpu)
        print(f"  of which the GUI thread (load inflates it less), {name}: {shown}")
    if cold:
        io = cold["cpu"].get("io rows", 0.0)
        print(f"whole folder, cold:  {cold['rows']:6.2f} s  (goal <= 5 s; I/O waits {io:.2f} s)")
    print(f"whole folder, warm:  {warm.get('rows', float('nan')):6.2f} s")
    if cold:
        done = f"{cold['identified']:6.2f} s" if "identified" in cold else "not within the run"
        print(f"identity pass done, cold: {done}  (every picture hashed)")
    if cold:
        print(f"end of folder after a jump: {cold['scroll']:6.2f} s to show its thumbnails")
    for name, run in runs:
        marks = ", ".join(
            f"{label} {at:.2f} s (CPU {cpu:.2f})" for label, at, cpu in run["timeline"]
        )
        print(f"timeline, {name}: {marks}")
        threads = [t for t in run.get("threads", {}).items() if t[1] >= 0.01]
        threads.sort(key=lambda item: -item[1])
        print(
            f"  CPU by the whole folder, {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in threads)
        )
    for name, run in runs:
        over = run["over"]
        print(
            f"longest GUI stall, {name}: {run['stall'] * 1000:6.0f} ms (goal <= 50); "
            f"{len(over)} over 50 ms, {sum(over):.2f} s in all"
            + (" (at " + ", ".join(f"{t:.1f} s" for t in run["when"]) + ")" if over else "")
        )
    print(f"peak memory:         {peak:6.0f} MB (goal <= 1024)")
    for name, run in runs:
        if run["stalls"]:
            print(f"\nstalls, {name}:\n{run['stalls']}")


def _run(
    app: QApplication, folder: Path, home: Path, *, scroll: bool, sample: int | None = None
) -> dict:
    """One load of ``folder`` in a new window, done at the whole folder, or with ``scroll``
    after the jump to the end and the identity pass."""
    view = MainWindowView()
    view.resize(1600, 1000)
    desk = Desk(
        view,
        TaskRunner(view),
        cache=ThumbnailCache(home / "thumbs"),
        state=UiState(home / "ui.ini"),
        jobs=parallel.default_jobs(),  # as the window gets it (ui/app.py)
    )
    view.show()
    app.processEvents()
    result: dict = {}
    # the GUI thread's stalls (5 ms beat)
    heart = Heartbeat(sample=bool(sample), threshold_ms=sample or 50)
    clock = QElapsedTimer()

    def visible_done() -> bool:
        first, last = desk.thumbnails.visible_rows()
        if last < first:
            return False
        return all(desk.model.has_thumbnail(desk.model.photo(r).path) for r in range(first, last))

    def poll() -> None:
        now = clock.nsecsElapsed() / 1e9
        if "first" not in result and visible_done():
            result["first"] = now
        if scroll and "rows" in result and "first" in result and "jump" not in result:
            view.sheet.scrollToBottom()
            result["jump"] = now
        if "jump" in result and "scroll" not in result and visible_done():
            result["scroll"] = now - result["jump"]
        cold_done = {"scroll", "identified"} <= result.keys()  # the import finished, hashes too
        if {"first", "rows"} <= result.keys() and (not scroll or cold_done):
            heart.stop()  # quitting closes the window, which waits for the workers: no stall
            app.quit()

    timeline = _instrument(desk, result, clock)
    watcher = QTimer(interval=2)
    watcher.timeout.connect(poll)
    heart.start()
    clock.start()
    desk.open_folder(folder)
    watcher.start()
    QTimer.singleShot(900_000, watcher, app.quit)  # gone with this run's watcher, not the next
    app.exec()
    heart.stop()
    watcher.stop()
    timeline.close()
    result.update(stall=heart.longest, over=heart.over, when=heart.when, stalls=heart.report())
    desk.shutdown()
    view.close()
    view.deleteLater()
    return result


def _instrument(desk: Desk, result: dict, clock: QElapsedTimer) -> "_Timeline":
    """Record when each moment of the load is reached, with the CPU used by then."""
    cpu: dict[str, float] = {}
    result["cpu"] = cpu
    cpu_start, gui_start = cpu_seconds(), time.thread_time()  # and the GUI thread's own
    io_start = _io_waited()
    threads_start = thread_cpu()

    def reached(key: str) -> None:
        if key not in result:
            result[key] = clock.nsecsElapsed() / 1e9
            cpu[key], cpu[f"gui {key}"] = cpu_seconds() - cpu_start, time.thread_time() - gui_start
            cpu[f"io {key}"] = _io_waited() - io_start

    def threads_now() -> dict[str, float]:
        now = thread_cpu()
        return {k: v - threads_start.get(k, 0.0) for k, v in now.items()}

    timeline = _Timeline(clock, cpu_start)
    result["timeline"] = timeline.marks
    desk.folder_loaded.connect(lambda _f: reached("rows"))
    desk.folder_loaded.connect(lambda _f: result.setdefault("threads", threads_now()))
    desk.folder_load.rows.connect(lambda _rows: reached("values"))
    desk.folder_load.hashed.connect(
        lambda changes: changes.left or result.setdefault("identified", clock.nsecsElapsed() / 1e9)
    )
    desk.model.modelReset.connect(
        lambda: desk.model.rowCount() and result.setdefault("listed", clock.nsecsElapsed() / 1e9)
    )
    desk.loader.thumbnail_ready.connect(
        lambda _p, _i: result.setdefault("thumb", clock.nsecsElapsed() / 1e9)
    )
    return timeline


class _Timeline(logging.Handler):
    """The load's phases as the code logs them (``folder load: ...`` debug lines of ops.desk
    and ops.rules_ahead), each with its wall time and the CPU used by then."""

    _LOGGERS = ("editor_app.ops.desk", "editor_app.ops.rules_ahead")

    def __init__(self, clock: QElapsedTimer, cpu_start: float) -> None:
        super().__init__(logging.DEBUG)
        self.clock, self.cpu_start = clock, cpu_start
        self.marks: list[tuple[str, float, float]] = []
        for name in self._LOGGERS:
            logger = logging.getLogger(name)
            logger.setLevel(logging.DEBUG)
            logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if text.startswith("folder load: "):
            now = self.clock.nsecsElapsed() / 1e9
            self.marks.append((text[13:], now, cpu_seconds() - self.cpu_start))

    def close(self) -> None:
        for name in self._LOGGERS:
            logging.getLogger(name).removeHandler(self)
        super().close()


def thread_cpu() -> dict[str, float]:
    """CPU seconds of this process's threads by name (Python's name where it knows the thread,
    else the kernel's), and of the worker processes below it (Linux; empty elsewhere)."""
    import threading

    names = {t.native_id: t.name for t in threading.enumerate()}
    names[threading.main_thread().native_id] = "GUI"
    ticks = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    try:
        tasks = list(Path("/proc/self/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            text = (task / "stat").read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        tid = int(task.name)
        name = names.get(tid) or f"{text[text.index('(') + 1 : text.rindex(')')]} {tid}"
        found[name] = sum(int(v) for v in fields[11:13]) / ticks
    found["worker processes"] = cpu_seconds() - time.process_time()
    return found


def _page_cache(folder: Path) -> None:
    """Every file in the page cache, and their heads and ends last. The folder is ~15 GB and
    this machine's cache kept ~13 GB of it: read in order, the first files were gone again,
    and the cold import, which reads each file's head and last bytes (the end-of-image check)
    in the same order, waited for the disk (its time varied 1.9-4.8 s between runs). A second
    pass over the heads and ends keeps them cached."""
    files = sorted(folder.iterdir())
    for path in files:
        path.read_bytes()
    _heads_and_ends(files)


def _heads_and_ends(files: list[Path]) -> None:
    """Each file's head and end read again (the cache may have dropped some since)."""
    for path in files:
        with path.open("rb") as fh:
            fh.read(HEAD_BYTES)
            fh.seek(max(0, fh.seek(0, os.SEEK_END) - HEAD_BYTES))
            fh.read()


def _io_waited() -> float:
    """Seconds some task of this machine waited for I/O so far (Linux pressure stall
    information; 0 where there is none)."""
    try:
        line = Path("/proc/pressure/io").read_text().splitlines()[0]
    except (OSError, IndexError):
        return 0.0
    return int(line.rsplit("total=", 1)[1]) / 1e6


def _word_lists(home: Path) -> None:
    """The spelling word lists' cache, built in another process before timing: a desk builds it
    once, the first time it checks a caption (pyspellchecker's JSON: seconds of one C call
    holding the GIL), not each time it opens a folder."""
    code = "from editor_app.captions.dictionary import SUPPORTED, dictionary\n"
    code += "for language in SUPPORTED: dictionary(language)"
    env = {**os.environ, "CAPTION_DESK_HOME": str(home)}
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def _prepare(folder: Path, count: int) -> Path:
    if folder.is_dir() and len(list(folder.glob("*.jpg"))) == count:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rnd = random.Random(7)
    originals = [_camera_jpeg(i, rnd) for i in range(DISTINCT)]
    options = WriteOptions(fsync=False)
    for i in range(count):
        path = folder / f"WIRE{i:05d}.jpg"
        path.write_bytes(originals[i % DISTINCT])
        place = PLACES[i % len(PLACES)]
        write_photo(
            path,
            {
                "caption": f"Frame {i} of a news event: people gather in a square in {place}, "
                f"November {1 + i % 28}, 2024. REUTERS/Jane Smith",
                "credit": "REUTERS/Jane Smith",
                "byline": ["Jane Smith"],
                "date_created": f"2024-11-{1 + i % 28:02d}",
            },
            options,
        )
    return folder


def _camera_jpeg(seed: int, rnd: random.Random) -> bytes:
    size = (2400, 1600)
    base = Image.linear_gradient("L").resize(size).rotate(seed * 13 % 360)
    noise = Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))
    picture = Image.merge("RGB", tuple(Image.blend(base, noise, w) for w in (0.1, 0.2, 0.3)))
    thumb = io.BytesIO()
    small = picture.resize((160, 107))
    small.save(thumb, "JPEG", quality=80)
    out = io.BytesIO()
    when = f"2024:11:{1 + seed % 28:02d} {8 + seed % 12:02d}:{seed % 60:02d}:00"
    picture.save(out, "JPEG", quality=88, exif=_exif(thumb.getvalue(), when))
    return out.getvalue()


def _exif(thumbnail: bytes, when: str) -> bytes:
    """IFD0 -> Exif IFD (DateTimeOriginal), IFD1 -> the JPEG thumbnail."""
    date = when.encode() + b"\0"
    ifd0_at = 8
    ifd0_size = 2 + 12 + 4
    exif_at = ifd0_at + ifd0_size
    exif_size = 2 + 12 + 4
    date_at = exif_at + exif_size
    ifd1_at = date_at + len(date)
    thumb_at = ifd1_at + 2 + 2 * 12 + 4
    tiff = b"II*\0" + struct.pack("<I", ifd0_at)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x8769, 4, 1, exif_at)
    tiff += struct.pack("<I", ifd1_at)
    tiff += struct.pack("<H", 1) + struct.pack("<HHII", 0x9003, 2, len(date), date_at)
    tiff += struct.pack("<I", 0) + date
    tiff += struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, thumb_at)
    tiff += struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail)) + struct.pack("<I", 0)
    return b"Exif\0\0" + tiff + thumbnail


if __name__ == "__main__":
    sys.exit(main())
