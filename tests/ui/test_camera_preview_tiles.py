"""A camera file's tile is made from its large MPF preview, in the real window."""

from editor_app.imaging.thumbnails import make_thumbnail
from tests.imaging.pictures import camera_photo
from tests.ui.desks import close_desk, open_desk


def test_a_camera_files_tile_comes_from_its_large_preview(qtbot, tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    # a red picture whose camera preview is green: the tile shows which one was decoded
    path = camera_photo(folder / "DSC_0001.JPG", size=(3000, 2000))
    assert make_thumbnail(path, 256, embedded_ok=False).preview
    desk = open_desk(qtbot, tmp_path, folder)
    try:
        qtbot.waitUntil(lambda: desk.model.thumbnail(path) is not None, timeout=20_000)
        image = desk.model.thumbnail(path)
        colour = image.pixelColor(image.width() // 2, image.height() // 2)
        assert (image.width(), image.height()) == (256, 171)
        assert colour.green() > 150 and colour.red() < 60
    finally:
        close_desk(desk)
