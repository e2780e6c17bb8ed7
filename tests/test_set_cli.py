"""``caption-desk set``: options, one line per file, exit codes."""

import subprocess
import sys

import pytest

from editor_app.cli import main
from editor_app.metadata.io import read_photo
from tests.factories import make_jpeg, make_png, make_tiff

CAPTION = '  Two  spaces, a tab\there,\nand a newline: Élodie & <Ahmed> "quoted" '


def run_set(capsys, *args):
    code = main(["set", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_every_option_on_a_folder(tmp_path, capsys):
    jpeg, tiff, png = make_jpeg(tmp_path), make_tiff(tmp_path), make_png(tmp_path)
    code, lines, err = run_set(
        capsys,
        tmp_path,
        "--caption",
        CAPTION,
        "--title",
        "T",
        "--headline",
        "H",
        "--byline",
        "Jane Doe",
        "--byline",
        "李明",
        "--credit",
        "REUTERS/Jane Doe",
        "--source",
        "Reuters",
        "--copyright",
        "© Reuters",
        "--city",
        "Paris",
        "--sublocation",
        "Bastille",
        "--state",
        "IDF",
        "--country",
        "France",
        "--country-code",
        "FRA",
        "--date-created",
        "2024-11-25T14:30:00+01:00",
        "--keyword",
        "a",
        "--keyword",
        "b & c",
        "--instructions",
        "EMBARGO",
        "--transmission-reference",
        "JOB-1",
        "--caption-writer",
        "ed",
    )
    assert code == 0, (lines, err)
    assert lines == [f"written: {jpeg}", f"written: {png} (sidecar photo.xmp)", f"written: {tiff}"]
    for path in (jpeg, tiff, png):
        record = read_photo(path)
        assert record.caption == CAPTION
        assert record.byline == ("Jane Doe", "李明") and record.keywords == ("a", "b & c")
        assert (record.caption_writer, record.country_code) == ("ed", "FRA")
        assert record.date_created == "2024-11-25T14:30:00+01:00"


def test_other_fields_are_left_alone_and_empty_clears(tmp_path, capsys):
    path = make_jpeg(tmp_path)
    run_set(capsys, path, "--caption", "c", "--credit", "AFP", "--byline", "A")
    code, lines, _ = run_set(capsys, path, "--credit", "", "--byline", "")
    assert code == 0 and lines == [f"written: {path}"]
    record = read_photo(path)
    assert (record.caption, record.credit, record.byline) == ("c", "", ())


def test_warning_line_for_a_cut_iim_copy(tmp_path, capsys):
    path = make_jpeg(tmp_path)
    code, lines, _ = run_set(capsys, path, "--credit", "x" * 40)
    assert code == 0
    assert lines == [
        f"warning: {path}: credit: IIM copy cut to 32 of 40 bytes (IIM limit 32); "
        "the full text is in XMP"
    ]


def test_failed_file_gives_exit_1_and_others_are_written(tmp_path, capsys):
    good = make_jpeg(tmp_path, "good.jpg")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe1\x00\xff truncated")
    missing = tmp_path / "missing.jpg"
    code, lines, _ = run_set(capsys, good, broken, missing, "--caption", "c")
    assert code == 1
    assert lines[0] == f"written: {good}"
    assert lines[1].startswith(f"error: {broken}: ")
    assert lines[2] == f"error: {missing}: no such file or directory"
    assert broken.read_bytes() == b"\xff\xd8\xff\xe1\x00\xff truncated"


@pytest.mark.parametrize(
    "args",
    [
        ["PATH"],  # no field
        ["PATH", "--date-created", "yesterday"],
        ["PATH", "--caption", "bell\x07"],
        ["PATH", "--iim", "never", "--caption", "c"],
        [],  # no path
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, args):
    path = make_jpeg(tmp_path)
    before = path.read_bytes()
    code, _lines, err = run_set(capsys, *[str(path) if a == "PATH" else a for a in args])
    assert code == 2 and err
    assert path.read_bytes() == before


def test_sidecar_option(tmp_path, capsys):
    path = make_jpeg(tmp_path)
    before = path.read_bytes()
    code, lines, _ = run_set(capsys, path, "--sidecar", "--headline", "H")
    assert code == 0 and lines == [f"written: {path} (sidecar photo.xmp)"]
    assert path.read_bytes() == before and path.with_suffix(".xmp").is_file()


def test_console_script_end_to_end(tmp_path):
    path = make_jpeg(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "editor_app.cli", "set", str(path), "--caption", "x\ny"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0 and out.stdout == f"written: {path}\n"
    assert read_photo(path).caption == "x\ny"
