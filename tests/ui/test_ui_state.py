"""The window's settings file: written on a thread of its own, never by the GUI thread."""

import threading

from PySide6.QtCore import QCoreApplication, QEvent, QSettings

from editor_app.ui import state as state_module
from editor_app.ui.state import UiState


def test_settings_are_written_off_the_gui_thread_and_read_back(qtbot, tmp_path, monkeypatch):
    writers: list[threading.Thread] = []
    real_write = UiState._write

    def write(self, values):
        writers.append(threading.current_thread())
        real_write(self, values)

    monkeypatch.setattr(UiState, "_write", write)
    state = UiState(tmp_path / "ui.ini")
    for size in (180, 200, 224):  # a slider dragged: several saves, the last one wins
        state.set_thumb_size(size)
        QCoreApplication.processEvents()
    state.add_recent_folder("/desk/a")
    state.sync()
    assert writers and threading.main_thread() not in writers
    again = UiState(tmp_path / "ui.ini")
    assert (again.thumb_size(), again.recent_folders()) == (224, ["/desk/a"])


def test_the_windows_settings_object_never_saves_itself(qtbot, tmp_path):
    # QSettings saves itself (with fdatasync) when its thread's event loop asks it to
    plain = QSettings(str(tmp_path / "plain.ini"), QSettings.Format.IniFormat)
    plain.setValue("a", 1)
    QCoreApplication.sendEvent(plain, QEvent(QEvent.Type.UpdateRequest))
    assert (tmp_path / "plain.ini").exists()
    held = state_module._Held(str(tmp_path / "held.ini"), QSettings.Format.IniFormat)
    held.setValue("a", 1)
    QCoreApplication.sendEvent(held, QEvent(QEvent.Type.UpdateRequest))
    assert not (tmp_path / "held.ini").exists()
