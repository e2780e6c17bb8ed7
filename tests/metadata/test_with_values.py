"""``with_values``: current field values over a file's facts; an edited field loses its conflict."""

from pathlib import Path

import pytest

from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata, with_values

_CAPTION = Conflict("caption", {"iptc": "Old.", "xmp": "New."}, "xmp")
_CREDIT = Conflict("credit", {"iptc": "AP", "xmp": "REUTERS"}, "xmp")
_RECORD = PhotoMetadata(
    path=Path("a.jpg"),
    caption="New.",
    credit="REUTERS",
    exif=ExifData(datetime_original="2024-11-20T10:00:00"),
    sources={"caption": "xmp", "credit": "xmp"},
    conflicts=(_CAPTION, _CREDIT),
)


def test_an_edited_field_drops_its_conflict_and_source_and_keeps_the_facts():
    edited = with_values(_RECORD, {"caption": "Edited.", "credit": "REUTERS"})
    assert (edited.caption, edited.credit) == ("Edited.", "REUTERS")
    assert edited.conflicts == (_CREDIT,)  # the credit was sent unchanged: not an edit
    assert edited.sources == {"credit": "xmp"}
    assert edited.exif == _RECORD.exif


def test_values_take_the_record_forms():
    edited = with_values(_RECORD, {"byline": ["Ann", ""], "keywords": "fire", "date_created": ""})
    assert (edited.byline, edited.keywords, edited.date_created) == (("Ann",), ("fire",), None)
    assert with_values(_RECORD, {"caption": "New."}) is _RECORD


def test_an_unknown_field_is_refused():
    with pytest.raises(ValueError, match="unknown field 'colour'"):
        with_values(_RECORD, {"colour": "red"})
