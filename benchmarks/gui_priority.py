"""Does lowering the worker threads' CPU priority keep the GUI thread's heartbeat on time?

Three threads burn CPU without the GIL (zlib, like a JPEG decode) while a 5 ms QTimer on the
GUI thread runs a little Python per beat; once with the workers at the GUI thread's priority,
once lowered as the desk lowers them (``ui.tasks.background_priority``). Prints how late the
beats came. Linux (a nice value per thread).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/gui_priority.py [--seconds 15]
"""

import argparse
import os
import sys
import threading
import zlib

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QTimer  # noqa: E402

from editor_app.ui.tasks import background_priority  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    app = QCoreApplication([sys.argv[0]])
    print(f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, 3 busy threads, 5 ms beat")
    for _ in range(args.runs):
        for lowered in (False, True):
            late = sorted(_run(app, args.seconds, lowered))
            name = "lowered" if lowered else "same   "
            print(
                f"workers {name}: {len(late)} beats, median {late[len(late) // 2]:5.1f} ms late, "
                f"p99 {late[int(len(late) * 0.99)]:5.1f} ms, max {late[-1]:6.1f} ms, "
                f"{sum(t > 50 for t in late)} over 50 ms"
            )
    return 0


def _run(app: QCoreApplication, seconds: float, lowered: bool) -> list[float]:
    stop = threading.Event()
    data = os.urandom(1 << 20)

    def burn() -> None:
        if lowered:
            background_priority()
        while not stop.is_set():
            zlib.compress(data, 6)

    workers = [threading.Thread(target=burn) for _ in range(3)]
    for worker in workers:
        worker.start()
    late: list[float] = []
    clock = QElapsedTimer()
    clock.start()

    def beat() -> None:
        late.append(clock.nsecsElapsed() / 1e6 - 5)
        clock.restart()
        sum(range(2000))  # a slot's worth of Python

    timer = QTimer(interval=5)
    timer.timeout.connect(beat)
    timer.start()
    QTimer.singleShot(int(seconds * 1000), app.quit)
    app.exec()
    timer.stop()
    stop.set()
    for worker in workers:
        worker.join()
    return late


if __name__ == "__main__":
    sys.exit(main())
