"""Issue 11 item 12: a write that fails for a reason nobody foresaw still says, in words, what
happened to the file ("not written (RecursionError)" was all an editor got); the traceback
goes to the log."""

import errno
import logging
import struct
import zlib

import pytest

from editor_app import paths
from editor_app.catalog import open_catalog
from editor_app.cli import main
from editor_app.errors import MetadataReadError, MetadataWriteError, os_reason
from editor_app.logs import LOG_FILE_NAME
from editor_app.metadata import writer
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from editor_app.ops.edit import save_changes
from editor_app.ops.ingest import photo_ids_at
from tests.factories import make_jpeg

MALFORMED = "the file's metadata is malformed (details in the log)"
CASES = {
    "RecursionError": (
        RecursionError("maximum recursion depth exceeded"),
        "the file's metadata is nested too deeply to follow "
        "(damaged or hostile; details in the log)",
    ),
    "MemoryError": (
        MemoryError(),
        "there was not enough memory to process the file's metadata (details in the log)",
    ),
    "struct.error": (
        struct.error("unpack requires a buffer of 4 bytes"),
        "the file's metadata is malformed "
        "(a structure in it is cut short or out of range; details in the log)",
    ),
    "zlib.error": (
        zlib.error("Error -3 while decompressing data: incorrect header check"),
        "compressed data inside the file is damaged (details in the log)",
    ),
    "Pillow ValueError": (ValueError("broken data stream when reading image file"), MALFORMED),
    "UnicodeDecodeError": (
        UnicodeDecodeError("utf-8", b"\xe1", 0, 1, "invalid continuation byte"),
        "the file's metadata holds text that is not valid in its encoding (details in the log)",
    ),
    "IndexError": (IndexError("index out of range"), MALFORMED),
    "KeyError": (KeyError(0x8769), MALFORMED),
    "EOFError": (EOFError(), MALFORMED),
    "OverflowError": (OverflowError("int too big to convert"), MALFORMED),
    "anything else": (
        AttributeError("'NoneType' object has no attribute 'payload'"),
        "an unexpected error stopped the write (please report it; details in the log)",
    ),
}


def _failing(exc: BaseException):
    def fail(*_args, **_kwargs):
        raise exc

    return fail


@pytest.mark.parametrize("case", CASES)
def test_write_photo_says_what_happened(tmp_path, monkeypatch, caplog, case):
    exc, sentence = CASES[case]
    photo = make_jpeg(tmp_path)
    before = photo.read_bytes()
    monkeypatch.setattr(writer, "jpeg_segments", _failing(exc))
    with caplog.at_level(logging.INFO), pytest.raises(MetadataWriteError) as failed:
        write_photo(photo, {"caption": "Fire"})
    assert str(failed.value) == sentence
    assert type(exc).__name__ not in str(failed.value)
    assert photo.read_bytes() == before
    (record,) = [r for r in caplog.records if r.exc_info and r.exc_info[1] is exc]
    assert record.levelno == logging.INFO  # the file and the log view; not the console
    assert str(photo) in record.getMessage()


def test_set_prints_the_sentence_and_logs_the_traceback(tmp_path, monkeypatch, capsys):
    photo = make_jpeg(tmp_path)
    monkeypatch.setattr(writer, "jpeg_segments", _failing(RecursionError("too deep")))
    code = main(["set", str(photo), "--caption", "Fire"])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    assert out == (
        f"error: {photo}: saved in the catalog as version 2 but not written to the file: the "
        "file's metadata is nested too deeply to follow (damaged or hostile; details in the "
        "log)\n"
    )
    logged = (paths.log_dir() / LOG_FILE_NAME).read_text("utf-8")
    assert "Traceback" in logged and "RecursionError: too deep" in logged
    monkeypatch.undo()
    assert main(["set", str(photo), "--caption", "Fire"]) == 0  # the edit was kept: it is written
    assert read_photo(photo).caption == "Fire"


@pytest.fixture
def catalog(tmp_path):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as opened:
        yield opened


@pytest.mark.parametrize(
    ("exc", "error"),
    [
        (struct.error("unpack requires a buffer of 2 bytes"), CASES["struct.error"][1]),
        (MetadataReadError("truncated JPEG (no image data)"), "truncated JPEG (no image data)"),
        (OSError(errno.EIO, "Input/output error"), os_reason(OSError(errno.EIO, "x"))),
    ],
)
def test_the_batch_records_every_failure_in_words(tmp_path, catalog, monkeypatch, exc, error):
    """Failures outside the writer proper (the identity check, another writer) too."""
    photos = [make_jpeg(tmp_path, f"{n}.jpg") for n in range(2)]
    ids = photo_ids_at(catalog, photos)

    def writer_failing_on_the_first(path, fields):
        if path == photos[0]:
            raise exc
        return write_photo(path, dict(fields))

    result = save_changes(
        catalog, dict.fromkeys(ids, {"caption": "Fire"}), editor="ann",
        writer=writer_failing_on_the_first,
    )  # fmt: skip
    assert result.outcome(ids[0]).write_error == error
    assert result.outcome(ids[1]).written
    assert read_photo(photos[1]).caption == "Fire"
