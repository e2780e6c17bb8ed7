"""Messages in the editor's words (issue 11, item 12): each case reproduced, its sentence
checked. (A full disk under the catalog is tests/catalog/test_catalog_lost_during_set.py.)"""

import struct

import pytest

from editor_app.cli import main
from editor_app.metadata.io import read_photo
from editor_app.metadata.xmp import MAX_XMP_DEPTH
from tests.metadata.builders import (
    itxt_xmp,
    jpeg_file,
    png_chunk,
    png_file,
    write,
    xmp_fields,
    xmp_packet,
)


def _deep_packet(levels: int) -> bytes:
    nested = "<dc:x>" * levels + "v" + "</dc:x>" * levels
    caption = '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">Cap</rdf:li></rdf:Alt>'
    return xmp_packet(f"<dc:format>{nested}</dc:format>{caption}</dc:description>")


def test_deeply_nested_xmp_is_named_not_a_recursion_error(tmp_path, capsys):
    photo = write(tmp_path / "deep.jpg", jpeg_file(xmp=_deep_packet(3000)))
    notes = read_photo(photo).notes
    assert any(f"nested more than {MAX_XMP_DEPTH} levels deep" in n for n in notes)
    code = main(["set", "--db", f"sqlite:///{tmp_path / 'c.db'}", str(photo), "--caption", "x"])
    out = capsys.readouterr().out
    assert code == 1
    assert "RecursionError" not in out
    assert "existing XMP cannot be updated safely" in out and "nested more than" in out


def test_real_nesting_is_kept(tmp_path):
    photo = write(tmp_path / "ok.jpg", jpeg_file(xmp=_deep_packet(40)))
    record = read_photo(photo)
    assert record.caption == "Cap" and not record.notes


def test_a_big_but_valid_png_text_chunk_is_not_corrupt(tmp_path):
    big_xmp = itxt_xmp(xmp_packet("<dc:format>" + "x" * (17 * 2**20) + "</dc:format>"))
    icc_like = png_chunk(b"zTXt", b"Comment\x00\x00" + b"z" * (17 * 2**20))
    data = png_file(xmp=xmp_fields(caption="Small one"), extra_chunks=[icc_like, big_xmp])
    record = read_photo(write(tmp_path / "big.png", data))
    assert record.error is None
    assert "corrupt" not in " ".join(record.notes)
    assert any("XMP ignored: it is 17.0 MB, more than the 16 MB" in n for n in record.notes)


@pytest.mark.parametrize(
    ("head", "name"),
    [(b"\xff\xd8", "JPEG"), (b"\x89PNG\r", "PNG"), (b"II*", "TIFF"), (b"RIFF\x10", "WebP")],
)
def test_a_file_cut_after_a_few_bytes_is_truncated_not_unsupported(tmp_path, head, name):
    record = read_photo(write(tmp_path / "cut.jpg", head))
    assert record.error is not None
    assert record.error.startswith(f"truncated {name} (the file ends after {len(head)} bytes")


@pytest.mark.parametrize(
    ("exc", "says"),
    [
        (struct.error("unpack requires a buffer of 4 bytes"), "malformed"),
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (RuntimeError("something new"), "an unexpected error stopped the read"),
    ],
)
def test_an_unforeseen_read_failure_is_told_in_words_not_a_class_name(
    tmp_path, monkeypatch, caplog, exc, says
):
    import editor_app.metadata.io as io

    photo = write(tmp_path / "odd.jpg", jpeg_file())

    def boom(_path):
        raise exc

    monkeypatch.setattr(io, "_read_blocks", boom)
    with caplog.at_level("INFO", logger="editor_app.metadata.failures"):
        error = read_photo(photo).error
    assert error.startswith(io.UNEXPECTED_READ) and says in error and "details in the log" in error
    assert type(exc).__name__ not in error  # the class name goes to the log only
    assert any(r.exc_info and r.exc_info[1] is exc for r in caplog.records)
