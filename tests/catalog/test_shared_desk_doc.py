"""docs/postgres.md's set-up, as an admin would run it: its SQL on a fresh server, then two
workstations (two homes) on that catalog, through the real command line."""

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from tests.test_docs import ROOT

pytestmark = pytest.mark.postgres
PAGE = ROOT / "docs" / "postgres.md"
SAMPLE = ROOT / "resources" / "sample-desk"


def _admin_sql() -> list[str]:
    block = re.search(r"```sql\n(.*?)```", PAGE.read_text("utf-8"), re.S)
    assert block, "docs/postgres.md lost its SQL block"
    return [s.strip() for s in block.group(1).split(";") if s.strip()]


@pytest.fixture
def desk_url(pg_server_url):
    import psycopg2

    statements = _admin_sql()
    with contextlib.closing(psycopg2.connect(pg_server_url)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS captions")
            cur.execute("DROP ROLE IF EXISTS desk")
            for statement in statements:
                cur.execute(statement)
    server = urlparse(pg_server_url)
    yield urlunparse(server._replace(netloc=f"desk:change-me@{server.hostname}:{server.port}",
                                     path="/captions"))  # fmt: skip
    with contextlib.closing(psycopg2.connect(pg_server_url)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("DROP DATABASE IF EXISTS captions WITH (FORCE)")
            cur.execute("DROP ROLE IF EXISTS desk")


def _desk(home: Path, url: str, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CAPTION_DESK_HOME=str(home), CAPTION_DESK_DB=url)
    return subprocess.run(
        [sys.executable, "-m", "editor_app.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def test_the_documented_setup_gives_one_catalog_to_two_workstations(desk_url, tmp_path):
    photos = tmp_path / "share"
    shutil.copytree(
        SAMPLE, photos, ignore=shutil.ignore_patterns("[!c]*")
    )  # cafe-*, camera-*, cat-*
    first, second = tmp_path / "ws1", tmp_path / "ws2"
    imported = _desk(first, desk_url, "import", str(photos))
    assert imported.returncode == 0, imported.stderr
    caption = "A cafe in Montreal, Canada, November 12, 2024. (AP Photo/Ana Brigida)"
    saved = _desk(first, desk_url, "set", str(photos / "cafe-01.jpg"), "--caption", caption,
                  "--editor", "jane")  # fmt: skip
    assert saved.returncode == 0, saved.stderr
    seen = _desk(second, desk_url, "history", "--format", "json", str(photos / "cafe-01.jpg"))
    assert seen.returncode == 0, seen.stderr
    last = json.loads(seen.stdout)[-1]
    assert last["editor"] == "jane" and last["changes"]["caption"]["new"] == caption
    rows = json.loads(_desk(second, desk_url, "export", "--format", "json").stdout)
    assert len(rows) == 7
