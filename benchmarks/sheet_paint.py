"""What painting and laying out contact-sheet tiles costs the GUI thread: Qt calls, CPU, and
the wall time while a worker thread runs Python (the GIL hand-offs behind the window's stalls).

The window's sheet (``MainWindowView.sheet``, 1600x1000) over ``--photos`` synthetic tiles
(thumbnail, name, time, badges, markers), twice: *before*, the model with ``rowCount`` in
Python (as on main before the tiles pass), and *now*. Painted with ``viewport().repaint()``:

- direct (before only): every tile drawn from scratch (``SheetDelegate.draw_tile``, the
  delegate before the tile cache);
- cached, hit: tiles blitted from the delegate's tile cache (a repaint of unchanged tiles:
  relayouts, scrolling back, a thumbnail arriving next to them);
- cached, miss: the cache emptied before each paint (every tile new: first paint of a screen);
- relayout: a new sort order, the view laying every tile out again.

Qt calls are the PySide6 methods the profiler sees (``sys.setprofile`` c_call events) plus
Qt's calls back into Python (``paint``, ``rowCount``); constructors and field reads are not
seen, so the figure is a floor. A call back into Python must take the GIL, and so must a call
that gave it up. The busy thread runs pure Python with the window's GIL switch interval
(``tasks.share_the_gil``), as the rules lane does while a folder loads; then at Python's
default 5 ms, where each hand-off to the worker costs up to 5 ms, so the wall time counts them.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/sheet_paint.py [--photos N] [--paints N]
"""

import argparse
import dataclasses
import os
import statistics
import sys
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QModelIndex  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from editor_app.captions.findings import Finding, Severity  # noqa: E402
from editor_app.metadata.record import ExifData, PhotoMetadata  # noqa: E402
from editor_app.ops.desk import DeskPhoto  # noqa: E402
from editor_app.testing.qt_calls import qt_calls  # noqa: E402
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
    print(f"{args.photos:,} tiles, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    for label, model_class in (("before", PythonRowCount), ("now", ContactSheetModel)):
        view = MainWindowView()
        view.resize(1600, 1000)
        model = _model(model_class, args.photos)
        delegate = SheetDelegate(view.sheet)
        view.sheet.setModel(model)
        view.sheet.setItemDelegate(delegate)
        view.show()
        app.processEvents()
        viewport = view.sheet.viewport()
        print(f"{label} (model {model_class.__name__}), {_visible_tiles(view.sheet)} tiles shown")
        modes = {"direct": _no_op} if label == "before" else {}
        modes |= {"cached, hit": _no_op, "cached, miss": _forgetting(delegate)}
        for name, before in modes.items():
            if name == "direct":
                delegate.paint = _drawing_directly(delegate)  # type: ignore[method-assign]
            else:
                delegate.__dict__.pop("paint", None)
            viewport.repaint()  # fills the cache for "hit"
            _paint_figures(f"  paint, {name}", viewport, before, args.paints)
        _relayout_figures(app, model)
        view.close()
    return 0


class PythonRowCount(ContactSheetModel):
    """The sheet model as it was: ``rowCount`` in Python."""

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)


def _no_op() -> None:
    pass


def _forgetting(delegate: SheetDelegate):
    """Before each paint: no tile cached, none drawn before, the turn's budget unspent (every
    tile is drawn, as on a first paint; the budget is measured by the desk's stalls)."""

    def forget() -> None:
        delegate.tiles.clear()
        delegate._last.clear()
        delegate._spent = 0.0
        delegate._styles = {}

    return forget


def _drawing_directly(delegate: SheetDelegate):
    return lambda painter, option, index: delegate.draw_tile(painter, option, index)


def _paint_figures(name: str, viewport, before, paints: int) -> None:
    before()
    calls = qt_calls(viewport.repaint)
    cpu = _cpu_ms(lambda: (before(), viewport.repaint()), paints)
    alone = _wall_ms(viewport.repaint, before, paints, busy=False)
    busy = _wall_ms(viewport.repaint, before, paints, busy=True)
    sys.setswitchinterval(0.005)
    slow = _wall_ms(viewport.repaint, before, paints, busy=True)
    share_the_gil()
    print(
        f"{name}: Qt calls {calls}; GUI-thread CPU {cpu:.2f} ms; wall alone median "
        f"{statistics.median(alone):.2f} ms; with a Python thread median "
        f"{statistics.median(busy):.2f} ms, max {max(busy):.2f} ms; at a 5 ms switch interval "
        f"median {statistics.median(slow):.1f} ms, max {max(slow):.1f} ms"
    )


def _relayout_figures(app: QApplication, model: ContactSheetModel) -> None:
    """A new sort order: the view lays every tile out again (400 per event-loop turn); the
    longest turn is how long the window could not answer (a stall)."""
    sorts = iter(["name", "time"] * 100)
    turns: list[float] = []

    def relayout() -> None:
        model.set_options(dataclasses.replace(model.options, sort=next(sorts)))
        for _ in range(model.rowCount() // 400 + 3):
            start = time.perf_counter()
            app.processEvents()
            turns.append((time.perf_counter() - start) * 1000)

    calls = qt_calls(relayout)
    cpu = _cpu_ms(relayout, 3)
    turns.clear()
    alone = _wall_ms(relayout, _no_op, 3, busy=False)
    alone_turn, _ = max(turns), turns.clear()
    busy = _wall_ms(relayout, _no_op, 3, busy=True)
    print(
        f"  relayout of every tile: Qt calls {calls}; GUI-thread CPU {cpu:.1f} ms; wall alone "
        f"median {statistics.median(alone):.1f} ms (longest turn {alone_turn:.1f} ms), with a "
        f"Python thread {statistics.median(busy):.1f} ms (longest turn {max(turns):.1f} ms)"
    )


def _model(model_class: type[ContactSheetModel], count: int) -> ContactSheetModel:
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
    model = model_class()
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


def _cpu_ms(func, runs: int) -> float:
    total = 0.0
    for _ in range(runs):
        start = time.thread_time()
        func()
        total += time.thread_time() - start
    return total / runs * 1000


def _wall_ms(func, before, runs: int, *, busy: bool) -> list[float]:
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
        for _ in range(runs):
            before()
            start = time.perf_counter()
            func()
            times.append((time.perf_counter() - start) * 1000)
    finally:
        stop.set()
        if busy:
            worker.join()
    return times


if __name__ == "__main__":
    sys.exit(main())
