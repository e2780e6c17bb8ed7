"""A disk cache of thumbnails under the app's home, bounded in size, least recently used first out.

Entries are keyed by the picture's identity (the catalog's image-data hash), not by path, size
or mtime: a caption edit rewrites the file's header but keeps the picture, so the thumbnail stays
valid; a changed picture has another hash and so another entry. Old entries age out.
"""

import io
import logging
import os
import threading
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from editor_app.imaging.thumbnails import Thumbnail

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
_QUALITY = 88
_SUFFIX = ".jpg"


class ThumbnailCache:
    """Thread-safe; every method may be called from worker threads at once.

    Args:
        folder: where the entries live (``paths.cache_dir() / "thumbnails"``).
        max_bytes: the bound; a put that crosses it evicts the least recently used entries
            down to 90 % of it. A hit refreshes the entry's mtime, which is the LRU clock.
    """

    def __init__(self, folder: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder, self.max_bytes = folder, max_bytes
        self._lock = threading.Lock()
        self._total: int | None = None  # bytes on disk; counted on the first put

    def get(self, key: str, size: int) -> Thumbnail | None:
        path = self._path(key, size)
        try:
            data = path.read_bytes()
            os.utime(path)
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                return Thumbnail.from_image(image, embedded=False)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, ValueError, SyntaxError, UnidentifiedImageError):
            log.info("damaged thumbnail cache entry %s dropped", path.name)
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, size: int, thumbnail: Thumbnail) -> None:
        buffer = io.BytesIO()
        thumbnail.to_image().save(buffer, "JPEG", quality=_QUALITY)
        data = buffer.getvalue()
        path = self._path(key, size)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
            temp.write_bytes(data)
            os.replace(temp, path)  # readers never see half an entry
        except OSError as exc:  # a full or read-only cache only costs speed
            log.warning("thumbnail cache not written (%s)", exc.strerror or exc)
            return
        self._grew(len(data))

    def total_bytes(self) -> int:
        return sum(size for _, size, _ in self._entries())

    def _grew(self, added: int) -> None:
        with self._lock:
            if self._total is None:
                self._total = self.total_bytes()
            else:
                self._total += added
            if self._total > self.max_bytes:
                self._total = self._evict(int(self.max_bytes * 0.9))

    def _evict(self, target: int) -> int:
        entries = sorted(self._entries(), key=lambda entry: entry[2])  # oldest use first
        total = sum(size for _, size, _ in entries)
        for path, size, _ in entries:
            if total <= target:
                break
            path.unlink(missing_ok=True)
            total -= size
        return total

    def _entries(self) -> list[tuple[Path, int, int]]:
        found = []
        try:
            shards = list(os.scandir(self.folder))
        except FileNotFoundError:
            return []
        except NotADirectoryError:
            return []
        for shard in shards:
            if not shard.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(shard.path):
                if entry.name.endswith(_SUFFIX) and not entry.name.startswith("."):
                    st = entry.stat(follow_symlinks=False)
                    found.append((Path(entry.path), st.st_size, st.st_mtime_ns))
        return found

    def _path(self, key: str, size: int) -> Path:
        safe = "".join(c for c in key if c.isalnum())[:64] or "0"
        return self.folder / safe[:2] / f"{safe}-{size}{_SUFFIX}"
