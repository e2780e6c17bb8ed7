"""Counting a function's Qt calls: PySide6 methods called, and Qt's calls back into Python.

PySide releases the GIL in nearly every Qt call, and a call from Qt into Python must take it
back: both are hand-offs a busy worker thread can make the GUI thread wait for. The tile
tests and ``benchmarks/sheet_paint.py`` count them for a paint or a relayout.
"""

import sys
from collections.abc import Callable


def qt_calls(func: Callable[[], object], *, into_python_only: bool = False) -> int:
    """The Qt methods ``func`` calls plus Qt's calls back into Python while it runs
    (``into_python_only``: the latter alone). Uses ``sys.setprofile``: nothing else may."""
    count = 0
    inside: list[bool] = []  # per open C call or frame: is it a Qt method?

    def profile(_frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event == "c_call":
            qt = type(getattr(arg, "__self__", None)).__module__.startswith("PySide6")
            count += qt and not into_python_only
            inside.append(qt)
        elif event == "call":
            count += bool(inside and inside[-1])  # Qt called back into Python
            inside.append(False)
        elif inside:  # c_return, c_exception, return
            inside.pop()

    sys.setprofile(profile)
    try:
        func()
    finally:
        sys.setprofile(None)
    return count
