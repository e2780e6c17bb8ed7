"""The disk cache of thumbnails through the window: a folder reopened in a new window (the
same home) shows its first screen from the cache, decoding nothing, and a caption saved
meanwhile keeps its photo's cached thumbnail (the key is the picture's hash)."""

from PySide6.QtCore import Qt

from editor_app.imaging.cache import ThumbnailCache
from editor_app.metadata.identity import image_hash
from editor_app.metadata.io import read_photo
from editor_app.ui.widgets import thumbnail_loader
from tests.ui import test_editing
from tests.ui.desks import close_desk, open_desk, settle
from tests.ui.made_photos import made_folder

CTRL = Qt.KeyboardModifier.ControlModifier
PHOTOS = {f"wire-{i}.jpg": {"caption": f"Frame {i} of the parade."} for i in range(6)}


def _idle(qtbot, desk) -> None:
    loader = desk.loader  # decodes released and nothing left to make or store
    qtbot.waitUntil(lambda: not (loader._held or loader._running or loader._queue), timeout=10_000)


def test_a_reopened_folder_shows_cached_thumbnails_even_after_a_caption_save(
    qtbot, tmp_path, monkeypatch
):
    folder = made_folder(tmp_path, PHOTOS)
    hashes = {path.name: image_hash(path) for path in folder.iterdir()}
    cache = ThumbnailCache(tmp_path / "t")  # open_desk's cache, under this home
    first = open_desk(qtbot, tmp_path, folder)
    # decoded once, and stored under each picture's hash once the identity pass knows it
    qtbot.waitUntil(lambda: all(cache.get(h, 256) for h in hashes.values()), timeout=20_000)
    qtbot.keyClick(first.view.sheet, Qt.Key.Key_Home)
    caption = test_editing._type_caption(qtbot, first, "A new caption, saved and written.")
    qtbot.keyClick(caption, Qt.Key.Key_S, CTRL)
    settle(qtbot, first)
    saved = folder / "wire-0.jpg"
    assert read_photo(saved).caption == "A new caption, saved and written."  # in the file
    assert image_hash(saved) == hashes["wire-0.jpg"]  # the cache key stays
    assert first.model.photo(0).image_hash == hashes["wire-0.jpg"]
    _idle(qtbot, first)
    close_desk(first)

    decoded = []
    for name in ("make_thumbnail", "embedded_thumbnail"):
        real = getattr(thumbnail_loader, name)
        monkeypatch.setattr(
            thumbnail_loader,
            name,
            lambda path, *a, real=real, **k: decoded.append(path.name) or real(path, *a, **k),
        )
    again = open_desk(qtbot, tmp_path, folder)  # a new window, the same home and cache
    model = again.model
    qtbot.waitUntil(lambda: all(model.has_thumbnail(folder / name) for name in PHOTOS))
    _idle(qtbot, again)
    assert decoded == []  # every tile from the disk cache, the saved photo's too
    close_desk(again)
