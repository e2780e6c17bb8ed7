"""Desktop integration: the .desktop and AppStream files validate, and they, the window and the
package agree on one id, one icon and one version; the frozen app's entry point runs."""

import configparser
import os
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

from editor_app.ui.app import APP_ID, app_icon, set_identity
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = ROOT / "resources" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / f"{APP_ID}.metainfo.xml"
ICON = ROOT / "resources" / f"{APP_ID}.svg"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_validates():
    tool = require_tool("desktop-file-validate")
    out = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, timeout=60)
    assert (out.returncode, out.stdout + out.stderr) == (0, "")


def test_desktop_file_opens_photos_with_the_gui_command():
    entry = _desktop_entry()
    assert entry["Exec"] == "caption-desk-gui %F"
    assert entry["Icon"] == APP_ID
    assert {"image/jpeg", "image/tiff"} <= set(entry["MimeType"].rstrip(";").split(";"))
    assert "Photography" in entry["Categories"].split(";")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["gui-scripts"]["caption-desk-gui"] == "editor_app.ui.app:main"


def test_metainfo_validates():
    tool = require_tool("appstreamcli")
    # Not --strict: AppStream 0.16 (Debian 12) knows only <developer_name>, 1.0 only <developer>,
    # and each reports the other as an "info"; errors and warnings fail.
    out = subprocess.run(
        [tool, "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_metainfo_names_the_desktop_file_the_screenshot_and_this_version():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    image = root.findtext("screenshots/screenshot/image") or ""
    assert image.startswith("https://") and image.endswith("/docs/desk.png")
    assert (ROOT / "docs" / "desk.png").is_file()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    assert root.find("releases/release").get("version") == version  # type: ignore[union-attr]


def test_the_icon_in_resources_is_the_one_the_package_carries():
    assert ICON.resolve() == (ROOT / "editor_app" / "ui" / "assets" / "caption-desk.svg")
    svg = ET.parse(ICON).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"


def test_the_window_gets_the_icon_and_the_desktop_id(qapp):
    old_name, old_desktop = qapp.applicationName(), qapp.desktopFileName()
    try:
        set_identity(qapp)
        assert qapp.desktopFileName() == APP_ID
        assert not qapp.windowIcon().isNull()
        assert not qapp.windowIcon().pixmap(64, 64).isNull()  # the SVG renders
    finally:
        qapp.setApplicationName(old_name)
        qapp.setDesktopFileName(old_desktop)
    assert not app_icon().isNull()


def test_the_frozen_apps_entry_point_runs_the_cli():
    entry = ROOT / "packaging" / "entry.py"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, str(entry), "--version"], capture_output=True, text=True, env=env
    )
    assert out.stdout.startswith("caption-desk ")
    assert out.returncode == 0


def test_gui_opens_the_folder_of_photos_given_by_a_file_manager(tmp_path, monkeypatch):
    from editor_app import cli
    from editor_app.ui import app

    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"")
    opened: list[str | None] = []
    monkeypatch.setattr(app, "run_gui", lambda folder, db=None: opened.append(folder) or 0)
    assert cli.main(["gui", str(photo), str(tmp_path / "b.jpg")]) == 0  # Exec=... %F
    assert cli.main(["gui", str(tmp_path)]) == 0
    assert cli.main(["gui"]) == 0
    assert app.main([str(photo)]) == 0  # caption-desk-gui
    assert opened == [str(tmp_path), str(tmp_path), None, str(tmp_path)]


def test_gui_takes_the_global_db_option(monkeypatch):
    from editor_app import cli
    from editor_app.ui import app

    urls: list[str | None] = []
    monkeypatch.setattr(app, "run_gui", lambda folder, db=None: urls.append(db) or 0)
    assert cli.main(["--db", "postgresql://desk@db.example/captions", "gui"]) == 0
    assert urls == ["postgresql://desk@db.example/captions"]


def test_the_window_opens_the_catalog_it_is_given(qapp, tmp_path):
    from editor_app.ui.app import build_window

    view, desk = build_window(f"sqlite:///{tmp_path / 'desk.db'}")
    try:
        assert desk._catalog_url == f"sqlite:///{tmp_path / 'desk.db'}"
    finally:
        view.close()
        view.deleteLater()
