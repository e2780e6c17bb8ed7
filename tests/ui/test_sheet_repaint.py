"""Same files, new snapshots (badges, values): the shown tiles are painted again from them."""

import shutil
from pathlib import Path

from PySide6.QtCore import QEvent, QObject

from editor_app.captions.findings import Finding, Severity
from editor_app.imaging.cache import ThumbnailCache
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk

SAMPLE_DESK = Path(__file__).resolve().parents[2] / "resources" / "sample-desk"


def test_new_findings_for_the_same_files_repaint_the_tiles(qtbot, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    for path in sorted(SAMPLE_DESK.glob("launch-*.jpg")):
        shutil.copy(path, folder / path.name)
    view = MainWindowView()
    desk = Desk(
        view, TaskRunner(view), cache=ThumbnailCache(tmp_path / "t"), state=UiState(tmp_path / "ui")
    )
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(desk.folder_loaded, timeout=30_000):
        desk.open_folder(folder)
    qtbot.wait(200)
    painted: list[QEvent.Type] = []

    class Spy(QObject):
        def eventFilter(self, _watched, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                painted.append(event.type())
            return False

    spy = Spy()
    view.sheet.viewport().installEventFilter(spy)
    qtbot.wait(300)
    painted.clear()
    model = desk.model
    photos = [model.photo(r) for r in range(model.rowCount())]
    first = photos[0]
    finding = Finding(
        first.path, "missing-credit", Severity.ERROR, "No credit.", photo_id=first.key
    )
    model.set_photos(photos, {first.key: (finding,)})  # same files: a relayout, not a reset
    qtbot.waitUntil(lambda: bool(painted), timeout=5_000)
    desk.shutdown()
    view.close()
