"""The real desk window on a folder, as the editing, template and live-desk tests open it."""

import shutil
from collections.abc import Iterable
from pathlib import Path

from editor_app.imaging.cache import ThumbnailCache
from editor_app.ui.state import UiState
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.main_window_view import MainWindowView
from editor_app.ui.widgets.desk import Desk

SAMPLE_DESK = Path(__file__).resolve().parents[2] / "resources" / "sample-desk"


def sample_folder(tmp_path: Path, names: Iterable[str]) -> Path:
    """A folder "wire" under ``tmp_path`` holding copies of these sample-desk photos."""
    out = tmp_path / "wire"
    out.mkdir()
    for name in names:
        shutil.copy(SAMPLE_DESK / name, out / name)
    return out


def open_desk(
    qtbot, tmp_path: Path, folder: Path, catalog_url: str | None = None, settle: float | None = None
) -> Desk:
    """A shown, active window with ``folder`` loaded, sorted by name, the sheet focused. Close
    it with :func:`close_desk` (closing asks about drafts). ``settle``: the wire watch's."""
    view = MainWindowView()
    made = Desk(
        view,
        TaskRunner(view),
        catalog_url=catalog_url,
        cache=ThumbnailCache(tmp_path / "t"),
        state=UiState(tmp_path / "ui.ini"),
    )
    if settle is not None:
        made.wire.settle = settle
    made.sheet_options.set_options(sort="name")
    view.show()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    with qtbot.waitSignal(made.folder_loaded, timeout=30_000):
        made.open_folder(folder)
    made.view.sheet.setFocus()
    return made


def close_desk(desk: Desk) -> None:
    desk.drafts.clear()
    desk.view.close()
    desk.view.deleteLater()


def settle(qtbot, desk: Desk) -> None:
    """Wait until every background save, revert and write has reported back: saves asked
    while one ran start from the previous one's answer, so one wait is not enough."""
    for _ in range(100):
        assert desk._runner.wait(30_000)
        qtbot.wait(30)  # the answers, and what they start
        if not desk._runner.pending():
            return
    raise AssertionError(f"{desk._runner.pending()} background tasks never reported back")


def painted_colours(photo, findings) -> set[int]:
    """The colours the sheet's delegate paints for ``photo``'s tile with ``findings``, through
    the cached path the sheet paints with."""
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

    from editor_app.ui.models.sheet import ContactSheetModel
    from editor_app.ui.widgets.sheet_delegate import SheetDelegate

    model = ContactSheetModel()
    model.set_photos((photo,), {photo.key: findings})
    delegate = SheetDelegate()
    option = QStyleOptionViewItem()
    size = delegate.sizeHint(option, model.index(0))
    option.rect.setSize(size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    delegate.paint(painter, option, model.index(0))
    painter.end()
    return {image.pixelColor(x, y).rgb() for x in range(size.width()) for y in range(size.height())}


def open_preview(qtbot, desk, row: int = 0):
    """The preview of the sheet's row ``row``, opened by keys as an editor does: Home, Right
    to the row, Enter."""
    from PySide6.QtCore import Qt

    sheet, pane = desk.view.sheet, desk.view.preview
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    for _ in range(row):
        qtbot.keyClick(sheet, Qt.Key.Key_Right)
    qtbot.keyClick(sheet, Qt.Key.Key_Return)
    assert desk.view.centre.currentWidget() is pane
    return pane
