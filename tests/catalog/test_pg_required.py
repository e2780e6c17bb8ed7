"""Without PostgreSQL, its half of the catalog suite skips for a developer and fails in CI."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_ONE_PG_TEST = "tests/catalog/test_catalog_store.py::test_reopening_keeps_everything"


def _run_without_postgres(require: bool) -> subprocess.CompletedProcess:
    env = dict(os.environ, CAPTION_DESK_PG_BIN="/nonexistent", CAPTION_DESK_REQUIRE_TOOLS="")
    env.pop("CAPTION_DESK_TEST_PG_URL", None)
    if require:
        env["CAPTION_DESK_REQUIRE_TOOLS"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", _ONE_PG_TEST],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize("require", [False, True], ids=["developer", "make-test"])
def test_missing_postgres(require):
    result = _run_without_postgres(require)
    if require:
        assert result.returncode != 0, result.stdout
        assert "PostgreSQL is needed by `make test`" in result.stdout
        assert "1 passed" in result.stdout  # the SQLite half still ran
    else:
        assert result.returncode == 0, result.stdout
        assert "1 passed, 1 skipped" in result.stdout
