"""The bundled sample desk `make run` opens: about 20 photographs with their licences, most
carrying a mistake a desk must catch, the camera files with a full EXIF panel."""

from datetime import date

from PIL import Image

from editor_app.captions.validate import validate
from editor_app.metadata.io import read_photo
from editor_app.settings import DeskSettings
from tests.sample_desk import SAMPLE_DESK


def _photos():
    return sorted(SAMPLE_DESK.glob("*.jpg"))


def test_about_twenty_photographs_each_with_its_licence():
    photos = _photos()
    assert 18 <= len(photos) <= 24
    licences = (SAMPLE_DESK / "LICENSES.md").read_text(encoding="utf-8")
    for path in photos:
        assert path.name in licences
        with Image.open(path) as picture:  # a photograph, not a flat drawing
            colours = picture.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 200, path.name  # grey photos: ~250 levels


def test_most_photos_carry_a_mistake_of_the_kinds_a_desk_meets():
    records = [read_photo(path) for path in _photos()]
    findings = validate(records, DeskSettings(), today=date(2024, 11, 21))
    flagged = {f.path.name for f in findings}
    assert len(flagged) >= len(records) // 2 + 4  # 16 of 20 today
    kinds = {f.rule for f in findings}
    assert {
        "caption-date-mismatch",
        "credit-byline-mismatch",
        "credit-format",
        "duplicate-caption",
        "near-duplicate-caption",
        "missing-credit",
        "placeholder-text",
        "spelling",
        "metadata-conflict",
    } <= kinds


def test_the_camera_files_fill_the_info_tabs_exif_panel():
    exif = read_photo(SAMPLE_DESK / "launch-03.jpg").exif
    assert exif.lens and exif.exposure_time and exif.f_number and exif.iso and exif.focal_length
    assert exif.gps_latitude is not None and exif.gps_longitude is not None
    assert exif.datetime_original and exif.datetime_original.endswith("-05:00")  # its offset
