"""Unexpected exceptions of a write (or a read) in an editor's words, never a bare class name.

The expected failures (damaged structures, read-only files, full disks) are MetadataWriteError
with their own sentences. Whatever else escapes a write (a RecursionError, a struct.error from
a structure we did not foresee, a MemoryError) is told as what it most likely means for the
file, and its traceback goes to the log (``editor_app.logs``: the log file, the window's log
view, and the console only with ``--debug``), which the message points to.
"""

import logging
import os
import struct
import zlib

log = logging.getLogger(__name__)

_MALFORMED = "the file's metadata is malformed"
_Kinds = type[BaseException] | tuple[type[BaseException], ...]
# (kinds, what happened, a hint or ""); most specific first: UnicodeError is a ValueError.
_REASONS: tuple[tuple[_Kinds, str, str], ...] = (
    (RecursionError, "the file's metadata is nested too deeply to follow", "damaged or hostile"),
    (MemoryError, "there was not enough memory to process the file's metadata", ""),
    (struct.error, _MALFORMED, "a structure in it is cut short or out of range"),
    (zlib.error, "compressed data inside the file is damaged", ""),
    (UnicodeError, "the file's metadata holds text that is not valid in its encoding", ""),
    ((ValueError, IndexError, KeyError, EOFError, OverflowError), _MALFORMED, ""),
)


def unexpected_reason(path: str | os.PathLike, exc: BaseException, action: str = "write") -> str:
    """Why ``exc`` kept the file from being written (``action="read"``: read), as the end of a
    sentence, pointing to the log, where the traceback goes at INFO (not to the console, which
    keeps one line a file)."""
    last_resort = (f"an unexpected error stopped the {action}", "please report it")
    text, hint = next(
        ((text, hint) for kind, text, hint in _REASONS if isinstance(exc, kind)), last_resort
    )
    log.info("%s: %s failed (%s)", path, action, exc.__class__.__name__, exc_info=exc)
    return f"{text} ({hint}; details in the log)" if hint else f"{text} (details in the log)"
