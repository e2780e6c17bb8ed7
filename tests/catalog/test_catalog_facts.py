"""File facts kept with each photo, and the records the rules take from the catalog."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from editor_app.captions.validate import validate
from editor_app.catalog.facts import encode_facts, rules_record
from editor_app.metadata.fields import EDITABLE_FIELDS, LIST_FIELDS
from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata, with_values
from editor_app.ops.ingest import ingest_paths
from tests.catalog.catalog_helpers import FakeReader, make_jpeg, touch

_CONFLICT = Conflict("caption", {"iptc": "Old caption.", "xmp": "Fans cheer."}, "xmp")
_FACTS = {
    "caption": "Fans cheer.",
    "credit": "REUTERS/Ann Lee",
    "exif": ExifData(
        datetime_original="2024-11-25T09:00:00+01:00",
        image_description="OLYMPUS DIGITAL CAMERA",
        artist="Ann Lee",
    ),
    "caption_languages": {"x-default": "Fans cheer.", "fr": "Les supporters applaudissent."},
    "conflicts": (_CONFLICT,),
    "notes": ("IIM digest does not match",),
    "width": 32,
    "height": 24,
}


def test_facts_round_trip_through_json():
    record = PhotoMetadata(path=Path("/d/a.jpg"), format="JPEG", **_FACTS)
    fields = {"caption": "Fans cheer.", "credit": "REUTERS/Ann Lee", "byline": ()}
    back = rules_record("/d/a.jpg", "JPEG", encode_facts(record), fields)
    assert back == PhotoMetadata(path=Path("/d/a.jpg"), format="JPEG", **_FACTS)


def test_an_edited_conflicted_field_drops_its_conflict_only():
    credit = Conflict("credit", {"iptc": "REUTERS", "xmp": "REUTERS/Ann Lee"}, "xmp")
    record = PhotoMetadata(path=Path("a.jpg"), **{**_FACTS, "conflicts": (_CONFLICT, credit)})
    back = rules_record("a.jpg", "JPEG", encode_facts(record), {"caption": "New caption."})
    assert back.caption == "New caption."
    assert back.conflicts == (credit,)
    assert rules_record("a.jpg", "JPEG", None, {"caption": "x"}).exif == ExifData()


def test_a_caption_replaced_or_cleared_in_the_desk_is_no_longer_the_files_default_language():
    # the facts keep the caption as the file was read; the desk's catalog value replaced it
    record = PhotoMetadata(path=Path("a.jpg"), caption="Fans cheer.", **{
        "caption_languages": {"x-default": "Fans cheer.", "fr": "Les supporters applaudissent."}
    })  # fmt: skip
    facts = encode_facts(record)
    cleared = rules_record("a.jpg", "JPEG", facts, {"caption": ""})
    assert cleared.caption_languages == {"fr": "Les supporters applaudissent."}
    kept = rules_record("a.jpg", "JPEG", facts, {"caption": "Fans cheer."})
    assert kept.caption_languages["x-default"] == "Fans cheer."
    # the missing caption is found, in the window after F5 and by `check --catalog`
    no_x_default = rules_record("a.jpg", "JPEG", encode_facts(
        PhotoMetadata(path=Path("a.jpg"), caption_languages={"x-default": "Fans cheer."})
    ), {"caption": ""})  # fmt: skip
    assert [f.rule for f in validate([no_x_default], select=("missing-caption",))] == [
        "missing-caption"
    ]


def test_import_and_rescan_keep_the_facts_and_pending_values_win(catalog, tmp_path):
    make_jpeg(tmp_path / "desk" / "a.jpg")
    reader = FakeReader()
    reader.set(tmp_path / "desk" / "a.jpg", **_FACTS)
    ingest_paths(catalog, [tmp_path / "desk"], read=reader)
    ((photo_id, record),) = catalog.rule_records().items()
    assert (record.exif, record.conflicts, record.width) == (_FACTS["exif"], (_CONFLICT,), 32)
    assert record.caption_languages == _FACTS["caption_languages"]
    taken = [f.rule for f in validate([record], select=("caption-date-mismatch",))]
    assert taken == []  # no date in the caption: nothing to compare the capture date with

    catalog.save_revision(photo_id, {"caption": "Fans cheer on November 20, 2024."}, editor="a")
    pending = catalog.rule_records([str(tmp_path / "desk")])[photo_id]
    assert pending.caption == "Fans cheer on November 20, 2024."
    assert pending.conflicts == ()  # the edit will be written to every segment
    rules = [f.rule for f in validate([pending], select=("caption-date-mismatch",))]
    assert rules == ["caption-date-mismatch"]  # the catalog knows when the camera took it

    touch(tmp_path / "desk" / "a.jpg")  # changed outside the desk: read again
    reader.set(tmp_path / "desk" / "a.jpg", caption="Fans cheer.", exif=ExifData(artist="Bo"))
    ingest_paths(catalog, [tmp_path / "desk"], read=reader)
    assert catalog.rule_records()[photo_id].exif == ExifData(artist="Bo")
    assert catalog.rule_records([str(tmp_path / "elsewhere")]) == {}


def test_a_record_without_conflicts_gets_its_values_as_with_values_gives_them():
    # rules_record builds it in one go (no replace per row); the result must not differ
    record = PhotoMetadata(path=Path("/d/a.jpg"), format="JPEG", width=3, height=2)
    fields = {
        "caption": "Fans cheer.",
        "byline": ("Ann Lee", ""),
        "keywords": "one",
        "date_created": "",
        "city": "Lyon",
    }
    fast = rules_record("/d/a.jpg", "JPEG", encode_facts(record), fields)
    assert fast == with_values(record, fields)
    assert fast.byline == ("Ann Lee",) and fast.keywords == ("one",) and fast.date_created is None


_TEXT = st.text(alphabet="ab ,", max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_a_rows_full_set_of_columns_gives_the_values_with_values_gives(data):
    # a catalog row holds every editable field (lists as tuples): the quick path of
    # rules_record must give the record field_values/with_values give
    fields = {
        name: (
            tuple(data.draw(st.lists(_TEXT, max_size=3)))
            if name in LIST_FIELDS
            else data.draw(_TEXT)
        )
        for name in EDITABLE_FIELDS
    }
    record = PhotoMetadata(path=Path("/d/a.jpg"), format="JPEG")
    assert rules_record("/d/a.jpg", "JPEG", None, fields) == with_values(record, fields)
