"""check_paths: real files read (in worker processes for big batches), validated, in order."""

import os
import shutil
import time
from datetime import date

import pytest

from editor_app import parallel
from editor_app.captions.rules import all_rules
from editor_app.captions.validate import validate
from editor_app.metadata.io import read_photo
from editor_app.ops import read, read_along
from editor_app.ops.check import check_paths
from editor_app.ops.files import expand_paths
from editor_app.progress import Cancelled, CancelToken
from editor_app.settings import DeskSettings
from tests.captions.photos import PROTEST, build_desk, make_photo


@pytest.fixture(scope="module")
def desk(exiftool, tmp_path_factory):
    return build_desk(exiftool, tmp_path_factory.mktemp("check") / "desk")


def test_planted_problems_are_found_file_by_file(desk):
    report = check_paths([desk], DeskSettings())
    names = [p.relative_to(desk).as_posix() for p in report.paths]
    assert names == [  # the folder's files sorted, then its subfolders; no notes.txt
        "badcredit.jpg",
        "boilerplate.jpg",
        "broken.jpg",
        "clean.jpg",
        "conflict.jpg",
        "empty.jpg",
        "event.jpg",
        "macron1.jpg",
        "macron2.jpg",
        "nocredit.jpg",
        "original.jpg",
        "pasted.jpg",
        "wrongdate.jpg",
        "sub/placeholder.jpg",
    ]
    by_file = {}
    for f in report.findings:
        by_file.setdefault(f.path.relative_to(desk).as_posix(), []).append(f.rule)
    assert by_file == {
        "badcredit.jpg": ["credit-format"],
        "boilerplate.jpg": ["missing-caption"],
        "broken.jpg": ["unreadable-file"],
        "conflict.jpg": ["metadata-conflict"],
        "empty.jpg": ["unreadable-file"],
        "macron1.jpg": ["near-duplicate-caption"],
        "macron2.jpg": ["near-duplicate-caption"],
        "nocredit.jpg": ["missing-credit"],
        "original.jpg": ["duplicate-caption"],
        "pasted.jpg": ["duplicate-caption"],
        "wrongdate.jpg": ["caption-date-mismatch"],
        "sub/placeholder.jpg": ["placeholder-text"],
    }
    assert report.has_errors and report.files_checked == 14


def test_a_file_named_twice_is_checked_once_and_a_missing_one_is_a_finding(desk, tmp_path):
    clean = desk / "clean.jpg"
    report = check_paths([clean, clean, tmp_path / "gone.jpg"], DeskSettings())
    assert report.paths == (clean, tmp_path / "gone.jpg")
    (finding,) = report.findings
    assert (finding.rule, finding.path) == ("unreadable-file", tmp_path / "gone.jpg")
    assert finding.message.startswith("The file could not be read: ")


def test_warnings_alone_are_no_errors(desk):
    report = check_paths([desk / "macron1.jpg", desk / "macron2.jpg"], DeskSettings())
    assert len(report.findings) == 2 and not report.has_errors


def test_a_big_batch_read_by_two_processes_gives_the_sequential_result(exiftool, tmp_path):
    first = make_photo(
        exiftool,
        tmp_path,
        "f000.jpg",
        caption=PROTEST.format(subject="A"),
        credit="REUTERS/Abdul Saboor",
        taken="2024:11:20 10:00:00",
    )
    for n in range(1, 60):
        shutil.copy(first, tmp_path / f"f{n:03d}.jpg")
    (tmp_path / "f030.jpg").write_bytes(b"garbage")
    seen = []
    parallel = check_paths(
        [tmp_path],
        DeskSettings(),
        workers=2,
        progress=lambda done, total, label="": seen.append((done, total)),
    )
    sequential = check_paths([tmp_path], DeskSettings(), workers=1)
    assert parallel == sequential
    assert seen[-1] == (60, 60) and len(seen) == 60
    rules = [f.rule for f in parallel.findings]
    assert rules.count("unreadable-file") == 1 and rules.count("duplicate-caption") == 59


def test_cancelling_stops_the_batch(desk):
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        check_paths([desk], DeskSettings(), cancel=token)


# One more planted problem for each rule build_desk does not cover (with _EVERY_RULE's settings).
_MORE_PLANTS = {
    "unknown.jpg": {
        "caption": PROTEST.format(subject="A man").replace("REUTERS", "Acme Pix"),
        "credit": "Acme Pix/Abdul Saboor",
    },
    "byline.jpg": {"caption": PROTEST.format(subject="A boy"), "byline": "John Smith"},
    "tail.jpg": {
        "caption": PROTEST.format(subject="A girl").replace("REUTERS/Abdul Saboor", "AFP/Jo Li")
    },
    "weekday.jpg": {
        "caption": "A dog runs in Paris, France, on Wednesday, November 20, 2024. "
        "REUTERS/Abdul Saboor"
    },
    "mojibake.jpg": {"caption": PROTEST.format(subject="Mart\u00c3\u00adn Perez waves")},
    "spelling.jpg": {"caption": PROTEST.format(subject="The attroney general speaks")},
    "name.jpg": {"caption": PROTEST.format(subject="Aaron Rogers throws a ball")},
    "long.jpg": {"caption": PROTEST.format(subject="A cat " + "sleeps " * 300)},
    "nocity.jpg": {"caption": PROTEST.format(subject="A horse"), "city": ""},
}
_EVERY_RULE = DeskSettings(spelling_names=("Aaron Rodgers",), required_fields=("city",))
_TODAY = date(2024, 11, 21)


@pytest.fixture(scope="module")
def every_problem(exiftool, tmp_path_factory):
    folder = build_desk(exiftool, tmp_path_factory.mktemp("every") / "desk")
    desk = {"credit": "REUTERS/Abdul Saboor", "byline": "Abdul Saboor", "city": "Paris"}
    for name, fields in _MORE_PLANTS.items():
        merged = {k: v for k, v in {**desk, "taken": "2024:11:20 10:00:00", **fields}.items() if v}
        make_photo(exiftool, folder, name, **merged)
    return folder


@pytest.mark.parametrize("start", ["forkserver", "fork"])
def test_photos_read_by_the_worker_and_here_give_what_validate_gives(
    every_problem, monkeypatch, start
):
    """The worker reads from the front, this process from the back and runs every photo's
    rules as it arrives, the batch rules at the end: the findings are validate()'s, in its
    order, for a planted problem of every rule."""
    monkeypatch.setattr(read.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(read, "_load", lambda: 0.0)
    monkeypatch.setattr(read, "READ_POOL_THRESHOLD", 2)
    monkeypatch.setattr(read, "FORK_POOL_THRESHOLD", 2)
    monkeypatch.setattr(read_along, "CHUNK", 2)  # both sides get chunks of the small desk
    monkeypatch.delenv(read.JOBS_ENV, raising=False)
    files = expand_paths([every_problem])
    expected = validate([read_photo(p) for p in files], _EVERY_RULE, today=_TODAY)
    assert {f.rule for f in expected} == set(all_rules())  # a problem for every rule
    if start == "fork":  # the command line's workers (this process is not the CLI's: it may
        monkeypatch.setattr(parallel, "start_method", lambda: "fork")  # hold idle threads)
    workers = []
    starts = ("fork_child",) if start == "fork" else ("start_process",)
    for name in starts:
        real_start = getattr(parallel, name)
        monkeypatch.setattr(
            parallel, name, lambda *a, real=real_start, **k: workers.append(a) or real(*a, **k)
        )
    here = []  # what this process read (a forked worker appends to its own copy)
    real_read, test_process = read_along.read_photo, os.getpid()

    def read_here_slowly(path):
        if os.getpid() == test_process:  # the worker (however slow to start) gets a share
            here.append(path)
            time.sleep(0.25)
        return real_read(path)

    monkeypatch.setattr(read_along, "read_photo", read_here_slowly)
    report = check_paths([every_problem], _EVERY_RULE, workers=2, today=_TODAY)
    assert workers, "no worker process was started"
    assert here, "this process read nothing alongside"
    assert len(here) < len(files), "the worker read nothing"
    assert list(report.findings) == expected
    assert [r.path for r in report.records] == files
