"""The one place that knows where Caption Desk keeps config, data and cache.

Everything lives under one home when ``--home`` or ``CAPTION_DESK_HOME`` is set, so tests and
``make run`` never touch the user's real profile.
"""

import os
from pathlib import Path

import platformdirs

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
    return base / "config" if base else Path(platformdirs.user_config_dir(_APP))


def data_dir() -> Path:
    base = home()
    return base / "data" if base else Path(platformdirs.user_data_dir(_APP))


def cache_dir() -> Path:
    base = home()
    return base / "cache" if base else Path(platformdirs.user_cache_dir(_APP))


def log_dir() -> Path:
    base = home()
    return base / "logs" if base else Path(platformdirs.user_log_dir(_APP))


def ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
