"""Logging for the window and the CLI: recent lines in memory, everything in a rotating file.

The crash dialog shows the ring buffer's tail and the file's path, so a desk editor can send
both to support. The file lives under the home (``<home>/logs/caption-desk.log``).
"""

import logging
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from editor_app import paths

log = logging.getLogger(__name__)

LOG_FILE_NAME = "caption-desk.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MAX_BYTES = 1_000_000
_BACKUPS = 3
_OURS = "_caption_desk_handler"  # marks handlers configure_logging may replace


class RingBufferHandler(logging.Handler):
    """Keeps the last ``capacity`` formatted lines (a message with a traceback is one entry)."""

    def __init__(self, capacity: int = 500) -> None:
        super().__init__()
        self._lines: deque[str] = deque(maxlen=capacity)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._lines.append(self.format(record))
        except Exception:  # noqa: BLE001 - logging must never raise into the caller
            self.handleError(record)

    def tail(self, count: int = 40) -> list[str]:
        """The last ``count`` entries, oldest first."""
        return list(self._lines)[-count:]


class RotatingLogFile(logging.Handler):
    """The rotating log file (1 MB, three old files), rotated by ``RotatingFileHandler`` from the
    first record on: ``logging.handlers`` (with socket and pickle) is imported only then, not by
    every ``show`` or ``check`` that logs nothing (~15 ms of each start)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from logging.handlers import RotatingFileHandler

            try:
                self._file = RotatingFileHandler(
                    self.path, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8"
                )
            except OSError:
                self.handleError(record)
                return
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


@dataclass(frozen=True, slots=True)
class LogSetup:
    """What configure_logging installed: the buffer, and the file (None if it could not open)."""

    ring: RingBufferHandler
    file: Path | None


def configure_logging(
    console_level: int = logging.WARNING, file_level: int = logging.INFO
) -> LogSetup:
    """Install the ring buffer, the rotating file and (unless someone else logs) stderr.

    Calling it again replaces what an earlier call installed, so the CLI can run many times
    in one process (tests) without piling up handlers.
    """
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, _OURS, False)]:
        root.removeHandler(handler)
        handler.close()
    formatter = logging.Formatter(_FORMAT)
    ring = RingBufferHandler()
    handlers: list[logging.Handler] = [ring]
    if not root.handlers:  # like basicConfig: a host (pytest) that logs already keeps its own
        console = logging.StreamHandler(sys.stderr)
        console.setLevel(console_level)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handlers.append(console)
    file, file_handler = _open_log_file()
    if file_handler is not None:
        file_handler.setLevel(file_level)
        handlers.append(file_handler)
    for handler in handlers:
        if handler.formatter is None:
            handler.setFormatter(formatter)
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    ring.setLevel(min(console_level, file_level))
    root.setLevel(min(console_level, file_level))
    if file_handler is None:
        log.warning("no log file: %s is not writable", paths.log_dir())
    return LogSetup(ring, file)


def _open_log_file() -> tuple[Path | None, logging.Handler | None]:
    path = paths.log_dir() / LOG_FILE_NAME
    try:
        paths.ensure(path.parent)
        with open(path, "a", encoding="utf-8"):  # fails now, as the handler would, when unwritable
            pass
    except OSError:
        return None, None
    return path, RotatingLogFile(path)
