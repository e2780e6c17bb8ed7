"""Replace a file atomically: write a temporary file in the same folder, fsync, rename over it.

A reader (or a crash) sees either the old file or the new one, never a mix. On Linux the new
content is first written to an *unnamed* ``O_TMPFILE`` inode, so a process killed while writing
leaves nothing behind; the file gets a name only for the instant between ``linkat`` and
``rename``. Elsewhere, and on filesystems without ``O_TMPFILE``, the temporary file is named from
the start. Either way the name is recognizable (``.caption-desk-<host>-<pid>-<random>.tmp``), and
every write into a folder first removes such files left by dead processes of this host, or older
than an hour (``sweep_stale``).
"""

import contextlib
import ctypes
import errno
import logging
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger(__name__)

TEMP_PREFIX = ".caption-desk-"
_TEMP_NAME = re.compile(r"\.caption-desk-([0-9a-f]{8})-(\d+)-[0-9a-f]{12}\.tmp")
_STALE_AFTER = 3600.0


def _host_tag() -> str:
    """This machine, in temp names: only its own dead writers' files are removed early."""
    try:
        name = os.uname().nodename
    except AttributeError:  # Windows
        import socket

        name = socket.gethostname()
    return f"{zlib.crc32(name.encode()):08x}"


_HOST = _host_tag()
_UMASK = os.umask(0o022)  # read once at import: os.umask is process-wide, not thread-safe
os.umask(_UMASK)
_use_tmpfile = hasattr(os, "O_TMPFILE") and os.path.isdir("/proc/self/fd")


def replace_atomically(
    path: Path,
    write: Callable[[int], None],
    *,
    fsync: bool = True,
    mode: int | None = None,
    check: Callable[[], None] | None = None,
    replaced: Callable[[Path], None] | None = None,
) -> None:
    """Run ``write(fd)`` on a new temporary file beside ``path``, then rename it over ``path``.

    The new file keeps the permissions (and, where allowed, the owner) of the file it replaces;
    ``mode`` is used when ``path`` does not exist yet. ``check()`` runs right before the
    rename (the writer's last look at its source). Where Linux allows (``renameat2``), the
    rename *exchanges* the two files, and ``replaced(name)`` then looks at the file that was
    replaced, under its temporary name: if it raises, the exchange is undone, so a file another
    program put there after ``check()`` is never lost. A ``path`` that did not exist is never
    overwritten if another program creates it meanwhile (``check()`` then says why). Any
    exception leaves ``path`` as it was and removes the temporary file.
    """
    folder = path.parent
    sweep_stale(folder)
    try:
        old = os.stat(path)
    except FileNotFoundError:
        old = None
    publish = _Publish(old is not None, check, replaced)
    try:
        _replace(path, write, fsync, old, mode, publish, unnamed=_use_tmpfile)
    except _LinkUnsupportedError:
        _disable_tmpfile()
        _replace(path, write, fsync, old, mode, publish, unnamed=False)
    if fsync:
        _fsync_dir(folder)


class _LinkUnsupportedError(Exception):
    """linkat() of an O_TMPFILE inode is not allowed here (no /proc, odd filesystem)."""


def _disable_tmpfile() -> None:
    global _use_tmpfile
    _use_tmpfile = False


def _replace(path, write, fsync, old, mode, publish: "_Publish", *, unnamed: bool) -> None:
    fd, named = _open_temp(path.parent, unnamed)
    try:
        write(fd)
        _copy_permissions(fd, old, mode)
        if fsync:
            os.fsync(fd)
        if named is None:
            named = _give_name(fd, path.parent)
        if publish.check is not None:
            publish.check()
        named = publish(named, path)
    finally:
        os.close(fd)
        if named is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(named)


class _Publish:
    """The rename that publishes the new file, closing the gap after the writer's last check
    where the system allows (Linux ``renameat2``; elsewhere a plain rename)."""

    def __init__(self, existed: bool, check, replaced) -> None:
        self.existed, self.check, self.replaced = existed, check, replaced

    def __call__(self, named: Path, path: Path) -> Path | None:
        """Put ``named`` at ``path``; returns what is left to remove (the replaced file)."""
        try:
            if not self.existed:
                if not _rename2(named, path, _RENAME_NOREPLACE):
                    os.replace(named, path)
                return None
            if not _rename2(named, path, _RENAME_EXCHANGE):
                os.replace(named, path)
                return None
        except (FileExistsError, FileNotFoundError):  # created, or removed, since the check
            if self.check is not None:
                self.check()  # says what happened
            raise
        if self.replaced is not None:
            try:
                self.replaced(named)  # ``named`` is now the file that was at ``path``
            except BaseException:
                _rename2(named, path, _RENAME_EXCHANGE)  # theirs back; ours is removed
                raise
        return named


def _load_renameat2():
    """libc's renameat2 (glibc 2.28+), or None: the os module does not offer it."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()
_AT_FDCWD = -100
_RENAME_NOREPLACE, _RENAME_EXCHANGE = 1, 2
_NO_RENAME2 = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}


def _rename2(src: Path, dst: Path, flags: int) -> bool:
    """``renameat2(src, dst, flags)``; False where the system or filesystem has no such flag
    (NFS, some FUSE mounts, old kernels): the caller then renames plainly."""
    if _renameat2 is None:
        return False
    if _renameat2(_AT_FDCWD, os.fsencode(src), _AT_FDCWD, os.fsencode(dst), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in _NO_RENAME2:
        return False
    raise OSError(code, os.strerror(code), str(dst))


def sweep_stale(folder: Path) -> list[Path]:
    """Remove temporary files that a killed writer left in ``folder``; returns what was removed."""
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if n.startswith(TEMP_PREFIX)]
    except OSError:
        return removed
    for name in names:
        if _is_stale(folder / name):
            with contextlib.suppress(OSError):
                os.unlink(folder / name)
                removed.append(folder / name)
                log.info("removed stale temporary file %s", folder / name)
    return removed


def is_temp_name(name: str) -> bool:
    return _TEMP_NAME.fullmatch(name) is not None


def _is_stale(path: Path) -> bool:
    match = _TEMP_NAME.fullmatch(path.name)
    if not match:
        return False
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    if age > _STALE_AFTER:
        return True
    host, pid = match.group(1), int(match.group(2))
    return host == _HOST and os.name == "posix" and not _pid_alive(pid)


def _pid_alive(pid: int) -> bool:
    """POSIX only: on Windows os.kill(pid, 0) would terminate the process."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _temp_name(folder: Path) -> Path:
    return folder / f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-{os.urandom(6).hex()}.tmp"


def _open_temp(folder: Path, unnamed: bool) -> tuple[int, Path | None]:
    """An open temporary file: unnamed (``O_TMPFILE``) when asked and possible, else named."""
    if unnamed:
        try:
            return os.open(folder, os.O_TMPFILE | os.O_RDWR | os.O_CLOEXEC, 0o600), None
        except OSError as exc:
            if exc.errno not in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
                raise
    name = _temp_name(folder)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    return os.open(name, flags, 0o600), name


def _give_name(fd: int, folder: Path) -> Path:
    """Link the unnamed file into ``folder``: linkat("/proc/self/fd/N", AT_SYMLINK_FOLLOW).

    That is the unprivileged recipe of open(2) for O_TMPFILE; ``src_dir_fd`` makes Python call
    linkat() (plain link() would try to hard-link the /proc symlink itself).
    """
    name = _temp_name(folder)
    proc = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.link(str(fd), name, src_dir_fd=proc, follow_symlinks=True)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        raise _LinkUnsupportedError(str(exc)) from exc
    finally:
        os.close(proc)
    return name


def _copy_permissions(fd: int, old: os.stat_result | None, mode: int | None) -> None:
    if not hasattr(os, "fchmod"):  # Windows: the new file keeps default permissions
        return
    if old is None:
        os.fchmod(fd, (0o666 if mode is None else mode) & ~_UMASK)
        return
    if hasattr(os, "fchown"):  # before chmod: chown clears set-id bits
        with contextlib.suppress(PermissionError):
            os.fchown(fd, old.st_uid, old.st_gid)
    os.fchmod(fd, stat.S_IMODE(old.st_mode))


def _fsync_dir(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
