"""The HTML report in a real browser (headless Chromium): it renders its inlined thumbnails, runs
no script from a caption, and fetches nothing."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import require_tool
from tests.ops.html_desk import GREEN, build_html_desk


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    return require_tool("chromium")  # skips with the reason, or fails under `make test`


def _browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            require_tool(_chromium()),
            "--headless",
            "--no-sandbox",  # the tests may run as root in a container
            "--disable-gpu",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=tmp_path,
    )


@pytest.fixture(scope="module")
def report(exiftool, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    desk = build_html_desk(exiftool, root / "desk")
    out = subprocess.run(
        [sys.executable, "-m", "editor_app.cli", "check", "--format", "html"]
        + ["--ignore", "missing-field", str(desk)],
        capture_output=True,
        timeout=120,
    )
    page = root / "report.html"
    page.write_bytes(out.stdout)
    return page


def test_chromium_shows_the_thumbnails(report, tmp_path):
    shot = tmp_path / "report.png"
    _browser(tmp_path, "--window-size=1100,1400", f"--screenshot={shot}", report.as_uri())
    assert shot.exists(), "chromium wrote no screenshot"
    data = Image.open(shot).convert("RGB").tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    greens = sum(1 for p in pixels if all(abs(a - b) < 16 for a, b in zip(p, GREEN, strict=True)))
    assert greens > 100 * 60  # the hostile photo's green thumbnail (160x107) is drawn


def test_no_caption_runs_as_script(report, tmp_path):
    dom = _browser(tmp_path, "--dump-dom", report.as_uri()).stdout
    assert "<title>Caption check: 6 files</title>" in dom
    assert "pwned" not in dom.split("</title>")[0]
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
