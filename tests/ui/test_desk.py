"""The desk window loads a folder off the GUI thread and shows the selected photo."""

import shutil
from pathlib import Path

from editor_app.metadata.io import read_photo
from editor_app.ui.models.photo_table import PhotoTableModel
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk

SAMPLE_DESK = Path(__file__).resolve().parents[2] / "resources" / "sample-desk"


def test_photo_table_model_is_consistent(qtmodeltester):
    model = PhotoTableModel()
    model.set_rows([read_photo(p) for p in sorted(SAMPLE_DESK.glob("*.jpg"))])
    qtmodeltester.check(model)


def test_desk_reads_folder_in_background_and_shows_details(qtbot, tmp_path):
    for path in sorted(SAMPLE_DESK.glob("wildfire-*.jpg")):
        shutil.copy(path, tmp_path / path.name)
    (tmp_path / "broken.jpg").write_bytes(b"not a picture")
    view = MainWindowView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    desk = Desk(view, runner)
    with qtbot.waitSignal(desk.model.modelReset, timeout=10_000):
        desk.open_folder(tmp_path)
    assert desk.model.rowCount() == 4
    names = [desk.model.record(r).path.name for r in range(4)]
    assert names == ["broken.jpg", "wildfire-01.jpg", "wildfire-02.jpg", "wildfire-03.jpg"]
    assert "1 with problems" in view.status_label.text()
    view.table.selectRow(1)
    assert "REUTERS/Jane Smith" in view.details.toPlainText()


def test_cancel_stops_the_read_and_says_so(qtbot, tmp_path, monkeypatch):
    for i in range(5):
        shutil.copy(SAMPLE_DESK / "wildfire-01.jpg", tmp_path / f"{i:02d}.jpg")
    view = MainWindowView()
    qtbot.addWidget(view)
    runner = TaskRunner(view)
    desk = Desk(view, runner)
    seen = []

    def slow_read(path):  # cancel while the second file is being read
        seen.append(path.name)
        if len(seen) == 2:
            desk._token.cancel()
        return read_photo(path)

    monkeypatch.setattr("editor_app.ops.read.read_photo", slow_read)
    desk.open_folder(tmp_path)
    qtbot.waitUntil(lambda: "cancelled" in view.status_label.text(), timeout=10_000)
    assert runner.wait()
    assert desk.model.rowCount() == 0
    assert len(seen) == 2


def test_gui_refuses_politely_without_display(monkeypatch):
    from editor_app.ui.app import missing_display

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    reason = missing_display()
    assert reason and "xvfb-run" in reason and "\n" not in reason
