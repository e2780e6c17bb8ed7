"""Start the desk window: QApplication, error hooks, the window on a folder."""

import argparse
import logging
import os
import sys
import threading
import traceback
import warnings
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from editor_app import __version__, parallel, paths
from editor_app.imaging.cache import ThumbnailCache
from editor_app.logs import LogSetup, configure_logging
from editor_app.ops import rules_ahead
from editor_app.ops.desk import preload_desk
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner, background_priority, share_the_gil
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk

log = logging.getLogger(__name__)

_TAIL_LINES = 40
# The freedesktop id: resources/<id>.desktop and .metainfo.xml, and the installed icon's name.
APP_ID = "io.github.captiondesk.CaptionDesk"
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
    # Several paths (the .desktop file's %F, photos picked in a file manager): the first one's
    # folder opens.
    parser.add_argument("folder", nargs="*")
    parser.add_argument("--home")
    parser.add_argument("--version", action="version", version=f"caption-desk {__version__}")
    args = parser.parse_args(argv)
    if args.home:
        paths.set_home(args.home)
    return run_gui(folder_to_open(args.folder))


def folder_to_open(given: Sequence[str] | str | None) -> str | None:
    """The folder for ``gui PATH...``: the first path, or the folder of the first photo."""
    first = given if isinstance(given, str) or given is None else next(iter(given), None)
    if first and os.path.isfile(first):
        return os.path.dirname(os.path.abspath(first))
    return first


def run_gui(folder: str | None, catalog_url: str | None = None) -> int:
    """The window on ``folder``; ``catalog_url`` is ``--db`` (else CAPTION_DESK_DB, else the
    workstation's SQLite file)."""
    reason = missing_display()
    if reason:
        print(f"caption-desk: {reason}", file=sys.stderr)  # noqa: T201 - before any window
        return 1
    setup = configure_logging(console_level=logging.INFO)
    quiet_pillow()
    qInstallMessageHandler(_on_qt_message)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    set_identity(app)
    sys.excepthook = make_excepthook(setup)
    view, desk = build_window(catalog_url)
    view.show()
    warm_up_workers()
    if folder:
        desk.open_folder(Path(folder))
    return app.exec()


def quiet_pillow() -> None:
    """No "Corrupt EXIF data" or "Truncated File Read" on the console from Pillow's decoders:
    the window shows each damaged picture as a tile with its reason."""
    warnings.filterwarnings("ignore", category=UserWarning, module=r"PIL(\.|$)")


def warm_up_workers() -> None:
    """Start the worker-process server now, from a lowered thread: the import's worker
    processes inherit its priority, below the GUI thread's (``tasks.background_priority``)."""
    threading.Thread(target=_lowered_warm_up, name="warm-up", daemon=True).start()


def _lowered_warm_up() -> None:
    background_priority()
    parallel.warm_up(rules_ahead.WORKER_MODULES)
    preload_desk()


def set_identity(app: QCoreApplication) -> None:
    """Name, icon and desktop-file id: the task bar and Wayland match the window to the
    installed .desktop file and show our icon."""
    app.setApplicationName("Caption Desk")
    if isinstance(app, QGuiApplication):  # always, from run_gui: its instance() is typed Core
        app.setDesktopFileName(APP_ID)
        app.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    """The application icon (package data, so a wheel and the frozen app carry it)."""
    with resources.as_file(resources.files("editor_app.ui") / "assets" / "caption-desk.svg") as f:
        return QIcon(str(f))


def build_window(catalog_url: str | None = None) -> tuple[MainWindowView, Desk]:
    """The window and its controller, with the desk's parallelism policy (pools never fork,
    the GIL changes hands quickly)."""
    share_the_gil()
    view = MainWindowView()
    desk = Desk(
        view,
        TaskRunner(view),
        view,
        cache=ThumbnailCache(paths.cache_dir() / "thumbnails"),
        state=UiState(),
        jobs=parallel.default_jobs(),
        catalog_url=catalog_url,
    )
    return view, desk


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


def make_excepthook(setup: LogSetup):
    """``sys.excepthook`` for the window: log the traceback, then show the crash dialog."""

    def on_uncaught_exception(kind, value, tb) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        log.critical("uncaught exception\n%s", text)
        crash_dialog(value, setup).exec()

    return on_uncaught_exception


def crash_dialog(error: BaseException, setup: LogSetup) -> QMessageBox:
    """The dialog: what went wrong, where the log file is; the log's last lines as details."""
    where = f"The log is {setup.file}." if setup.file else "No log file could be written."
    box = QMessageBox(QMessageBox.Icon.Critical, "Caption Desk", "Something went wrong.")
    box.setInformativeText(f"{error}\n\nYour edits are kept. {where}")
    box.setDetailedText("\n".join(setup.ring.tail(_TAIL_LINES)))
    return box
