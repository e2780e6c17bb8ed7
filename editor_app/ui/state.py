"""UI-only state (geometry, docks, thumbnail size, sort, filter, folders) in one QSettings file.

The file lives under the app's home (``paths.config_dir()/desk-window.ini``), never in the
platform's registry, so tests and ``make run`` never touch a user's real profile.

The file is written on a thread of its own, never the GUI thread: a QSettings saves itself from
the event loop of its thread, and its save ends with ``fdatasync`` (twice), which on a busy
disk froze the window 100 ms and more each time a folder opened (the recent list) or the
thumbnail slider moved. So the window keeps the values in a dict, read from the file once, and
a writer thread saves a copy of them through a QSettings of its own.
"""

import logging
import threading
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from editor_app import paths

log = logging.getLogger(__name__)

MAX_RECENT = 10


class UiState:
    """Typed getters and setters over the window's settings; nothing else reads that file."""

    def __init__(self, file: Path | None = None) -> None:
        file = file or paths.ensure(paths.config_dir()) / "desk-window.ini"
        self._file = str(file)
        stored = QSettings(self._file, QSettings.Format.IniFormat)  # read once, never written
        self._values: dict[str, object] = {key: stored.value(key) for key in stored.allKeys()}
        del stored
        self._lock = threading.Condition()
        self._pending: dict[str, object] | None = None  # the latest values, not yet written
        self._busy = False  # a writer thread runs (it ends when nothing is pending)

    def sync(self, timeout: float = 10.0) -> None:
        """Write the values now and wait for it (the window closing)."""
        self._queue()
        with self._lock:
            self._lock.wait_for(lambda: not self._busy, timeout)

    def _value(self, key: str, default: object = None) -> object:
        return self._values.get(key, default)

    def _set(self, key: str, value: object) -> None:
        self._values[key] = value
        self._queue()

    def _queue(self) -> None:
        with self._lock:
            self._pending = dict(self._values)  # a few keys: the whole file each time
            if not self._busy:
                self._busy = True
                threading.Thread(target=self._write_all, name="ui-state", daemon=True).start()

    def _write_all(self) -> None:
        while True:
            with self._lock:
                values, self._pending = self._pending, None
                if values is None:
                    self._busy = False
                    self._lock.notify_all()
                    return
            try:
                self._write(values)
            except Exception:  # noqa: BLE001 - a window setting is not worth a crash
                log.warning("could not save the window's settings to %s", self._file, exc_info=True)

    def _write(self, values: dict[str, object]) -> None:
        file = QSettings(self._file, QSettings.Format.IniFormat)
        for key, value in values.items():
            file.setValue(key, value)
        file.sync()  # its fdatasync happens here, on the writer thread

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._values["window/geometry"] = geometry
        self._set("window/state", state)

    def save_splitter(self, name: str, state: QByteArray) -> None:
        self._set(f"splitters/{name}", state)

    def _text(self, key: str, default: str) -> str:
        value = self._value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self._value(key, default)))
        except ValueError:
            return default

    def thumb_size(self) -> int:
        return self._int("sheet/thumb_size", 160)

    def set_thumb_size(self, size: int) -> None:
        self._set("sheet/thumb_size", size)

    def sort_key(self) -> str:
        return self._text("sheet/sort", "time")

    def set_sort_key(self, key: str) -> None:
        self._set("sheet/sort", key)

    def filter_key(self) -> str:
        return self._text("sheet/filter", "all")

    def set_filter_key(self, key: str) -> None:
        self._set("sheet/filter", key)

    def _list(self, key: str) -> list[str]:
        value = self._value(key, [])
        if isinstance(value, str):  # QSettings gives a lone item back as a plain string
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    def recent_folders(self) -> list[str]:
        return self._list("folders/recent")

    def add_recent_folder(self, folder: str) -> list[str]:
        recent = [folder, *(f for f in self.recent_folders() if f != folder)][:MAX_RECENT]
        self._set("folders/recent", recent)
        return recent

    def favourite_folders(self) -> list[str]:
        return self._list("folders/favourites")

    def set_favourite_folders(self, folders: list[str]) -> None:
        self._set("folders/favourites", folders)
