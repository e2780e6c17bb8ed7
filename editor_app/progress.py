"""Progress callbacks and cancellation: the core's only "async" vocabulary."""

import threading
from typing import Protocol


class Progress(Protocol):
    def __call__(self, done: int, total: int, label: str, /) -> None: ...


def no_progress(done: int, total: int, label: str = "") -> None:
    """A Progress that reports nothing."""


class Cancelled(Exception):
    """The user cancelled the running task."""


class CancelToken:
    """Set from the UI thread, checked by the worker between files."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()
