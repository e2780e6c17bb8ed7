"""The preview says why a picture cannot be shown in words, never an exception's class name."""

import pytest

import editor_app.ui.widgets.preview as preview


def _decode(qtbot, path):
    signals = preview._Signals()
    with qtbot.waitSignal(signals.done, timeout=10_000) as got:
        preview._Decode(path, signals).run()
    return got.args


def test_a_vanished_file_gives_the_file_systems_reason(qtbot, tmp_path):
    _path, image, reason = _decode(qtbot, tmp_path / "gone.jpg")
    assert image.isNull() and "FileNotFoundError" not in reason
    assert reason == "no such file or directory"  # the reader's words (errors.os_reason)


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyError("x")])
def test_an_unforeseen_decoder_failure_reads_as_a_sentence(qtbot, tmp_path, monkeypatch, exc):
    def boom(_path, _side):
        raise exc

    monkeypatch.setattr(preview, "load_preview", boom)
    _path, image, reason = _decode(qtbot, tmp_path / "odd.jpg")
    assert image.isNull()
    assert reason.startswith("the picture could not be decoded")
    assert type(exc).__name__ not in reason
