"""The catalog's change feed (live shared desk): another connection's saves are heard, with
their photo ids, on SQLite (data_version) and PostgreSQL (LISTEN/NOTIFY), also from another
process; nothing is heard when nothing was committed."""

import subprocess
import sys
import time
from pathlib import Path

from editor_app.catalog import open_catalog
from tests.catalog.catalog_helpers import new_photo

ROOT = Path(__file__).resolve().parents[2]


def _next_change(feed, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        change = feed.wait(0.2)
        if change is not None:
            return change
    return None


def test_a_save_by_another_connection_names_its_photo(catalog, db_url):
    ids = catalog.add_photos([new_photo(f"/desk/{n}.jpg", caption=n) for n in "abc"])
    feed = catalog.change_feed()
    try:
        assert feed.wait(0.3) is None  # nothing committed since the feed opened
        other = open_catalog(db_url)
        other.save_revision(ids[1], {"caption": "changed"}, editor="colleague")
        other.close()
        catalog.connect()
        change = _next_change(feed)
        assert change is not None and ids[1] in change.photo_ids
        assert ids[0] not in change.photo_ids and ids[2] not in change.photo_ids
        assert feed.wait(0.6) is None  # heard once
    finally:
        feed.close()


def test_a_rolled_back_save_is_not_heard(catalog, db_url):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="a")])
    feed = catalog.change_feed()
    try:
        other = open_catalog(db_url)
        try:
            with other.transaction():
                other.save_revision(pid, {"caption": "never"}, editor="x")
                raise RuntimeError("abort")
        except RuntimeError:
            pass
        other.close()
        catalog.connect()
        change = feed.wait(0.8)
        assert change is None or pid not in change.photo_ids
    finally:
        feed.close()


def test_new_photos_and_big_batches_are_heard(catalog, db_url):
    feed = catalog.change_feed()
    try:
        other = open_catalog(db_url)
        added = other.add_photos([new_photo(f"/desk/{i:05}.jpg") for i in range(1500)])
        other.close()
        catalog.connect()
        heard: set[int] = set()
        deadline = time.monotonic() + 5
        while set(added) - heard and time.monotonic() < deadline:
            change = feed.wait(0.2)
            heard |= change.photo_ids if change else set()
        assert set(added) <= heard  # several notifications on PostgreSQL (payload limit)
    finally:
        feed.close()


def test_a_save_in_another_process_is_heard_within_a_second(catalog, db_url):
    (pid,) = catalog.add_photos([new_photo("/desk/a.jpg", caption="a")])
    feed = catalog.change_feed()
    try:
        code = (
            "import sys; from editor_app.catalog import open_catalog; "
            "c = open_catalog(sys.argv[1]); "
            "c.save_revision(int(sys.argv[2]), {'caption': 'from afar'}, editor='afar'); "
            "import time; print(time.time(), flush=True)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code, db_url, str(pid)],
            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        saved_at = float(out.stdout)
        change = _next_change(feed)
        heard_after = time.time() - saved_at
        assert change is not None and pid in change.photo_ids
        assert heard_after < 1.0, heard_after
    finally:
        feed.close()
