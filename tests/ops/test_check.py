"""check_paths: real files read (in worker processes for big batches), validated, in order."""

import shutil

import pytest

from editor_app.ops.check import check_paths
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


def test_the_word_list_loads_while_the_workers_read(monkeypatch, tmp_path):
    from editor_app.captions import dictionary
    from editor_app.ops import check

    loaded = []
    monkeypatch.setattr(dictionary, "dictionary", loaded.append)

    def reader(files, *, meanwhile, **kwargs):  # a pool's reader: meanwhile runs as it reads
        meanwhile()
        return []

    monkeypatch.setattr(check, "read_photos", reader)
    check_paths([tmp_path], DeskSettings())
    assert loaded == ["en"]
    check_paths([tmp_path], DeskSettings(), ignore=("spelling",))
    check_paths([tmp_path], DeskSettings(spelling_language="fr"))
    assert loaded == ["en", "fr"]  # no spelling rule: no word list
