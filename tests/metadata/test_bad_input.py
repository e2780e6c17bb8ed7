"""Bad input: every damaged, foreign or unreadable file gives a record with a one-line ``error``
(never an exception, never a traceback), and ``caption-desk show`` keeps going through a batch.
"""

import errno
import io
import json
import os
import struct
import time

import pytest
from PIL import Image

from editor_app.metadata import io as io_module
from editor_app.metadata.io import read_photo
from tests.metadata.builders import (
    EXIF_IFD_POINTER,
    GPS_IFD_POINTER,
    IMAGE_DESCRIPTION,
    exif_entries,
    exif_ifd_entries,
    first_ifd,
    full_exif,
    iim_block,
    jpeg_file,
    noisy_jpeg,
    patch_entry,
    pixels_jpeg,
    png_file,
    run_cli,
    segment,
    set_first_ifd,
    set_next_ifd,
    splice,
    tiff_file,
    webp_file,
    write,
    xmp_fields,
)


def _pillow(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (1, 2, 3)).save(buf, fmt)
    return buf.getvalue()


def _good_jpeg() -> bytes:
    return jpeg_file(
        exif=full_exif(),
        xmp=xmp_fields(caption="XMP caption"),
        iim=iim_block(caption=b"IIM caption", city=b"Rome"),
    )


def _noisy_with_metadata() -> bytes:
    return jpeg_file(exif=full_exif(), iim=iim_block(city=b"Rome"), base=noisy_jpeg())


def _cut_in_image_data() -> bytes:
    data = _noisy_with_metadata()
    sos = data.index(b"\xff\xda")
    return data[: sos + (len(data) - sos) // 2]


def _cut_in_app13() -> bytes:
    data = _good_jpeg()
    return data[: data.index(b"Photoshop 3.0") + 20]


def _with_segment_after_soi(seg: bytes) -> bytes:
    return splice(_good_jpeg(), [seg])


def _sof_bomb() -> bytes:
    data = bytearray(jpeg_file(iim=iim_block(caption=b"tiny file, huge header")))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = b"\xff\xff\xff\xff"  # 65535 x 65535 = 4.3 gigapixels
    return bytes(data)


def _png_bomb() -> bytes:
    data = bytearray(png_file(xmp=xmp_fields(caption="huge PNG")))
    data[16:24] = struct.pack(">II", 0x7FFFFFFF, 0x7FFFFFFF)  # IHDR (CRC now wrong too)
    return bytes(data)


_DAMAGE = ("truncated", "corrupt", "damaged")

# name -> (file bytes, words the error must contain: one word, or a tuple of which one is enough)
BAD_FILES = {
    "cut-in-first-segment.jpg": (lambda: _good_jpeg()[:40], "truncated"),
    "cut-in-app13.jpg": (_cut_in_app13, "truncated"),
    "cut-in-image-data.jpg": (_cut_in_image_data, "truncated"),
    "cut-after-sos.jpg": (
        lambda: _noisy_with_metadata()[: _noisy_with_metadata().index(b"\xff\xda") + 6],
        "truncated",
    ),
    "only-soi.jpg": (lambda: b"\xff\xd8\xff", "truncated"),
    "empty.jpg": (lambda: b"", "empty"),
    "notes.jpg": (lambda: b"Meeting notes\nnot a photo at all\n", "unsupported format"),
    "length-past-end.jpg": (
        lambda: _with_segment_after_soi(segment(0xE1, b"Exif\x00\x00II*\x00", length=0xFFF0))[
            :3000
        ],
        "truncated",
    ),
    "length-too-short.jpg": (
        lambda: _with_segment_after_soi(
            segment(0xED, b"Photoshop 3.0\x00" + b"8BIM" * 20, length=12)
        ),
        "corrupt",
    ),
    "length-below-two.jpg": (
        lambda: _with_segment_after_soi(segment(0xE1, b"", length=1)),
        "corrupt",
    ),
    "garbage-after-soi.jpg": (lambda: b"\xff\xd8\xff" + bytes(range(256)) * 8, "corrupt"),
    # an ISO-media brand made of control bytes must not reach the message raw (a newline would
    # split the CLI's "path: reason" line, an ESC would drive the terminal)
    "ftyp-control-bytes.jpg": (
        lambda: b"\x00\x00\x00\x18ftypa\nb\x1b" + b"\x00" * 20,
        "unsupported format",
    ),
    "anim.gif": (lambda: _pillow("GIF"), "unsupported format"),
    "picture.bmp": (lambda: _pillow("BMP"), "unsupported format"),
    "scan.pdf": (lambda: _pillow("PDF"), "unsupported format"),
    "gif-named.jpg": (lambda: _pillow("GIF"), "unsupported format"),
    "cut.png": (lambda: png_file(xmp=xmp_fields(caption="c"))[:60], "truncated"),
    "no-iend.png": (lambda: png_file(xmp=xmp_fields(caption="c"))[:-12], "truncated"),
    "bad-ifd0.tif": (lambda: set_first_ifd(tiff_file(), 0xFFFFFF), "corrupt"),
    "cut-header.tif": (lambda: tiff_file(xmp=xmp_fields(caption="c"))[:20], "corrupt"),
    # a cut directory loses the tags that were in the missing bytes: the desk must know
    "cut-directory.tif": (lambda: tiff_file(xmp=xmp_fields(caption="c"))[:-10], _DAMAGE),
    # the RIFF header says how long the file is; the frame and the XMP after it are gone
    "cut-frame.webp": (lambda: webp_file(xmp=xmp_fields(caption="c"), size=(64, 64))[:60], _DAMAGE),
    "cut-xmp.webp": (lambda: webp_file(xmp=xmp_fields(caption="c"))[:-10], "truncated"),
}


def _assert_one_line(error):
    assert isinstance(error, str) and error.strip(), f"expected a one-line error, got {error!r}"
    assert not any(ord(c) < 32 or ord(c) == 127 for c in error), repr(error)
    assert "Traceback" not in error
    assert len(error) < 300


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_file_gives_one_readable_line(tmp_path, name):
    build, words = BAD_FILES[name]
    path = write(tmp_path / name, build())
    start = time.monotonic()
    record = read_photo(path)
    assert time.monotonic() - start < 2
    _assert_one_line(record.error)
    words = (words,) if isinstance(words, str) else words
    assert any(word in record.error.lower() for word in words), record.error
    assert not record.ok


def test_damaged_jpeg_keeps_the_metadata_before_the_damage(tmp_path):
    record = read_photo(write(tmp_path / "cut.jpg", _cut_in_app13()))
    assert "truncated" in record.error
    assert record.format == "JPEG"
    assert record.caption == "Protesters march in Berlin, Germany, May 1, 2024."  # EXIF, before


def test_jpeg_cut_in_image_data_keeps_all_metadata(tmp_path):
    record = read_photo(write(tmp_path / "cut.jpg", _cut_in_image_data()))
    assert "truncated" in record.error
    assert (record.city, record.exif.make) == ("Rome", "NIKON CORPORATION")


def test_directory(tmp_path):
    record = read_photo(tmp_path)
    _assert_one_line(record.error)
    assert "folder" in record.error


def test_missing_file(tmp_path):
    record = read_photo(tmp_path / "gone.jpg")
    _assert_one_line(record.error)
    assert "no such file" in record.error


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read a chmod 000 file"
)
def test_unreadable_permissions(tmp_path):
    path = write(tmp_path / "locked.jpg", _good_jpeg())
    path.chmod(0)
    try:
        record = read_photo(path)
    finally:
        path.chmod(0o644)
    _assert_one_line(record.error)
    assert "permission denied" in record.error


@pytest.mark.parametrize(
    ("errno_name", "words"),
    [("EACCES", "permission denied"), ("EPERM", "permission denied"), ("EIO", "input/output")],
)
def test_os_errors_become_readable_reasons(tmp_path, monkeypatch, errno_name, words):
    """The same path as chmod 000, but also when the tests run as root."""
    path = write(tmp_path / "p.jpg", _good_jpeg())
    code = getattr(errno, errno_name)

    def refuse(*_args, **_kwargs):
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(io_module, "open_sized", refuse)
    record = read_photo(path)
    _assert_one_line(record.error)
    assert words in record.error
    assert str(path) not in record.error  # the CLI adds the path itself: no "path: path: ..."


# --- damaged EXIF structures: never hang, never lose the other sources --------------------------


def _exif_variants():
    base = full_exif(description="EXIF caption")
    ifd0 = first_ifd(base)
    return {
        "ifd0-loops-to-itself": set_next_ifd(base, ifd0, ifd0),
        "exif-ifd-is-ifd0": patch_entry(base, EXIF_IFD_POINTER, field=ifd0),
        "gps-ifd-is-ifd0": patch_entry(base, GPS_IFD_POINTER, field=ifd0),
        "ifd0-past-end": set_first_ifd(base, 0xFFFFF0),
        "next-ifd-past-end": set_next_ifd(base, ifd0, 0x7FFFFFF0),
        "value-past-end": patch_entry(base, IMAGE_DESCRIPTION, field=0xFFFF00),
        "exif-ifd-past-end": patch_entry(base, EXIF_IFD_POINTER, field=0xFFFF00),
        "huge-count": patch_entry(base, IMAGE_DESCRIPTION, count=0x7FFFFFFF),
        "exif-pointer-count-0": patch_entry(base, EXIF_IFD_POINTER, count=0),  # exifread raises
        "odd-ifd0-offset": set_first_ifd(base, 7),
        "not-tiff": b"XX*\x00" + base[4:],
    }


@pytest.mark.parametrize("variant", list(_exif_variants()))
def test_damaged_exif_structure(tmp_path, variant):
    blob = _exif_variants()[variant]
    path = write(
        tmp_path / "exif.jpg",
        jpeg_file(exif=blob, xmp=xmp_fields(Credit="XMP credit"), iim=iim_block(city=b"Rome")),
    )
    start = time.monotonic()
    record = read_photo(path)
    assert time.monotonic() - start < 2
    if record.error is not None:
        _assert_one_line(record.error)
    # the IIM and XMP do not depend on the EXIF: a broken EXIF must not hide them
    assert (record.city, record.credit) == ("Rome", "XMP credit")


def test_damaged_exif_in_a_tiff_keeps_the_xmp(tmp_path):
    data = tiff_file(
        ifd0=[*exif_entries(description="d")],
        exif_ifd=exif_ifd_entries(iso=100),
        xmp=xmp_fields(Credit="XMP credit"),
    )
    data = patch_entry(data, EXIF_IFD_POINTER, count=0)
    record = read_photo(write(tmp_path / "exif.tif", data))
    if record.error is not None:
        _assert_one_line(record.error)
    assert record.credit == "XMP credit"


def test_tiff_ifd_loop(tmp_path):
    data = tiff_file(xmp=xmp_fields(caption="Looped"))
    data = set_next_ifd(data, first_ifd(data), first_ifd(data))
    start = time.monotonic()
    record = read_photo(write(tmp_path / "loop.tif", data))
    assert time.monotonic() - start < 2
    assert record.caption == "Looped"


# --- decompression-bomb-sized headers: we never decode pixels ----------------------------------


def test_jpeg_with_gigapixel_sof_answers_quickly(tmp_path):
    start = time.monotonic()
    record = read_photo(write(tmp_path / "bomb.jpg", _sof_bomb()))
    assert time.monotonic() - start < 1
    assert record.error is None
    assert (record.width, record.height) == (65535, 65535)
    assert record.caption == "tiny file, huge header"


def test_png_with_huge_ihdr_answers_quickly(tmp_path):
    start = time.monotonic()
    record = read_photo(write(tmp_path / "bomb.png", _png_bomb()))
    assert time.monotonic() - start < 1
    assert (record.width, record.height) == (0x7FFFFFFF, 0x7FFFFFFF)
    assert record.caption == "huge PNG"


def test_huge_sidecar_is_bounded(tmp_path):
    photo = write(tmp_path / "p.jpg", jpeg_file(iim=iim_block(caption=b"IIM caption")))
    with open(tmp_path / "p.xmp", "wb") as fh:
        fh.write(xmp_fields(caption="sidecar"))
        fh.write(b" " * (9 * 1024 * 1024))
    start = time.monotonic()
    record = read_photo(photo)
    assert time.monotonic() - start < 3
    assert record.caption == "IIM caption"
    assert any("larger than allowed" in n for n in record.notes)


def test_extended_xmp_segments_are_noted_not_fatal(tmp_path):
    ext = segment(
        0xE1, b"http://ns.adobe.com/xmp/extension/\x00" + b"0" * 32 + b"\x00" * 8 + b"<x:xmpmeta/>"
    )
    record = read_photo(
        write(tmp_path / "ext.jpg", jpeg_file(xmp=xmp_fields(caption="main"), extra=[ext]))
    )
    assert record.error is None
    assert record.caption == "main"
    assert any("extended XMP" in n for n in record.notes)


# --- the CLI on a batch mixing good and bad files -----------------------------------------------


@pytest.fixture
def batch(tmp_path):
    """Good and bad files, in an argument order that is not alphabetical."""
    files = [
        ("z-good.jpg", _good_jpeg(), True),
        ("notes.jpg", b"just text\n", False),
        ("b-good.png", png_file(xmp=xmp_fields(caption="PNG caption")), True),
        ("empty.jpg", b"", False),
        ("cut.jpg", _cut_in_image_data(), False),
        ("scan.pdf", _pillow("PDF"), False),
        ("a-good.tif", tiff_file(xmp=xmp_fields(caption="TIFF caption")), True),
        ("lying.jpg", _with_segment_after_soi(segment(0xE1, b"", length=1)), False),
    ]
    paths = [(write(tmp_path / name, data), ok) for name, data, ok in files]
    paths.append((tmp_path / "missing.jpg", False))
    return paths


def test_show_text_batch(batch):
    result = run_cli("show", *(str(p) for p, _ in batch))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    err_lines = result.stderr.splitlines()
    for path, ok in batch:
        mine = [line for line in err_lines if line.startswith(f"{path}: ")]
        if ok:
            assert mine == []
            assert str(path) in result.stdout
        else:
            assert len(mine) == 1, (path, result.stderr)
            assert len(mine[0]) > len(f"{path}: ")
    assert len(err_lines) == sum(not ok for _, ok in batch)
    assert "PNG caption" in result.stdout and "TIFF caption" in result.stdout


def test_show_json_batch(batch):
    result = run_cli("show", "--format", "json", *(str(p) for p, _ in batch))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    objects = json.loads(result.stdout)
    assert [o["path"] for o in objects] == [str(p) for p, _ in batch]
    for obj, (_path, ok) in zip(objects, batch, strict=True):
        if ok:
            assert obj["error"] is None
        else:
            _assert_one_line(obj["error"])


def test_show_batch_of_only_good_files_exits_zero(batch):
    good = [str(p) for p, ok in batch if ok]
    result = run_cli("show", "--format", "json", *good)
    assert result.returncode == 0, result.stderr
    assert [o["caption"] for o in json.loads(result.stdout)] == [
        "Protesters march in Berlin, Germany, May 1, 2024.",
        "PNG caption",
        "TIFF caption",
    ]


def test_show_damaged_jpeg_prints_its_values_and_its_error(tmp_path):
    path = write(tmp_path / "cut.jpg", _cut_in_image_data())
    result = run_cli("show", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{path}: truncated")
    assert "Rome" in result.stdout  # what could be read is still shown


def test_show_on_a_pixel_bomb_does_not_decode(tmp_path):
    path = write(tmp_path / "bomb.jpg", _sof_bomb())
    result = run_cli("show", "--format", "json", str(path), timeout=20)
    assert result.returncode == 0
    assert json.loads(result.stdout)[0]["width"] == 65535


def test_bad_bytes_never_reach_the_caller_as_an_exception(tmp_path):
    # the JPEG structure is fine; the payloads of every metadata segment are noise
    noise = bytes((i * 131 + 7) % 256 for i in range(3000))
    data = splice(
        pixels_jpeg(),
        [
            segment(0xE1, b"Exif\x00\x00" + noise[:900]),
            segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + noise[900:1800]),
            segment(0xED, b"Photoshop 3.0\x00" + noise[1800:]),
        ],
    )
    record = read_photo(write(tmp_path / "noise.jpg", data))
    if record.error is not None:
        _assert_one_line(record.error)


def _phantom_entries_exif() -> bytes:
    """A 400-byte EXIF whose IFD0, Exif, GPS and Interop IFDs each claim 65535 entries.

    Nearly all the entries lie past the end of the data; a reader that walks them anyway spends
    about a second of CPU on a 1 KB file (a cheap way to stall a batch of thousands)."""

    def ifd(entries):
        return struct.pack("<H", 0xFFFF) + b"".join(struct.pack("<HHII", *e) for e in entries)

    blob = bytearray(b"II*\x00" + struct.pack("<I", 8))
    blob += ifd([(0x8769, 4, 1, 100), (0x8825, 4, 1, 200), (0x010E, 2, 4, 0x41414141)])
    blob += b"\x00" * (100 - len(blob)) + ifd([(0xA005, 4, 1, 300), (0x9003, 2, 4, 0)])
    blob += b"\x00" * (200 - len(blob)) + ifd([(1, 2, 2, 0x4E)])
    blob += b"\x00" * (300 - len(blob)) + ifd([(1, 2, 4, 0x393852)])
    return bytes(blob + b"\x00" * 20)


def test_ifds_claiming_65535_entries_in_a_tiny_file_answer_quickly(tmp_path):
    path = write(
        tmp_path / "phantom.jpg",
        jpeg_file(exif=_phantom_entries_exif(), iim=iim_block(city=b"Rome")),
    )
    read_photo(write(tmp_path / "warm.jpg", _good_jpeg()))  # imports and caches warmed up
    start = time.monotonic()
    record = read_photo(path)
    elapsed = time.monotonic() - start
    assert record.city == "Rome"
    if record.error is not None:
        _assert_one_line(record.error)
    # A normal read takes a few milliseconds; 0.25 s leaves a wide margin for a loaded machine.
    assert elapsed < 0.25, f"{elapsed:.2f}s for a {path.stat().st_size}-byte file"
