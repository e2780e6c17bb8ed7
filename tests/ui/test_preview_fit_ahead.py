"""The preview's fit view is scaled on its worker, for the photo shown and the neighbours decoded
ahead: an arrow puts up a picture made already and scales nothing on the GUI thread; a resize
fits again on the worker, and a picture made for a size or a photo no longer current is dropped,
never shown."""

import shutil
import threading

import pytest
from PIL import Image
from PySide6.QtCore import QSize, Qt, QThread
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication

from editor_app.ui.widgets import fitted
from editor_app.ui.widgets.fitted import Area, fit_size
from tests.ui.desks import close_desk, open_desk, open_preview

COLOURS = {  # one colour a photo: the picture on the screen says whose it is
    "a.jpg": (200, 30, 30),
    "b.jpg": (30, 200, 30),
    "c.jpg": (30, 30, 200),
    "d.jpg": (200, 200, 30),
}
SIZE = (1500, 1000)  # bigger than the view: fitting shrinks it
_real_fit_image = fitted.fit_image


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    out = tmp_path_factory.mktemp("fit-pictures")
    for name, colour in COLOURS.items():
        Image.new("RGB", SIZE, colour).save(out / name, quality=90)
    return out


@pytest.fixture
def fits(monkeypatch):
    """Every smooth fit the worker makes, (area, thread, the preview's cache key), held back
    while ``gate`` is clear (set by default); and every scaling call made on the GUI thread,
    (name, smooth)."""
    record = {"made": [], "gate": threading.Event(), "gui_scaling": []}
    record["gate"].set()
    gui = QApplication.instance().thread()

    def fit_image(image, area):
        record["made"].append((area, QThread.currentThread(), image.cacheKey()))
        assert record["gate"].wait(10)
        return _real_fit_image(image, area)

    def on_gui(name, real):
        def spy(*args, **kwargs):
            if QThread.currentThread() is gui:
                smooth = Qt.TransformationMode.SmoothTransformation in (*args, *kwargs.values())
                record["gui_scaling"].append((name, smooth or name == "screen_pixels"))
            return real(*args, **kwargs)

        return spy

    monkeypatch.setattr(fitted, "fit_image", fit_image)
    monkeypatch.setattr(fitted, "screen_pixels", on_gui("screen_pixels", fitted.screen_pixels))
    for cls in (QImage, QPixmap):
        for method in ("scaled", "scaledToWidth", "scaledToHeight", "transformed"):
            name = f"{cls.__name__}.{method}"
            monkeypatch.setattr(cls, method, on_gui(name, getattr(cls, method)))
    yield record
    record["gate"].set()  # never leave a worker waiting


@pytest.fixture
def desk(qtbot, tmp_path, pictures, fits):
    folder = tmp_path / "wire"
    shutil.copytree(pictures, folder)
    made = open_desk(qtbot, tmp_path, folder)
    yield made
    fits["gate"].set()
    made.shutdown()
    close_desk(made)


@pytest.fixture
def shown(desk, monkeypatch):
    """Every pixmap the preview put on the screen, in order."""
    picture, pixmaps = desk.view.preview.picture, []
    real = picture.setPixmap

    def spy(pixmap):
        pixmaps.append(QPixmap(pixmap))
        real(pixmap)

    monkeypatch.setattr(picture, "setPixmap", spy)
    return pixmaps


def _area(pane) -> Area:
    ratio = pane.devicePixelRatioF()
    size = pane.scroll_area.viewport().size() * ratio
    return Area(size.width(), size.height(), ratio)


def _whose(pixmap) -> str | None:
    """The photo a picture on the screen is of, by its colour."""
    if pixmap.isNull():
        return None
    colour = pixmap.toImage().pixelColor(pixmap.width() // 2, pixmap.height() // 2)
    rgb = (colour.red(), colour.green(), colour.blue())
    near = [
        name
        for name, c in COLOURS.items()
        if max(abs(x - y) for x, y in zip(rgb, c, strict=True)) < 12
    ]
    return near[0] if near else None


def _key(desk, name) -> str:
    return str(desk.model.photo(0).path.parent / name)


def _fitted_shown(desk, name) -> bool:
    """The picture the worker fitted for the view as it is now, of ``name``, is shown."""
    pane = desk.view.preview
    held = pane.fits.held(_key(desk, name))
    return held is not None and pane.picture.pixmap().cacheKey() == held.cacheKey()


def _held(desk, *names) -> bool:
    """These photos' pictures fitted for the view as it is now are in (made ahead)."""
    return all(desk.view.preview.fits.held(_key(desk, name)) is not None for name in names)


def _preview(desk, name) -> int:
    """The cache key of the photo's decoded preview (what the worker fits)."""
    return desk.view.preview._images[_key(desk, name)].cacheKey()


def test_right_shows_the_next_fitted_picture_made_ahead_with_no_scaling_on_the_gui_thread(
    qtbot, qapp, desk, fits
):
    pane = open_preview(qtbot, desk, row=1)  # b.jpg: a and c are its neighbours
    qtbot.waitUntil(lambda: _fitted_shown(desk, "b.jpg"), timeout=5_000)
    qtbot.waitUntil(lambda: _held(desk, "a.jpg", "c.jpg"), timeout=5_000)  # fitted ahead
    assert fits["made"] and all(thread is not qapp.thread() for _, thread, _ in fits["made"])
    assert {area for area, _, _ in fits["made"]} == {_area(pane)}  # for the view, in device px
    fits["gui_scaling"].clear()
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    assert desk.current_photo().name == "c.jpg"
    assert _fitted_shown(desk, "c.jpg") and pane.picture.text() == ""  # at once
    assert _whose(pane.picture.pixmap()) == "c.jpg"
    shown_size = pane.picture.pixmap().size()
    assert shown_size == fit_size(QSize(*SIZE), _area(pane))
    qtbot.keyClick(pane, Qt.Key.Key_Left)
    assert _fitted_shown(desk, "b.jpg")
    assert fits["gui_scaling"] == []  # nothing scaled on the GUI thread, either way
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: _held(desk, "d.jpg"), timeout=5_000)  # c's neighbour
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    assert _fitted_shown(desk, "d.jpg") and fits["gui_scaling"] == []
    assert len(pane.fits._held) <= fitted.FIT_KEEP  # a few kept, d's and c's among them
    assert _held(desk, "c.jpg", "d.jpg")


def _resize(qtbot, desk, pane, width, height):
    before = pane.scroll_area.viewport().size()
    desk.view.resize(width, height)
    qtbot.waitUntil(lambda: pane.scroll_area.viewport().size() != before, timeout=2_000)
    return _area(pane)


def test_a_resize_fits_again_on_the_worker_and_an_old_size_is_never_shown(
    qtbot, qapp, desk, fits, shown
):
    pane = open_preview(qtbot, desk, row=1)
    qtbot.waitUntil(lambda: _fitted_shown(desk, "b.jpg"), timeout=5_000)
    qtbot.waitUntil(lambda: _held(desk, "a.jpg", "c.jpg"), timeout=5_000)
    first = _area(pane)
    fits["gate"].clear()  # the worker's fits wait
    fits["made"].clear()
    fits["gui_scaling"].clear()  # the sheet's tiles were scaled as it opened
    second = _resize(qtbot, desk, pane, 1300, 900)
    qtbot.waitUntil(lambda: len(fits["made"]) == 1, timeout=2_000)
    assert fits["made"][0][::2] == (second, _preview(desk, "b.jpg"))  # b's first: it shows
    # meanwhile a stand-in of b, at the new size: no "Loading…", no picture left too big
    assert _whose(pane.picture.pixmap()) == "b.jpg" and not _fitted_shown(desk, "b.jpg")
    assert pane.picture.pixmap().size() == fit_size(QSize(*SIZE), second)
    third = _resize(qtbot, desk, pane, 1100, 800)
    assert fit_size(QSize(*SIZE), second) != fit_size(QSize(*SIZE), third)
    since = len(shown)
    fits["gate"].set()  # the fit for the second size comes in late, then the third
    qtbot.waitUntil(lambda: _fitted_shown(desk, "b.jpg"), timeout=5_000)
    assert pane.picture.pixmap().size() == fit_size(QSize(*SIZE), third)
    stale = {fit_size(QSize(*SIZE), area) for area in (first, second)}
    assert not [p for p in shown[since:] if p.size() in stale]  # never shown after the resize
    assert second not in {area for _, area in pane.fits._held}  # nor kept: dropped
    qtbot.waitUntil(lambda: _held(desk, "a.jpg", "c.jpg"), timeout=5_000)  # and around it
    # b's for the second size was running; a's and c's, queued, were never made
    assert [area for area, _, _ in fits["made"]] == [second, third, third, third]
    assert all(thread is not qapp.thread() for _, thread, _ in fits["made"])
    assert not [smooth for _, smooth in fits["gui_scaling"] if smooth]  # only fast stand-ins


def test_a_fit_for_a_photo_the_editor_left_is_dropped_and_never_shown(qtbot, desk, fits, shown):
    pane = open_preview(qtbot, desk, row=0)  # a.jpg
    qtbot.waitUntil(lambda: _fitted_shown(desk, "a.jpg"), timeout=5_000)
    qtbot.waitUntil(lambda: _held(desk, "b.jpg"), timeout=5_000)
    fits["gate"].clear()
    fits["made"].clear()
    area = _resize(qtbot, desk, pane, 1300, 900)  # a.jpg's fit for it starts, and waits
    qtbot.waitUntil(lambda: len(fits["made"]) == 1, timeout=2_000)
    assert fits["made"][0][::2] == (area, _preview(desk, "a.jpg"))
    qtbot.keyClick(pane, Qt.Key.Key_Right)
    qtbot.keyClick(pane, Qt.Key.Key_Right)  # c.jpg: a.jpg is neither shown nor next to it
    assert desk.current_photo().name == "c.jpg"
    since = len(shown)
    fits["gate"].set()
    qtbot.waitUntil(lambda: _fitted_shown(desk, "c.jpg"), timeout=5_000)
    pane.wait()
    qtbot.waitUntil(lambda: _held(desk, "b.jpg", "d.jpg"), timeout=5_000)
    assert "a.jpg" not in {_whose(p) for p in shown[since:]}
    assert (_key(desk, "a.jpg"), area) not in pane.fits._held  # dropped as it came
    assert _whose(pane.picture.pixmap()) == "c.jpg"
