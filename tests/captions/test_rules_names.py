"""The name-spelling rule: near misses of the desk's names (list and code files) are flagged."""

from editor_app.captions.findings import Severity
from editor_app.captions.rules.names import NameIndex, near_misses
from editor_app.settings import DeskSettings, parse_settings
from tests.captions.photos import findings_of, messages, record

NAMES = DeskSettings(
    spelling_names=(
        "Aaron Rodgers",
        "U.S. President Joe Biden",
        "Leah Millis",
        "Kylian Mbappé",
        "Jan Smith",
    )
)
CAPTION = (
    "New York Jets quarterback Aaron Rogers throws a pass as Aaron Rodgers's coach looks on "
    "in East Rutherford, New Jersey, U.S., November 20, 2024. REUTERS/Leah Millis"
)


def test_a_near_miss_is_flagged_with_the_listed_spelling():
    (finding,) = findings_of("name-spelling", record(caption=CAPTION), settings=NAMES)
    assert finding.severity is Severity.WARNING
    assert finding.message == '"Aaron Rogers" may be misspelt: the names list has "Aaron Rodgers".'


def test_caption_then_headline_one_finding_per_spelling():
    photo = record(
        caption="President Joe Bidden meets Kylian Mbape. Joe Bidden waves.",
        headline="Bidden, Mbappe and Aaron Rodgres",
    )
    assert messages("name-spelling", photo, settings=NAMES) == [
        '"President Joe Bidden" may be misspelt: the names list has "President Joe Biden".',
        '"Kylian Mbape" may be misspelt: the names list has "Kylian Mbappé".',
        '"Joe Bidden" may be misspelt: the names list has "Joe Biden".',
        '"Aaron Rodgres" may be misspelt: the names list has "Aaron Rodgers".',
    ]


def test_listed_names_other_people_and_short_names_pass():
    caption = (
        "Aaron Rodgers, Leah Millis, Kylian Mbappe (accents aside), Aaron Jones "
        "and Joan Smith (not Jan Smith) at Jets Stadium."
    )
    assert messages("name-spelling", record(caption=caption), settings=NAMES) == []
    assert messages("name-spelling", record(caption=CAPTION)) == []  # no names list: nothing


def test_code_files_feed_the_names(tmp_path):
    codes = tmp_path / "jets.txt"
    codes.write_text("// Jets\nar8\tAaron Rodgers\tRodgers\n", encoding="utf-8")
    settings = parse_settings({"spelling": {"code-replacements": str(codes)}}, tmp_path / "x")
    assert messages("name-spelling", record(caption=CAPTION), settings=settings) == [
        '"Aaron Rogers" may be misspelt: the names list has "Aaron Rodgers".'
    ]


def test_near_misses_skip_runs_that_are_listed():
    index = NameIndex.of(["Leah Millis", "Aaron Rodgers"])
    assert list(near_misses("Leah Millis Aaron Rodgerz", index)) == [
        ("Aaron Rodgerz", "Aaron Rodgers")
    ]
