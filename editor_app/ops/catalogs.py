"""Opening the catalog for the shells: commands and the desk window go through ``ops``.

The one place outside ``catalog/`` that decides how a catalog URL is opened; a shell never
imports the catalog package itself (tests/test_architecture.py).
"""

from editor_app.catalog import Catalog, CatalogError, open_catalog

__all__ = ["Catalog", "CatalogError", "open_desk_catalog"]


def open_desk_catalog(url: str | None = None, *, create: bool = True) -> Catalog:
    """The catalog at ``url``, else ``$CAPTION_DESK_DB``, else the default file; raises
    CatalogError (a newer catalog, an unreachable server). ``create=False``: a missing
    catalog is an error, not a new empty one (commands that only read)."""
    return open_catalog(url, create=create)
