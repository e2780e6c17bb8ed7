"""Start the desk window: QApplication, error hooks, the window on a folder."""

import argparse
import logging
import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from editor_app import __version__, paths
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk

log = logging.getLogger(__name__)

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def main(argv: list[str] | None = None) -> int:
    """The ``caption-desk-gui`` entry point."""
    parser = argparse.ArgumentParser(prog="caption-desk-gui")
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--home")
    parser.add_argument("--version", action="version", version=f"caption-desk {__version__}")
    args = parser.parse_args(argv)
    if args.home:
        paths.set_home(args.home)
    return run_gui(args.folder)


def run_gui(folder: str | None) -> int:
    reason = missing_display()
    if reason:
        print(f"caption-desk: {reason}", file=sys.stderr)  # noqa: T201 - before any window
        return 1
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    qInstallMessageHandler(_on_qt_message)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Caption Desk")
    sys.excepthook = _on_uncaught_exception
    view = MainWindowView()
    desk = Desk(view, TaskRunner(view), view)
    view.show()
    if folder:
        desk.open_folder(Path(folder))
    return app.exec()


def missing_display() -> str | None:
    """Why no window can open, in one line, or None. Checked before Qt would abort."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform or sys.platform != "linux":
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no display found (DISPLAY is not set); on a machine without a screen run "
        "`xvfb-run make run`, or set QT_QPA_PLATFORM=offscreen"
    )


def _on_qt_message(mode: QtMsgType, _context, message: str) -> None:
    logging.getLogger("qt").log(_QT_LEVELS.get(mode, logging.WARNING), message)


def _on_uncaught_exception(kind, value, tb) -> None:
    text = "".join(traceback.format_exception(kind, value, tb))
    log.critical("uncaught exception\n%s", text)
    QMessageBox.critical(
        None,
        "Caption Desk",
        f"Something went wrong:\n\n{value}\n\nYour edits are kept. Details are in the log.",
    )
