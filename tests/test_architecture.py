"""Import boundaries: the package map of docs/architecture-ops.md, enforced.

Every module under ``editor_app/`` is read with ``ast`` (imports inside functions and
``TYPE_CHECKING`` blocks included, relative imports resolved) and each import is checked
against the map below. The checker is tested on fake modules that break the map, so it cannot
pass by finding nothing.
"""

import ast
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "editor_app"

# Shared vocabulary every layer may import.
BASE = (
    "editor_app",  # the package itself: __version__ only
    "editor_app.errors",
    "editor_app.progress",
    "editor_app.settings",
    "editor_app.settings_reference",  # docs/configuration.md's tables, from settings' own
    "editor_app.paths",
    "editor_app.logs",
    "editor_app.gcpause",
    # Worker-process pools (forked only for the CLI): a standard-library leaf that ops and the
    # window use to start processes the same way.
    "editor_app.parallel",
    "editor_app.textsafe",  # how text from files is printed safely (terminal, JSON, XML, CSV)
    "editor_app.patterns",  # linear-time regular expressions from config files (RE2)
    # The one field table (docs/fields.md): names, labels, options, IIM/XMP/EXIF tags. Settings,
    # set's options, the rules and the table model derive from it; it is tables only and
    # imports nothing of ours (test_the_field_table_stays_a_leaf).
    "editor_app.metadata.fields",
)


@dataclass(frozen=True)
class Layer:
    """What one layer may import: ``editor_app`` modules (a name allows its submodules too)
    and third-party libraries (top-level names); the standard library is always allowed."""

    modules: tuple[str, ...]
    libraries: tuple[str, ...] = ()
    why: str = ""  # the edges beyond docs/architecture-ops.md's plain map, and their reason


MAP: dict[str, Layer] = {
    "base": Layer(BASE, ("platformdirs", "re2")),
    "metadata": Layer(("editor_app.metadata",), ("exifread", "defusedxml", "blake3")),
    "imaging": Layer(("editor_app.imaging",), ("PIL",)),
    "captions": Layer(
        (
            "editor_app.captions",
            "editor_app.metadata.record",
            "editor_app.metadata.fields",
            "editor_app.metadata.fastinit",
        ),
        ("spellchecker",),
        why="spellchecker: the spelling rule's word lists (captions/dictionary.py only); "
        "metadata.fastinit: the quick constructor of frozen dataclasses, for the thousands of "
        "near-duplicate pairs a feed of stock wording makes (captions/similarity.py)",
    ),
    "catalog": Layer(
        (
            "editor_app.catalog",
            "editor_app.metadata.record",
            "editor_app.metadata.fields",
            "editor_app.metadata.identity",
            "editor_app.metadata.fastinit",
            "editor_app.captions.findings",
        ),
        ("peewee", "playhouse", "psycopg2"),
        why="metadata.fields: the columns are the editable fields; metadata.identity: the "
        "names of the image-hash algorithms the catalog records (it never reads a file: the "
        "ops hash and the catalog receives hashes); metadata.record: a read record becomes "
        "column values (values.from_record); metadata.fastinit: the quick constructor of "
        "frozen dataclasses, for the records a folder's load decodes (catalog/facts.py)",
    ),
    "ops": Layer(
        (
            "editor_app.ops",
            "editor_app.metadata",
            "editor_app.imaging",
            "editor_app.captions",
            "editor_app.catalog",
        )
    ),
    "commands": Layer(("editor_app.commands", "editor_app.ops")),
    "cli": Layer(
        ("editor_app.commands", "editor_app.ops", "editor_app.ui.app"),
        why="ui.app: imported inside the `gui` command only, when asked "
        "(test_cli_never_imports_qt checks that the CLI itself never loads Qt)",
    ),
    "__main__": Layer(("editor_app.cli",)),
    "testing": Layer(
        ("editor_app.testing", "editor_app.metadata"),
        ("PIL",),
        why="fixture builders for tests and benchmarks; no layer of the application may "
        "import them",
    ),
    "ui": Layer(
        (
            "editor_app.ui",
            "editor_app.ops",
            "editor_app.catalog.records",
            "editor_app.captions.findings",
            "editor_app.imaging",
            "editor_app.metadata.record",
            "editor_app.captions.countries",
        ),
        ("PySide6", "shiboken6"),
        why="metadata.record: the photo table and the desk show read records (snapshots); "
        "captions.countries: the ISO 3166 table the caption editor fills Country and Country "
        "code from as the editor types (data only)",
    ),
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1 or module in BASE:
        return "base"
    return parts[1]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def imported(module: str, source: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, module imported) for every import in ``source``; ``from X import name`` names
    ``X.name`` when that is a module of ours."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, node, is_package)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if _is_ours(candidate) else base))
    return found


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    parts = module.split(".")
    keep = len(parts) - node.level + (1 if is_package else 0)
    return ".".join(parts[:keep] + ([node.module] if node.module else []))


def _is_ours(name: str) -> bool:
    if not name.startswith("editor_app"):
        return False
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """One line per import of ``module`` that the map does not allow."""
    layer = MAP[layer_of(module)]
    problems = []
    for line, name in dict.fromkeys(imported(module, source, is_package=is_package)):
        top = name.split(".")[0]
        if top == "editor_app":
            ok = name == "editor_app" or any(
                _within(name, a) for a in BASE[1:] + layer.modules if a != "editor_app"
            )
        else:
            ok = top in sys.stdlib_module_names or top == "__future__" or top in layer.libraries
        if not ok:
            problems.append(f"{module}:{line} imports {name}")
    return problems


def _within(name: str, allowed: str) -> bool:
    return name == allowed or name.startswith(allowed + ".")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_import_is_on_the_map():
    problems = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        problems += violations(module_name(path), source, is_package=path.name == "__init__.py")
    assert problems == []


def test_the_field_table_stays_a_leaf():
    path = PACKAGE / "metadata" / "fields.py"
    names = [name for _, name in imported("editor_app.metadata.fields", path.read_text())]
    assert [n for n in names if n.startswith("editor_app")] == []


def test_every_module_belongs_to_a_layer_of_the_map():
    assert {layer_of(module_name(p)) for p in _modules()} <= set(MAP)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("editor_app.commands.show", "from editor_app.captions.credit import attribution"),
        ("editor_app.commands.set_fields", "import editor_app.metadata.writer"),
        ("editor_app.commands.ingest", "from editor_app.catalog import open_catalog"),
        ("editor_app.commands.show", "def f():\n    from editor_app.metadata import record"),
        ("editor_app.captions.credit", "from editor_app.catalog import store"),
        ("editor_app.captions.credit", "import peewee"),
        ("editor_app.catalog.store", "from editor_app.metadata import io"),
        ("editor_app.catalog.store", "from ..metadata import io"),
        ("editor_app.metadata.io", "from editor_app.ops.edit import save_changes"),
        ("editor_app.metadata.io", "from editor_app import ops"),
        ("editor_app.ops.edit", "from PySide6.QtCore import QObject"),
        ("editor_app.ops.edit", "import PySide6"),
        ("editor_app.ops.edit", "from editor_app.ui import app"),
        ("editor_app.cli", "import editor_app.catalog.store"),
        ("editor_app.errors", "from editor_app.metadata.record import PhotoMetadata"),
        ("editor_app.ui.app", "import peewee"),
        ("editor_app.ui.app", "from editor_app.catalog.store import Catalog"),
        ("editor_app.imaging", "import exifread"),
    ],
)
def test_the_checker_reports_an_import_off_the_map(module, source):
    (problem,) = violations(module, source)
    assert problem.startswith(module)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("editor_app.commands.show", "from editor_app.ops.show import record_text"),
        ("editor_app.commands.show", "import json\nfrom editor_app import paths"),
        ("editor_app.catalog.store", "from . import photos\nfrom peewee import Database"),
        ("editor_app.captions.credit", "from editor_app.metadata.record import PhotoMetadata"),
        ("editor_app.ui.app", "from PySide6.QtWidgets import QApplication"),
    ],
)
def test_the_checker_lets_allowed_imports_through(module, source):
    assert violations(module, source) == []


def test_relative_imports_resolve_like_python():
    assert imported("editor_app.catalog.store", "from . import photos") == [
        (1, "editor_app.catalog.photos")
    ]
    assert imported("editor_app.catalog", "from .db import x", is_package=True) == [
        (1, "editor_app.catalog.db")
    ]


def test_cli_never_imports_qt():
    code = "import sys, editor_app.cli; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _core_modules() -> list[Path]:
    # ui modules are left out: "only ui imports Qt" cannot fail for them
    return [p for p in _modules() if p.relative_to(PACKAGE).parts[0] != "ui"]


@pytest.mark.parametrize("path", _core_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_ui_imports_qt(path):
    names = [name for _, name in imported(module_name(path), path.read_text(encoding="utf-8"))]
    assert not any(name.split(".")[0] in ("PySide6", "shiboken6") for name in names)


@pytest.mark.parametrize(
    ("library", "home"),
    [
        ("peewee", "catalog"),
        ("playhouse", "catalog"),
        ("exifread", "metadata"),
        ("defusedxml", "metadata"),
        ("spellchecker", "captions"),
    ],
)
def test_library_stays_in_its_package(library, home):
    users = {
        path.relative_to(PACKAGE).parts[0]
        for path in _modules()
        for _, name in imported(module_name(path), path.read_text(encoding="utf-8"))
        if name.split(".")[0] == library
    }
    assert users == {home}
