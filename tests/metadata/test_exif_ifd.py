"""Our EXIF decoding (``exif_ifd``) gives what exifread gives on the same filtered view: on every
EXIF blob of the corpus, on built blobs with every field type and odd layout, and on thousands
of mutants. Reference: exifread's ``process_file`` over ``exif_view.filtered_blob``, which is
what the reader used before."""

import io
import math
import random
import struct

import pytest

from editor_app.errors import MetadataReadError
from editor_app.metadata import containers, exif_ifd, jpeg
from editor_app.metadata.exif import exif_data, read_exif_blob, read_exif_file
from editor_app.metadata.exif_view import filtered_blob
from tests.metadata.builders import (
    ASCII,
    DATETIME_ORIGINAL,
    DOUBLE,
    EXPOSURE_TIME,
    F_NUMBER,
    FLOAT,
    FOCAL_LENGTH,
    GPS_LAT,
    GPS_LAT_REF,
    GPS_LON,
    GPS_LON_REF,
    ISO,
    LENS_MODEL,
    LONG,
    MAKE,
    ORIENTATION,
    RATIONAL,
    SHORT,
    UNDEFINED,
    ascii_entry,
    tiff_blob,
)


def reference(blob: bytes):
    """What exifread reads from the filtered view, or its error."""
    try:
        return read_exif_file(io.BytesIO(filtered_blob(blob)))
    except (struct.error, ValueError):
        return "unreadable EXIF (damaged directory structure)"
    except MetadataReadError as exc:
        return str(exc)


def ours(blob: bytes):
    try:
        return read_exif_blob(blob)
    except MetadataReadError as exc:
        return str(exc)


def normal(tags):
    """Comparable values: ratios as their float (or the error float() raises)."""
    if isinstance(tags, str):
        return tags
    return {key: _normal(values) for key, values in tags.items()}


def _normal(values):
    if isinstance(values, (str, bytes)):
        return values
    out = []
    for v in values:
        if isinstance(v, int):
            out.append(v)
        elif isinstance(v, tuple):
            out.append(("float", repr(v)))
        else:
            try:
                out.append(("ratio", repr(float(v))))
            except ZeroDivisionError:
                out.append(("ratio", "zero"))
    return out


def assert_same(blob: bytes) -> None:
    want, got = reference(blob), ours(blob)
    assert normal(got) == normal(want)
    if not isinstance(want, str):
        assert exif_data(got) == exif_data(want)


def _corpus_blobs(corpus):
    for path in sorted(corpus.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg"):
            continue
        try:
            with path.open("rb") as fh:
                header = jpeg.read_jpeg_header(fh, strict=False)
        except MetadataReadError:
            continue
        blob = containers._joined_exif(header)
        if blob:
            yield path, blob


@pytest.mark.corpus
def test_corpus_blobs_decode_as_exifread_does(corpus):
    compared, differ = 0, []
    for path, blob in _corpus_blobs(corpus):
        compared += 1
        want, got = normal(reference(blob)), normal(ours(blob))
        if want != got:
            differ.append((path.name, want, got))
    assert compared > 250
    assert differ == []


def camera_blob(endian: str = "<") -> bytes:
    return tiff_blob(
        [ascii_entry(MAKE, "Canon"), (ORIENTATION, SHORT, 6), (0x0100, LONG, 4000)],
        exif_ifd=[
            ascii_entry(DATETIME_ORIGINAL, "2024:11:20 14:03:05"),
            (EXPOSURE_TIME, RATIONAL, [(1, 250)]),
            (F_NUMBER, RATIONAL, [(28, 10)]),
            (ISO, SHORT, [400, 800]),
            (FOCAL_LENGTH, RATIONAL, [(0, 0)]),
            ascii_entry(LENS_MODEL, b"Objektiv \xe9 50mm"),  # not UTF-8: stays bytes
        ],
        gps_ifd=[
            ascii_entry(GPS_LAT_REF, "S"),
            (GPS_LAT, RATIONAL, [(48, 1), (30, 1), (1234, 100)]),
            ascii_entry(GPS_LON_REF, "W"),
            (GPS_LON, DOUBLE, [2.5, 1.0, 0.0]),
        ],
        endian=endian,
    )


@pytest.mark.parametrize("endian", ["<", ">"])
def test_a_camera_blob_reads_the_same(endian):
    blob = camera_blob(endian)
    assert_same(blob)
    data = exif_data(read_exif_blob(blob))
    assert data.make == "Canon" and data.iso == 400 and data.focal_length is None
    assert data.gps_latitude == round(-(48 + 30 / 60 + 12.34 / 3600), 7)
    assert data.gps_longitude is None  # doubles are 1-tuples in exifread: not degrees
    assert data.exposure_time == 0.004


@pytest.mark.parametrize(
    "entry",
    [
        (ORIENTATION, FLOAT, [1.5]),
        (ORIENTATION, UNDEFINED, b"\x01\x02"),
        (ORIENTATION, 9, 0),  # SLONG read as a raw LONG here: signedness is exifread's job
        (ORIENTATION, 0, 0),  # PROPRIETARY: skipped
        (ORIENTATION, 99, 0),  # unknown type: skipped
        (MAKE, ASCII, b""),
        (MAKE, ASCII, b"Ni\x00kon"),
        (MAKE, RATIONAL, [(7, 0), (0, 3)]),
        (MAKE, 10, [(0, 0xFFFFFFFB), (3, 0xFFFFFFFC)]),  # SRATIONAL 0/-5, 3/-4
    ],
)
def test_odd_field_types_read_the_same(entry):
    tag, typ, value = entry
    if typ == 10:
        blob = bytearray(tiff_blob([(tag, RATIONAL, value)]))
        struct.pack_into("<H", blob, _first_entry(blob) + 2, typ)
        blob = bytes(blob)
    elif typ in (9, 0, 99):
        blob = bytearray(tiff_blob([(tag, LONG, 0xFFFFFFFE)]))
        struct.pack_into("<H", blob, _first_entry(blob) + 2, typ)
        blob = bytes(blob)
    else:
        blob = tiff_blob([(tag, typ, value)])
    assert_same(blob)


def test_a_value_under_a_rewritten_directory_is_left_to_exifread(monkeypatch):
    blob = bytearray(tiff_blob([ascii_entry(MAKE, "A long camera maker name")]))
    struct.pack_into("<I", blob, _first_entry(blob) + 8, 8)  # Make's text now starts at the header
    calls = []
    monkeypatch.setattr(exif_ifd, "decode", lambda *a: calls.append(a) or None)
    assert_same(bytes(blob))
    assert calls  # ours was asked and declined


def test_a_float_past_the_end_fails_as_exifread_fails():
    blob = bytearray(tiff_blob([(ORIENTATION, DOUBLE, [1.0])]))
    struct.pack_into(
        "<I", blob, _first_entry(blob) + 8, len(blob) - 3
    )  # the 8 bytes run past the end
    assert ours(bytes(blob)) == reference(bytes(blob)) == "unreadable EXIF (IndexError)"


def _first_entry(blob: bytes | bytearray) -> int:
    return struct.unpack_from("<I", blob, 4)[0] + 2


def _mutants(seed: bytes, rng: random.Random, count: int):
    for _ in range(count):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(min(len(data), 400))
            if rng.random() < 0.5:
                data[at] = rng.randrange(256)
            else:  # a plausible-looking number: a count, type or offset
                width = rng.choice((2, 4))
                value = rng.choice((0, 1, 2, 3, 5, 7, 11, 12, 13, 14, 999, 1000, len(data) - 2))
                struct.pack_into(
                    "<I" if width == 4 else "<H",
                    data,
                    min(at, len(data) - 4),
                    value % (1 << (8 * width)),
                )
        if rng.random() < 0.2 and len(data) > 9:
            data = data[: rng.randrange(8, len(data))]
        yield bytes(data)


@pytest.mark.parametrize("endian", ["<", ">"])
def test_mutants_read_the_same(endian):
    rng = random.Random(20261130)
    seed = camera_blob(endian)
    for mutant in _mutants(seed, rng, 1500):
        want, got = normal(reference(mutant)), normal(ours(mutant))
        assert got == want, mutant.hex()


def test_only_wanted_entries_are_decoded(monkeypatch):
    """Pointer amplification stays bounded: the walk hands over the first of each wanted tag."""
    gps = [(GPS_LAT, RATIONAL, [(1, 1), (2, 1), (3, 1)])] * 1
    blob = tiff_blob([ascii_entry(MAKE, "X")] * 500, gps_ifd=gps * 1)
    tags = read_exif_blob(blob)
    assert set(tags) == {"Image Make", "Image GPSInfo", "GPS GPSLatitude"}
    assert math.isclose(exif_data(tags).gps_latitude or 0, 1 + 2 / 60 + 3 / 3600, abs_tol=1e-7)


@pytest.mark.corpus
def test_mutants_of_corpus_blobs_read_the_same(corpus):
    rng = random.Random(8)
    for path, blob in _corpus_blobs(corpus):
        for mutant in _mutants(blob, rng, 8):
            assert normal(ours(mutant)) == normal(reference(mutant)), (path.name, mutant.hex())


@pytest.mark.parametrize("ifd0", [0, 2, 4])
def test_a_directory_over_the_header_is_left_to_exifread(ifd0):
    blob = bytearray(camera_blob())
    struct.pack_into("<I", blob, 4, ifd0)
    assert_same(bytes(blob))
