"""The field table: one definition per field, and everything derived from it agrees."""

import dataclasses
import re
from pathlib import Path

import pytest

from editor_app.captions.validate import validate
from editor_app.catalog.models import FIELD_COLUMNS
from editor_app.cli import build_parser
from editor_app.commands.field_options import changes_from
from editor_app.metadata import fields
from editor_app.metadata.fields import FIELDS, Field, FieldKind
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.show import record_text
from editor_app.settings import DeskSettings, parse_settings

SCENE = Field(
    "scene", "Scene code", FieldKind.CODE, 55, "the IPTC scene code", "--scene", metavar="CODE"
)

# What the table replaced, spelled out once more: it must derive exactly these.
OLD_OPTIONS = {
    "--caption": ("caption", "T"),
    "--title": ("title", "T"),
    "--headline": ("headline", "T"),
    "--credit": ("credit", "T"),
    "--source": ("source", "T"),
    "--copyright": ("copyright", "T"),
    "--city": ("city", "T"),
    "--sublocation": ("sublocation", "T"),
    "--state": ("state", "T"),
    "--country": ("country", "T"),
    "--country-code": ("country_code", "T"),
    "--date-created": ("date_created", "T"),
    "--instructions": ("instructions", "T"),
    "--transmission-reference": ("transmission_reference", "T"),
    "--caption-writer": ("caption_writer", "T"),
    "--byline": ("byline", "NAME"),
    "--keyword": ("keywords", "K"),
}
OLD_IIM = {  # field: (dataset 2:nn, byte limit)
    "title": (5, 64),
    "keywords": (25, 64),
    "instructions": (40, 256),
    "byline": (80, 32),
    "city": (90, 32),
    "sublocation": (92, 32),
    "state": (95, 32),
    "country_code": (100, 3),
    "country": (101, 64),
    "transmission_reference": (103, 32),
    "headline": (105, 256),
    "credit": (110, 32),
    "source": (115, 32),
    "copyright": (116, 128),
    "caption": (120, 2000),
    "caption_writer": (122, 32),
}


def _set_parser():
    parser = build_parser("set")
    return next(a for a in parser._subparsers._group_actions if a.dest == "command").choices["set"]


def _field_actions(parser):
    return {a.option_strings[0]: a for a in parser._actions if a.option_strings}


def test_set_keeps_every_option_name_metavar_and_destination():
    actions = _field_actions(_set_parser())
    for option, (dest, metavar) in OLD_OPTIONS.items():
        assert (actions[option].dest, actions[option].metavar) == (dest, metavar), option


def test_list_options_repeat_and_others_take_one_value():
    args = _set_parser().parse_args(
        ["p.jpg", "--byline", "A", "--byline", "B", "--keyword", "k", "--caption", "C"]
    )
    assert changes_from(args) == {"byline": ["A", "B"], "keywords": ["k"], "caption": "C"}


def test_the_reader_and_writer_tables_are_unchanged():
    assert {k: (d.number, d.max_bytes) for k, d in fields.IIM_BY_FIELD.items()} == OLD_IIM
    assert all(d.repeatable == (d.field in ("byline", "keywords")) for d in fields.IIM_DATASETS)
    assert fields.EXIF_FIELDS == {"caption": 0x010E, "byline": 0x013B, "copyright": 0x8298}
    assert fields.XMP_BY_FIELD["byline"].kind == "seq"
    assert fields.XMP_BY_FIELD["caption"].kind == "alt"
    assert fields.EDITABLE_FIELDS[:3] == ("caption", "title", "headline")  # sheet column order
    assert fields.LIST_FIELDS == ("byline", "keywords")
    assert fields.DATE_FIELDS == ("date_created",)


def test_a_field_added_only_to_the_table_reaches_set_labels_and_settings(monkeypatch):
    monkeypatch.setattr(fields, "FIELDS", (*FIELDS, SCENE))
    parser = _set_parser()
    action = _field_actions(parser)["--scene"]
    assert (action.dest, action.metavar, action.help) == ("scene", "CODE", "the IPTC scene code")
    assert changes_from(parser.parse_args(["p.jpg", "--scene", "011900"])) == {"scene": "011900"}
    assert fields.label("scene") == "Scene code"
    assert fields.noun("scene") == "scene code"
    settings = parse_settings({"required-fields": ["caption", "scene"]})
    assert settings.required_fields == ("caption", "scene")
    order = [f.name for f in fields.editor_fields()]
    assert order.index("byline") < order.index("scene") < order.index("source")


def test_settings_refuse_a_name_the_table_does_not_have():
    with pytest.raises(Exception, match="unknown field scene"):
        parse_settings({"required-fields": ["scene"]})


def test_the_editor_order_is_the_desks_typing_order():
    labels = [f.label for f in fields.editor_fields()]
    desk = ["Headline", "Caption", "Credit", "By-line", "Source", "Copyright", "City"]
    desk += ["Sublocation", "State", "Country", "Country code", "Date created", "Keywords"]
    desk += ["Instructions", "Job id", "Caption writer"]
    assert [label for label in labels if label != "Title"] == desk


def test_the_editor_form_gets_label_kind_and_limit():
    by_name = {f.name: f for f in fields.editor_fields()}
    assert by_name["caption"].kind is FieldKind.MULTILINE
    assert by_name["caption"].max_bytes == 2000
    assert by_name["byline"].kind is FieldKind.LIST
    assert by_name["country_code"].kind is FieldKind.CODE
    assert by_name["date_created"].max_bytes is None  # IIM date and time are codes of their own


def test_every_field_has_a_record_attribute_and_a_catalog_column():
    attributes = {f.name for f in dataclasses.fields(PhotoMetadata)}
    assert set(fields.EDITABLE_FIELDS) <= attributes
    assert set(FIELD_COLUMNS) == set(fields.EDITABLE_FIELDS)


def test_names_labels_and_options_are_unique():
    for attribute in ("name", "label", "option", "order"):
        values = [getattr(f, attribute) for f in FIELDS]
        assert len(values) == len(set(values)), attribute


def _full_record() -> PhotoMetadata:
    values: dict[str, object] = {}
    for spec in FIELDS:
        values[spec.name] = (f"{spec.name} value",) if spec.is_list else f"{spec.name} value"
    values["date_created"] = "2024-11-20"
    return PhotoMetadata(path=Path("a.jpg"), format="JPEG", **values)  # type: ignore[arg-type]


def test_show_prints_the_tables_labels_in_the_editors_order():
    text = record_text(_full_record())
    shown = re.findall(r"^  ([A-Z][\w -]+):", text, flags=re.MULTILINE)
    assert shown == [f.label for f in fields.editor_fields()]


def test_the_rules_say_the_tables_label():
    settings = DeskSettings(required_fields=("state", "transmission_reference", "copyright"))
    found = validate(
        [PhotoMetadata(path=Path("a.jpg"), format="JPEG")], settings, select=("missing-field",)
    )
    assert sorted(f.message for f in found) == [
        "The copyright field is empty.",
        "The job id field is empty.",
        "The state field is empty.",
    ]


def test_the_caption_editor_is_built_from_the_table(qapp):
    from editor_app.ui.views.caption_editor_view import CaptionEditorView

    view = CaptionEditorView()
    assert list(view.inputs) == [f.name for f in fields.editor_fields()]
    assert [f.label for f in view.fields] == [f.label for f in fields.editor_fields()]
    assert "By-line" in [f.label for f in view.fields]


def test_the_documented_table_is_the_code():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "fields.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+) \| `(\w+)` \| ([\w-]+) \| ([^|]*) \| ([^|]*) \|", doc, re.M)
    documented = [(label, name, kind, iim, limit.strip()) for label, name, kind, iim, limit in rows]
    expected = [
        (
            f.label,
            f.name,
            f.kind.value,
            "2:55 + 2:60" if f.kind is FieldKind.DATE else f"2:{f.iim_dataset}",
            str(f.max_bytes or ""),
        )
        for f in fields.editor_fields()
    ]
    assert documented == expected
