"""validate(): rule selection, severities from the config, order, errors for unknown ids."""

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import MappingProxyType

import pytest

from editor_app.captions.findings import Finding, Severity
from editor_app.captions.report import render, summary
from editor_app.captions.rules import RULE_ORDER, all_rules
from editor_app.captions.validate import active_rules, validate
from editor_app.errors import ConfigError
from editor_app.metadata.record import failed
from editor_app.settings import DeskSettings
from tests.captions.photos import TODAY, record

REQUIRED = (
    "unreadable-file",
    "missing-caption",
    "placeholder-text",
    "duplicate-caption",
    "near-duplicate-caption",
    "missing-credit",
    "credit-format",
    "credit-byline-mismatch",
    "caption-date-mismatch",
    "metadata-conflict",
)


def test_every_rule_the_issue_asks_for_is_registered_with_a_summary():
    rules = all_rules()
    assert set(REQUIRED) <= set(rules)
    assert list(rules) == [r for r in RULE_ORDER if r in rules]
    assert all(r.summary.endswith(".") and (r.check or r.check_batch) for r in rules.values())


def _bad_photo():
    return record(caption="XXXX in Rome.", taken="2024-11-20T10:00:00", byline=("Jane Doe",))


def test_findings_come_in_record_order_then_rule_order():
    photos = [_bad_photo(), failed(Path("b.jpg"), "empty file")]
    found = validate(photos, today=TODAY)
    assert [(f.path.name, f.rule) for f in found] == [
        ("a.jpg", "placeholder-text"),
        ("a.jpg", "missing-credit"),
        ("b.jpg", "unreadable-file"),
    ]


def test_select_ignore_and_severities():
    photo = _bad_photo()
    assert [f.rule for f in validate([photo], select=["missing-credit"])] == ["missing-credit"]
    assert [f.rule for f in validate([photo], ignore=["missing-credit"])] == ["placeholder-text"]
    settings = DeskSettings(
        ignore=("placeholder-text",), severities=MappingProxyType({"missing-credit": "warning"})
    )
    (only,) = validate([photo], settings)
    assert (only.rule, only.severity) == ("missing-credit", Severity.WARNING)
    off = DeskSettings(severities=MappingProxyType({"missing-credit": "off"}))
    assert [f.rule for f in validate([photo], off)] == ["placeholder-text"]
    # the command line's --select replaces the config's select
    config_select = DeskSettings(select=("missing-credit",))
    assert [f.rule for f in validate([photo], config_select)] == ["missing-credit"]
    assert [f.rule for f in validate([photo], config_select, select=["placeholder-text"])] == [
        "placeholder-text"
    ]


def test_unreadable_files_are_reported_whatever_is_selected_unless_ignored_by_name():
    bad = failed(Path("b.jpg"), "empty file")
    assert [f.rule for f in validate([bad], select=["missing-credit"])] == ["unreadable-file"]
    assert validate([bad], ignore=["unreadable-file"]) == []


@pytest.mark.parametrize(
    ("kwargs", "settings", "message"),
    [
        ({"select": ["missing-credti"]}, DeskSettings(), "--select: unknown rule missing-credti;"),
        ({"ignore": ["nope"]}, DeskSettings(), "--ignore: unknown rule nope;"),
        (
            {},
            DeskSettings(ignore=("nope",), source=Path("desk.toml")),
            "desk.toml: [rules] ignore: unknown rule nope;",
        ),
        (
            {},
            DeskSettings(severities=MappingProxyType({"nope": "error"})),
            "caption-desk.toml: [rules.severity]: unknown rule nope;",
        ),
        (
            {},
            DeskSettings(agency="Agencia Uno"),
            "caption-desk.toml: agency 'Agencia Uno' is not in the agency table; add it under",
        ),
    ],
)
def test_unknown_rule_ids_and_agencies_are_config_errors(kwargs, settings, message):
    with pytest.raises(ConfigError) as raised:
        validate([], settings, **kwargs)
    assert str(raised.value).startswith(message)


def test_active_rules_carry_the_configured_severity():
    settings = DeskSettings(severities=MappingProxyType({"near-duplicate-caption": "error"}))
    rules = {r.id: r for r in active_rules(settings)}
    assert rules["near-duplicate-caption"].severity is Severity.ERROR
    assert rules["credit-agency-unknown"].severity is Severity.WARNING


FINDINGS = [
    Finding("missing-credit", Severity.ERROR, Path("x/a.jpg"), 'No "credit", sorry.'),
    Finding("near-duplicate-caption", Severity.WARNING, Path("x/a.jpg"), "Near <b.jpg>."),
    Finding("missing-field", Severity.WARNING, Path("x/b.jpg"), "The by-line field is empty."),
]
PATHS = [Path("x/a.jpg"), Path("x/b.jpg"), Path("x/c.jpg")]


def test_json_is_the_public_contract():
    data = json.loads(render(FINDINGS, PATHS, "json"))
    assert data == {
        "files_checked": 3,
        "problems": [
            {
                "path": "x/a.jpg",
                "rule": "missing-credit",
                "severity": "error",
                "message": 'No "credit", sorry.',
            },
            {
                "path": "x/a.jpg",
                "rule": "near-duplicate-caption",
                "severity": "warning",
                "message": "Near <b.jpg>.",
            },
            {
                "path": "x/b.jpg",
                "rule": "missing-field",
                "severity": "warning",
                "message": "The by-line field is empty.",
            },
        ],
    }


def test_csv_has_one_problem_per_row():
    rows = list(csv.reader(io.StringIO(render(FINDINGS, PATHS, "csv"))))
    assert rows[0] == ["path", "rule", "severity", "message"]
    assert rows[1] == ["x/a.jpg", "missing-credit", "error", 'No "credit", sorry.']
    assert len(rows) == 4


def test_junit_has_a_testcase_per_file_and_a_failure_per_problem():
    root = ET.fromstring(render(FINDINGS, PATHS, "junit"))
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == ["x/a.jpg", "x/b.jpg", "x/c.jpg"]
    failures = cases["x/a.jpg"].findall("failure")
    assert [(f.get("type"), f.get("message")) for f in failures] == [
        ("missing-credit", 'No "credit", sorry.'),
        ("near-duplicate-caption", "Near <b.jpg>."),
    ]
    assert cases["x/c.jpg"].findall("failure") == []


def test_text_groups_by_file_and_ends_with_a_summary():
    text = render(FINDINGS, PATHS, "text")
    assert text.splitlines() == [
        "x/a.jpg",
        '  error    missing-credit          No "credit", sorry.',
        "  warning  near-duplicate-caption  Near <b.jpg>.",
        "",
        "x/b.jpg",
        "  warning  missing-field           The by-line field is empty.",
        "",
        "3 problems (1 error, 2 warnings) in 2 of 3 files checked.",
    ]
    assert "\033[" not in text
    coloured = render(FINDINGS, PATHS, "text", colour=True)
    assert "\033[31merror  \033[0m" in coloured and "\033[1mx/a.jpg\033[0m" in coloured


def test_summary_without_problems():
    assert summary([], 1) == "No problems in 1 file checked."
    assert render([], [], "text") == "No problems in 0 files checked.\n"


def test_photos_with_one_caption_share_its_parts_and_another_table_reads_it_afresh():
    from editor_app.captions.agencies import DEFAULT_TABLE
    from editor_app.captions.rules import prepare
    from editor_app.settings import AgencyConfig
    from tests.captions.photos import record

    caption = "Crowds gather in Oslo, Norway, November 20, 2024. Kari Nordmann / NORDFOTO"
    one = prepare(record("a.jpg", caption=caption), DEFAULT_TABLE)
    two = prepare(record("b.jpg", caption=caption), DEFAULT_TABLE)
    assert (one.body, one.caption_credit, one.dates) == (two.body, two.caption_credit, two.dates)
    assert one.dates and one.dates[0] is two.dates[0]  # worked out once
    assert one.caption_credit is not None and not one.caption_credit.agencies
    nordic = DEFAULT_TABLE.extended([AgencyConfig("Nordfoto", lead="NORDFOTO", spaced_slash=True)])
    three = prepare(record("c.jpg", caption=caption), nordic)  # the desk's own agency: known
    assert three.caption_credit is not None and three.caption_credit.agency == "Nordfoto"
