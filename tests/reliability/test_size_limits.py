"""The writer never produces what the reader refuses, and a caption no photo can hold is
refused when saved (nothing recorded), not left "not yet written" for ever."""

import json

import pytest

from editor_app.catalog import open_catalog
from editor_app.cli import main
from editor_app.errors import MetadataWriteError
from editor_app.metadata.io import read_photo
from editor_app.metadata.jpeg import XMP_HEADER
from editor_app.metadata.writer import WriteOptions, write_photo
from editor_app.metadata.xmp import MAX_XMP_BYTES
from editor_app.ops.edit import save_changes
from editor_app.ops.ingest import photo_ids_at
from tests.factories import app_segment, camera_exif, make_jpeg, make_tiff

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


# A JPEG another tool filled with ~50 KB of its own XMP (a custom namespace): a caption that
# fits an empty packet does not fit this one.
_OTHER_TOOL_XMP = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about="" xmlns:desk="http://example.com/desk/1.0/">'
    "<desk:Notes>{}</desk:Notes></rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="w"?>'
)


def _jpeg_with_big_xmp(tmp_path, size: int = 50_000):
    packet = _OTHER_TOOL_XMP.format("n" * size).encode()
    return make_jpeg(tmp_path, extra_segments=app_segment(0xE1, XMP_HEADER + packet))


@pytest.fixture
def catalog(tmp_path):
    with open_catalog(f"sqlite:///{tmp_path / 'c.db'}") as opened:
        yield opened


def test_a_caption_too_big_for_this_file_is_refused_at_save_time(tmp_path, catalog):
    photo = _jpeg_with_big_xmp(tmp_path)
    caption = "Firefighters in the port of Marseille. " * 500  # 20 KB: fits an empty packet
    (pid,) = photo_ids_at(catalog, [photo])
    before = photo.read_bytes()
    with pytest.raises(ValueError) as refused:
        save_changes(catalog, {pid: {"caption": caption, "city": "Marseille"}}, editor="ann")
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{photo}: caption: too long for this file: its XMP would grow to ")
    assert "over the 65502-byte limit (it already holds 50" in message
    assert "shorten the caption by at least " in message and "or write a sidecar" in message
    over = int(message.split("by at least ")[1].split()[0])
    assert 4_000 < over < 6_000  # 20 KB + 50 KB against 64 KB
    assert photo.read_bytes() == before
    assert [r.version for r in catalog.history(pid)] == [1]
    assert catalog.pending_writes() == []
    shorter = caption[: len(caption) - over - 100]  # what the message said: it now fits
    assert save_changes(catalog, {pid: {"caption": shorter}}, editor="ann").outcome(pid).written
    assert read_photo(photo).caption == shorter
    assert "n" * 50_000 in photo.read_bytes().decode("latin-1")  # the other tool's data kept


def test_the_fields_still_pending_count_too(tmp_path, catalog):
    """A caption saved with the files held back travels with the next save's write."""
    photo = _jpeg_with_big_xmp(tmp_path, 40_000)
    (pid,) = photo_ids_at(catalog, [photo])
    first = save_changes(catalog, {pid: {"caption": "c" * 14_000}}, editor="ann", write=False)
    assert first.outcome(pid).pending_write
    with pytest.raises(ValueError, match="headline: too long for this file"):
        save_changes(catalog, {pid: {"headline": "h" * 14_000}}, editor="ann")
    assert [r.version for r in catalog.history(pid)] == [1, 2]


def test_the_same_caption_goes_to_a_sidecar_of_that_file(tmp_path, catalog):
    photo = _jpeg_with_big_xmp(tmp_path)
    caption = "x" * 20_000
    (pid,) = photo_ids_at(catalog, [photo])
    result = save_changes(
        catalog, {pid: {"caption": caption}}, editor="ann", options=WriteOptions(sidecar=True)
    )
    assert result.outcome(pid).written
    assert read_photo(photo).caption == caption


def test_set_refuses_it_with_one_line_and_saves_nothing(tmp_path, capsys):
    photo = _jpeg_with_big_xmp(tmp_path)
    assert main(["import", str(photo)]) == 0
    capsys.readouterr()
    before = photo.read_bytes()
    code = main(["set", str(photo), "--caption", "é" * 10_000])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"caption-desk set: {photo}: caption: too long for this file: ")
    assert "shorten the caption by at least" in err and err.endswith("; nothing was saved\n")
    assert photo.read_bytes() == before
    assert main(["export", "--format", "json", str(photo)]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["file_state"] == "up to date" and row["version"] == 1
    assert main(["set", str(photo), "--sidecar", "--caption", "é" * 10_000]) == 0


def test_a_caption_too_big_for_this_files_exif_is_refused_at_save_time(tmp_path, catalog):
    exif = camera_exif(description="Old caption")
    exif.get_ifd(0x8769)[0x9286] = b"ASCII\x00\x00\x00" + b"u" * 64_900  # UserComment
    photo = make_jpeg(tmp_path, exif=exif)
    (pid,) = photo_ids_at(catalog, [photo])
    before = photo.read_bytes()
    with pytest.raises(ValueError) as refused:
        save_changes(catalog, {pid: {"caption": "c" * 1_000, "city": "Nice"}}, editor="ann")
    message = str(refused.value)
    assert message.startswith(f"{photo}: caption: too long for this file: its Exif would grow ")
    assert "over the 65527-byte limit; shorten the caption by at least " in message
    assert photo.read_bytes() == before and catalog.pending_writes() == []
    assert save_changes(catalog, {pid: {"caption": "Short"}}, editor="ann").outcome(pid).written
