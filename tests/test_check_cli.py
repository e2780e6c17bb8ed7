"""``caption-desk check`` through the real command line on fixture photos with planted problems:
the JSON contract, the other formats, exit codes, config discovery, progress, import hygiene."""

import csv
import io
import json
import os
import pty
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from editor_app.commands.progress_bar import TerminalProgress
from tests.captions.photos import build_desk

EXPECTED = [
    (
        "desk/badcredit.jpg",
        "credit-format",
        "error",
        'The credit "Reuters / abdul saboor" in the Credit field does not follow house style: it '
        'should open with "REUTERS", it has spaces around a slash and the name "abdul saboor" is '
        'not capitalised; write "REUTERS/Abdul Saboor".',
    ),
    (
        "desk/boilerplate.jpg",
        "missing-caption",
        "error",
        "The photo has no caption in IPTC, XMP or EXIF.",
    ),
    ("desk/broken.jpg", "unreadable-file", "error", None),
    (
        "desk/conflict.jpg",
        "metadata-conflict",
        "warning",
        "The caption differs between XMP and IPTC, so systems show different text (this report "
        "uses the XMP one).",
    ),
    ("desk/empty.jpg", "unreadable-file", "error", "The file could not be read: empty file."),
    (
        "desk/macron1.jpg",
        "near-duplicate-caption",
        "warning",
        "The caption is nearly the same as the one on macron2.jpg (1 word changed); was it copied "
        "onto the wrong photo?",
    ),
    (
        "desk/macron2.jpg",
        "near-duplicate-caption",
        "warning",
        "The caption is nearly the same as the one on macron1.jpg (1 word changed); was it copied "
        "onto the wrong photo?",
    ),
    (
        "desk/nocredit.jpg",
        "missing-credit",
        "error",
        "The photo has no credit line, neither in the Credit field nor at the caption's end.",
    ),
    (
        "desk/original.jpg",
        "duplicate-caption",
        "error",
        "The same caption is on 1 other photo: pasted.jpg.",
    ),
    (
        "desk/pasted.jpg",
        "duplicate-caption",
        "error",
        "The same caption is on 1 other photo: original.jpg.",
    ),
    (
        "desk/wrongdate.jpg",
        "caption-date-mismatch",
        "error",
        'The caption date "November 20, 2024" is 5 days before the capture date, '
        "November 25, 2024.",
    ),
    (
        "desk/sub/placeholder.jpg",
        "placeholder-text",
        "error",
        'The caption contains the placeholder "XXXX"; fill it in before publishing.',
    ),
]


@pytest.fixture(scope="module")
def workdir(exiftool, tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    build_desk(exiftool, root / "desk")
    return root


def check(workdir, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "editor_app.cli", "check", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        **kwargs,
    )


def test_json_lists_every_planted_problem_and_nothing_else(workdir):
    result = check(workdir, "--format", "json", "desk")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    data = json.loads(result.stdout)
    assert data["files_checked"] == 14
    got = [(p["path"], p["rule"], p["severity"], p["message"]) for p in data["problems"]]
    expected = [(*e[:3], got[i][3] if e[3] is None else e[3]) for i, e in enumerate(EXPECTED)]
    assert got == expected
    assert got[2][3].startswith("The file could not be read: ")
    assert all(set(p) == {"path", "rule", "severity", "message"} for p in data["problems"])


def test_warnings_alone_exit_0_and_a_clean_batch_says_so(workdir):
    warnings = check(workdir, "desk/macron1.jpg", "desk/macron2.jpg")
    assert warnings.returncode == 0
    assert warnings.stdout.endswith("2 problems (0 errors, 2 warnings) in 2 of 2 files checked.\n")
    clean = check(workdir, "desk/clean.jpg", "desk/event.jpg")
    assert (clean.returncode, clean.stdout) == (0, "No problems in 2 files checked.\n")


def test_select_and_ignore(workdir):
    only = json.loads(
        check(
            workdir, "--format", "json", "--select", "duplicate-caption,missing-credit", "desk"
        ).stdout
    )
    assert {p["rule"] for p in only["problems"]} == {
        "duplicate-caption",
        "missing-credit",
        "unreadable-file",
    }
    ignored = check(
        workdir, "--format", "json", "--ignore", "unreadable-file,credit-format", "desk"
    )
    rules = {p["rule"] for p in json.loads(ignored.stdout)["problems"]}
    assert "unreadable-file" not in rules and "credit-format" not in rules


def test_csv_and_junit(workdir):
    rows = list(csv.reader(io.StringIO(check(workdir, "--format", "csv", "desk").stdout)))
    assert rows[0] == ["path", "rule", "severity", "message"]
    assert [r[:3] for r in rows[1:]] == [list(e[:3]) for e in EXPECTED]
    root = ET.fromstring(check(workdir, "--format", "junit", "desk").stdout)
    cases = root.find("testsuite").findall("testcase")
    assert len(cases) == 14
    failed = {c.get("name"): [f.get("type") for f in c.findall("failure")] for c in cases}
    assert failed["desk/clean.jpg"] == [] and failed["desk/pasted.jpg"] == ["duplicate-caption"]


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (
            ["--select", "no-such-rule", "desk"],
            "caption-desk: --select: unknown rule no-such-rule; the rules are unreadable-file, ",
        ),
        (
            ["--config", "missing.toml", "desk"],
            "caption-desk: missing.toml: the config file does not exist",
        ),
        (["--format", "xml", "desk"], "usage: caption-desk check"),
        ([], "usage: caption-desk check"),
    ],
)
def test_usage_errors_exit_2(workdir, args, stderr):
    result = check(workdir, *args)
    assert result.returncode == 2
    assert stderr in result.stderr and result.stdout == ""


def test_the_config_next_to_the_photos_is_used(workdir, tmp_path):
    desk = tmp_path / "desk"
    for name in ("original.jpg", "pasted.jpg", "nocredit.jpg"):
        desk.mkdir(exist_ok=True)
        (desk / name).write_bytes((workdir / "desk" / name).read_bytes())
    (tmp_path / "caption-desk.toml").write_text(
        '[rules]\nignore = ["missing-credit"]\n[rules.severity]\nduplicate-caption = "warning"\n'
    )
    result = check(tmp_path, "--format", "json", "desk")
    assert result.returncode == 0, result.stderr
    problems = json.loads(result.stdout)["problems"]
    assert [(p["rule"], p["severity"]) for p in problems] == [("duplicate-caption", "warning")] * 2
    (tmp_path / "caption-desk.toml").write_text("[rules]\nignroe = []\n")
    broken = check(tmp_path, "desk")
    assert broken.returncode == 2
    assert "caption-desk.toml: unknown key [rules] ignroe (did you mean ignore?)" in broken.stderr


def test_a_progress_bar_only_on_a_terminal(workdir):
    leader, follower = pty.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "editor_app.cli", "check", "--format", "json", "desk"],
            cwd=workdir,
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
        )
        os.close(follower)
        output = os.read(leader, 65536).decode()
    finally:
        os.close(leader)
    assert result.returncode == 1
    assert "[" in output and "14/14" in output and output.endswith("\r\x1b[K")
    assert json.loads(result.stdout)["files_checked"] == 14  # stdout stays clean JSON


def test_terminal_progress_draws_and_throttles():
    out = io.StringIO()
    bar = TerminalProgress(out, width=10)
    bar(1, 4, "a.jpg")
    bar(2, 4, "b.jpg")  # within 0.1 s of the last: skipped
    bar(4, 4, "d.jpg")  # the last one is always drawn
    assert out.getvalue() == "\r[##........] 1/4 a.jpg\x1b[K\r[##########] 4/4 d.jpg\x1b[K"


def test_the_check_path_imports_neither_qt_nor_peewee(workdir):
    code = (
        "import argparse, sys\n"
        "from editor_app.commands import check\n"
        "args = argparse.Namespace(paths=['desk'], format='json', config=None, select=(),"
        " ignore=())\n"
        "check.run(args)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('PySide6', 'peewee', 'playhouse'))\n"
        "print(bad, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=workdir, capture_output=True, text=True, timeout=120
    )
    assert result.stderr.strip() == "[]"
    assert json.loads(result.stdout)["files_checked"] == 14
