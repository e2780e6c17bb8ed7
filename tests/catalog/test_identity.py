"""The image-data hash: same picture, same hash, whatever the metadata, name or place."""

import hashlib
import shutil
import struct

import blake3
import pytest
from PIL import Image

from editor_app.errors import MetadataReadError, UnsupportedFormat
from editor_app.metadata.identity import image_hash
from editor_app.metadata.writer import write_photo
from tests.factories import app_segment, make_jpeg, make_png, make_tiff, make_webp

MAKERS = {"jpeg": make_jpeg, "tiff": make_tiff, "png": make_png, "webp": make_webp}


@pytest.mark.parametrize("kind", MAKERS)
def test_hash_survives_rename_and_caption_writes(tmp_path, kind):
    path = MAKERS[kind](tmp_path)
    before = image_hash(path)
    moved = shutil.move(path, tmp_path / f"renamed{path.suffix}")
    write_photo(moved, {"caption": "A new caption", "keywords": ("fire",)})
    assert image_hash(moved) == before
    assert len(before) == 40


@pytest.mark.parametrize("algorithm", ["blake3", "sha256"])
def test_jpeg_hash_is_the_digest_of_the_bytes_from_sos_to_the_end(tmp_path, algorithm):
    path = make_jpeg(tmp_path)
    data = path.read_bytes() + b"\xab" * (3 << 20)  # past several 1 MiB chunks
    path.write_bytes(data)
    sos = data.index(b"\xff\xda")
    expected = {"blake3": blake3.blake3, "sha256": hashlib.sha256}[algorithm](data[sos:])
    assert image_hash(path, algorithm) == expected.hexdigest()[:40]


def test_jpeg_hash_ignores_header_segments(tmp_path):
    plain = make_jpeg(tmp_path, "plain.jpg", exif=False, icc=False)
    data = plain.read_bytes()
    extra = tmp_path / "extra.jpg"
    extra.write_bytes(data[:2] + app_segment(0xEE, b"Adobe\x00" + b"x" * 100) + data[2:])
    assert image_hash(plain) == image_hash(extra)


def test_different_pictures_differ(tmp_path):
    a = make_jpeg(tmp_path, "a.jpg", size=(64, 48))
    b = make_jpeg(tmp_path, "b.jpg", size=(48, 64))
    assert image_hash(a) != image_hash(b)


def _tiff(path, description, size=(40, 30)):
    Image.new("RGB", size, (10, 200, 30)).save(path, "TIFF", tiffinfo={270: description})
    return path


def test_tiff_hash_reads_the_strips(tmp_path):
    a = _tiff(tmp_path / "a.tif", "one")
    b = _tiff(tmp_path / "b.tif", "a much longer description that moves the strips")
    assert image_hash(a) == image_hash(b)
    assert a.read_bytes() != b.read_bytes()
    assert image_hash(_tiff(tmp_path / "c.tif", "one", (32, 32))) != image_hash(a)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"GIF89a" + b"\x00" * 20, UnsupportedFormat),
        (b"\xff\xd8\xff\xd9", MetadataReadError),  # JPEG without scan data
        (b"\x89PNG\r\n\x1a\n" + struct.pack(">I4s", 0, b"IEND") + b"\0" * 4, MetadataReadError),
        (b"RIFF\x04\x00\x00\x00WEBP", MetadataReadError),
        (b"RIFF", UnsupportedFormat),
        (b"II*\x00\x08\x00\x00\x00\x00\x00\x00\x00\x00\x00", MetadataReadError),
    ],
)
def test_files_without_image_data_raise(tmp_path, data, error):
    path = tmp_path / "bad"
    path.write_bytes(data)
    with pytest.raises(error):
        image_hash(path)


def test_truncated_strip_raises(tmp_path):
    path = make_tiff(tmp_path, compression=None)
    data = path.read_bytes()
    path.write_bytes(data[:200])
    with pytest.raises(MetadataReadError):
        image_hash(path)
