"""Z in the preview is true 100 %: one screen pixel per image pixel of the picture itself, not
of the 2,560 px preview; decoded off the GUI thread; a superseded decode is never shown."""

import shutil
import threading

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QSize, Qt, QThread

import editor_app.ui.widgets.full_size as full_size
from editor_app.imaging.thumbnails import ThumbnailError
from editor_app.ui.widgets.preview import LOADING_FULL, PREVIEW_SIDE
from tests.imaging.pictures import swapped_profile
from tests.ui.desks import close_desk, open_desk, open_preview

BIG = QSize(4000, 3000)  # a-big.jpg
ROTATED = QSize(2400, 3600)  # b-rotated.jpg: stored 3600x2400, EXIF orientation 6
SMALL = QSize(1600, 1000)  # c-small.jpg: its preview is the whole picture
_real_load_full = full_size.load_full


def _detailed(size: tuple[int, int]) -> Image.Image:
    """Fine detail (a one-pixel checkerboard stripe, lines) and a red patch at the top left."""
    image = Image.new("RGB", size, (128, 128, 128))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 7):
        draw.line([(x, 0), (x, size[1])], fill=(240, 240, 240))
    draw.rectangle((0, 0, 199, 199), fill=(255, 0, 0))
    return image


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    out = tmp_path_factory.mktemp("pictures")
    _detailed((BIG.width(), BIG.height())).save(out / "a-big.jpg", quality=85)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show: the stored top left goes to the top right
    _detailed((ROTATED.height(), ROTATED.width())).save(
        out / "b-rotated.jpg", quality=85, exif=exif, icc_profile=swapped_profile()
    )
    _detailed((SMALL.width(), SMALL.height())).save(out / "c-small.jpg", quality=85)
    return out


@pytest.fixture
def desk(qtbot, tmp_path, pictures):
    folder = tmp_path / "wire"
    shutil.copytree(pictures, folder)
    made = open_desk(qtbot, tmp_path, folder)
    yield made
    made.view.preview.full.drop()
    made.shutdown()
    close_desk(made)


@pytest.fixture
def decodes(monkeypatch):
    """The full decode, recording its thread, held back until ``gate`` is set (set by
    default: a test that holds it clears it first)."""
    record = {"threads": [], "paths": [], "gate": threading.Event()}
    record["gate"].set()

    def load_full(path):
        record["threads"].append(QThread.currentThread())
        record["paths"].append(path.name)
        assert record["gate"].wait(10)
        return _real_load_full(path)

    monkeypatch.setattr(full_size, "load_full", load_full)
    yield record
    record["gate"].set()  # never leave a worker waiting


@pytest.fixture
def shown_sizes(desk, monkeypatch):
    """Every pixmap size the preview ever put on the screen."""
    picture, sizes = desk.view.preview.picture, []
    real = picture.setPixmap

    def spy(pixmap):
        sizes.append(pixmap.size())
        real(pixmap)

    monkeypatch.setattr(picture, "setPixmap", spy)
    return sizes


def _open_preview(qtbot, desk, row=0):
    preview = open_preview(qtbot, desk, row)
    qtbot.waitUntil(lambda: not preview.picture.pixmap().isNull(), timeout=5_000)
    return preview


def _shown(preview):
    return preview.picture.pixmap().size()


def _fitted(preview):
    """The fit view: the whole picture within the visible area (in device-independent px)."""
    pixmap = preview.picture.pixmap()
    area = preview.scroll_area.viewport().size()
    fits = pixmap.deviceIndependentSize().toSize().boundedTo(area) == (
        pixmap.deviceIndependentSize().toSize()
    )
    return not pixmap.isNull() and fits and max(pixmap.width(), pixmap.height()) < PREVIEW_SIDE


def _one_to_one(preview, size):
    """One image pixel on one device pixel: the pixmap is the picture, at the screen's ratio."""
    pixmap = preview.picture.pixmap()
    ratio = preview.devicePixelRatioF()
    return (
        pixmap.size() == size
        and pixmap.devicePixelRatio() == ratio
        and preview.picture.size() == pixmap.deviceIndependentSize().toSize()
    )


def test_z_shows_the_picture_itself_one_to_one_decoded_off_the_gui_thread(
    qtbot, qapp, desk, decodes
):
    preview = _open_preview(qtbot, desk)
    assert _fitted(preview)
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: _one_to_one(preview, BIG), timeout=5_000)
    assert decodes["paths"] == ["a-big.jpg"]
    assert all(thread is not qapp.thread() for thread in decodes["threads"])
    assert preview.hint.text() == ""
    bars = preview.scroll_area.horizontalScrollBar(), preview.scroll_area.verticalScrollBar()
    for bar in bars:  # on the picture's centre
        assert bar.maximum() > 0 and abs(bar.value() - bar.maximum() / 2) <= 2
    image = preview.picture.pixmap().toImage()
    assert image.pixelColor(100, 100).red() > 200  # the red patch: upright, the top left
    assert image.pixelColor(301, 1500).lightness() > 200  # a one-pixel line, not smeared
    assert image.pixelColor(302, 1500).lightness() < 160
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    assert _fitted(preview) and not preview.actual_size
    assert preview.full.held_bytes() == 0  # 48 MB (4 bytes a pixel) freed at once


def test_100_percent_is_oriented_and_colour_managed_and_kept_when_moving_on(
    qtbot, desk, decodes, shown_sizes
):
    preview = _open_preview(qtbot, desk)
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: _one_to_one(preview, BIG), timeout=5_000)
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    assert desk.current_photo().name == "b-rotated.jpg" and preview.actual_size
    assert preview.full.holding() is None or preview.full.holding().endswith("b-rotated.jpg")
    qtbot.waitUntil(lambda: _one_to_one(preview, ROTATED), timeout=5_000)
    assert preview.full.holding().endswith("b-rotated.jpg")  # only the current photo's
    assert preview.full.held_bytes() == ROTATED.width() * ROTATED.height() * 4
    image = preview.picture.pixmap().toImage()
    top_right = image.pixelColor(ROTATED.width() - 100, 100)
    assert top_right.blue() > 150 and top_right.red() < 100  # turned, and red tagged "swapped"
    assert not [s for s in shown_sizes if max(s.width(), s.height()) == PREVIEW_SIDE]  # 43 %
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert desk.view.centre.currentWidget() is desk.view.sheet
    assert preview.full.held_bytes() == 0 and not preview.actual_size
    qtbot.keyClick(desk.view.sheet, Qt.Key.Key_Return)  # opens fitted again
    qtbot.waitUntil(lambda: _fitted(preview), timeout=5_000)


def _centre(preview):
    bars = preview.scroll_area.horizontalScrollBar(), preview.scroll_area.verticalScrollBar()
    return tuple(
        (bar.value() + bar.pageStep() / 2) / (bar.maximum() + bar.pageStep()) for bar in bars
    )


def test_moving_on_at_100_percent_keeps_the_spot_looked_at(qtbot, desk, decodes):
    preview = _open_preview(qtbot, desk)
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: _one_to_one(preview, BIG), timeout=5_000)
    preview.scroll_area.horizontalScrollBar().setValue(400)  # the editor looks at a face
    preview.scroll_area.verticalScrollBar().setValue(2000)
    spot = _centre(preview)
    desk.navigation.preview_current()  # the same photo again (its caption saved): no jump
    assert _centre(preview) == pytest.approx(spot, abs=0.002)
    qtbot.keyClick(preview, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: _one_to_one(preview, ROTATED), timeout=5_000)
    assert _centre(preview) == pytest.approx(spot, abs=0.002)  # the same spot of the next


def test_a_picture_no_bigger_than_its_preview_is_not_decoded_again(qtbot, desk, decodes):
    preview = _open_preview(qtbot, desk, row=2)
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    assert _one_to_one(preview, SMALL) and preview.hint.text() == ""
    assert decodes["paths"] == []


@pytest.mark.parametrize(
    "key", [Qt.Key.Key_Right, Qt.Key.Key_Escape, Qt.Key.Key_Z], ids=["Right", "Esc", "Z"]
)
def test_a_superseded_full_decode_is_never_shown(qtbot, desk, decodes, shown_sizes, key):
    preview = _open_preview(qtbot, desk)
    decodes["gate"].clear()
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    qtbot.waitUntil(lambda: decodes["paths"] == ["a-big.jpg"], timeout=5_000)  # it runs
    assert _fitted(preview) and preview.hint.text() == LOADING_FULL  # fit, meanwhile
    qtbot.keyClick(preview, key)
    with qtbot.waitSignal(preview.full._signals.done, timeout=5_000):
        decodes["gate"].set()  # the late result of a-big.jpg arrives
    assert BIG not in shown_sizes
    assert preview.full.held_bytes() == 0  # nor kept
    if key == Qt.Key.Key_Right:  # at 100 % still: the next picture is decoded and shown
        qtbot.waitUntil(lambda: _one_to_one(preview, ROTATED), timeout=5_000)
        assert decodes["paths"] == ["a-big.jpg", "b-rotated.jpg"]
    elif key == Qt.Key.Key_Z:
        assert _fitted(preview) and preview.hint.text() == ""
    assert BIG not in shown_sizes


def test_a_full_decode_that_fails_shows_the_reason_not_a_traceback(qtbot, desk, monkeypatch):
    def damaged(_path):
        raise ThumbnailError("the picture data is cut short (damaged or still being copied)")

    monkeypatch.setattr(full_size, "load_full", damaged)
    preview = _open_preview(qtbot, desk)
    qtbot.keyClick(preview, Qt.Key.Key_Z)
    expected = "⚠ the picture data is cut short (damaged or still being copied)"
    qtbot.waitUntil(lambda: preview.picture.text() == expected, timeout=5_000)
    assert preview.picture.pixmap().isNull() and preview.hint.text() == ""
    qtbot.keyClick(preview, Qt.Key.Key_Z)  # fit: the preview itself is fine
    assert _fitted(preview)
