"""The package map as the docs tell it is the map tests/test_architecture.py enforces.

docs/architecture-ops.md gives it edge for edge; the README's architecture table names, for
each package, the layers and libraries it may import. Both drifted once (the README's import
table was one of the wrong claims of issue 9); these tests fail when they drift again.
"""

import re
from pathlib import Path

from tests.test_architecture import MAP

ROOT = Path(__file__).resolve().parents[1]
_DOC = ROOT / "docs" / "architecture-ops.md"
_README = ROOT / "README.md"
_LAYERS = ("metadata", "imaging", "captions", "catalog", "ops", "commands", "ui", "testing")
# How the README names a library: by its distribution (import name -> what a reader installs).
_DISPLAY = {
    "PIL": "Pillow",
    "spellchecker": "pyspellchecker",
    "re2": "google-re2",
    "playhouse": "peewee",
    "shiboken6": "PySide6",
}

_SAME_ROW = {"commands": ("cli",)}  # the README's `editor_app/commands/`, `cli.py` row


def documented_map(text: str) -> dict[str, tuple[set[str], set[str]]]:
    """The arrows of the doc's package-map block: layer -> (modules, libraries)."""
    block = text.split("## The package map", 1)[1].split("```", 2)[1]
    lines: list[str] = []
    for line in block.strip("\n").splitlines():
        if line.startswith(" ") and lines:
            lines[-1] += " " + line.strip()  # a continuation line
        else:
            lines.append(line)
    found = {}
    for line in lines:
        layer, _, rest = (part.strip() for part in line.partition("→"))
        modules, _, libraries = rest.partition("+")
        found["base" if layer == "everyone" else layer] = (_names(modules), _names(libraries))
    return found


def _names(text: str) -> set[str]:
    return {name.strip() for name in text.split(",") if name.strip()}


def enforced_map() -> dict[str, tuple[set[str], set[str]]]:
    return {
        layer: (
            {m.removeprefix("editor_app.") for m in spec.modules if m != "editor_app"},
            set(spec.libraries),
        )
        for layer, spec in MAP.items()
    }


def map_differences(text: str) -> list[str]:
    documented, enforced = documented_map(text), enforced_map()
    problems = []
    for layer in sorted(set(documented) | set(enforced)):
        doc_modules, doc_libraries = documented.get(layer, (set(), set()))
        modules, libraries = enforced.get(layer, (set(), set()))
        for name in sorted((doc_modules ^ modules) | (doc_libraries ^ libraries)):
            where = "docs only" if name in doc_modules | doc_libraries else "test only"
            problems.append(f"{layer} → {name} ({where})")
    return problems


def readme_rows(text: str) -> dict[str, str]:
    """The README architecture table: layer -> its imports cell."""
    rows = {}
    for line in text.split("## Architecture", 1)[1].split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        found = re.match(r"`editor_app/(\w+)/`", cells[0]) if len(cells) == 3 else None
        if found:
            rows[found.group(1)] = cells[2]
    return rows


def readme_differences(text: str) -> list[str]:
    problems = []
    rows = readme_rows(text)
    for layer in _LAYERS:
        if layer not in rows:
            problems.append(f"{layer}: no row")
            continue
        cell = rows[layer]
        specs = [MAP[name] for name in (layer, *_SAME_ROW.get(layer, ()))]
        modules = {m.split(".")[1] for spec in specs for m in spec.modules}
        layers = modules - {layer, *_SAME_ROW.get(layer, ())}
        libraries = {_DISPLAY.get(lib, lib) for spec in specs for lib in spec.libraries}
        named = {word for word in _LAYERS if re.search(rf"`{word}`", cell)}
        problems += [f"{layer}: may import `{w}`, not said" for w in sorted(layers - named)]
        problems += [f"{layer}: says `{w}`, not on the map" for w in sorted(named - layers)]
        problems += [
            f"{layer}: uses {lib}, not said"
            for lib in sorted(libraries - set(re.findall(r"[\w-]+", cell)))
        ]
    return problems


def test_the_documented_package_map_is_the_enforced_one():
    assert map_differences(_DOC.read_text(encoding="utf-8")) == []


def test_the_readme_table_names_what_each_package_may_import():
    assert readme_differences(_README.read_text(encoding="utf-8")) == []


def test_a_drifted_map_or_table_is_reported():
    doc = _DOC.read_text(encoding="utf-8")
    assert map_differences(doc.replace("+ PySide6, shiboken6", "+ PySide6")) == [
        "ui → shiboken6 (test only)"
    ]
    assert map_differences(
        doc.replace("commands   → commands, ops", "commands   → commands, ops, catalog")
    ) == ["commands → catalog (docs only)"]
    readme = _README.read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| `editor_app/captions/`"))
    drifted = readme.replace(
        row,
        row.replace("pyspellchecker", "nothing else").replace("`metadata` records", "`catalog`"),
    )
    assert readme_differences(drifted) == [
        "captions: may import `metadata`, not said",
        "captions: says `catalog`, not on the map",
        "captions: uses pyspellchecker, not said",
    ]
