"""What painting one screen of contact-sheet tiles costs the GUI thread: Qt calls, CPU, and the
wall time while a worker thread runs Python (the GIL hand-offs behind the window's stalls).

The window's sheet (``MainWindowView.sheet``, 1600x1000) over ``--photos`` synthetic tiles
(thumbnail, name, time, badges, markers), painted with ``viewport().repaint()``:

- direct: every tile drawn from scratch (``SheetDelegate.draw_tile``, the delegate before the
  tile cache);
- cached, hit: tiles blitted from the delegate's tile cache (a repaint of unchanged tiles:
  relayouts, scrolling back, a thumbnail arriving next to them);
- cached, miss: the cache emptied before each paint (every tile new: first paint of a screen).

Qt calls are the PySide6 methods the profiler sees (``sys.setprofile`` c_call events) plus
Qt's calls back into Python (``paint``, ``tile``); constructors and field reads are not seen,
so the figure is a floor. Each such call may give up the GIL and wait to take it back. The
busy thread runs pure Python, with the window's GIL switch
interval (``tasks.share_the_gil``), as the rules lane does while a folder loads; then at
Python's default 5 ms, where each time the GUI thread gives up the GIL and the worker takes it
costs up to 5 ms, so the wall time counts the hand-offs (the load distorts it less).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/sheet_paint.py [--photos N] [--paints N]
"""

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from editor_app.captions.findings import Finding, Severity  # noqa: E402
from editor_app.metadata.record import ExifData, PhotoMetadata  # noqa: E402
from editor_app.ops.desk import DeskPhoto  # noqa: E402
from editor_app.ui.models.sheet import ContactSheetModel  # noqa: E402
from editor_app.ui.tasks import share_the_gil  # noqa: E402
from editor_app.ui.views.main_window_view import MainWindowView  # noqa: E402
from editor_app.ui.widgets.sheet_delegate import SheetDelegate  # noqa: E402

_RULES = ("missing-credit", "metadata-conflict", "spelling", "caption-date-mismatch")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--paints", type=int, default=30, help="repaints per measurement")
    args = parser.parse_args()
    app = QApplication([sys.argv[0]])
    share_the_gil()
    view = MainWindowView()
    view.resize(1600, 1000)
    model = _model(args.photos)
    delegate = SheetDelegate(view.sheet)
    view.sheet.setModel(model)
    view.sheet.setItemDelegate(delegate)
    view.show()
    app.processEvents()
    viewport = view.sheet.viewport()
    print(f"{args.photos:,} tiles, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    print(f"tiles on the screen: {_visible_tiles(view.sheet)}")
    direct = SheetDelegate.draw_tile
    modes = {
        "direct": lambda: None,
        "cached, hit": lambda: None,
        "cached, miss": delegate.tiles.clear,
    }
    for name, before in modes.items():
        if name == "direct":
            delegate.paint = lambda p, o, i: direct(delegate, p, o, i)  # type: ignore[method-assign]
        else:
            delegate.__dict__.pop("paint", None)
        viewport.repaint()  # fills the cache for "hit"
        calls = _qt_calls(viewport, before)
        cpu = _cpu_ms(viewport, before, args.paints)
        alone = _wall_ms(viewport, before, args.paints, busy=False)
        busy = _wall_ms(viewport, before, args.paints, busy=True)
        sys.setswitchinterval(0.005)
        slow = _wall_ms(viewport, before, args.paints, busy=True)
        share_the_gil()
        print(
            f"{name}: Qt calls per screen {calls}; GUI-thread CPU per screen {cpu:.2f} ms; "
            f"wall per screen alone median {statistics.median(alone):.2f} ms; with a Python "
            f"thread median {statistics.median(busy):.2f} ms, max {max(busy):.2f} ms; at a 5 ms "
            f"switch interval median {statistics.median(slow):.1f} ms, max {max(slow):.1f} ms"
        )
    view.close()
    return 0


def _model(count: int) -> ContactSheetModel:
    photos = []
    findings: dict[int, tuple[Finding, ...]] = {}
    for i in range(count):
        record = PhotoMetadata(
            path=Path(f"/desk/WIRE{i:05d}.jpg"),
            exif=ExifData(datetime_original=f"2024-11-{1 + i % 28:02d}T10:{i % 60:02d}:00"),
        )
        photos.append(DeskPhoto(i + 1, record, pending_write=i % 7 == 0))
        kinds = _RULES[: i % (len(_RULES) + 1)]
        severity = Severity.ERROR if i % 2 else Severity.WARNING
        findings[i + 1] = tuple(Finding(r, severity, record.path, "x") for r in kinds)
    model = ContactSheetModel()
    model.set_photos(photos, findings)
    for i, photo in enumerate(photos):
        image = QImage(160, 107, QImage.Format.Format_RGB32)
        image.fill(QColor(40 + i % 200, 90, 160))
        model.set_thumbnail(photo.path, image)
    return model


def _visible_tiles(sheet) -> int:
    area = sheet.viewport().rect()
    return sum(
        1
        for row in range(sheet.model().rowCount())
        if sheet.visualRect(sheet.model().index(row)).intersects(area)
    )


def _qt_calls(viewport, before) -> int:
    """PySide6 calls made and Qt's calls into Python, during one repaint."""
    count = 0
    inside: list[bool] = []

    def profile(_frame, event, arg) -> None:
        nonlocal count
        if event == "c_call":
            qt = type(getattr(arg, "__self__", None)).__module__.startswith("PySide6")
            count += qt
            inside.append(qt)
        elif event == "call":
            count += bool(inside and inside[-1])  # Qt called back into Python
            inside.append(False)
        elif inside:  # c_return, c_exception, return
            inside.pop()

    before()
    sys.setprofile(profile)
    viewport.repaint()
    sys.setprofile(None)
    return count


def _cpu_ms(viewport, before, paints: int) -> float:
    total = 0.0
    for _ in range(paints):
        before()
        start = time.thread_time()
        viewport.repaint()
        total += time.thread_time() - start
    return total / paints * 1000


def _wall_ms(viewport, before, paints: int, *, busy: bool) -> list[float]:
    stop = threading.Event()

    def spin() -> None:  # pure Python, like the rules engine's load; not lowered, so that
        # it keeps running on a loaded machine (lowered, it waits for a core, not the GIL)
        n = 0
        while not stop.is_set():
            n = (n * 31 + 7) % 1_000_003

    worker = threading.Thread(target=spin)
    if busy:
        worker.start()
        time.sleep(0.05)
    times = []
    try:
        for _ in range(paints):
            before()
            start = time.perf_counter()
            viewport.repaint()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        stop.set()
        if busy:
            worker.join()
    return times


if __name__ == "__main__":
    sys.exit(main())
