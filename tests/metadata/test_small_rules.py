"""The single homes of small rules: sidecar naming, format sniffing, OS-error wording."""

import errno
import os

import pytest

from editor_app.errors import MetadataWriteError, os_reason
from editor_app.metadata import writer as writer_module
from editor_app.metadata.formats import describe, sniff
from editor_app.metadata.identity import image_hash
from editor_app.metadata.io import read_photo
from editor_app.metadata.sidecar import (
    find_sidecar,
    sidecar_in,
    sidecar_names,
    sidecar_path,
    sidecar_stat,
)
from editor_app.metadata.writer import write_photo
from editor_app.ops.files import file_state
from tests.factories import make_jpeg, make_png, make_tiff, make_webp


def test_a_new_sidecar_is_lower_case_and_either_case_is_found(tmp_path):
    photo = make_png(tmp_path)
    assert sidecar_path(photo) == tmp_path / "photo.xmp"
    assert sidecar_names("photo.png") == ("photo.xmp", "photo.XMP")
    assert find_sidecar(photo) is None and sidecar_stat(photo) is None
    upper = tmp_path / "photo.XMP"
    upper.write_bytes(b"<x/>")
    assert find_sidecar(photo) == upper
    assert sidecar_stat(photo).st_size == 4
    assert sidecar_in({"photo.XMP": "entry", "other.xmp": "x"}, "photo.png") == "entry"
    (tmp_path / "photo.xmp").write_bytes(b"<xx/>")  # both: the lower-case one, everywhere
    assert find_sidecar(photo) == tmp_path / "photo.xmp"
    assert sidecar_stat(photo).st_size == 5
    assert sidecar_in({"photo.XMP": 1, "photo.xmp": 2}, "photo.png") == 2


def test_a_folder_named_like_a_sidecar_is_not_one(tmp_path):
    photo = make_png(tmp_path)
    (tmp_path / "photo.xmp").mkdir()
    assert find_sidecar(photo) is None and sidecar_stat(photo) is None


def test_reader_writer_and_file_state_agree_on_an_upper_case_sidecar(tmp_path):
    photo = make_png(tmp_path)
    before = file_state(photo)
    write_photo(photo, {"caption": "Theirs"})
    (tmp_path / "photo.xmp").rename(tmp_path / "photo.XMP")
    assert read_photo(photo).caption == "Theirs"
    assert read_photo(photo).sidecar == tmp_path / "photo.XMP"
    assert file_state(photo) != before
    result = write_photo(photo, {"caption": "Ours"})
    assert result.target == tmp_path / "photo.XMP"
    assert read_photo(photo).caption == "Ours"


@pytest.mark.parametrize(
    ("make", "fmt"),
    [(make_jpeg, "JPEG"), (make_tiff, "TIFF"), (make_png, "PNG"), (make_webp, "WEBP")],
)
def test_one_sniffer_for_the_reader_and_the_hash(tmp_path, make, fmt):
    path = make(tmp_path)
    assert sniff(path.read_bytes()[:16]) == fmt
    assert read_photo(path).format == fmt
    assert image_hash(path)  # the hash finds the image data of the same formats


def test_what_we_do_not_read_is_described():
    assert sniff(b"GIF89a") is None
    assert describe(b"GIF89a") == "GIF image"
    assert describe(b"\x00\x00\x00\x18ftypheic") == "heic (ISO media) file"


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.EACCES, "permission denied"),
        (errno.ENOENT, "no such file or directory"),
        (errno.ENOSPC, "no space left on device"),
    ],
)
def test_reader_and_writer_word_an_os_error_alike(tmp_path, monkeypatch, code, words):
    assert os_reason(OSError(code, os.strerror(code))) == words
    photo = make_jpeg(tmp_path)

    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(writer_module, "_write_jpeg", refuse)
    with pytest.raises(MetadataWriteError) as raised:
        write_photo(photo, {"caption": "x"})
    assert str(raised.value) == words


def test_an_os_error_without_text_is_named_by_its_class():
    assert os_reason(PermissionError()) == "PermissionError"


def test_reader_and_writer_word_a_folder_and_an_empty_file_alike(tmp_path):
    folder = tmp_path / "folder.jpg"
    folder.mkdir()
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    for path, words in ((folder, "is a folder, not a photo"), (empty, "empty file")):
        assert read_photo(path).error == words
        with pytest.raises(MetadataWriteError, match=f"^{words}$"):
            write_photo(path, {"caption": "x"})


def test_a_format_we_do_not_read_gets_a_sidecar_and_a_described_error(tmp_path):
    gif = tmp_path / "a.gif"
    gif.write_bytes(b"GIF89a" + bytes(20))
    assert read_photo(gif).error == "unsupported format (GIF image)"
    assert write_photo(gif, {"caption": "x"}).target == tmp_path / "a.xmp"
