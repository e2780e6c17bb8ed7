"""The Info tab: the EXIF panel of desk-ux.md, each field's source and the conflicts."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.widgets.info_panel import (
    InfoPanel,
    camera_name,
    captured_text,
    exif_rows,
    source_rows,
)


@pytest.mark.parametrize(
    ("make", "model", "shown"),
    [
        ("Canon", "Canon EOS R5", "Canon EOS R5"),
        ("NIKON CORPORATION", "NIKON D850", "NIKON D850"),
        ("SONY", "ILCE-7M3", "SONY ILCE-7M3"),
        ("Apple", "iPhone 15 Pro", "Apple iPhone 15 Pro"),
        ("", "iPhone 15", "iPhone 15"),
        ("Canon", "", "Canon"),
    ],
)
def test_the_camera_is_named_once(make, model, shown):
    assert camera_name(make, model) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2024-11-20T14:05:00+01:00", "2024-11-20 14:05:00 (UTC+01:00)"),
        ("2024-11-20T09:05:00.25-05:00", "2024-11-20 09:05:00.25 (UTC-05:00)"),
        ("2024-11-20T13:05:00Z", "2024-11-20 13:05:00 (UTC)"),
        ("2024-11-20T14:05:00", "2024-11-20 14:05:00 (no time zone recorded)"),
        (None, ""),
    ],
)
def test_the_capture_time_says_its_offset(value, shown):
    assert captured_text(value) == shown


def _rich(path: Path) -> PhotoMetadata:
    exif = ExifData(
        make="NIKON CORPORATION",
        model="NIKON D850",
        lens="AF-S NIKKOR 70-200mm f/2.8E FL ED VR",
        datetime_original="2024-11-20T14:05:00+01:00",
        gps_latitude=48.858222,
        gps_longitude=2.2945,
        exposure_time=1 / 500,
        f_number=2.8,
        iso=400,
        focal_length=200.0,
    )
    return PhotoMetadata(
        path=path,
        format="JPEG",
        width=8256,
        height=5504,
        exif=exif,
        sources={"caption": "iptc", "country_code": "xmp", "byline": "exif"},
        conflicts=(Conflict("headline", {"iptc": "Paris march", "xmp": "Lyon march"}, "iptc"),),
    )


def test_every_row_of_the_exif_panel(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(b"x" * 2_500_000)
    assert exif_rows(_rich(path)) == [
        ("Camera", "NIKON D850"),
        ("Lens", "AF-S NIKKOR 70-200mm f/2.8E FL ED VR"),
        ("Exposure", "1/500 s, f/2.8, ISO 400"),
        ("Focal length", "200 mm"),
        ("Captured", "2024-11-20 14:05:00 (UTC+01:00)"),
        ("GPS", "48.858222, 2.294500"),
        ("Pixels", "8256 × 5504"),
        ("File size", "2.5 MB"),
        ("Format", "JPEG"),
        ("Path", str(path)),
    ]


def test_sources_and_conflicts_are_named_as_the_desk_names_the_fields(tmp_path):
    assert source_rows(_rich(tmp_path / "a.jpg")) == [
        ("By-line", "EXIF"),
        ("Caption", "IPTC"),
        ("Country code", "XMP"),
        ("⚠ Headline", "sources disagree (IPTC: Paris march; XMP: Lyon march)"),
    ]


def test_the_panel_shows_the_rows_and_copies_the_gps(qtbot, tmp_path):
    panel = InfoPanel()
    qtbot.addWidget(panel)
    panel.show_photo(DeskPhoto(1, _rich(tmp_path / "a.jpg")))
    shown = panel.text.toPlainText()
    for text in ("NIKON D850", "ISO 400", "UTC+01:00", "Country code", "sources disagree"):
        assert text in shown
    qtbot.mouseClick(panel.copy_gps, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "48.858222, 2.294500"
    tiny = tmp_path / "b.jpg"
    tiny.write_bytes(b"x" * 65)
    panel.show_photo(DeskPhoto(-1, PhotoMetadata(path=tiny, error="corrupt JPEG")))
    assert not panel.copy_gps.isEnabled()  # no GPS: nothing to copy
    shown = panel.text.toPlainText()
    assert "corrupt JPEG" in shown and "65 bytes" in shown
    assert "Where each field came from" not in shown  # nothing was read
