"""Drafts and the rules of typing on several photos, without a window (ops/drafts.py)."""

from pathlib import Path

import pytest

from editor_app.metadata.record import ExifData, PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.ops.drafts import (
    Drafts,
    capture_times,
    code_for_country,
    country_for_code,
    current_value,
    list_value,
    typed_after,
    typed_over_several,
)


def photo(key: int, taken: str | None = None, **fields) -> DeskPhoto:
    record = PhotoMetadata(
        path=Path(f"/desk/{key}.jpg"), exif=ExifData(datetime_original=taken), **fields
    )
    return DeskPhoto(key, record)


def test_a_draft_is_what_differs_from_the_saved_value():
    drafts, one = Drafts(), photo(1, caption="Fans cheer.")
    drafts.set(one, "caption", "Fans cheer in Rome.")
    assert drafts.of(1) == {"caption": "Fans cheer in Rome."} and drafts.keys() == [1]
    assert current_value(one, drafts, "caption") == "Fans cheer in Rome."
    drafts.set(one, "caption", "Fans cheer.")  # typed back to what is saved: no draft
    assert not drafts and drafts.of(1) == {}
    assert current_value(one, drafts, "caption") == "Fans cheer."
    assert current_value(one, drafts, "headline") == ""


def test_text_typed_back_while_a_save_runs_is_still_a_draft():
    drafts, one = Drafts(), photo(1, caption="Old.")
    drafts.sending({1: {"caption": "New."}})
    drafts.set(one, "caption", "Old.")  # the file is about to hold "New.": "Old." differs
    assert drafts.of(1) == {"caption": "Old."}
    drafts.sent({1: {"caption": "New."}})
    drafts.set(one, "caption", "Old.")
    assert not drafts


def test_a_save_drops_only_the_drafts_it_holds():
    drafts, one = Drafts(), photo(1)
    drafts.set(one, "caption", "Fans cheer. And more")
    drafts.set(one, "headline", "Final")
    drafts.drop_saved(1, {"caption": "Fans cheer.", "headline": "Final"})
    assert drafts.of(1) == {"caption": "Fans cheer. And more"}  # typed after the save was sent


def test_emptying_a_field_of_several_values_leaves_each_photo_its_own():
    own = {1: "Fans cheer.", 2: "Police stand guard."}
    assert typed_over_several("caption", "", own) == own
    assert typed_over_several("keywords", (), {1: ("a",), 2: ()}) == {1: ("a",), 2: ()}


def test_keywords_typed_over_several_values_are_added_to_each_photos_own():
    own = {1: ("animals", "France"), 2: (), 3: ""}
    assert typed_over_several("keywords", ("France", "zoo"), own) == {
        1: ("animals", "France", "zoo"),
        2: ("France", "zoo"),
        3: ("France", "zoo"),
    }


def test_other_fields_typed_over_several_values_take_what_was_typed():
    assert typed_over_several("caption", "One caption.", {1: "a", 2: "b"}) is None
    assert typed_over_several("byline", ("Ann Lee",), {1: (), 2: ("Bo",)}) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [("Germany", "DEU"), (" Italy ", "ITA"), ("Ca", None), ("Ita", None), ("Catalonia", None)],
)
def test_a_country_code_comes_from_a_whole_name_only(typed, code):
    assert code_for_country(typed) == code


@pytest.mark.parametrize(("typed", "name"), [("ITA", "Italy"), ("IT", None), ("ITAL", None)])
def test_a_country_comes_from_a_three_letter_code(typed, name):
    assert country_for_code(typed) == name


def test_each_photo_takes_its_own_capture_time():
    photos = [photo(1, "2024-11-20T10:00:00"), photo(2), photo(3, "2024-11-21T09:30:00")]
    assert capture_times(photos) == {1: "2024-11-20T10:00:00", 3: "2024-11-21T09:30:00"}


def test_a_list_field_as_typed():
    assert list_value(" Ann Lee; Bo Chan ;; ") == ("Ann Lee", "Bo Chan")
    assert list_value("") == ()


@pytest.mark.parametrize(
    ("draft", "sent", "after"),
    [
        ("Fans cheer. Police", "Fans cheer.", " Police"),  # typed on while it was saved
        ("Fans cheer.", "Fans cheer.", ""),
        ("Fans sing. Police", "Fans cheer.", ""),  # edited elsewhere: stays on this photo
        (None, "Fans cheer.", ""),
        ("Fans cheer. Police", None, ""),
    ],
)
def test_what_was_typed_after_a_saved_caption(draft, sent, after):
    assert typed_after(draft, sent) == after
