"""Caption templates over real-looking wire captions: replace, append, every variable, problems."""

from pathlib import Path

import pytest

from editor_app.captions.codes import parse_codes
from editor_app.captions.templates import (
    ProblemKind,
    TemplateError,
    apply_template,
    load_template,
    parse_template,
    template_from_json,
    variable_values,
)
from editor_app.metadata.record import ExifData, PhotoMetadata

G7 = """
name = "G7 Hiroshima"

[set]
headline = "G7 summit"
city = "Hiroshima"
keywords = ["G7", "SUMMIT"]

[append]
caption = " in {city}, {country}, {date}. REUTERS/{photographer}"
"""

SUMMIT = PhotoMetadata(
    path=Path("/wire/2023-05-19/RC2LQ0AX.jpg"),
    caption="U.S. President Joe Biden and Japan's Prime Minister Fumio Kishida meet",
    headline="",
    byline=("Kim Kyung-Hoon",),
    credit="REUTERS",
    city="",
    state="Hiroshima Prefecture",
    country="Japan",
    country_code="JPN",
    sublocation="Grand Prince Hotel",
    keywords=("POLITICS",),
    exif=ExifData(make="NIKON CORPORATION", model="NIKON Z 9",
                  datetime_original="2023-05-19T14:03:21+09:00"),
)  # fmt: skip


def test_set_replaces_and_append_adds_filled_per_photo():
    result = apply_template(parse_template(G7), SUMMIT)
    assert result.ok, result.problems
    assert dict(result.changes) == {
        "headline": "G7 summit",
        "city": "Hiroshima",
        "keywords": ("G7", "SUMMIT"),  # [set] replaces the list
        "caption": "U.S. President Joe Biden and Japan's Prime Minister Fumio Kishida meet in "
        "Hiroshima, Japan, May 19, 2023. REUTERS/Kim Kyung-Hoon",
    }


def test_variables_see_plain_set_values_but_not_filled_ones():
    # a plain [set] value feeds its variable; one that holds variables itself does not, so a
    # field that reads itself ("{headline} - update") reads the photo's own value once
    template = parse_template(
        'name = "t"\n[set]\ncity = "Hiroshima"\nheadline = "{headline} update"\n'
        'country = "{country_code}"\ncaption = "In {city}, {country} ({headline})."'
    )
    record = PhotoMetadata(path=Path("a.jpg"), headline="Summit", country="Japan",
                           country_code="JPN")  # fmt: skip
    result = apply_template(template, record)
    assert result.ok
    assert result.changes["caption"] == "In Hiroshima, Japan (Summit)."
    assert result.changes["headline"] == "Summit update"
    assert result.changes["country"] == "JPN"


def test_every_variable():
    text = " | ".join(
        f"{{{name}}}"
        for name in (
            "city", "state", "country", "country_code", "sublocation", "headline",
            "photographer", "byline", "credit", "agency", "camera", "filename", "date", "dow",
            "mnap", "year",
        )
    ) + " | {date:%Y-%m-%d %H:%M} | {date:%A %d %B}"  # fmt: skip
    record = PhotoMetadata(
        path=SUMMIT.path,
        **{**_fields(SUMMIT), "city": "Hiroshima", "headline": "G7 summit"},
    )
    result = apply_template(parse_template(f'name = "all"\n[set]\ncaption = "{text}"'), record)
    assert result.ok, result.problems
    assert result.changes["caption"].split(" | ") == [
        "Hiroshima",
        "Hiroshima Prefecture",
        "Japan",
        "JPN",
        "Grand Prince Hotel",
        "G7 summit",
        "Kim Kyung-Hoon",
        "Kim Kyung-Hoon",
        "REUTERS",
        "Reuters",
        "NIKON CORPORATION NIKON Z 9",
        "RC2LQ0AX.jpg",
        "May 19, 2023",
        "Friday",
        "May",
        "2023",
        "2023-05-19 14:03",  # the camera's local time, as the caption states it
        "Friday 19 May",
    ]


@pytest.mark.parametrize(
    ("month", "ap", "reuters"),
    [
        (1, "Jan.", "January 20, 2024"),
        (2, "Feb.", "February 20, 2024"),
        (3, "March", "March 20, 2024"),
        (4, "April", "April 20, 2024"),
        (5, "May", "May 20, 2024"),
        (6, "June", "June 20, 2024"),
        (7, "July", "July 20, 2024"),
        (8, "Aug.", "August 20, 2024"),
        (9, "Sept.", "September 20, 2024"),
        (10, "Oct.", "October 20, 2024"),
        (11, "Nov.", "November 20, 2024"),
        (12, "Dec.", "December 20, 2024"),
    ],
)
def test_mnap_is_the_ap_month_and_date_the_desk_style(month, ap, reuters):
    record = PhotoMetadata(path=Path("a.jpg"), date_created=f"2024-{month:02d}-20")
    assert variable_values(record)["mnap"] == ap
    assert variable_values(record)["date"] == reuters
    template = parse_template('name = "d"\n[set]\ncaption = "{date}"')
    assert apply_template(template, record, date_style="ap").changes["caption"] == (
        f"{ap} 20, 2024"
    )
    assert apply_template(template, record, date_style="day-month").changes["caption"] == (
        reuters.replace(f"{reuters.split()[0]} 20,", f"20 {reuters.split()[0]}")
    )


def test_capture_date_prefers_the_camera_then_date_created():
    record = PhotoMetadata(path=Path("a.jpg"), date_created="2024-11-20")
    assert variable_values(record)["dow"] == "Wednesday"
    camera = PhotoMetadata(
        path=Path("a.jpg"), date_created="2024-11-20",
        exif=ExifData(datetime_original="2024-11-19T23:50:00"),
    )  # fmt: skip
    assert variable_values(camera)["date"] == "November 19, 2024"


def test_missing_values_and_unknown_variables_are_reported_never_left_in_braces():
    template = parse_template(
        'name = "t"\n[set]\nheadline = "{sublocation}"\n'
        '[append]\ncaption = " {city} {venue} {dow} {camera} {date:%d}"'
    )
    bare = PhotoMetadata(path=Path("/in/bare.jpg"), caption="Fans cheer.")
    result = apply_template(template, bare)
    assert "{" not in result.changes["caption"] and "}" not in result.changes["caption"]
    assert result.changes["headline"] == ""
    found = [(p.kind, p.field, p.item) for p in result.problems]
    assert found == [
        (ProblemKind.MISSING_VALUE, "headline", "{sublocation}"),
        (ProblemKind.MISSING_VALUE, "caption", "{city}"),
        (ProblemKind.UNKNOWN_VARIABLE, "caption", "{venue}"),
        (ProblemKind.MISSING_VALUE, "caption", "{dow}"),
        (ProblemKind.MISSING_VALUE, "caption", "{camera}"),
        (ProblemKind.MISSING_VALUE, "caption", "{date:%d}"),
    ]
    assert str(result.problems[0]) == "headline: {sublocation} has no value for bare.jpg"
    assert "known: city, state" in str(result.problems[2])


def test_doubled_braces_are_literal_and_a_lone_brace_is_reported():
    template = parse_template('name = "t"\n[set]\ncaption = "{{city}} in {city}, a } and {"')
    result = apply_template(template, SUMMIT.__class__(path=Path("a.jpg"), city="Lyon"))
    assert result.changes["caption"] == "{city} in Lyon, a  and "
    assert [(p.kind, p.item) for p in result.problems] == [
        (ProblemKind.BAD_BRACE, "}"),
        (ProblemKind.BAD_BRACE, "{"),
    ]


def test_codes_expand_in_templates_before_variables():
    codes = parse_codes("kk\tKim Kyung-Hoon\nbiden\tU.S. President Joe Biden\n")
    template = parse_template(
        'name = "t"\n[set]\ncaption = "=biden= waves in {country}. REUTERS/=kk= =nope="'
    )
    result = apply_template(template, SUMMIT, codes=codes)
    assert result.changes["caption"] == (
        "U.S. President Joe Biden waves in Japan. REUTERS/Kim Kyung-Hoon =nope="
    )
    assert [(p.kind, p.item) for p in result.problems] == [(ProblemKind.UNKNOWN_CODE, "=nope=")]


def test_append_to_an_empty_field_has_no_leading_space_and_lists_gain_new_items():
    template = parse_template(
        'name = "t"\n[append]\ncaption = " in {country}."\nkeywords = ["G7", "POLITICS"]\n'
        'byline = "{credit}"'
    )
    empty = PhotoMetadata(path=Path("a.jpg"), country="Japan", credit="REUTERS",
                          keywords=("POLITICS",))  # fmt: skip
    changes = apply_template(template, empty).changes
    assert changes["caption"] == "in Japan."
    assert changes["keywords"] == ("POLITICS", "G7")
    assert changes["byline"] == ("REUTERS",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[set]\ncaption = 'x'", "needs a top-level name"),
        ("name = 'x'\n[set]\nlocation = 'x'", "location: no such field"),
        ("name = 'x'\n[set]\ncaption = 3", "caption: must be a text in quotes"),
        ("name = 'x'\n[set]\ncaption = ['a', 'b']", "one text, not a list"),
        ("name = 'x'\n[append]\ndate_created = '{date}'", "a date cannot be appended to"),
        ("name = 'x'\n[sets]\ncaption = 'x'", "unknown key 'sets'"),
        ("name = 'x'", "sets no field"),
        ("name = 'x'\n[set\n", "not valid TOML"),
    ],
)
def test_bad_template_files_are_refused_with_a_reason(text, message):
    with pytest.raises(TemplateError, match=message):
        parse_template(text, "g7.toml")


def test_hyphenated_field_names_and_json_round_trip(tmp_path):
    path = tmp_path / "g7.toml"
    path.write_text(G7 + 'country-code = "JPN"\n', encoding="utf-8")
    template = load_template(path)
    assert template.append["country_code"] == "JPN"
    assert set(template.fields) == {"headline", "caption", "city", "country_code", "keywords"}
    assert template_from_json(template.name, template.as_json()) == template
    only = template.only({"headline"})
    assert dict(only.set) == {"headline": "G7 summit"} and not only.append


def test_set_date_created_from_the_capture_time():
    template = parse_template('name = "t"\n[set]\ndate_created = "{date:%Y-%m-%d}"')
    assert apply_template(template, SUMMIT).changes["date_created"] == "2023-05-19"


def _fields(record: PhotoMetadata) -> dict:
    return {
        name: getattr(record, name)
        for name in ("caption", "byline", "credit", "state", "country", "country_code",
                     "sublocation", "keywords", "exif")
    }  # fmt: skip
