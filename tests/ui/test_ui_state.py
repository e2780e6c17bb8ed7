"""The window's settings file: written on a thread of its own, never by the GUI thread."""

import threading

from PySide6.QtCore import QByteArray, QCoreApplication

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


def test_a_change_reaches_the_file_without_a_sync(qtbot, tmp_path):
    state = UiState(tmp_path / "ui.ini")
    state.set_sort_key("name")
    qtbot.waitUntil(lambda: UiState(tmp_path / "ui.ini").sort_key() == "name", timeout=5_000)


def test_values_of_every_kind_come_back_as_they_went(qtbot, tmp_path):
    state = UiState(tmp_path / "ui.ini")
    state.save_window(QByteArray(b"\x00geometry"), QByteArray(b"state\xff"))
    state.set_favourite_folders(["/desk/a"])  # one item: QSettings gives a lone string back
    state.set_thumb_size(300)
    state.sync()
    again = UiState(tmp_path / "ui.ini")
    assert again.geometry() == QByteArray(b"\x00geometry")
    assert again.window_state() == QByteArray(b"state\xff")
    assert (again.favourite_folders(), again.thumb_size()) == (["/desk/a"], 300)
