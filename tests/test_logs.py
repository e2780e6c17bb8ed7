"""The log: a ring buffer and a rotating file under the home; the crash dialog shows both."""

import logging
import os
import subprocess
import sys

import pytest

from editor_app import cli, logs
from editor_app.logs import LOG_FILE_NAME, RingBufferHandler, RotatingLogFile, configure_logging


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_log_file_is_under_the_home(tmp_path, monkeypatch, restore_logging):
    monkeypatch.setenv("CAPTION_DESK_HOME", str(tmp_path))
    setup = configure_logging()
    logging.getLogger("editor_app.test").info("opened the wire folder")
    assert setup.file == tmp_path / "logs" / LOG_FILE_NAME
    assert "opened the wire folder" in setup.file.read_text(encoding="utf-8")
    assert "opened the wire folder" in setup.ring.tail(1)[0]


def test_configuring_again_replaces_the_handlers(tmp_path, monkeypatch, restore_logging):
    monkeypatch.setenv("CAPTION_DESK_HOME", str(tmp_path))
    configure_logging()
    configure_logging()
    ours = [h for h in logging.getLogger().handlers if getattr(h, "_caption_desk_handler", 0)]
    assert sorted(type(h).__name__ for h in ours) == ["RingBufferHandler", "RotatingLogFile"]


def test_the_cli_writes_its_log_under_the_home(tmp_path, restore_logging, capsys):
    cli.main(["--home", str(tmp_path), "show", str(tmp_path / "missing.jpg")])
    assert (tmp_path / "logs" / LOG_FILE_NAME).is_file()


def test_an_unwritable_home_leaves_the_ring_buffer(tmp_path, monkeypatch, restore_logging):
    (tmp_path / "logs").write_text("a file where the folder should be")
    monkeypatch.setenv("CAPTION_DESK_HOME", str(tmp_path))
    setup = configure_logging()
    assert setup.file is None
    assert "no log file" in setup.ring.tail(1)[0]


def test_the_ring_buffer_keeps_the_last_lines():
    ring = RingBufferHandler(capacity=3)
    ring.setFormatter(logging.Formatter("%(message)s"))
    for i in range(5):
        ring.emit(logging.LogRecord("x", logging.INFO, __file__, 1, f"line {i}", None, None))
    assert ring.tail() == ["line 2", "line 3", "line 4"]
    assert ring.tail(1) == ["line 4"]


def test_the_log_file_module_loads_with_the_first_record(tmp_path):
    code = (
        "import logging, sys\n"
        "from editor_app.logs import configure_logging\n"
        "setup = configure_logging()\n"
        "assert setup.file.is_file() and 'logging.handlers' not in sys.modules\n"
        "logging.getLogger('editor_app.x').info('first')\n"
        "assert 'logging.handlers' in sys.modules\n"
        "assert 'first' in setup.file.read_text(encoding='utf-8')\n"
    )
    env = {**os.environ, "CAPTION_DESK_HOME": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, env=env)


def test_the_log_file_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "_MAX_BYTES", 200)
    handler = RotatingLogFile(tmp_path / "x.log")
    handler.setFormatter(logging.Formatter("%(message)s"))
    for i in range(20):
        handler.handle(
            logging.LogRecord("x", logging.INFO, __file__, 1, f"line {i:02d} of a log", None, None)
        )
    handler.close()
    assert (tmp_path / "x.log.1").is_file() and not (tmp_path / "x.log.4").exists()
    assert "line 19" in (tmp_path / "x.log").read_text(encoding="utf-8")
