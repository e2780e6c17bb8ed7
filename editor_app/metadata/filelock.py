"""One writer per photo at a time, across processes: an advisory ``flock`` on the photo itself.

Writers replace a photo by rename, so the lock is taken on the inode the path names and then
checked to still be that inode (a writer that waited on a replaced inode retries on the new
one). No lock file is left beside the photo, and the kernel drops the lock when the holder
dies, even by ``kill -9``. The lock is re-entrant within a thread: the catalog step of a save
holds it around the writer, which takes it again; a batch takes the locks of many photos in
one thread and *lends* them to the writer threads of this process (``lend_locks``). Other
programs (wire software, ``cp``) do not honour it: the writer detects their changes instead
(``writer``). Where ``fcntl`` is missing (Windows) the lock only serializes this process.
"""

import contextlib
import errno
import logging
import os
import stat
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

_held = threading.local()  # keys of the locks this thread holds -> depth
_writer_locks: dict[str, threading.Lock] = {}  # per photo: the writer threads of a batch
_process_locks: dict[str, threading.Lock] = {}  # per photo, where there is no flock
_lent: dict[str, "HeldLock"] = {}  # locks held by a batch, usable from any of its threads
_guard = threading.Lock()
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOCTTY", 0)
)
_NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS}
_RETRIES = 100  # a path replaced 100 times while we wait is a storm: give up waiting on it


class NotRegularFileError(OSError):
    """A FIFO, device or folder where a photo should be: never opened for writing."""


@dataclass(frozen=True, slots=True)
class HeldLock:
    """A held photo lock and the file it was taken on, as it was then."""

    path: Path  # symlinks resolved
    stat: os.stat_result | None  # None where fcntl is missing

    def changed(self) -> bool:
        """The path now names another file, or that file's size or times changed."""
        if self.stat is None:
            return False
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            return True
        return stamp(now) != stamp(self.stat)


def stamp(st: os.stat_result) -> tuple[int, ...]:
    """What identifies a file's content cheaply: inode, size, modification and change times."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


@contextlib.contextmanager
def photo_lock(path: str | os.PathLike) -> Iterator[HeldLock]:
    """Hold the write lock of the photo at ``path`` (symlinks followed); raises OSError."""
    key = os.path.realpath(path)
    depth: dict[str, HeldLock] = _held.__dict__.setdefault("depth", {})
    if key in depth:
        yield depth[key]
        return
    lent = _lent.get(key)
    if lent is not None:  # a batch of this process holds it: one writer thread at a time
        with _thread_lock(key, _writer_locks):
            yield lent
        return
    with _acquire(Path(key)) as held:
        depth[key] = held
        try:
            yield held
        finally:
            del depth[key]


@contextlib.contextmanager
def lend_locks(paths: Iterable[str | os.PathLike]) -> Iterator[dict[str, HeldLock | OSError]]:
    """Hold the locks of many photos (taken in path order: no deadlock between processes).

    Writer threads of this process find them held. Yields realpath -> lock, or the OSError
    that kept a photo's lock from being taken (the photo is gone, not a file...).
    """
    keys = sorted({os.path.realpath(p) for p in paths})
    with contextlib.ExitStack() as stack:
        held: dict[str, HeldLock | OSError] = {}
        for key in keys:
            try:
                held[key] = stack.enter_context(_acquire(Path(key)))
            except OSError as exc:
                held[key] = exc
                continue
            with _guard:
                _lent[key] = held[key]  # type: ignore[assignment]
            stack.callback(_unlend, key)
        yield held


def _unlend(key: str) -> None:
    with _guard:
        del _lent[key]


def _thread_lock(key: str, locks: dict[str, threading.Lock] = _process_locks) -> threading.Lock:
    with _guard:
        return locks.setdefault(key, threading.Lock())


@contextlib.contextmanager
def _acquire(path: Path) -> Iterator[HeldLock]:
    if fcntl is None:
        with _thread_lock(str(path)):
            yield HeldLock(path, None)
        return
    fd, locked = _lock_current_inode(path)
    try:
        if locked:
            yield HeldLock(path, os.fstat(fd))
        else:  # a share without flock: at least this process's threads take turns
            with _thread_lock(str(path)):
                yield HeldLock(path, os.fstat(fd))
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def _lock_current_inode(path: Path) -> tuple[int, bool]:
    """An open descriptor of the file ``path`` names, and whether it holds the flock."""
    for _ in range(_RETRIES):
        fd = os.open(path, _OPEN_FLAGS)  # non-blocking: a FIFO named *.jpg must not hang us
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            if not stat.S_ISREG(mode):
                raise NotRegularFileError(errno.EINVAL, "not a regular file")
            if not _flock(fd, path):
                return fd, False
            if _same_inode(os.fstat(fd), path):
                return fd, True
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # replaced while we waited: lock the file that has the name now
    raise OSError(errno.EBUSY, "the file keeps being replaced by another program")


def _flock(fd: int, path: Path) -> bool:
    """Take the flock; False where the filesystem has none (some SMB and FUSE mounts)."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:
        if exc.errno not in _NO_LOCKS:
            raise
        log.info(
            "%s: no file locks on this filesystem (%s); writers of other processes "
            "are not kept apart",
            path,
            exc.strerror,
        )
        return False
    return True


def _same_inode(held: os.stat_result, path: Path) -> bool:
    try:
        now = os.stat(path)
    except FileNotFoundError:
        return False
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)
