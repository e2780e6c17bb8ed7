"""The thumbnail disk cache: round trip, restart, LRU bound, damaged entries."""

import os
import time

from PIL import Image

from editor_app.imaging.cache import ThumbnailCache
from editor_app.imaging.thumbnails import Thumbnail


def _thumb(colour=(200, 10, 10), size=(96, 64)):
    return Thumbnail.from_image(Image.new("RGB", size, colour))


def test_round_trip_and_restart(tmp_path):
    ThumbnailCache(tmp_path).put("abc123", 256, _thumb())
    again = ThumbnailCache(tmp_path).get("abc123", 256)  # a new instance: the app restarted
    assert again is not None and (again.width, again.height) == (96, 64)
    pixel = again.to_image().getpixel((10, 10))
    assert all(abs(a - b) < 8 for a, b in zip(pixel, (200, 10, 10), strict=True))


def test_key_and_size_both_select_the_entry(tmp_path):
    cache = ThumbnailCache(tmp_path)
    cache.put("abc", 256, _thumb())
    assert cache.get("abc", 128) is None  # another size
    assert cache.get("abd", 256) is None  # another picture (a changed picture has a new hash)


def test_bound_evicts_least_recently_used(tmp_path):
    cache = ThumbnailCache(tmp_path, max_bytes=10**9)
    noisy = Thumbnail.from_image(Image.effect_noise((200, 200), 80).convert("RGB"))
    for i in range(6):
        cache.put(f"k{i}", 256, noisy)
        stamp = time.time() - 100 + i  # distinct, increasing use times
        os.utime(cache._path(f"k{i}", 256), (stamp, stamp))
    one = cache.total_bytes() // 6
    assert cache.get("k0", 256) is not None  # k0 used now: the most recent
    cache.max_bytes = one * 4
    cache._total = None
    cache.put("k6", 256, noisy)
    kept = {k for k in (f"k{i}" for i in range(7)) if cache._path(k, 256).exists()}
    assert "k0" in kept and "k6" in kept and "k1" not in kept
    assert cache.total_bytes() <= one * 4


def test_damaged_entry_is_a_miss_and_removed(tmp_path):
    cache = ThumbnailCache(tmp_path)
    cache.put("abc", 256, _thumb())
    cache._path("abc", 256).write_bytes(b"not a jpeg")
    assert cache.get("abc", 256) is None
    assert not cache._path("abc", 256).exists()


def test_unwritable_cache_costs_only_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ThumbnailCache(blocker)  # the cache folder is a file
    cache.put("abc", 256, _thumb())
    assert cache.get("abc", 256) is None
