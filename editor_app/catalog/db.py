"""Which database the catalog lives in: URL rules, connection set-up and write transactions.

``sqlite:///path.db`` for one workstation, ``postgresql://user@host:port/name`` for a desk.
The URL comes from ``--db``, else ``CAPTION_DESK_DB``, else an SQLite file in the data dir.
"""

import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import parse as parse_url

from editor_app import paths
from editor_app.catalog.errors import CatalogError

log = logging.getLogger(__name__)

database = DatabaseProxy()

ENV_VAR = "CAPTION_DESK_DB"
BUSY_TIMEOUT_S = 30.0
# WAL lets readers run beside the one writer; FULL fsyncs each commit (an editor's save must
# survive a power cut, and saves are small).
_SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "foreign_keys": 1,
    "cache_size": -32_000,
    "busy_timeout": int(BUSY_TIMEOUT_S * 1000),
}
_SQLITE_SCHEMES = {"sqlite"}
_POSTGRES_SCHEMES = {"postgres", "postgresql"}
_PG_MIGRATION_LOCK = 0x43415054  # pg_advisory_xact_lock key while migrating ("CAPT")


def default_url() -> str:
    """The workstation catalog: an SQLite file in the data dir (honours ``--home``)."""
    return f"sqlite:///{paths.data_dir() / 'catalog.db'}"


def resolve_url(url: str | None = None) -> str:
    """``url`` if given, else ``CAPTION_DESK_DB``, else :func:`default_url`."""
    return url or os.environ.get(ENV_VAR) or default_url()


def make_database(url: str, *, create: bool = True) -> Database:
    """An unconnected peewee database for ``url``; raises CatalogError for a bad URL.

    ``create=False`` (commands that only read) refuses an SQLite file that does not exist,
    instead of creating its folders and an empty catalog because of a typo.
    """
    try:
        parsed = urlparse(url)
        parsed.port  # noqa: B018 (raises ValueError for a port out of range)
        scheme = parsed.scheme.lower()
        if scheme in _SQLITE_SCHEMES:
            return _make_sqlite(url, create)
        if scheme in _POSTGRES_SCHEMES:
            _require_postgres_driver()
            return PostgresqlDatabase(autoconnect=False, **parse_url(url))
    except ValueError as exc:
        raise CatalogError(
            f"the catalog URL {redact(url)!r} is malformed ({exc}): write "
            "postgresql://user@host:port/name (a port from 1 to 65535, an IPv6 host in "
            "[brackets]) or sqlite:///path/to/catalog.db"
        ) from None
    raise CatalogError(
        f"unsupported catalog URL {redact(url)!r}: use sqlite:///path.db or "
        "postgresql://user@host:port/name"
    )


def _require_postgres_driver() -> None:
    """psycopg2 is an extra (only a shared desk needs it): say how to get it."""
    try:
        import psycopg2  # noqa: F401  (inline: an optional dependency, checked only when asked)
    except ImportError:
        raise CatalogError(
            "a postgresql:// catalog needs the PostgreSQL driver: "
            "pip install 'caption-desk[postgresql]'"
        ) from None


def _make_sqlite(url: str, create: bool) -> SqliteDatabase:
    name = parse_url(url).get("database")
    if not name or name == ":memory:":
        raise CatalogError(f"catalog URL {url!r} names no file: use sqlite:///path/to/catalog.db")
    path = Path(name).expanduser()
    if not create and not path.exists():
        raise CatalogError(
            f"there is no catalog at {path}: check --db and CAPTION_DESK_DB "
            "(import and set create a catalog; this command only reads one)"
        )
    if path.is_dir():
        raise CatalogError(f"the catalog {path} is a folder: give the path of a file in --db")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogError(
            f"cannot create the folder of the catalog {path} ({exc.strerror}): "
            "--home, CAPTION_DESK_HOME and --db must lead to folders"
        ) from None
    return SqliteDatabase(
        str(path),
        pragmas=_SQLITE_PRAGMAS,
        timeout=BUSY_TIMEOUT_S,
        autoconnect=False,
    )


def is_sqlite(db: Database) -> bool:
    return isinstance(db, SqliteDatabase)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs (also when it is malformed)."""
    return _PASSWORD.sub(r"\1***@", url, count=1)


_PASSWORD = re.compile(r"^([a-zA-Z][\w+.-]*://[^:/@]*:)[^/]*@")


_WRITER_LOCKS: dict[str, threading.Lock] = {}
_WRITER_LOCKS_GUARD = threading.Lock()


def _writer_lock(db: Database) -> threading.Lock:
    with _WRITER_LOCKS_GUARD:
        return _WRITER_LOCKS.setdefault(str(db.database), threading.Lock())


@contextmanager
def write_transaction(db: Database) -> Iterator[None]:
    """A transaction that takes the write lock up front.

    SQLite: ``BEGIN IMMEDIATE``, so a read-then-write never fails with SQLITE_BUSY on the lock
    upgrade (the busy timeout queues writers instead). PostgreSQL: a plain transaction; rows are
    locked with ``SELECT ... FOR UPDATE`` where it matters.
    """
    if db.transaction_depth() > 0:
        with db.atomic():
            yield
    elif is_sqlite(db):
        # Threads of one process queue on a lock: SQLite's busy handler would make them sleep
        # in growing steps (up to 100 ms) while another thread holds the write lock.
        with _writer_lock(db), db.atomic("IMMEDIATE"):
            yield
    else:
        with db.atomic():
            yield


def lock_for_migration(db: Database) -> None:
    """Serialize schema upgrades between processes (inside a write transaction)."""
    if not is_sqlite(db):
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_MIGRATION_LOCK,))
