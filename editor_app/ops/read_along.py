"""``ReadAlong``: one worker process reads a batch from the front while this process takes
chunks from the back, and every record comes here as soon as it is read.

``read_and_convert`` (ops/read.py) hands every file to worker processes and this process only
waits for their results; that suits the window, whose own thread must stay free. A command
(``check``) has its own work per record (the rules) and would otherwise wait: here the worker
starts reading as soon as the reader is loaded, before the caller loads and sets up its rules
(~0.1 s of the feed's check), and only reads; this process runs the rules on what arrives and,
whenever nothing has arrived, reads the last chunk nobody has taken yet itself. So both cores
stay busy whichever side is faster.

The two sides claim chunks through a pair of shared counters (the next chunk from the front,
the end of what is left) under one lock, and the worker sends each chunk's records down a
pipe. No thread of this process has to hand the worker its next task: with a process pool's
manager thread, the worker waited for it to get the interpreter lock from the rules, ~15 % of
its time (benchmarks/details.md, "check on the feed").
"""

import contextlib
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from editor_app import parallel
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.metadata.transfer import Packed, pack, unpack
from editor_app.progress import CancelToken

log = logging.getLogger(__name__)
# ~10 ms of reading: small enough that neither side waits long for the other at the end, big
# enough that a chunk's message costs little next to its work.
CHUNK = 16
# Room in the pipe for many chunks' records (~10 KB each on the feed), so the worker never
# waits while this process is busy with the rules. Linux; elsewhere the pipe's default.
_PIPE_BYTES = 1 << 20
_FRONT, _BACK = 0, 1  # the shared counters: next chunk for the worker, end of the chunks left


class ReadAlong:
    """The reading of ``paths``, started now: with ``jobs`` of 2 or more, one worker process
    starts on the first chunks at once (``jobs - 1`` workers would only pay off on more than
    two cores, where the rules here become the bottleneck anyway). Use as a context manager:
    leaving it stops the worker."""

    def __init__(self, paths: Sequence[Path], *, jobs: int) -> None:
        self.paths = paths
        self._size = size = CHUNK
        self._chunks = (len(paths) + size - 1) // size
        self._worker: Any = None
        if jobs >= 2 and self._chunks > 1:
            log.debug(
                "reading %d files here and in 1 worker process (%s)",
                len(paths),
                parallel.start_method(),
            )
            ctx = parallel.context(parallel.READ_PRELOAD)
            self._lock = ctx.Lock()
            self._ends = ctx.RawArray("l", [0, self._chunks])
            self._inbox, outbox = ctx.Pipe(duplex=False)
            _widen(outbox)
            args = (paths, size, self._ends, self._lock, outbox)
            self._worker = parallel.start_process(_work, args, parallel.READ_PRELOAD)
            outbox.close()  # the worker's end: EOF here if the worker dies

    def records(self, cancel: CancelToken | None = None) -> Iterator[tuple[int, PhotoMetadata]]:
        """``(index in paths, record)`` for every path once, each as soon as it is read (in
        no set order); records of files that cannot be read have ``error`` set."""
        paths = self.paths
        if self._worker is None:
            for index in range(len(paths)):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield index, read_photo(paths[index])
            return
        inbox, chunks_left, size = self._inbox, self._chunks, self._size
        while chunks_left:
            if cancel is not None:
                cancel.raise_if_cancelled()
            chunk = None if inbox.poll() else self._claim_back()
            if chunk is None:  # the worker's next chunk is ready, or it has all that is left
                chunk, packed = self._received()
                for index, values in enumerate(packed, chunk * size):
                    yield index, unpack(paths[index], values)
            else:
                for index in range(chunk * size, min(chunk * size + size, len(paths))):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    yield index, read_photo(paths[index])
            chunks_left -= 1

    def _claim_back(self) -> int | None:
        with self._lock:
            ends = self._ends
            if ends[_BACK] <= ends[_FRONT]:
                return None
            ends[_BACK] -= 1
            return int(ends[_BACK])

    def _received(self) -> tuple[int, list[Packed]]:
        try:
            chunk, packed = self._inbox.recv()
        except EOFError:
            code = self._worker.exitcode
            raise RuntimeError(f"the reading worker process stopped (exit code {code})") from None
        return chunk, packed

    def close(self) -> None:
        if self._worker is not None:
            with self._lock:  # nothing more to take
                self._ends[_BACK] = self._ends[_FRONT]
            self._worker.terminate()  # a no-op once it has finished
            self._worker.join()
            self._inbox.close()
            self._worker = None

    def __enter__(self) -> "ReadAlong":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def _work(paths: Sequence[Path], size: int, ends: Any, lock: Any, outbox: Any) -> None:
    """The worker: the next chunk from the front, read and sent, until none is left."""
    while True:
        with lock:
            if ends[_FRONT] >= ends[_BACK]:
                break
            chunk = int(ends[_FRONT])
            ends[_FRONT] += 1
        start = chunk * size
        outbox.send((chunk, [pack(read_photo(path)) for path in paths[start : start + size]]))
    outbox.close()


def _widen(pipe_end: Any) -> None:
    try:
        import fcntl  # Unix only
    except ImportError:
        return
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is not None:
        with contextlib.suppress(OSError):  # over the system's limit for unprivileged processes
            fcntl.fcntl(pipe_end.fileno(), set_size, _PIPE_BYTES)
