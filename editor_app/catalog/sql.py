"""Generic SQL helpers of the catalog's batched statements: batch size, timestamps, INSERTs."""

from collections.abc import Sequence
from datetime import UTC, datetime

from peewee import Database, Model

from editor_app.catalog.db import is_sqlite

BATCH = 400  # rows per statement: under SQLite's 32,766 bound parameters at 29 columns


def utc_now() -> datetime:
    """Naive UTC, the form both databases store."""
    return datetime.now(UTC).replace(tzinfo=None)


def db_time(db: Database, at: datetime) -> str | datetime:
    """``at`` for a raw executemany: on SQLite the text sqlite3's adapter would make (once,
    not per row), psycopg2 takes the datetime."""
    return at.isoformat(" ") if is_sqlite(db) else at


def insert_sql(
    model: type[Model], names: Sequence[str], *, param: str = "?", or_ignore: bool = False
) -> str:
    """One prepared INSERT of ``names`` for executemany; ``param`` is the driver's marker."""
    fields = [model._meta.fields[name] for name in names]
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join([param] * len(fields))
    verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
    return f'{verb} INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
