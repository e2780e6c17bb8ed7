"""The catalog: every photo's current captions and their history, in SQLite or PostgreSQL.

The only package that imports peewee. Public surface: :func:`open_catalog`, :class:`Catalog`
and the frozen records it returns.
"""

from editor_app.catalog.errors import CatalogError, CatalogTooNew
from editor_app.catalog.facts import DeskRow, decode_desk_rows
from editor_app.catalog.photos import PENDING_HASH, fields_of_columns, import_columns
from editor_app.catalog.records import (
    FieldChange,
    HashHolder,
    ImportColumns,
    KnownFile,
    NewPhoto,
    PendingPhoto,
    PhotoRecord,
    Revision,
    SaveResult,
)
from editor_app.catalog.store import Catalog, open_catalog
from editor_app.catalog.values import FieldValue

__all__ = [
    "Catalog",
    "CatalogError",
    "CatalogTooNew",
    "DeskRow",
    "FieldChange",
    "FieldValue",
    "HashHolder",
    "ImportColumns",
    "KnownFile",
    "NewPhoto",
    "PENDING_HASH",
    "PendingPhoto",
    "PhotoRecord",
    "Revision",
    "SaveResult",
    "decode_desk_rows",
    "fields_of_columns",
    "import_columns",
    "open_catalog",
]
