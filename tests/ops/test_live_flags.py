"""The window's live checker and the desk's names, without a window."""

from pathlib import Path

from editor_app import paths
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.ops.live_flags import LiveChecker, add_desk_name
from editor_app.settings import DESK_NAMES_FILE, DeskSettings, settings_for

CAPTION = "Firefighters clean up a market after the storm in Lima, Peru, November 2, 2024."


def _photo(key: int, caption: str) -> DeskPhoto:
    return DeskPhoto(key, PhotoMetadata(path=Path(f"/desk/{key}.jpg"), caption=caption))


def test_the_credit_choices_put_the_desks_own_agency_first():
    assert LiveChecker([], DeskSettings(agency="AP")).credits[0] == "AP Photo"
    credits = LiveChecker([], DeskSettings()).credits
    assert credits[0] == "REUTERS"
    assert len(credits) == len(set(credits))


def test_the_credit_offers_put_this_photos_photographer_credits_first():
    checker = LiveChecker([], DeskSettings(agency="AP"))
    jane = PhotoMetadata(path=Path("/desk/1.jpg"), byline=("Jane Smith", "Bo Chan"))
    offers = checker.credit_offers([jane])
    assert offers[:3] == ["AP Photo/Jane Smith", "AP Photo/Bo Chan", "AP Photo"]
    assert offers[2:] == checker.credits
    assert checker.credit_offers([]) == checker.credits


def test_an_update_returns_the_changed_findings_of_the_photo_and_its_duplicate_partner():
    checker = LiveChecker([_photo(1, "A cat sleeps."), _photo(2, CAPTION)], DeskSettings())
    changed = checker.update({1: PhotoMetadata(path=Path("/desk/1.jpg"), caption=CAPTION)})
    assert set(changed) == {1, 2}
    for key in (1, 2):
        assert "duplicate-caption" in {f.rule for f in changed[key]}


def test_a_name_added_to_the_desk_is_known_to_every_later_settings(tmp_path):
    assert settings_for(None, tmp_path).spelling_names == ()
    target = add_desk_name("Zorblat")
    add_desk_name("Zorblat")  # once only
    add_desk_name("  ")  # nothing
    assert target == paths.config_dir() / DESK_NAMES_FILE
    assert target.read_text(encoding="utf-8") == "Zorblat\n"
    assert settings_for(None, tmp_path).spelling_names == ("Zorblat",)
    photo = _photo(1, "Volunteers feed a zorblat.")
    found = LiveChecker([photo], settings_for(None, tmp_path)).findings()
    assert "spelling" not in {f.rule for f in found.get(1, ())}
    assert "spelling" in {f.rule for f in LiveChecker([photo], DeskSettings()).findings()[1]}


def test_loading_the_checker_prepares_the_suggestions_of_the_word_lists_it_loaded():
    # the first typo typed after opening a folder must not wait ~0.1 s for the alphabet
    from editor_app.captions.dictionary import dictionary

    english = dictionary("en")
    english.__dict__.pop("_letters", None)  # as right after a fresh load
    LiveChecker([_photo(1, CAPTION)], DeskSettings(spelling_language="en"))
    assert "_letters" in english.__dict__
    assert english.suggest("stadum") == ("stadium",)


def test_a_checker_built_without_suggestions_leaves_them_to_its_caller():
    # the window shows the badges first and prepares the suggestions after (folder_load)
    from editor_app.captions.dictionary import dictionary

    english = dictionary("en")
    english.__dict__.pop("_letters", None)
    checker = LiveChecker(
        [_photo(1, CAPTION)], DeskSettings(spelling_language="en"), suggestions=False
    )
    assert "_letters" not in english.__dict__
    checker.prepare_suggestions()
    assert "_letters" in english.__dict__
