"""The camera's large preview (MPF) stands for the picture only when it truly can."""

import pytest
from PIL import Image, JpegImagePlugin

from editor_app.imaging import dcscale
from editor_app.imaging.thumbnails import load_preview, make_thumbnail
from editor_app.testing.mpf import MP_DISPARITY, MP_LARGE_THUMBNAIL_VGA
from tests.imaging.pictures import camera_photo, swapped_profile

RED, GREEN = (200, 0, 0), (0, 200, 0)


def _centre(thumb):
    return thumb.to_image().getpixel((thumb.width // 2, thumb.height // 2))


def _close(colour, expected, slack=30):
    return all(abs(a - b) <= slack for a, b in zip(colour, expected, strict=True))


def _orientation(value: int) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = value
    return exif.tobytes()


def test_a_large_preview_of_the_same_shape_is_used(tmp_path):
    path = camera_photo(tmp_path / "c.jpg")  # red 3000x2000 picture, green 1620x1080 preview
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert thumb.preview and (thumb.width, thumb.height) == (256, 171)
    assert _close(_centre(thumb), GREEN)


def test_a_vga_preview_is_used_too(tmp_path):
    path = camera_photo(tmp_path / "c.jpg", preview_size=(640, 427), mp_type=MP_LARGE_THUMBNAIL_VGA)
    assert _close(_centre(make_thumbnail(path, 256, embedded_ok=False)), GREEN)


@pytest.mark.parametrize(
    ("kwargs", "why"),
    [
        ({"preview_size": (480, 320)}, "smaller than asked"),
        ({"preview_size": (1440, 1080)}, "4:3 preview of a 3:2 picture: cropped or stale"),
        ({"mp_type": MP_DISPARITY}, "a 3D camera's other eye is another picture"),
    ],
)
def test_the_picture_is_decoded_when_the_preview_cannot_stand_for_it(tmp_path, kwargs, why):
    path = camera_photo(tmp_path / "c.jpg", **kwargs)
    thumb = make_thumbnail(path, 512, embedded_ok=False)
    assert not thumb.preview, why
    assert (thumb.width, thumb.height) == (512, 341) and _close(_centre(thumb), RED)


def test_a_damaged_preview_falls_back_to_the_picture_at_the_right_scale(tmp_path):
    path = camera_photo(tmp_path / "c.jpg")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 4000])  # the preview cut short (still being copied)
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert not thumb.preview and (thumb.width, thumb.height) == (256, 171)
    assert _close(_centre(thumb), RED)


def test_the_pictures_orientation_turns_the_preview(tmp_path):
    preview = Image.new("RGB", (1620, 1080), (255, 255, 255))
    preview.paste((0, 200, 0), (0, 0, 810, 1080))  # left half green
    path = camera_photo(tmp_path / "c.jpg", preview=preview, exif=_orientation(6))
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert thumb.preview and (thumb.width, thumb.height) == (171, 256)
    top, bottom = thumb.to_image().getpixel((85, 30)), thumb.to_image().getpixel((85, 225))
    assert _close(top, GREEN) and _close(bottom, (255, 255, 255))  # turned clockwise


def test_a_preview_with_its_own_orientation_is_compared_upright(tmp_path):
    # stored upright already (1080x1620, its own Orientation 1) for a picture that is turned:
    # the shapes agree once both are upright, and the preview is not turned again
    path = camera_photo(
        tmp_path / "c.jpg",
        preview_size=(1080, 1620),
        exif=_orientation(6),
        preview_kwargs={"exif": _orientation(1)},
    )
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert thumb.preview and (thumb.width, thumb.height) == (171, 256)


def test_an_upright_preview_without_its_own_orientation_is_not_trusted(tmp_path):
    # turning it by the picture's orientation would make it landscape: shapes disagree
    path = camera_photo(tmp_path / "c.jpg", preview_size=(1080, 1620), exif=_orientation(6))
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert not thumb.preview and (thumb.width, thumb.height) == (171, 256)


def test_the_pictures_colour_profile_applies_to_an_untagged_preview(tmp_path):
    path = camera_photo(
        tmp_path / "c.jpg", preview_colour=(255, 0, 0), icc_profile=swapped_profile()
    )
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert thumb.preview and _close(_centre(thumb), (0, 0, 255), 40)


def test_the_large_view_is_always_the_picture(tmp_path):
    path = camera_photo(tmp_path / "c.jpg")
    view = load_preview(path, 1000)
    assert not view.preview and _close(_centre(view), RED)


@pytest.mark.parametrize("native", [True, False], ids=["dc-scan", "pillow"])
def test_a_camera_file_without_a_usable_preview_is_still_dct_scaled(tmp_path, monkeypatch, native):
    if native and not dcscale.available():
        pytest.skip("built without the DC scan")
    if not native:
        monkeypatch.setattr(dcscale, "_dcscan", None)
    scales = []
    draft, eighth = JpegImagePlugin.JpegImageFile.draft, dcscale.eighth

    def spy(self, mode, size):
        result = draft(self, mode, size)
        scales.append(self.decoderconfig[0] if self.decoderconfig else 1)
        return result

    def spy_eighth(image, box):
        result = eighth(image, box)
        if result is not None:
            scales.append("dc")
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    monkeypatch.setattr(dcscale, "eighth", spy_eighth)
    path = camera_photo(tmp_path / "c.jpg", preview_size=(160, 107))  # Pillow opens it as MPO
    with Image.open(path) as image:
        assert image.format == "MPO"
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    # 3000x2000 decoded at 1/8 (375x250 covers a 256x171 thumbnail), not in full nor at 1/4:
    # by the DC scan when it is built, else by Pillow's draft
    assert not thumb.preview and set(scales) == ({"dc"} if native else {8})
