"""What an import's reading processes send back for each file: a plain tuple of text that
gives back exactly the fields, facts and import revision the catalog would have made."""

import json
import pickle
from pathlib import Path

import pytest

from editor_app.catalog import fields_of_columns, import_columns
from editor_app.catalog.facts import encode_facts
from editor_app.catalog.values import EMPTY, from_record
from editor_app.metadata.fields import EDITABLE_FIELDS, LIST_FIELDS
from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata
from editor_app.ops.scanning import Seen, scan_file, unpack

TRICKY = 'Quote " back\\slash, tab\t, new\nline, NUL\0 kept out, Ünïcödé 東京 \u2028 🙂'


def _record(path: Path, **overrides) -> PhotoMetadata:
    values: dict = {name: f"{name}: {TRICKY}" for name in EDITABLE_FIELDS}
    values.update(
        byline=("Ann; Bo", "", 'Cé "Dee"\0'),
        keywords=("fire", "hills, night", "[x]"),
        date_created="2025-06",
        caption_languages={"x-default": "caption", "fr": "légende"},
        conflicts=(Conflict("caption", {"iptc": "a", "xmp": "b"}, "iptc"),),
        exif=ExifData(datetime_original="2025:06:01 10:00:00", artist="Ann"),
        width=2400,
        height=1600,
    )
    values.update(overrides)
    return PhotoMetadata(path=path, format="JPEG", **values)


@pytest.mark.parametrize(
    "overrides",
    [{}, {name: None if name == "date_created" else EMPTY[name] for name in EDITABLE_FIELDS}],
    ids=["every field", "empty fields"],
)
def test_a_record_round_trips_through_the_transfer_unchanged(tmp_path, overrides):
    record = _record(tmp_path / "a.jpg", **overrides)
    sent = scan_file(str(record.path), lambda _path: record, None)
    scanned = unpack(Seen(str(record.path), 10, 20, False), pickle.loads(pickle.dumps(sent)))

    assert scanned.fields == from_record(record)
    assert scanned.facts == encode_facts(record)
    assert (scanned.format, scanned.image_hash) == ("JPEG", "")
    values, changes = scanned.columns
    for name, text in zip(EDITABLE_FIELDS, values, strict=True):  # the stored column texts
        value = from_record(record)[name]
        assert text == (
            json.dumps(list(value), ensure_ascii=False) if name in LIST_FIELDS else value
        )
    expected = {  # the import revision: every non-empty field, from its empty value
        name: [list(EMPTY[name]) if name in LIST_FIELDS else "", _json(value)]
        for name, value in from_record(record).items()
        if value
    }
    assert json.loads(changes) == expected
    assert list(json.loads(changes)) == [n for n in EDITABLE_FIELDS if n in expected]  # order


def _json(value):
    return list(value) if isinstance(value, tuple) else value


def test_columns_decode_back_to_the_fields():
    fields = from_record(_record(Path("/x.jpg")))
    assert fields_of_columns(import_columns(fields)[0]) == fields


def test_an_unreadable_file_or_picture_sends_its_reason(tmp_path):
    bad = PhotoMetadata(path=tmp_path / "a.jpg", error="truncated JPEG")
    seen = Seen(str(bad.path), 1, 2)
    problem = unpack(seen, scan_file(seen.path, lambda _p: bad, None))
    assert (problem.path, problem.reason) == (bad.path, "truncated JPEG")

    def no_hash(_path: str) -> str:
        raise OSError("gone")

    sent = scan_file(seen.path, lambda _p: _record(tmp_path / "a.jpg"), no_hash)
    assert unpack(seen, sent).reason == "cannot identify the image data: gone"


def test_the_transfer_is_plain_text_in_tuples(tmp_path):
    # pickled and unpickled for every file: no class to look up, no dict to rebuild
    record = _record(tmp_path / "a.jpg")
    sent = scan_file(str(record.path), lambda _path: record, None)
    assert b"editor_app" not in pickle.dumps(sent)
    assert all(isinstance(part, str) for part in _flat(sent))


def _flat(value):
    if isinstance(value, tuple):
        for part in value:
            yield from _flat(part)
    else:
        yield value
