"""Write to files (Ctrl+Shift+W) in the window: failures listed and retried, progress, cancel."""

import functools
import shutil
import threading

from PySide6.QtCore import Qt

from editor_app.metadata.io import read_photo
from editor_app.ops import edit
from editor_app.ops.write_back import default_writer
from tests.ui import test_editing
from tests.ui.desks import SAMPLE_DESK

folder, desk = test_editing.folder, test_editing.desk  # the same fixtures: a desk on 4 photos
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def _hold_and_save(qtbot, desk, count: int) -> None:
    """Hold the writes and save a caption on the first ``count`` photos, by keys."""
    desk.view.caption_editor.hold_writes.setChecked(True)
    sheet = desk.view.sheet
    qtbot.keyClick(sheet, Qt.Key.Key_Home)
    for _ in range(count - 1):
        qtbot.keyClick(sheet, Qt.Key.Key_Right, SHIFT)
    caption = test_editing._type_caption(qtbot, desk, "Held caption.")
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    test_editing._settle(qtbot, desk)
    assert sum(p.pending_write for p in desk.model.photos()) == count
    sheet.setFocus()


def test_a_failed_write_is_listed_stays_marked_and_is_retried(qtbot, desk, folder):
    _hold_and_save(qtbot, desk, 1)
    path = folder / "cat-01.jpg"
    path.unlink()  # the file went away (a share dropped, a colleague moved it)
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_W, CTRL | SHIFT)
    test_editing._settle(qtbot, desk)
    status = desk.view.statusBar().currentMessage()
    assert "cat-01.jpg: not written" in status, status
    assert desk.model.photo(0).pending_write  # still marked: nothing is lost
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_6, CTRL)  # filter: not written to files
    assert [desk.model.photo(r).name for r in range(desk.model.rowCount())] == ["cat-01.jpg"]
    shutil.copy(SAMPLE_DESK / "cat-01.jpg", path)  # back
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_W, CTRL | SHIFT)  # the retry
    test_editing._settle(qtbot, desk)
    assert read_photo(path).caption == "Held caption."
    assert not desk.model.photo(0).pending_write


def test_writing_shows_progress_and_cancel_stops_it(qtbot, desk, folder, monkeypatch):
    _hold_and_save(qtbot, desk, 4)
    release, started = threading.Event(), threading.Event()
    real = default_writer()

    def slow(path, fields):  # each file waits until the test lets it go
        started.set()
        release.wait(10)
        return real(path, fields)

    monkeypatch.setattr(
        "editor_app.ui.widgets.editing.write_pending",
        functools.partial(edit.write_pending, writer=slow, workers=1),
    )
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_W, CTRL | SHIFT)
    assert started.wait(10)
    progress, cancel = desk.view.progress, desk.view.cancel_button
    qtbot.waitUntil(progress.isVisible, timeout=5_000)  # the work took over half a second
    assert cancel.isVisible()
    cancel.setFocus()
    qtbot.keyClick(cancel, Qt.Key.Key_Space)
    release.set()
    test_editing._settle(qtbot, desk)
    assert not progress.isVisible() and not cancel.isVisible()
    written = [not p.pending_write for p in desk.model.photos()]
    assert 1 <= sum(written) < 4  # the file under way finished; the rest wait
    assert "cancelled" in desk.view.statusBar().currentMessage()
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_W, CTRL | SHIFT)  # later: the rest
    test_editing._settle(qtbot, desk)
    assert not any(p.pending_write for p in desk.model.photos())
    assert {read_photo(p).caption for p in folder.iterdir()} == {"Held caption."}
