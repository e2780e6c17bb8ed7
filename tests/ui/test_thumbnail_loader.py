"""The thumbnail loader on its own: what it decodes, and how often."""

from editor_app.ui.widgets import thumbnail_loader
from editor_app.ui.widgets.thumbnail_loader import ThumbnailJob, ThumbnailLoader
from tests.imaging.pictures import photo_with_thumbnail


def test_while_decodes_are_held_each_embedded_thumbnail_is_made_once(qtbot, tmp_path, monkeypatch):
    """The window asks again for what is on screen when the rows show or the sheet scrolls:
    a tile that has its embedded thumbnail keeps it (made again, it was drawn again), and is
    still sharpened once decodes are released."""
    paths = [photo_with_thumbnail(tmp_path / f"p{i}.jpg") for i in range(3)]
    made = []
    real = thumbnail_loader.embedded_thumbnail

    def counting(path, **kwargs):
        made.append(path)
        return real(path, **kwargs)

    monkeypatch.setattr(thumbnail_loader, "embedded_thumbnail", counting)
    loader = ThumbnailLoader(None)
    ready = []
    loader.thumbnail_ready.connect(lambda path, _image: ready.append(path))
    loader.hold_decodes(True)
    jobs = [ThumbnailJob(path, "") for path in paths]
    loader.request(jobs)
    qtbot.waitUntil(lambda: len(ready) == len(paths))
    loader.request(jobs)  # asked again while held
    qtbot.wait(300)
    assert sorted(made) == sorted(paths) and len(ready) == len(paths)
    loader.hold_decodes(False)  # the pictures decoded: each tile sharpens once
    qtbot.waitUntil(lambda: len(ready) == 2 * len(paths))
    qtbot.wait(100)
    assert sorted(ready[len(paths) :]) == sorted(paths) and len(made) == len(paths)
    loader.wait()
