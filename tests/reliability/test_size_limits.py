"""The writer never produces what the reader refuses, and a caption no photo can hold is
refused when saved (nothing recorded), not left "not yet written" for ever."""

import json

import pytest

from editor_app.cli import main
from editor_app.errors import MetadataWriteError
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import WriteOptions, write_photo
from editor_app.metadata.xmp import MAX_XMP_BYTES
from tests.factories import make_jpeg, make_tiff

BIG_PROPERTY = '<desk:Blob xmlns:desk="http://example.com/desk/1.0/">{}</desk:Blob>'


def _sidecar_near_the_limit(photo, room: int):
    """A sidecar another tool filled to ``room`` bytes under the reader's limit."""
    write_photo(photo, {"caption": "Small"}, WriteOptions(sidecar=True))
    sidecar = photo.with_suffix(".xmp")
    text = sidecar.read_text("utf-8")
    filler = MAX_XMP_BYTES - room - len(text.encode()) - len(BIG_PROPERTY) + 2
    at = text.index("</rdf:Description>")
    sidecar.write_text(text[:at] + BIG_PROPERTY.format("x" * filler) + text[at:], "utf-8")
    assert MAX_XMP_BYTES - room - 5 < sidecar.stat().st_size <= MAX_XMP_BYTES
    return sidecar


def test_a_sidecar_never_grows_past_what_the_reader_reads(tmp_path):
    photo = make_jpeg(tmp_path)
    sidecar = _sidecar_near_the_limit(photo, room=100)
    before = sidecar.read_bytes()
    with pytest.raises(MetadataWriteError, match="reads back; not written"):
        write_photo(photo, {"caption": "C" * 500}, WriteOptions(sidecar=True))
    assert sidecar.read_bytes() == before
    assert read_photo(photo).caption == "Small"  # still readable


def test_a_tiff_xmp_never_grows_past_what_the_reader_reads(tmp_path):
    photo = make_tiff(tmp_path)
    write_photo(photo, {"caption": "Small"})
    before = photo.read_bytes()
    from editor_app.metadata import writer

    real = writer.update_packet
    with pytest.MonkeyPatch.context() as patch:  # a packet another tool filled to the brim
        patch.setattr(writer, "update_packet", lambda *a: real(*a) + " " * MAX_XMP_BYTES)
        with pytest.raises(MetadataWriteError, match="reads back; not written"):
            write_photo(photo, {"caption": "Bigger"})
    assert photo.read_bytes() == before


def test_a_caption_too_big_for_any_photo_is_refused_at_save_time(tmp_path, capsys):
    photo = make_jpeg(tmp_path)
    assert main(["import", str(photo)]) == 0
    capsys.readouterr()
    code = main(["set", str(photo), "--caption", "é" * 40_000])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "caption: too long for a JPEG's XMP" in err and "nothing was saved" in err
    assert main(["history", "--format", "json", str(photo)]) == 0
    assert [r["version"] for r in json.loads(capsys.readouterr().out)] == [1]
    assert main(["export", "--format", "json", str(photo)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["file_state"] == "up to date"


def test_a_long_caption_that_fits_is_written(tmp_path):
    photo = make_jpeg(tmp_path)
    caption = "Ärzte ohne Grenzen liefern Hilfsgüter. " * 1000  # 40 KB
    write_photo(photo, {"caption": caption})
    assert read_photo(photo).caption == caption


def test_the_same_caption_goes_to_a_sidecar_and_a_huge_one_nowhere(tmp_path, capsys):
    photo = make_jpeg(tmp_path)
    caption = "é" * 40_000
    assert main(["set", str(photo), "--sidecar", "--caption", caption]) == 0
    assert read_photo(photo).caption == caption
    capsys.readouterr()
    assert main(["set", str(photo), "--sidecar", "--caption", "x" * MAX_XMP_BYTES]) == 2
    assert "caption: too long for a photo's XMP" in capsys.readouterr().err
