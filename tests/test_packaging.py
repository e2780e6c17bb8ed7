"""pyproject's package-data covers every data file in the package (a wheel must carry them)."""

import tomllib
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parents[1]


def _patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["*"]


def _covered(relative: str, patterns: list[str]) -> bool:
    path = PurePosixPath(relative)
    return any(path.match(p) or path.match(p.removeprefix("**/")) for p in patterns)


def test_every_data_file_in_the_package_is_package_data():
    data = [
        path.relative_to(ROOT / "editor_app").as_posix()
        for path in (ROOT / "editor_app").rglob("*")
        if path.is_file()
        # the DC scan's C source and what pip builds of it are setup.py's extension, not data
        and path.suffix not in {".py", ".pyc", ".pyi", ".c", ".so", ".pyd"}
        and "__pycache__" not in path.parts
    ]
    assert [p for p in data if not _covered(p, _patterns())] == []


def test_the_check_can_fail():
    assert not _covered("captions/data/words.yaml", _patterns())
    assert _covered("captions/data/words.txt", _patterns())
    assert _covered("agencies.toml", _patterns())


def test_postgres_driver_is_an_extra_and_in_the_test_extra():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.startswith("psycopg2") for d in config["dependencies"])
    extras = config["optional-dependencies"]
    assert any(d.startswith("psycopg2-binary") for d in extras["postgresql"])
    assert any(d.startswith("psycopg2-binary") for d in extras["test"])


def test_benchmarks_import_the_package_not_the_tests():
    for script in sorted((ROOT / "benchmarks").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        assert "sys.path" not in text, script.name
        assert "from tests" not in text and "import tests" not in text, script.name


def test_the_dc_scan_is_an_optional_extension():
    """A machine without a C compiler still installs the package (Pillow then decodes)."""
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    assert '"editor_app.imaging._dcscan"' in setup and "optional=True" in setup
    assert (ROOT / "editor_app" / "imaging" / "_dcscan.c").is_file()
