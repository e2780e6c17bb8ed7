"""``caption-desk watch --template``: each arrival gets the template before it is checked; a photo
the template cannot fill is left as it came, and the line says why."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from editor_app.catalog import open_catalog
from editor_app.cli import main
from editor_app.metadata.io import read_photo
from editor_app.ops.templates import ArrivalTemplate, find_template
from editor_app.ops.watch import take_in
from editor_app.settings import DeskSettings
from tests.factories import make_jpeg

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = """name = "Wire"

[set]
headline = "Storm in {city}"

[append]
caption = " in {city}, {country}, {date}. REUTERS/=lm="
"""
CODES = "lm\tLeah Millis\n"


def _staged(tmp_path, capsys, *, city: str | None):
    """A photo (captured 2024-11-25 by a Canon) carrying a caption, country and maybe a city."""
    staging = tmp_path / "staging"
    staging.mkdir(exist_ok=True)
    photo = make_jpeg(staging, f"{city or 'nowhere'}.jpg")
    args = ["set", str(photo), "--caption", "Waves hit the coast", "--country", "Japan"]
    if city:
        args += ["--city", city]
    assert main(args) == 0, capsys.readouterr().err
    capsys.readouterr()
    return photo


def test_the_hook_fills_the_template_and_leaves_unfillable_photos_alone(tmp_path, capsys):
    (tmp_path / "t.toml").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "codes.txt").write_text(CODES, encoding="utf-8")
    folder = tmp_path / "wire"
    folder.mkdir()
    good = folder / "good.jpg"
    shutil.copy(_staged(tmp_path, capsys, city="Tokyo"), good)
    cityless = folder / "cityless.jpg"
    shutil.copy(_staged(tmp_path, capsys, city=None), cityless)
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as catalog:
        from editor_app.ops.templates import desk_codes

        hook = ArrivalTemplate(
            find_template(str(tmp_path / "t.toml")),
            DeskSettings(),
            editor="wire-bot",
            codes=desk_codes(None, tmp_path / "codes.txt"),
        )
        arrivals = take_in(catalog, [good, cityless], DeskSettings(), on_arrival=hook)
        assert hook.applied == {good}
        assert "city" in hook.notes[cityless] and hook.notes[cityless].startswith("not applied")
        saved = catalog.photo_by_id(arrivals[0].photo_id)
        assert saved.fields["headline"] == "Storm in Tokyo"
    done = read_photo(good)
    assert done.caption == (
        "Waves hit the coast in Tokyo, Japan, November 25, 2024. REUTERS/Leah Millis"
    )
    assert read_photo(cityless).caption == "Waves hit the coast"  # left as it came
    # the check ran on the filled values: the appended credit line counts
    rules = [{f.rule for f in arrival.problems} for arrival in arrivals]
    assert "missing-credit" not in rules[0] and "missing-credit" in rules[1]


def test_the_cli_applies_the_template_to_a_photo_copied_in(tmp_path, capsys):
    (tmp_path / "t.toml").write_text(TEMPLATE, encoding="utf-8")
    (tmp_path / "codes.txt").write_text(CODES, encoding="utf-8")
    source = _staged(tmp_path, capsys, city="Tokyo")
    folder = tmp_path / "wire"
    folder.mkdir()
    db = f"sqlite:///{tmp_path / 'c.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "editor_app.cli", "--db", db, "watch", str(folder), "--format",
         "json", "--settle", "0.3", "--template", str(tmp_path / "t.toml"), "--codes",
         str(tmp_path / "codes.txt"), "--editor", "wire-bot"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert "watching" in proc.stderr.readline()
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        shutil.copy(source, folder / "arrived.jpg")
        deadline = time.monotonic() + 20
        while not lines and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        reader.join(5)
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == 0, err
    assert len(lines) == 1, (lines, err)
    arrival = json.loads(lines[0])
    assert arrival["template"] == {"name": "Wire", "applied": True, "note": None}
    assert read_photo(folder / "arrived.jpg").headline == "Storm in Tokyo"
    with open_catalog(db) as catalog:
        row = catalog.photo(str(folder / "arrived.jpg"))
        assert row.fields["caption"].endswith("REUTERS/Leah Millis")


def test_an_unusable_template_or_codes_alone_is_a_usage_error(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["--db", db, "watch", str(tmp_path), "--template", "no-such"]) == 2
    assert "no-such" in capsys.readouterr().err
    (tmp_path / "codes.txt").write_text(CODES, encoding="utf-8")
    assert main(["--db", db, "watch", str(tmp_path), "--codes", str(tmp_path / "codes.txt")]) == 2
    assert "--codes needs --template" in capsys.readouterr().err
