"""Import boundaries: the core and the CLI run headless; each library has one home."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "editor_app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py"))


def test_cli_never_imports_qt():
    code = "import sys, editor_app.cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_ui_imports_qt(path):
    if "ui" in path.relative_to(PACKAGE).parts[:1]:
        return
    assert not any(name.startswith("PySide6") for name in _imports(path))


@pytest.mark.parametrize(
    ("library", "home"),
    [
        ("peewee", "catalog"),
        ("playhouse", "catalog"),
        ("exifread", "metadata"),
        ("defusedxml", "metadata"),
    ],
)
def test_library_stays_in_its_package(library, home):
    for path in _modules():
        parts = path.relative_to(PACKAGE).parts
        if any(name.split(".")[0] == library for name in _imports(path)):
            assert parts[0] == home, f"{path} imports {library}"


def test_core_never_imports_ui():
    for path in _modules():
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "ui":
            continue
        allowed = {"editor_app.ui.app"} if rel.name == "cli.py" else set()
        ui_imports = {n for n in _imports(path) if n.startswith("editor_app.ui")} - allowed
        assert not ui_imports, f"{rel} imports {ui_imports}"
