"""A throw-away PostgreSQL server for the catalog tests (127.0.0.1, a free port, trust auth).

Finds the newest server under /usr/lib/postgresql/*/bin (else initdb on PATH; $CAPTION_DESK_PG_BIN
overrides both); as root it runs the server as the unprivileged ``postgres`` user (else nobody).
Set CAPTION_DESK_TEST_PG_URL to use an existing server instead (its database is wiped!).
Run ``python tests/pgserver.py`` to start one by hand; Ctrl-C stops it.
"""

import atexit
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

SUPERUSER = "postgres"
DATABASE = "caption_desk_test"


class PgUnavailableError(Exception):
    """No PostgreSQL server binaries on this machine."""


def find_bindir() -> Path:
    """The bin directory of the newest installed PostgreSQL server."""
    env = os.environ.get("CAPTION_DESK_PG_BIN")  # when set, only this one
    if env:
        candidates = [Path(env)]
    else:
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_major, reverse=True)
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise PgUnavailableError("PostgreSQL server binaries (initdb, pg_ctl) are not installed")


def _major(bindir: Path) -> float:
    try:
        return float(bindir.parent.name)
    except ValueError:
        return 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """``start()`` → ``url``; ``stop()`` removes every trace."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.port = free_port()
        self.datadir: Path | None = None
        self.user = self._run_as()

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def start(self) -> str:
        self.datadir = Path(tempfile.mkdtemp(prefix="caption-desk-pg-"))
        atexit.register(self.stop)  # even if the session ends without its teardown
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.datadir, entry.pw_uid, entry.pw_gid)
        data = self.datadir / "data"
        self._run(
            "initdb",
            "-D",
            str(data),
            "-U",
            SUPERUSER,
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.datadir} "
            "-c fsync=off -c full_page_writes=off -c max_connections=50"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(self.datadir / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, DATABASE)
        return self.url

    def stop(self) -> None:
        if self.datadir is None:
            return
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-D", str(self.datadir / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.datadir, ignore_errors=True)
        self.datadir = None

    def log_tail(self, lines: int = 20) -> str:
        log = self.datadir / "log" if self.datadir else None
        if not log or not log.exists():
            return ""
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])

    def _run(self, tool: str, *args: str) -> None:
        result = subprocess.run(
            [str(self.bindir / tool), *args],
            user=self.user,
            cwd="/",
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode != 0:
            raise subprocess.CalledProcessError(
                result.returncode, tool, result.stdout, result.stderr + self.log_tail()
            )

    @staticmethod
    def _run_as() -> str | None:
        if os.geteuid() != 0:
            return None
        for name in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                return name
        raise PgUnavailableError("running as root, and no unprivileged user to run the server")


def reset_database(url: str) -> None:
    """Drop every table the previous test left behind (faster than a fresh database)."""
    import psycopg2

    with contextlib.closing(psycopg2.connect(url)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")


if __name__ == "__main__":
    server = PgServer()
    print(server.start(), flush=True)
    try:
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
