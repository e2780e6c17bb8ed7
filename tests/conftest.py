"""Shared fixtures; sets the offscreen Qt platform before anything imports PySide6."""

import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

# CAPTION_DESK_CORPUS: where a checkout is not beside ``shared/`` (a git worktree elsewhere)
CORPUS = Path(
    os.environ.get("CAPTION_DESK_CORPUS")
    or Path(__file__).resolve().parents[2] / "shared" / "corpus"
)
_QT_FIXTURES = {"qapp", "qtbot", "qtmodeltester"}
_REQUIRE_TOOLS = os.environ.get("CAPTION_DESK_REQUIRE_TOOLS") == "1"


def pytest_collection_modifyitems(items):
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker("gui")


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test ever touches the real profile."""
    monkeypatch.setenv("CAPTION_DESK_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setattr("editor_app.paths._home_override", None)  # `--home` of an earlier test
    monkeypatch.delenv("CAPTION_DESK_DB", raising=False)
    from editor_app import paths

    monkeypatch.setattr(paths, "_home_override", None)  # an in-process ``--home`` must not leak


def require_tool(name: str) -> str:
    """The tool's path; skips the test when absent, fails under ``make test``."""
    found = shutil.which(name)
    if found:
        return found
    if _REQUIRE_TOOLS:
        pytest.fail(f"{name} is not installed; `make test` should have installed it")
    pytest.skip(f"{name} is not installed")


@pytest.fixture(scope="session")
def exiftool() -> str:
    return require_tool("exiftool")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "exiftool.json").exists():
        pytest.skip("the shared corpus (../shared/corpus) is not here")
    return CORPUS
