"""The terminal progress bar every command shares: one line on stderr, redrawn in place."""

import time
from typing import TextIO

from editor_app.textsafe import for_terminal


class TerminalProgress:
    """A ``[####......] done/total name`` line, redrawn at most ten times a second.

    Draws only when ``enabled`` (a command passes ``stream.isatty()`` and its ``--quiet``), so
    piped output stays clean; ``finish()`` wipes the line before the command's own output.
    """

    def __init__(self, stream: TextIO, *, enabled: bool = True, width: int = 30) -> None:
        self._stream, self._enabled, self._width = stream, enabled, width
        self._last, self._drawn = 0.0, False

    def __call__(self, done: int, total: int, label: str = "") -> None:
        now = time.monotonic()
        if not self._enabled or (done < total and now - self._last < 0.1):
            return
        self._last, self._drawn = now, True
        filled = self._width * done // total if total else self._width
        bar = "#" * filled + "." * (self._width - filled)
        self._stream.write(f"\r[{bar}] {done}/{total} {for_terminal(label[:40])}\033[K")
        self._stream.flush()

    def finish(self) -> None:
        if self._drawn:
            self._stream.write("\r\033[K")
            self._stream.flush()
