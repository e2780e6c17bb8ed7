"""An uncaught exception in the window opens a dialog with the log's tail and the file's path."""

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from editor_app.logs import configure_logging
from editor_app.ui.app import make_excepthook


def test_the_crash_dialog_shows_the_log_tail_and_its_path(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("CAPTION_DESK_HOME", str(tmp_path))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    try:
        setup = configure_logging()
        logging.getLogger("editor_app.ops").info("read 12 photos from /wire/in")
        try:
            raise RuntimeError("the caption model lost its row")
        except RuntimeError:
            make_excepthook(setup)(*sys.exc_info())
    finally:
        for handler in [h for h in root.handlers if h not in handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(level)
    [box] = shown
    qtbot.addWidget(box)
    assert str(tmp_path / "logs" / "caption-desk.log") in box.informativeText()
    assert "the caption model lost its row" in box.informativeText()
    details = box.detailedText()
    assert "read 12 photos from /wire/in" in details
    assert "RuntimeError: the caption model lost its row" in details  # the traceback
    assert "Traceback" in (tmp_path / "logs" / "caption-desk.log").read_text(encoding="utf-8")


def test_pillows_warnings_about_damaged_files_stay_off_the_console():
    import warnings

    from editor_app.ui.app import quiet_pillow

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        quiet_pillow()
        # as Pillow's TIFF plugin warns about a damaged EXIF block
        code = compile('import warnings\nwarnings.warn("Corrupt EXIF data")', "PIL", "exec")
        exec(code, {"__name__": "PIL.TiffImagePlugin"})  # noqa: S102 - a warning from PIL
        warnings.warn("ours", stacklevel=1)
    assert [str(w.message) for w in caught] == ["ours"]
