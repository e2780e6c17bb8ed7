"""Bounded, seeded mutation fuzz of files with real metadata: ``read_photo`` never raises, never
hangs, and every error it reports is one readable line from a parser that saw the damage
(not the last-resort "could not be read (SomeException...)" that means an unexpected crash).

Deterministic: a fixed seed per fixture, ~450 mutants, a few seconds. A failing mutant is
written to the test's tmp_path so it can be replayed.
"""

import random
import struct
import time

import pytest

from editor_app.metadata.io import UNEXPECTED_READ, read_photo
from tests.metadata.builders import (
    app13,
    exif_entries,
    exif_ifd_entries,
    full_exif,
    iim_block,
    jpeg_file,
    photoshop_resources,
    pixels_jpeg,
    png_file,
    splice,
    tiff_file,
    webp_file,
    write,
    xmp_fields,
)

MUTANTS_PER_SEED = 80
PER_FILE_SECONDS = 3.0  # a normal read takes milliseconds; this only catches hangs
UNEXPECTED = UNEXPECTED_READ


def _iim():
    return iim_block(
        utf8=True,
        caption="Zürich, Switzerland – caption".encode(),
        byline=["Jane Doe", "Ann Lee"],
        keywords=["k1", "k2"],
        credit=b"AP",
        date_created=b"20240501",
        time_created=b"140305+0200",
    )


def _seeds():
    xmp = xmp_fields(
        caption="XMP caption",
        byline=["Jane"],
        keywords=["a", "b"],
        Credit="C",
        City="Bern",
        DateCreated="2024-05-01",
    )
    iim = _iim()
    two_app13 = splice(
        pixels_jpeg(),
        [
            app13(photoshop_resources(iim)[:40]),
            app13(photoshop_resources(iim)[40:]),
            app13(photoshop_resources(iim_block(city=b"Lima"), None)),
        ],
    )
    return {
        "full.jpg": jpeg_file(exif=full_exif(), xmp=xmp, iim=iim),
        "app13s.jpg": two_app13,
        "photo.tif": tiff_file(
            ifd0=exif_entries(description="d", artist="a; b"),
            exif_ifd=exif_ifd_entries(datetime_original="2024:05:01 14:03:05"),
            xmp=xmp,
            iim=iim,
            photoshop=photoshop_resources(iim),
        ),
        "photo.png": png_file(xmp=xmp, exif=full_exif()),
        "photo.webp": webp_file(xmp=xmp, exif=full_exif()),
    }


def _length_fields(data: bytes) -> list[tuple[int, int]]:
    """(position, width) of length-like fields: JPEG segment lengths, IRB sizes, IIM lengths,
    PNG/RIFF chunk lengths, TIFF first-IFD offsets."""
    chunk_length = -4 if data.startswith(b"\x89PNG") else 4  # PNG: before the type; RIFF: after
    found = []
    for pos in range(len(data) - 4):
        word = data[pos : pos + 4]
        if data[pos] == 0xFF and 0xC0 <= data[pos + 1] <= 0xFE:
            found.append((pos + 2, 2))
        elif word == b"8BIM":
            found.append((pos + 6, 2))
        elif data[pos] == 0x1C and data[pos + 1] in (1, 2):
            found.append((pos + 3, 2))
        elif word in (b"iTXt", b"eXIf", b"IHDR", b"VP8X", b"EXIF", b"XMP ", b"VP8 ", b"VP8L"):
            found.append((pos + chunk_length, 4))
        elif word in (b"II*\x00", b"MM\x00*"):
            found.append((pos + 4, 4))
    return [(p, w) for p, w in found if p >= 0] or [(0, 2)]


_NASTY = [
    b"\xff\xff",
    b"\x00\x00",
    b"\x00\x01",
    b"\x80\x04",
    b"\x7f\xff",
    b"\xff\xff\xff\xff",
    b"\x00\x00\x00\x00",
    b"\x00\x00\x00\x08",
    b"\x7f\xff\xff\xff",
]


def _mutate(data: bytes, rng: random.Random, fields: list[tuple[int, int]]) -> tuple[str, bytes]:
    out = bytearray(data)
    head = min(len(out), 4096)  # the metadata lives near the start in every seed
    op = rng.choice(["flip", "flip", "truncate", "length", "length", "duplicate", "insert"])
    if op == "flip":
        for _ in range(rng.randint(1, 6)):
            out[rng.randrange(head)] ^= 1 << rng.randrange(8)
    elif op == "truncate":
        del out[rng.randrange(1, len(out)) :]
    elif op == "length":
        pos, width = rng.choice(fields)
        value = rng.choice([v for v in _NASTY if len(v) == width] or [_NASTY[0]])
        if rng.random() < 0.5:
            value = struct.pack(">H" if width == 2 else ">I", rng.randrange(1 << (8 * width)))
        out[pos : pos + width] = value
    elif op == "duplicate":
        start = rng.randrange(head)
        piece = out[start : start + rng.randint(4, 600)]
        at = rng.randrange(head)
        out[at:at] = piece
    else:
        at = rng.randrange(head)
        out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return op, bytes(out)


def _check(path, op):
    start = time.monotonic()
    record = read_photo(path)
    elapsed = time.monotonic() - start
    problems = []
    if elapsed > PER_FILE_SECONDS:
        problems.append(f"{path.name} ({op}) took {elapsed:.1f}s")
    if record.error is not None:
        controls = any(ord(c) < 32 or ord(c) == 127 for c in record.error)
        if controls or "Traceback" in record.error or not record.error.strip():
            problems.append(f"{path.name} ({op}) error is not one line: {record.error!r}")
        if UNEXPECTED in record.error:
            problems.append(f"{path.name} ({op}) hit the last-resort handler: {record.error}")
    for note in record.notes:
        if "\n" in note:
            problems.append(f"{path.name} ({op}) note has a newline: {note!r}")
    return problems, elapsed, record


@pytest.mark.parametrize("seed_name", list(_seeds()))
def test_mutants_never_raise_or_hang(tmp_path, seed_name):
    data = _seeds()[seed_name]
    assert read_photo(write(tmp_path / seed_name, data)).error is None  # the seed itself is fine
    rng = random.Random(f"caption-desk-{seed_name}")
    fields = _length_fields(data)
    problems, total = [], 0.0
    for i in range(MUTANTS_PER_SEED):
        op, mutant = _mutate(data, rng, fields)
        path = write(tmp_path / f"m{i:03d}-{seed_name}", mutant)
        found, elapsed, _ = _check(path, op)
        total += elapsed
        if not found:
            path.unlink()
        problems.extend(found)
    assert problems == []
    assert total < 20


def test_cut_at_every_offset_of_the_header(tmp_path):
    """Every truncation point of a JPEG's metadata segments gives a clean answer."""
    data = jpeg_file(exif=full_exif(), xmp=xmp_fields(caption="x"), iim=_iim())
    sos = data.index(b"\xff\xda")
    problems = []
    for cut in range(0, sos + 8, 7):
        path = write(tmp_path / "cut.jpg", data[:cut])
        found, _, record = _check(path, f"cut at {cut}")
        problems.extend(found)
        assert record.error is not None, cut  # every cut before the end is reported
    assert problems == []


@pytest.mark.corpus
def test_mutants_of_corpus_jpegs(tmp_path, corpus):
    candidates = sorted(
        p
        for p in corpus.rglob("*")
        if p.suffix.lower() in (".jpg", ".jpeg") and 2_000 < p.stat().st_size < 300_000
    )
    if not candidates:
        pytest.skip("no small JPEGs in the corpus")
    rng = random.Random("caption-desk-corpus")
    chosen = rng.sample(candidates, min(8, len(candidates)))
    problems = []
    for original in chosen:
        data = original.read_bytes()
        fields = _length_fields(data[:65536])
        for i in range(12):
            op, mutant = _mutate(data, rng, fields)
            path = write(tmp_path / f"{original.stem}-{i}.jpg", mutant)
            found, _, _ = _check(path, f"{op} of {original.relative_to(corpus)}")
            if not found:
                path.unlink()
            problems.extend(found)
    assert problems == []


# --- damage inside one segment never hides the other sources -------------------------------------


def _flip_inside(payload: bytes, rng: random.Random) -> bytes:
    out = bytearray(payload)
    for _ in range(rng.randint(1, 4)):
        pos = rng.randrange(len(out))
        out[pos] = rng.choice([0x00, 0xFF, out[pos] ^ (1 << rng.randrange(8)), rng.randrange(256)])
    return bytes(out)


@pytest.mark.parametrize("damaged", ["exif", "xmp", "iim"])
def test_damage_in_one_segment_keeps_the_others(tmp_path, damaged):
    """Each mutant damages the payload of one segment only (same length, so the JPEG structure
    is intact): the values held by the two other segments must still be read."""
    exif = full_exif(description=None, artist=None, copyright=None)
    xmp = xmp_fields(Credit="XMP credit")
    iim = iim_block(city=b"Rome")
    rng = random.Random(f"caption-desk-segment-{damaged}")
    problems = []
    for i in range(150):
        parts = {"exif": exif, "xmp": xmp, "iim": iim}
        parts[damaged] = _flip_inside(parts[damaged], rng)
        path = write(tmp_path / f"{damaged}-{i:03d}.jpg", jpeg_file(**parts, digest=None))
        found, _, record = _check(path, f"{damaged} bytes flipped")
        kept = {
            "exif": record.exif.make == "NIKON CORPORATION",
            "xmp": record.credit == "XMP credit",
            "iim": record.city == "Rome",
        }
        lost = [source for source, ok in kept.items() if source != damaged and not ok]
        if lost:
            found.append(f"{path.name}: damaged {damaged} hid {lost} (error: {record.error})")
        if not found:
            path.unlink()
        problems.extend(found)
    assert problems == []
