"""caption-desk.toml: defaults, every key, clear errors, and where the file is found."""

import pytest

from editor_app import paths
from editor_app.errors import ConfigError
from editor_app.settings import (
    AgencyConfig,
    DeskSettings,
    WeekdayPolicy,
    find_config,
    load_settings,
    settings_for,
)

EXAMPLE = """\
agency = "AP"
credit-patterns = ['^\\(AP Photo/[A-Z][a-z]+ [A-Z][a-z]+\\)$']
required-fields = ["caption", "credit", "byline", "city"]
conflict-fields = ["caption", "credit"]

[dates]
tolerance-days = 2
weekday = "recent"
weekday-recent-days = 7

[near-duplicate]
threshold = 0.85
min-words = 6

[rules]
ignore = ["iim-too-long"]

[rules.severity]
credit-format = "warning"
missing-field = "off"

[agencies."Agencia Uno"]
lead = "AGENCIA UNO"
aliases = ["Agencia 1"]

[agencies.Reuters]
misspellings = ["Reuterz"]
"""


def _write(folder, text, name="caption-desk.toml"):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_defaults_are_a_reuters_desk():
    s = DeskSettings()
    assert (s.agency, s.weekday_policy, s.date_tolerance_days) == (
        "Reuters",
        WeekdayPolicy.NEVER,
        1,
    )
    assert (s.near_duplicate_threshold, s.near_duplicate_min_words) == (0.8, 8)


def test_every_key_of_the_example(tmp_path):
    s = load_settings(_write(tmp_path, EXAMPLE))
    assert s.agency == "AP"
    assert s.credit_patterns[0].fullmatch("(AP Photo/Jane Doe)")
    assert s.required_fields == ("caption", "credit", "byline", "city")
    assert s.conflict_fields == ("caption", "credit")
    assert (s.date_tolerance_days, s.weekday_policy, s.weekday_recent_days) == (
        2,
        WeekdayPolicy.RECENT,
        7,
    )
    assert (s.near_duplicate_threshold, s.near_duplicate_min_words) == (0.85, 6)
    assert s.ignore == ("iim-too-long",) and s.select == ()
    assert dict(s.severities) == {"credit-format": "warning", "missing-field": "off"}
    assert s.agencies == (
        AgencyConfig("Agencia Uno", lead="AGENCIA UNO", aliases=("Agencia 1",)),
        AgencyConfig("Reuters", misspellings=("Reuterz",)),
    )
    assert s.source == tmp_path / "caption-desk.toml"


def test_unknown_keys_and_bad_values_are_all_reported(tmp_path):
    path = _write(
        tmp_path,
        """\
agnecy = "AP"
required-fields = ["caption", "colour"]
[dates]
weekday = "sometimes"
tolerance-days = -1
[near-duplicate]
threshold = 1.5
[rules]
select = "duplicate-caption"
[rules.severity]
credit-format = "fatal"
[agencies]
Bad = "x"
""",
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    lines = str(raised.value).splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines)
    problems = [line.removeprefix(f"{path}: ") for line in lines]
    assert problems == [
        "unknown key agnecy (did you mean agency?)",
        "required-fields: unknown field colour; known: byline, caption, caption_writer, city, "
        "copyright, country, country_code, credit, date_created, headline, instructions, "
        "keywords, source, state, sublocation, title, transmission_reference",
        "[dates] weekday: 'sometimes' is not one of never, recent, ignore",
        "[dates] tolerance-days: must be a whole number of 0 or more, not -1",
        "[near-duplicate] threshold: must be a number above 0 and at most 1, not 1.5",
        "[rules] select: must be a list of strings",
        "[rules.severity] credit-format: 'fatal' is not one of error, warning, off",
        "[agencies] Bad: must be a table, like [agencies.Bad]",
    ]


def test_a_section_that_is_not_a_table(tmp_path):
    with pytest.raises(ConfigError, match=r"'dates' must be a table, like \[dates\]$"):
        load_settings(_write(tmp_path, 'dates = "soon"\n'))


def test_broken_toml_and_bad_patterns(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(_write(tmp_path, "agency = \n"))
    with pytest.raises(ConfigError, match="credit-patterns: "):
        load_settings(_write(tmp_path, "credit-patterns = ['(']\n"))


def test_the_config_is_found_in_the_folder_or_its_parents(tmp_path):
    photos = tmp_path / "desk" / "today" / "photos"
    photos.mkdir(parents=True)
    assert find_config(photos) is None
    user = paths.config_dir() / "caption-desk.toml"
    user.parent.mkdir(parents=True)
    user.write_text('agency = "AFP"\n')
    assert find_config(photos) == user
    desk = _write(tmp_path / "desk", 'agency = "AP"\n')
    assert find_config(photos) == desk
    assert find_config(photos / "one.jpg") == desk
    nearest = _write(photos, "")
    assert find_config(photos) == nearest
    assert settings_for(None, photos / "one.jpg") == DeskSettings(source=nearest)


def test_an_explicit_config_wins_and_must_exist(tmp_path):
    _write(tmp_path, 'agency = "AP"\n')
    explicit = _write(tmp_path, 'agency = "AFP"\n', "other.toml")
    assert settings_for(explicit, tmp_path).agency == "AFP"
    assert settings_for(None, tmp_path).agency == "AP"
    with pytest.raises(ConfigError, match="the config file does not exist"):
        settings_for(tmp_path / "missing.toml", tmp_path)


def test_the_spelling_section(tmp_path):
    (tmp_path / "names.txt").write_text("# our photographers\nAkhtar Soomro\n\n", encoding="utf-8")
    (tmp_path / "allow.txt").write_text("fotog\n", encoding="utf-8")
    (tmp_path / "codes.txt").write_text("=as\tAkhtar Soomro\tSoomro\n=pm\tPrime Minister\n")
    s = load_settings(
        _write(
            tmp_path,
            """\
[spelling]
language = "fr"
languages = ["fr", "en"]
names = ["Ludovic Marin"]
names-file = "names.txt"
allow = ["photocall"]
allow-file = "allow.txt"
code-replacements = "codes.txt"
""",
        )
    )
    assert (s.spelling_language, s.spelling_languages) == ("fr", ("fr", "en"))
    assert s.spelling_names == (
        "Ludovic Marin",
        "Akhtar Soomro",
        "Akhtar Soomro",
        "Soomro",
        "Prime Minister",
    )
    assert s.spelling_allow == ("photocall", "fotog")
    default = DeskSettings()
    assert (default.spelling_language, default.spelling_languages[0]) == ("auto", "en")
    assert default.spelling_names == default.spelling_allow == ()


def test_bad_spelling_settings_are_all_reported(tmp_path):
    path = _write(
        tmp_path,
        """\
[spelling]
language = "klingon"
languages = []
names-file = "missing.txt"
alow = ["x"]
""",
    )
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    problems = [line.removeprefix(f"{path}: ") for line in str(raised.value).splitlines()]
    assert problems == [
        "[spelling] language: 'klingon' is not one of auto, en, fr, es, pt, de, it, nl",
        "[spelling] languages: must list some of en, fr, es, pt, de, it, nl",
        f"[spelling] names-file: cannot read {tmp_path / 'missing.txt'} (FileNotFoundError)",
        "unknown key [spelling] alow (did you mean allow?)",
    ]
