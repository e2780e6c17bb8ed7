"""UI-only state (geometry, docks, thumbnail size, sort, filter, folders) in one QSettings file.

The file lives under the app's home (``paths.config_dir()/desk-window.ini``), never in the
platform's registry, so tests and ``make run`` never touch a user's real profile.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from editor_app import paths

MAX_RECENT = 10


class UiState:
    """Typed getters and setters over the window's QSettings; nothing else reads that file."""

    def __init__(self, file: Path | None = None) -> None:
        file = file or paths.ensure(paths.config_dir()) / "desk-window.ini"
        self._settings = QSettings(str(file), QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._settings.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("window/state")

    def splitter(self, name: str) -> QByteArray | None:
        return self._bytes(f"splitters/{name}")

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def save_splitter(self, name: str, state: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", state)

    def _text(self, key: str, default: str) -> str:
        value = self._settings.value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(str(self._settings.value(key, default)))
        except ValueError:
            return default

    def thumb_size(self) -> int:
        return self._int("sheet/thumb_size", 160)

    def set_thumb_size(self, size: int) -> None:
        self._settings.setValue("sheet/thumb_size", size)

    def sort_key(self) -> str:
        return self._text("sheet/sort", "time")

    def set_sort_key(self, key: str) -> None:
        self._settings.setValue("sheet/sort", key)

    def filter_key(self) -> str:
        return self._text("sheet/filter", "all")

    def set_filter_key(self, key: str) -> None:
        self._settings.setValue("sheet/filter", key)

    def _list(self, key: str) -> list[str]:
        value = self._settings.value(key, [])
        if isinstance(value, str):  # QSettings gives a lone item back as a plain string
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else []

    def recent_folders(self) -> list[str]:
        return self._list("folders/recent")

    def add_recent_folder(self, folder: str) -> list[str]:
        recent = [folder, *(f for f in self.recent_folders() if f != folder)][:MAX_RECENT]
        self._settings.setValue("folders/recent", recent)
        return recent

    def favourite_folders(self) -> list[str]:
        return self._list("folders/favourites")

    def set_favourite_folders(self, folders: list[str]) -> None:
        self._settings.setValue("folders/favourites", folders)
