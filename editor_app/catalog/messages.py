"""Database failures as one readable sentence naming the catalog and what to do about it.

SQLite and PostgreSQL report damage, a full disk or a lost server in their own words (``file
is not a database``, ``disk I/O error``, ``server closed the connection unexpectedly``);
:func:`explain` turns those into :class:`CatalogError` messages an editor can act on.
"""

from peewee import PeeweeException

from editor_app.catalog.errors import CatalogError

# (words in the driver's message, what we say); {where} is the catalog, {detail} the message
_KNOWN = (
    (
        ("file is not a database",),
        "{where} is not a Caption Desk catalog (not an SQLite database at all): check --db "
        "and CAPTION_DESK_DB; to start a new catalog there, move that file away first",
    ),
    (
        ("malformed", "database corrupt", "disk image"),
        "the catalog {where} is damaged ({detail}): restore it from a backup, or rescue what is "
        "left with `sqlite3 FILE .recover`; Caption Desk did not change it",
    ),
    (
        ("disk i/o error", "database or disk is full", "no space left", "disk full"),
        "the catalog {where} could not be written: its disk is full or failing ({detail}); free "
        "some space and run the command again (edits saved before are kept)",
    ),
    (
        ("readonly database", "read-only", "permission denied", "unable to open database"),
        "cannot open or write the catalog {where} ({detail}): check that the file and its "
        "folder exist and are writable",
    ),
    (
        ("could not connect", "connection refused", "could not translate host", "timeout expired"),
        "cannot open the catalog {where}: its database server cannot be reached ({detail}); "
        "is the server running and the URL right?",
    ),
    (
        (
            "server closed the connection",
            "connection already closed",
            "terminating connection",
            "connection not open",
            "ssl syscall error",
            "server unexpectedly",
            "broken pipe",
        ),
        "the connection to the catalog {where} was lost ({detail}); run the command again "
        "when the server is back",
    ),
)


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, PeeweeException)


def explain(exc: BaseException, where: str) -> CatalogError:
    """The CatalogError to raise (``from exc``) for a database failure on catalog ``where``."""
    detail = first_line(exc)
    lowered = detail.lower()
    for words, message in _KNOWN:
        if any(w in lowered for w in words):
            return CatalogError(message.format(where=where, detail=detail))
    return CatalogError(f"the catalog {where} failed: {detail}")


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [exc.__class__.__name__])[0]
