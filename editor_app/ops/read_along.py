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
the end of what is left) under a lock, and the worker sends each chunk's records down a pipe.
No thread of this process has to hand the worker its next task: with a process pool's manager
thread, the worker waited for it to get the interpreter lock from the rules, ~15 % of its
time. On the command line (``parallel.start_method()`` is "fork", Linux) the worker is a plain
fork sharing a memfd for the counters, its lock a POSIX record lock on it (released if the
worker dies); elsewhere a multiprocessing process with its lock and shared array, whose set-up
costs the command 20-40 ms more (benchmarks/details.md, "check on the feed").
"""

import contextlib
import logging
import os
import pickle
import select
import struct
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

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
Sent = tuple[int, list[Packed]]  # a chunk's number and its records


class _Worker(Protocol):
    def ready(self) -> bool: ...  # a chunk's records are waiting to be received
    def claim_back(self) -> int | None: ...  # the last chunk nobody has taken, now ours
    def receive(self) -> Sent: ...  # the next chunk the worker sent (waits for it)
    def stop(self) -> None: ...


class ReadAlong:
    """The reading of ``paths``, started now: with ``jobs`` of 2 or more, one worker process
    starts on the first chunks at once (``jobs - 1`` workers would only pay off on more than
    two cores, where the rules here become the bottleneck anyway). Use as a context manager:
    leaving it stops the worker."""

    def __init__(self, paths: Sequence[Path], *, jobs: int) -> None:
        self.paths = paths
        self._size = size = CHUNK
        self._chunks = (len(paths) + size - 1) // size
        self._worker: _Worker | None = None
        if jobs >= 2 and self._chunks > 1:
            method = parallel.start_method()
            log.debug("reading %d files here and in 1 worker process (%s)", len(paths), method)
            if method == "fork" and hasattr(os, "memfd_create"):
                try:
                    self._worker = _ForkedWorker(paths, size, self._chunks)
                except OSError as exc:  # no memfd here (an old kernel, a sandbox)
                    log.debug("no forked reader (%s): a multiprocessing one", exc)
            if self._worker is None:
                self._worker = _ProcessWorker(paths, size, self._chunks)

    def records(self, cancel: CancelToken | None = None) -> Iterator[tuple[int, PhotoMetadata]]:
        """``(index in paths, record)`` for every path once, each as soon as it is read (in
        no set order); records of files that cannot be read have ``error`` set."""
        paths, worker = self.paths, self._worker
        if worker is None:
            for index in range(len(paths)):
                if cancel is not None:
                    cancel.raise_if_cancelled()
                yield index, read_photo(paths[index])
            return
        chunks_left, size = self._chunks, self._size
        while chunks_left:
            if cancel is not None:
                cancel.raise_if_cancelled()
            chunk = None if worker.ready() else worker.claim_back()
            if chunk is None:  # the worker's next chunk is ready, or it has all that is left
                chunk, packed = worker.receive()
                for index, values in enumerate(packed, chunk * size):
                    yield index, unpack(paths[index], values)
            else:
                for index in range(chunk * size, min(chunk * size + size, len(paths))):
                    if cancel is not None:
                        cancel.raise_if_cancelled()
                    yield index, read_photo(paths[index])
            chunks_left -= 1

    def close(self) -> None:
        if self._worker is not None:
            self._worker.stop()
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


def _chunk_read(paths: Sequence[Path], size: int, chunk: int) -> Sent:
    start = chunk * size
    return chunk, [pack(read_photo(path)) for path in paths[start : start + size]]


def _stopped(code: int | None) -> RuntimeError:
    return RuntimeError(f"the reading worker process stopped (exit code {code})")


class _ForkedWorker:
    """The worker as a plain fork: counters in a memfd, locked by a POSIX record lock on it
    (per process, so it excludes the other side, and dropped if its holder dies); records
    sent as length-prefixed pickles down a pipe."""

    def __init__(self, paths: Sequence[Path], size: int, chunks: int) -> None:
        import fcntl
        import mmap

        self._fcntl = fcntl
        self._shared = os.memfd_create("caption-desk-read-along")
        try:
            os.ftruncate(self._shared, 16)
            self._ends = mmap.mmap(self._shared, 16)
        except OSError:
            os.close(self._shared)
            raise
        struct.pack_into("qq", self._ends, 0, 0, chunks)
        self._inbox, outbox = os.pipe()
        _widen(outbox)

        def serve() -> None:
            os.close(self._inbox)
            with os.fdopen(outbox, "wb") as sent:
                while (chunk := self._claim(_FRONT)) is not None:
                    data = pickle.dumps(_chunk_read(paths, size, chunk), pickle.HIGHEST_PROTOCOL)
                    sent.write(struct.pack("I", len(data)))
                    sent.write(data)
                    sent.flush()

        self._pid: int | None = parallel.fork_child(serve)
        os.close(outbox)

    def _claim(self, end: int) -> int | None:
        fcntl, ends = self._fcntl, self._ends
        fcntl.lockf(self._shared, fcntl.LOCK_EX)
        try:
            front, back = struct.unpack_from("qq", ends)
            if front >= back:
                return None
            if end == _FRONT:
                struct.pack_into("q", ends, 0, front + 1)
                return int(front)
            struct.pack_into("q", ends, 8, back - 1)
            return int(back - 1)
        finally:
            fcntl.lockf(self._shared, fcntl.LOCK_UN)

    def claim_back(self) -> int | None:
        return self._claim(_BACK)

    def ready(self) -> bool:
        return bool(select.select([self._inbox], [], [], 0)[0])

    def receive(self) -> Sent:
        (length,) = struct.unpack("I", self._read(4))
        sent: Sent = pickle.loads(self._read(length))
        return sent

    def _read(self, count: int) -> bytes:
        parts, left = [], count
        while left:
            part = os.read(self._inbox, left)
            if not part:  # the worker exited before sending all it had claimed
                raise _stopped(self._wait())
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def _wait(self) -> int | None:
        if self._pid is None:
            return None
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return os.waitstatus_to_exitcode(status)

    def stop(self) -> None:
        if self._pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, 9)  # a no-op once it has finished; it holds nothing of ours
            self._wait()
        os.close(self._inbox)
        self._ends.close()
        os.close(self._shared)


class _ProcessWorker:
    """The worker as a multiprocessing process (forkserver; tests run both kinds)."""

    def __init__(self, paths: Sequence[Path], size: int, chunks: int) -> None:
        ctx = parallel.context(parallel.READ_PRELOAD)
        self._lock = ctx.Lock()
        self._ends = ctx.RawArray("l", [0, chunks])
        self._inbox, outbox = ctx.Pipe(duplex=False)
        _widen(outbox)
        args = (paths, size, self._ends, self._lock, outbox)
        self._process = parallel.start_process(_serve, args, parallel.READ_PRELOAD)
        outbox.close()  # the worker's end: EOF here if the worker dies

    def claim_back(self) -> int | None:
        with self._lock:
            ends = self._ends
            if ends[_BACK] <= ends[_FRONT]:
                return None
            ends[_BACK] -= 1
            return int(ends[_BACK])

    def ready(self) -> bool:
        return bool(self._inbox.poll())

    def receive(self) -> Sent:
        try:
            sent: Sent = self._inbox.recv()
        except EOFError:
            self._process.join()
            raise _stopped(self._process.exitcode) from None
        return sent

    def stop(self) -> None:
        with self._lock:  # nothing more to take
            self._ends[_BACK] = self._ends[_FRONT]
        self._process.terminate()  # a no-op once it has finished
        self._process.join()
        self._inbox.close()


def _serve(paths: Sequence[Path], size: int, ends: Any, lock: Any, outbox: Any) -> None:
    """A multiprocessing worker: the next chunk from the front, read and sent, until none."""
    while True:
        with lock:
            if ends[_FRONT] >= ends[_BACK]:
                break
            chunk = int(ends[_FRONT])
            ends[_FRONT] += 1
        outbox.send(_chunk_read(paths, size, chunk))
    outbox.close()


def _widen(pipe_end: Any) -> None:
    try:
        import fcntl  # Unix only
    except ImportError:
        return
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    fd = pipe_end if isinstance(pipe_end, int) else pipe_end.fileno()
    if set_size is not None:
        with contextlib.suppress(OSError):  # over the system's limit for unprivileged processes
            fcntl.fcntl(fd, set_size, _PIPE_BYTES)
