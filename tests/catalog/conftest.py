"""Catalog fixtures: every test that takes ``db_url`` or ``catalog`` runs on SQLite and PostgreSQL.

PostgreSQL is a throw-away server started once per session (tests/pgserver.py). Without it the
PostgreSQL half is skipped, except under ``make test`` (CAPTION_DESK_REQUIRE_TOOLS=1): there it
fails.
"""

import os

import pytest

from editor_app.catalog import open_catalog
from tests import pgserver

_REQUIRE_TOOLS = os.environ.get("CAPTION_DESK_REQUIRE_TOOLS") == "1"


def _unavailable(reason: str) -> None:
    if _REQUIRE_TOOLS:
        pytest.fail(f"PostgreSQL is needed by `make test`: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_server_url():
    external = os.environ.get("CAPTION_DESK_TEST_PG_URL")
    if external:
        yield external
        return
    try:
        server = pgserver.PgServer()
    except pgserver.PgUnavailableError as exc:
        _unavailable(str(exc))
    try:
        url = server.start()
    except Exception as exc:  # noqa: BLE001 (reported as the test failure, with the server log)
        server.stop()
        pytest.fail(
            f"could not start the throw-away PostgreSQL server: {exc}\n{getattr(exc, 'stderr', '')}"
        )
    yield url
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'catalog.db'}"
    url = request.getfixturevalue("pg_server_url")
    pgserver.reset_database(url)
    return url


@pytest.fixture
def catalog(db_url):
    cat = open_catalog(db_url)
    yield cat
    cat.close()
