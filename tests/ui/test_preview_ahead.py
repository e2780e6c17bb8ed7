"""The preview decodes the photos either side of the one shown, off the GUI thread, so the
arrow keys in the preview show the next picture at once."""

from PySide6.QtCore import Qt, QThread
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication

from editor_app.ui.widgets import preview
from editor_app.ui.widgets.fitted import Area, fit_image
from tests.ui import test_editing
from tests.ui.desks import close_desk, open_desk

folder = test_editing.folder  # the same four photos: cat-01, launch-01, launch-02, press-01


def _shown(pane) -> QImage:
    return pane.picture.pixmap().toImage()


def _fitted(pane, path) -> QImage:
    """The photo's decoded preview as the pane fits it to its area (on its worker)."""
    image = pane._images[str(path)]
    ratio = pane.devicePixelRatioF()
    area = pane.scroll_area.viewport().size() * ratio
    fitted = fit_image(image, Area(area.width(), area.height(), ratio))
    return QPixmap.fromImage(fitted).toImage()


def test_enter_decodes_the_neighbours_ahead_off_the_gui_thread(
    qtbot, tmp_path, folder, monkeypatch
):
    decoded: list[tuple[str, QThread]] = []
    real = preview.load_preview

    def recording(path, max_side):
        decoded.append((path.name, QThread.currentThread()))
        return real(path, max_side)

    monkeypatch.setattr(preview, "load_preview", recording)
    desk = open_desk(qtbot, tmp_path, folder)
    sheet, pane = desk.view.sheet, desk.view.preview
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    qtbot.keyClick(sheet, Qt.Key.Key_Right)
    assert desk.current_photo().name == "launch-01.jpg"
    qtbot.keyClick(sheet, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(decoded) == 3, timeout=10_000)
    assert {name for name, _ in decoded} == {"cat-01.jpg", "launch-01.jpg", "launch-02.jpg"}
    assert decoded[0][0] == "launch-01.jpg"  # the one asked for first
    gui = QApplication.instance().thread()
    assert all(thread is not gui for _, thread in decoded)
    # the neighbours are decoded, not shown: the picture is the photo's own
    qtbot.waitUntil(lambda: len(pane._images) == 3, timeout=10_000)  # every decode is back
    assert pane.caption.text().startswith("launch-01.jpg")
    assert _shown(pane) == _fitted(pane, folder / "launch-01.jpg")
    # decoded ahead: the next photo shows as the key is pressed, with no "Loading…"
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    assert desk.current_photo().name == "launch-02.jpg"
    assert pane.picture.text() == ""
    assert _shown(pane) == _fitted(pane, folder / "launch-02.jpg")
    # and moving on asks for the new neighbour only (press-01), the others are kept
    qtbot.waitUntil(lambda: len(decoded) == 4, timeout=10_000)
    assert decoded[3][0] == "press-01.jpg"
    close_desk(desk)
