"""Thumbnails: embedded first, DCT-scaled decode, orientation, colour profiles, clear failures."""

import pytest
from PIL import Image, ImageFile

from editor_app.imaging import thumbnails
from editor_app.imaging.thumbnails import (
    ThumbnailError,
    embedded_thumbnail,
    load_full,
    load_preview,
    make_thumbnail,
)
from editor_app.metadata.io import read_photo
from tests.imaging.pictures import photo_with_thumbnail, swapped_profile


def _centre(thumb):
    return thumb.to_image().getpixel((thumb.width // 2, thumb.height // 2))


def _close(colour, expected, slack=30):
    return all(abs(a - b) <= slack for a, b in zip(colour, expected, strict=True))


def test_embedded_thumbnail_is_used_when_big_enough(tmp_path):
    path = photo_with_thumbnail(tmp_path / "a.jpg")  # 150x100 green thumbnail, red picture
    thumb = make_thumbnail(path, 128)
    assert thumb.embedded and (thumb.width, thumb.height) == (150, 100)
    assert _close(_centre(thumb), (0, 200, 0))


def test_too_small_embedded_thumbnail_falls_back_to_the_picture(tmp_path):
    path = photo_with_thumbnail(tmp_path / "a.jpg")
    thumb = make_thumbnail(path, 256)
    assert not thumb.embedded and max(thumb.width, thumb.height) == 256
    assert _close(_centre(thumb), (200, 0, 0))


def test_embedded_thumbnail_of_another_shape_is_not_used(tmp_path):
    path = tmp_path / "a.jpg"
    photo_with_thumbnail(path, size=(600, 300))  # thumbnail 150x75: same shape, used
    assert make_thumbnail(path, 64).embedded
    from tests.imaging.pictures import exif_with_thumbnail, jpeg_bytes

    boxed = jpeg_bytes(Image.new("RGB", (160, 120), (0, 200, 0)))  # 4:3 box of a 2:1 picture
    Image.new("RGB", (600, 300)).save(path, "JPEG", exif=exif_with_thumbnail(boxed))
    assert not make_thumbnail(path, 64).embedded


def test_decode_is_dct_scaled_and_fits_the_box(tmp_path):
    path = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 3000), (10, 20, 200)).save(path, "JPEG")
    thumb = make_thumbnail(path, 300, embedded_ok=False)
    assert (thumb.width, thumb.height) == (300, 225)
    assert len(thumb.data) == 300 * 225 * 3
    assert _close(_centre(thumb), (10, 20, 200))


def test_the_decoder_takes_the_file_in_one_piece_with_the_same_pixels(tmp_path, monkeypatch):
    path = tmp_path / "grain.jpg"
    Image.effect_noise((1200, 800), 60).convert("RGB").save(path, "JPEG", quality=95)
    assert path.stat().st_size > 4 * 65536  # Pillow's piece
    blocks = []
    real_load = ImageFile.ImageFile.load

    def load(image):
        blocks.append(image.decodermaxblock)
        return real_load(image)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    whole = make_thumbnail(path, 256, embedded_ok=False)
    assert set(blocks) == {path.stat().st_size}
    blocks.clear()
    monkeypatch.setattr(thumbnails, "_READ_AT_ONCE", 1)  # in pieces, as Pillow reads
    pieces = make_thumbnail(path, 256, embedded_ok=False)
    assert set(blocks) == {65536}
    assert whole.data == pieces.data


def test_a_cut_short_file_read_in_one_piece_is_still_cut_short(tmp_path):
    path = tmp_path / "cut.jpg"
    Image.effect_noise((1200, 800), 60).convert("RGB").save(path, "JPEG", quality=95)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(ThumbnailError, match="cut short"):
        make_thumbnail(path, 256, embedded_ok=False)


@pytest.mark.parametrize(
    ("orientation", "shape"), [(1, (160, 80)), (3, (160, 80)), (6, (80, 160)), (8, (80, 160))]
)
def test_exif_orientation_is_applied_to_both_paths(tmp_path, orientation, shape):
    path = photo_with_thumbnail(tmp_path / "o.jpg", size=(640, 320), orientation=orientation)
    decoded = make_thumbnail(path, 160, embedded_ok=False)
    embedded = make_thumbnail(path, 160)  # thumbnail is 160x80 before rotation
    assert (decoded.width, decoded.height) == shape
    assert embedded.embedded and (embedded.width, embedded.height) == shape


def test_orientation_turns_the_right_way(tmp_path):
    path = tmp_path / "turn.jpg"
    image = Image.new("RGB", (200, 100), (255, 255, 255))
    image.paste((255, 0, 0), (0, 0, 100, 100))  # left half red
    exif = Image.Exif()
    exif[0x0112] = 6  # the picture must be turned 90 degrees clockwise
    image.save(path, "JPEG", exif=exif.tobytes(), quality=95)
    thumb = make_thumbnail(path, 200, embedded_ok=False).to_image()
    top, bottom = thumb.getpixel((50, 20)), thumb.getpixel((50, 180))
    assert _close(top, (255, 0, 0)) and _close(bottom, (255, 255, 255))


def test_a_profile_other_than_srgb_is_converted(tmp_path):
    path = tmp_path / "p.jpg"
    Image.new("RGB", (64, 64), (255, 0, 0)).save(path, "JPEG", icc_profile=swapped_profile())
    assert _close(_centre(make_thumbnail(path, 64, embedded_ok=False)), (0, 0, 255), 40)


def test_an_srgb_profile_changes_nothing(tmp_path):
    from tests.factories import srgb_profile

    path = tmp_path / "s.jpg"
    Image.new("RGB", (64, 64), (255, 0, 0)).save(path, "JPEG", icc_profile=srgb_profile())
    assert _close(_centre(make_thumbnail(path, 64, embedded_ok=False)), (255, 0, 0))


@pytest.mark.parametrize("mode", ["CMYK", "L", "P", "RGBA", "I;16"])
def test_other_pixel_modes_become_rgb(tmp_path, mode):
    fmt = "JPEG" if mode in ("CMYK", "L") else "PNG"
    path = tmp_path / f"m.{fmt.lower()}"
    Image.new("RGB", (50, 40), (0, 128, 255)).convert(mode).save(path, fmt)
    thumb = make_thumbnail(path, 32)
    assert (thumb.width, thumb.height) == (32, 26) and len(thumb.data) == 32 * 26 * 3


def test_preview_never_uses_the_embedded_thumbnail(tmp_path):
    path = photo_with_thumbnail(tmp_path / "a.jpg")
    preview = load_preview(path, 1024)
    assert not preview.embedded and (preview.width, preview.height) == (600, 400)


def test_full_resolution_is_upright_and_in_srgb_like_the_preview(tmp_path):
    """The preview's 100 %: the picture itself, not scaled, turned and converted as the
    preview is (stored 900x600 with orientation 6, red tagged with a profile that makes it blue)."""
    picture = Image.new("RGB", (900, 600), (128, 128, 128))
    picture.paste((255, 0, 0), (0, 0, 100, 100))  # the stored top left: shown top right
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "turned.jpg"
    picture.save(path, quality=95, exif=exif, icc_profile=swapped_profile())
    full, preview = load_full(path), load_preview(path, 300)
    assert (full.width, full.height) == (600, 900) and not full.embedded
    assert (preview.width, preview.height) == (200, 300)
    assert _close(full.to_image().getpixel((600 - 50, 50)), (0, 0, 255), slack=60)
    assert _close(preview.to_image().getpixel((200 - 17, 17)), (0, 0, 255), slack=60)


def test_full_resolution_of_a_damaged_file_is_a_sentence(tmp_path):
    path = tmp_path / "cut.jpg"
    Image.new("RGB", (800, 600), (10, 200, 30)).save(path, quality=90)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(ThumbnailError, match="cut short"):
        load_full(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "not a picture"),
        (b"GIF89a not really", "not a picture"),
        (None, "cut short"),
    ],
)
def test_damaged_files_raise_one_clear_reason(tmp_path, content, reason):
    path = tmp_path / "bad.jpg"
    if content is None:
        Image.new("RGB", (400, 300), (1, 2, 3)).save(path, "JPEG")
        content = path.read_bytes()[:700]
    path.write_bytes(content)
    with pytest.raises(ThumbnailError, match=reason):
        make_thumbnail(path, 64)


def test_missing_file(tmp_path):
    with pytest.raises(ThumbnailError, match="no such file or directory"):
        make_thumbnail(tmp_path / "gone.jpg", 64)


@pytest.mark.parametrize("make_bad", [lambda p: p.mkdir(), lambda p: p.symlink_to(p)])
def test_an_os_error_is_worded_as_the_reader_words_it(tmp_path, make_bad):
    path = tmp_path / "odd.jpg"
    make_bad(path)  # a folder named like a photo; a link to itself
    with pytest.raises(ThumbnailError) as caught:
        make_thumbnail(path, 64)
    assert str(caught.value) == read_photo(path).error  # errors.os_reason, one wording


def test_embedded_thumbnail_absent(tmp_path):
    path = tmp_path / "plain.jpg"
    Image.new("RGB", (64, 48)).save(path, "JPEG")
    assert embedded_thumbnail(path) is None
