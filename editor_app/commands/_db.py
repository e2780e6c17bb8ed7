"""The ``--db`` option every catalog command shares, and opening the catalog it names."""

import argparse

from editor_app.ops.catalogs import Catalog, open_desk_catalog

DB_HELP = (
    "catalog database URL: sqlite:///path.db or postgresql://user@host:port/name "
    "(default: $CAPTION_DESK_DB, else catalog.db in the data folder)"
)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: when unset, a global --db parsed before the subcommand is not overwritten
    parser.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help=DB_HELP)


def open_catalog_for(args: argparse.Namespace, *, create: bool = True) -> Catalog:
    """``create=False`` for commands that only read: a mistyped --db is an error, not a new
    empty catalog."""
    return open_desk_catalog(getattr(args, "db", None), create=create)
