"""Render the real desk window on the sample desk into docs/desk.png (``make screenshot``).

Runs the window as `make run` does (under Xvfb, with a throw-away home), waits until the
folder is catalogued and checked and every thumbnail has arrived, selects a photo with problems, grabs the
window and quits.

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python resources/take_screenshot.py [OUT.png]
"""

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from editor_app import paths
from editor_app.imaging.cache import ThumbnailCache
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "resources" / "sample-desk"
TIMEOUT_MS = 60_000


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "desk.png"
    home = tempfile.TemporaryDirectory()
    paths.set_home(home.name)
    app = QApplication([sys.argv[0]])
    app.setApplicationName("Caption Desk")
    view = MainWindowView()
    view.resize(1600, 1000)
    desk = Desk(
        view,
        TaskRunner(view),
        view,
        cache=ThumbnailCache(Path(home.name) / "thumbs"),
        state=UiState(Path(home.name) / "ui.ini"),
    )
    view.show()
    loaded: list[Path] = []
    desk.folder_loaded.connect(loaded.append)  # catalogued and checked: the badges are in
    desk.open_folder(SAMPLE)
    result = {"code": 1}

    def ready() -> bool:
        photos = [p for p in desk.model.photos() if p.key > 0]
        return (
            bool(loaded) and bool(photos) and all(desk.model.has_thumbnail(p.path) for p in photos)
        )

    def poll() -> None:
        if not ready():
            return
        timer.stop()
        chosen = [p for p in desk.model.photos() if p.name == "launch-03.jpg"]
        if chosen:  # an edit in progress: the pasted caption being rewritten, one word misspelt
            desk._on_photos_chosen([chosen[0].key])
            desk.caption.set_field(
                "caption",
                "A SpaceX Falcon 9 rocket clears the tower as spectators watch from the "
                "causeway at Cape Canaveral, Florida, U.S., November 18, 2024. REUTERS/Jane Smith".replace(
                    "spectators", "spectaters"
                ),
            )
            desk.caption.set_field("keywords", ("SpaceX", "Falcon 9", "launch"))
        QTimer.singleShot(1500, grab)  # the live check, the last tiles and the tabs

    def grab() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        view.grab().save(str(out))
        print(f"wrote {out}")
        result["code"] = 0
        view.close()
        app.quit()

    timer = QTimer(interval=100)
    timer.timeout.connect(poll)
    timer.start()
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    desk.shutdown()
    home.cleanup()
    return result["code"]


if __name__ == "__main__":
    sys.exit(main())
