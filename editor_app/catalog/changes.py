"""Which photos other sessions changed, without re-reading the catalog (the live shared desk).

PostgreSQL: every transaction that changes photos sends ``NOTIFY caption_desk_photos`` with
their ids (delivered at commit, dropped on rollback); a feed holds its own connection that
LISTENs. SQLite (windows on one workstation): ``PRAGMA data_version`` on the feed's own
connection changes when another connection commits; only then are the revisions added since
the last one seen asked for (the revision id only grows, and SQLite commits one writer at a
time, so ids arrive in commit order). A feed is used from one thread; it never blocks longer
than the timeout it is given.
"""

import logging
import select
import sqlite3
import time
from dataclasses import dataclass
from typing import Protocol

from peewee import Database
from playhouse.db_url import parse as parse_url

from editor_app.catalog.db import is_sqlite
from editor_app.catalog.errors import CatalogError

log = logging.getLogger(__name__)

CHANNEL = "caption_desk_photos"
POLL_INTERVAL_S = 0.5  # SQLite: how often the change counter is read (one cheap PRAGMA)
_IDS_PER_NOTIFY = 700  # payloads must stay under PostgreSQL's 8,000 bytes


@dataclass(frozen=True, slots=True)
class CatalogChange:
    """Photos changed by someone (possibly this process: compare versions to tell).

    ``photo_ids`` may be empty: something was committed that made no revision (a file write
    recorded, a write error); ``everything`` after a lost connection, when changes may have
    been missed.
    """

    photo_ids: frozenset[int] = frozenset()
    everything: bool = False


class ChangeFeed(Protocol):
    def wait(self, timeout: float) -> CatalogChange | None:
        """The next change, or None when nothing changed within ``timeout`` seconds."""
        ...

    def close(self) -> None: ...


def notify(db: Database, photo_ids) -> None:
    """Tell listening desks these photos changed (PostgreSQL; inside the write transaction)."""
    ids = sorted(set(photo_ids))
    if is_sqlite(db) or not ids:
        return  # SQLite feeds read data_version and the revision table instead
    for start in range(0, len(ids), _IDS_PER_NOTIFY):
        payload = ",".join(map(str, ids[start : start + _IDS_PER_NOTIFY]))
        db.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


def open_feed(db: Database, url: str, *, interval: float = POLL_INTERVAL_S) -> ChangeFeed:
    """A feed of the changes committed to this catalog from now on."""
    if is_sqlite(db):
        return SqliteFeed(str(db.database), interval=interval)
    return PostgresFeed(url)


class SqliteFeed:
    """Polls ``PRAGMA data_version``; on a change, the revisions since the last one seen."""

    def __init__(self, path: str, *, interval: float = POLL_INTERVAL_S) -> None:
        self._interval = interval
        # autocommit: no read transaction is ever left open (it would pin the WAL)
        self._conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._version = self._data_version()
        self._last = self._conn.execute('SELECT COALESCE(MAX("id"), 0) FROM "revision"').fetchone()[
            0
        ]

    def wait(self, timeout: float) -> CatalogChange | None:
        deadline = time.monotonic() + timeout
        while True:
            version = self._data_version()
            if version != self._version:
                self._version = version
                return self._since_last()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(self._interval, left))

    def close(self) -> None:
        self._conn.close()

    def _data_version(self) -> int:
        try:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise CatalogError(f"the catalog's change counter cannot be read: {exc}") from exc

    def _since_last(self) -> CatalogChange:
        rows = self._conn.execute(
            'SELECT "id", "photo_id" FROM "revision" WHERE "id" > ?', (self._last,)
        ).fetchall()
        if rows:
            self._last = max(row[0] for row in rows)
        return CatalogChange(frozenset(row[1] for row in rows))


class PostgresFeed:
    """LISTENs on its own connection; a notification's payload is the changed photo ids."""

    def __init__(self, url: str) -> None:
        import psycopg2  # inline: the optional driver, present whenever the catalog is on PG

        self._psycopg2 = psycopg2
        params = {k: v for k, v in parse_url(url).items() if v is not None}
        params["dbname"] = params.pop("database", None)
        try:
            self._conn = psycopg2.connect(**params)
            self._conn.autocommit = True
            with self._conn.cursor() as cursor:
                cursor.execute(f"LISTEN {CHANNEL}")
        except psycopg2.Error as exc:
            raise CatalogError(f"cannot listen for catalog changes: {exc}".strip()) from exc

    def wait(self, timeout: float) -> CatalogChange | None:
        try:
            if not self._conn.notifies:
                ready, _, _ = select.select([self._conn], [], [], timeout)
                if not ready:
                    return None
            self._conn.poll()
        except (self._psycopg2.Error, OSError) as exc:
            raise CatalogError(f"lost the catalog's change notifications: {exc}") from exc
        ids: set[int] = set()
        while self._conn.notifies:
            payload = self._conn.notifies.pop(0).payload
            ids.update(int(part) for part in payload.split(",") if part)
        return CatalogChange(frozenset(ids))

    def close(self) -> None:
        self._conn.close()
