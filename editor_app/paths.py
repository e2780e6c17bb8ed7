"""The one place that knows where Caption Desk keeps config, data and cache.

Everything lives under one home when ``--home`` or ``CAPTION_DESK_HOME`` is set, so tests and
``make run`` never touch the user's real profile.
"""

import os
from pathlib import Path

_APP = "caption-desk"
_home_override: Path | None = None


def set_home(path: str | os.PathLike | None) -> None:
    """Point every directory at ``path`` (the ``--home`` option)."""
    global _home_override
    _home_override = Path(path).expanduser().resolve() if path else None


def home() -> Path | None:
    if _home_override is not None:
        return _home_override
    env = os.environ.get("CAPTION_DESK_HOME")
    return Path(env).expanduser().resolve() if env else None


def config_dir() -> Path:
    base = home()
    return base / "config" if base else _user_dir("config")


def data_dir() -> Path:
    base = home()
    return base / "data" if base else _user_dir("data")


def cache_dir() -> Path:
    base = home()
    return base / "cache" if base else _user_dir("cache")


def log_dir() -> Path:
    base = home()
    return base / "logs" if base else _user_dir("log")


def _user_dir(kind: str) -> Path:
    import platformdirs  # here: a command given a home, or needing no folder, never loads it

    return Path(getattr(platformdirs, f"user_{kind}_dir")(_APP))


def ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
