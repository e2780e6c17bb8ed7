"""The window comes back as the editor left it: a new window with the same home restores the
geometry, the docks (shown or hidden, and where) and the sort order."""

from PySide6.QtCore import Qt

from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk
from tests.ui.made_photos import made_folder, names


def _window(qtbot, tmp_path) -> Desk:
    view = MainWindowView()
    qtbot.addWidget(view)
    return Desk(view, TaskRunner(view), state=UiState(tmp_path / "ui.ini"))


def test_geometry_docks_and_sort_come_back_in_a_new_window(qtbot, tmp_path):
    first = _window(qtbot, tmp_path)
    view = first.view
    view.show()
    qtbot.waitExposed(view)
    view.setGeometry(7, 11, 770, 700)  # within the offscreen screen (800 x 800)
    left = view.size()
    fresh = MainWindowView()  # what a window gets with no state: another place
    qtbot.addWidget(fresh)
    fresh.show()
    qtbot.waitExposed(fresh)
    assert fresh.size() != left
    view.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, view.problems_dock)  # moved
    view.folders_dock.toggleViewAction().trigger()  # View ▸ Folders: hidden
    assert view.folders_dock.isHidden()
    sort = view.sort_box
    sort.setFocus()
    qtbot.keyClick(sort, Qt.Key.Key_End)  # the last sort: number of problems
    assert sort.currentData() == "problems"
    qtbot.wait(10)
    view.close()  # writes the state file and waits for it

    again = _window(qtbot, tmp_path)
    view = again.view
    view.show()
    qtbot.waitExposed(view)
    assert view.size() == left  # (the offscreen platform's frames shift the position)
    assert view.folders_dock.isHidden()
    assert view.dockWidgetArea(view.problems_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert view.dockWidgetArea(view.tabs_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert view.sort_box.currentData() == "problems"
    assert again.model.options.sort == "problems"
    # and the sheet is sorted so: the photo with most problems first
    folder = made_folder(
        tmp_path,
        {
            "a-fine.jpg": {"caption": "Crowds gather in Lyon, France, November 13, 2024."},
            "b-bare.jpg": {},
        },
    )
    with qtbot.waitSignal(again.folder_loaded, timeout=20_000):
        again.open_folder(folder)
    assert names(again)[0] == "b-bare.jpg"
    view.close()
