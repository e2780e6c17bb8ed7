"""Rendered contact-sheet tiles as pixmaps, keyed by everything a tile shows, bounded in bytes.

A tile painted from scratch makes ~50 Qt calls, and PySide releases the GIL in nearly each one:
while a worker runs Python, the GUI thread waits for the GIL again after every call. A cached
tile is one ``drawPixmap``. The key holds every value the tile shows, so a changed badge, name,
thumbnail or selection is a different key: nothing is invalidated. (The delegate may show a
tile's last look for one turn of the event loop when a paint has drawn enough: sheet_delegate.)
"""

from collections import OrderedDict
from collections.abc import Hashable

from PySide6.QtGui import QPixmap

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # ~400 tiles at 160 px: several screens, even when large


class TileCache:
    """Least recently used pixmaps, at most ``max_bytes`` of pixels (32 bits each)."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._tiles: OrderedDict[Hashable, tuple[QPixmap, int]] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._tiles)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def get(self, key: Hashable) -> QPixmap | None:
        entry = self._tiles.get(key)
        if entry is None:
            return None
        self._tiles.move_to_end(key)
        return entry[0]

    def put(self, key: Hashable, pixmap: QPixmap, width: int, height: int) -> None:
        """``width`` x ``height``: the pixmap's size in device pixels (known to the caller;
        asking the pixmap would be two more Qt calls)."""
        size = width * height * 4
        old = self._tiles.pop(key, None)
        if old is not None:
            self._bytes -= old[1]
        self._tiles[key] = (pixmap, size)
        self._bytes += size
        while self._bytes > self.max_bytes and len(self._tiles) > 1:
            _key, (_pixmap, dropped) = self._tiles.popitem(last=False)
            self._bytes -= dropped

    def clear(self) -> None:
        self._tiles.clear()
        self._bytes = 0
