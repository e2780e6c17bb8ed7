"""Two ``caption-desk set`` processes on one photo at once, each setting another field: the
file ends with both fields, both report ``written:``, and ``export`` says up to date."""

import json
import subprocess
import sys
from pathlib import Path

from editor_app.cli import main
from editor_app.metadata.io import read_photo
from tests.factories import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 30


def _start(go: Path, *args: object) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.set_worker", str(go), *map(str, args)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _export(capsys, photo: Path) -> dict:
    capsys.readouterr()
    assert main(["export", "--format", "json", str(photo)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    return row


def test_two_set_processes_on_one_photo_keep_both_fields(tmp_path, capsys):
    problems = []
    for i in range(ROUNDS):
        photo = make_jpeg(tmp_path, f"p{i}.jpg")
        assert main(["import", str(photo)]) == 0
        go = tmp_path / f"go{i}"
        procs = [
            _start(go, "set", photo, "--caption", f"caption {i}"),
            _start(go, "set", photo, "--credit", f"credit {i}"),
        ]
        go.touch()
        outs = [p.communicate(timeout=120) for p in procs]
        for proc, (out, err) in zip(procs, outs, strict=True):
            if proc.returncode != 0 or not out.startswith("written:"):
                problems.append(f"round {i}: exit {proc.returncode}: {out.strip()} {err.strip()}")
        record = read_photo(photo)
        if (record.caption, record.credit) != (f"caption {i}", f"credit {i}"):
            problems.append(f"round {i}: file holds {record.caption!r}, {record.credit!r}")
        row = _export(capsys, photo)
        if row["file_state"] != "up to date":
            problems.append(f"round {i}: export says {row['file_state']!r}")
    assert not problems, "\n".join(problems)
