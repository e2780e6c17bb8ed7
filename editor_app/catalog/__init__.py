"""The catalog: every photo's current captions and their history, in SQLite or PostgreSQL.

The only package that imports peewee. Public surface: :func:`open_catalog`, :class:`Catalog`
and the frozen records it returns.
"""

from editor_app.catalog.errors import CatalogError, CatalogTooNew
from editor_app.catalog.photos import PENDING_HASH
from editor_app.catalog.records import (
    FieldChange,
    KnownFile,
    NewPhoto,
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
    "FieldChange",
    "FieldValue",
    "KnownFile",
    "NewPhoto",
    "PENDING_HASH",
    "PhotoRecord",
    "Revision",
    "SaveResult",
    "open_catalog",
]
