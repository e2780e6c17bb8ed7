"""The DC scan: 1/8-scale JPEGs from their DC coefficients, as Pillow's draft would decode them,
and Pillow for everything it does not read."""

import io
import os
import random
import subprocess

import pytest
from PIL import Image, ImageChops, ImageStat

from editor_app.imaging import dcscale
from editor_app.imaging.thumbnails import ThumbnailError, make_thumbnail
from tests.conftest import require_tool

needs_scan = pytest.mark.skipif(not dcscale.available(), reason="built without the DC scan")


def test_the_dc_scan_is_built_by_make():
    """A fresh machine has a C compiler: `make test` must have built the native scan (without
    one the package installs and Pillow decodes, ~1.5x slower on 24-MP files)."""
    if os.environ.get("CAPTION_DESK_REQUIRE_TOOLS") != "1" and not dcscale.available():
        pytest.skip("built without a C compiler")
    assert dcscale.available()


def _grain(size, mode="RGB", seed=0):
    """A photograph's statistics: gradients for the DC, grain for busy AC codes."""
    rnd = random.Random(seed)
    base = Image.linear_gradient("L").resize(size).rotate(rnd.randrange(360))
    other = Image.radial_gradient("L").resize(size)
    grain = Image.frombytes("L", size, rnd.randbytes(size[0] * size[1]))
    bands = [Image.blend(band, grain, 0.25) for band in (base, other, base.transpose(0))]
    picture = Image.merge("RGB", bands)
    return picture if mode == "RGB" else picture.convert(mode)


def _save(picture, path, **options):
    picture.save(path, "JPEG", **options)
    return path


def _both(path, box=(8, 8)):
    """The DC scan's picture and Pillow's draft at 1/8 of the same file."""
    with Image.open(path) as image:
        ours = dcscale.eighth(image, box)
    with Image.open(path) as image:
        image.draft("RGB", box)
        image.load()
        theirs = image.copy()
    return ours, theirs


def _libjpeg_bands(path):
    """libjpeg's 1/8 (Pillow's draft), before its colour conversion: Y, Cb, Cr or L."""
    with Image.open(path) as image:
        image.draft("YCbCr", (8, 8))
        image.load()
        return image.split()


def _bands_both(path):
    """The DC scan's bands and libjpeg's of the same file."""
    with Image.open(path) as image:
        ours = dcscale.eighth_bands(image, (8, 8))
    return ours, _libjpeg_bands(path)


def _mean_difference(a, b):
    return max(ImageStat.Stat(ImageChops.difference(a, b)).mean)


SHAPES = [
    pytest.param({"subsampling": 2}, id="4:2:0"),
    pytest.param({"subsampling": 1}, id="4:2:2"),
    pytest.param({"subsampling": 0}, id="4:4:4"),
    pytest.param({"optimize": True}, id="optimised-tables"),
    pytest.param({"quality": 100}, id="quality-100"),
    pytest.param({"quality": 40}, id="quality-40"),
    pytest.param({"restart_marker_blocks": 5}, id="restarts-5-mcus"),
    pytest.param({"restart_marker_rows": 1}, id="restarts-each-row"),
    # DC scans of their own (the first with the DC's high bits, a refinement later), AC skipped
    pytest.param({"progressive": True}, id="progressive"),
    pytest.param({"progressive": True, "restart_marker_blocks": 3}, id="progressive-restarts"),
    pytest.param({"progressive": True, "subsampling": 0}, id="progressive-4:4:4"),
]


GREY_SHAPES = [shape for shape in SHAPES if "subsampling" not in shape.values[0]]


@needs_scan
@pytest.mark.parametrize("options", GREY_SHAPES)
@pytest.mark.parametrize("size", [(1203, 805), (805, 1203), (640, 480)], ids=str)
def test_greyscale_is_pillows_draft_exactly(tmp_path, options, size):
    # the luma of a 1/8 decode is the DC alone in libjpeg too: the same bytes
    path = _save(_grain(size, "L", seed=size[0]), tmp_path / "g.jpg", **options)
    ours, theirs = _both(path)
    assert ours is not None and ours.mode == "L"
    assert ours.size == theirs.size == ((size[0] + 7) // 8, (size[1] + 7) // 8)
    assert ours.tobytes() == theirs.tobytes()


@needs_scan
@pytest.mark.parametrize("options", SHAPES)
@pytest.mark.parametrize("size", [(1203, 805), (640, 480), (2000, 170)], ids=str)
def test_colour_has_pillows_luma_exactly_and_its_colour_within_a_few_levels(
    tmp_path, options, size
):
    path = _save(_grain(size, seed=size[1]), tmp_path / "c.jpg", **options)
    ours, theirs = _bands_both(path)
    assert ours is not None and len(ours) == 3
    assert [band.size for band in ours] == [band.size for band in theirs]
    assert ours[0].tobytes() == theirs[0].tobytes()
    # Subsampled colour: libjpeg computes it at 2x2 a block from AC coefficients, the scan
    # spreads one value a block. On grain (the hardest case) ~2 levels of 255 on average;
    # unsubsampled, both are the DC alone.
    slack = 0.01 if options.get("subsampling") == 0 else 3
    for own, other in zip(ours[1:], theirs[1:], strict=True):
        assert ImageStat.Stat(ImageChops.difference(own, other)).mean[0] < slack


# Scan scripts Pillow cannot write (cjpeg -scans: component, Ss Se Ah Al): a sequential file
# with a scan per component, and progressive ones whose DC comes a component at a time.
SCRIPTS = {
    "sequential-scan-per-component": "0: 0 63 0 0;\n1: 0 63 0 0;\n2: 0 63 0 0;\n",
    "progressive-dc-per-component": (
        "0: 0 0 0 1;\n1: 0 0 0 0;\n2: 0 0 0 0;\n0: 1 63 0 0;\n1: 1 63 0 0;\n2: 1 63 0 0;\n"
        "0: 0 0 1 0;\n"
    ),
    "progressive-refined-twice": (
        "0,1,2: 0 0 0 2;\n0: 1 5 0 0;\n0,1,2: 0 0 2 1;\n0: 6 63 0 0;\n1: 1 63 0 0;\n"
        "2: 1 63 0 0;\n0,1,2: 0 0 1 0;\n"
    ),
}


@needs_scan
@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
@pytest.mark.parametrize("restart", [None, "2"], ids=["", "restarts"])
def test_scans_of_other_shapes_have_pillows_luma_exactly(tmp_path, script, restart):
    cjpeg = require_tool("cjpeg")
    (tmp_path / "scans.txt").write_text(script, encoding="ascii")
    _grain((803, 605), seed=3).save(tmp_path / "g.ppm")
    path = tmp_path / "s.jpg"
    options = ["-restart", restart] if restart else []
    with path.open("wb") as out:
        subprocess.run(
            [cjpeg, "-scans", str(tmp_path / "scans.txt"), *options, str(tmp_path / "g.ppm")],
            stdout=out,
            check=True,
        )
    ours, theirs = _bands_both(path)
    assert ours is not None and ours[0].tobytes() == theirs[0].tobytes()
    for own, other in zip(ours[1:], theirs[1:], strict=True):
        assert ImageStat.Stat(ImageChops.difference(own, other)).mean[0] < 3


@needs_scan
def test_a_thumbnail_through_the_dc_scan_matches_pillows(tmp_path, monkeypatch):
    path = _save(_grain((2400, 1600)), tmp_path / "c.jpg", quality=92)
    ours = make_thumbnail(path, 256, embedded_ok=False)
    monkeypatch.setattr(dcscale, "_dcscan", None)
    theirs = make_thumbnail(path, 256, embedded_ok=False)
    assert (ours.width, ours.height) == (theirs.width, theirs.height) == (256, 171)
    assert _mean_difference(ours.to_image(), theirs.to_image()) < 1.5


@needs_scan
def test_a_scale_above_an_eighth_is_left_to_pillow(tmp_path):
    path = _save(_grain((1200, 800)), tmp_path / "c.jpg")
    with Image.open(path) as image:
        assert dcscale.eighth(image, (150, 100)) is not None  # 1/8 is 150x100
        assert dcscale.eighth(image, (151, 101)) is None  # Pillow takes 1/4


def _cmyk(path):
    Image.new("CMYK", (800, 800), (0, 50, 100, 0)).save(path, "JPEG")
    return path


def _rgb_components(path):
    """Component ids R, G, B: libjpeg takes the samples as RGB, not YCbCr."""
    data = bytearray(_save(_grain((800, 800)), path, subsampling=0).read_bytes())
    sof = data.index(b"\xff\xc0")
    for i, name in enumerate(b"RGB"):
        data[sof + 10 + 3 * i] = name
    sos = data.index(b"\xff\xda")
    for i, name in enumerate(b"RGB"):
        data[sos + 5 + 2 * i] = name
    path.write_bytes(bytes(data))
    return path


def _cut_short(path):
    data = _save(_grain((800, 800)), path).read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _bad_code(path):
    data = bytearray(_save(_grain((800, 800)), path).read_bytes())
    start = data.index(b"\xff\xda") + 14
    data[start + 500 : start + 520] = b"\xff\x00" * 10  # all-ones codes: no table has them
    path.write_bytes(bytes(data))
    return path


def _progressive_cut_short(path):
    """Cut in the last AC scans: the DC is all there, the picture is not."""
    data = _save(_grain((800, 800)), path, progressive=True).read_bytes()
    path.write_bytes(data[: len(data) - 2000])
    return path


def _all_ones_code(path):
    """A DC table with one code more at its longest length: that code is all ones, which
    libjpeg refuses ("Bogus Huffman table definition"), so Pillow says the file is damaged."""
    data = bytearray(_save(_grain((800, 800), "L"), path).read_bytes())
    at = data.index(b"\xff\xc4")
    length = int.from_bytes(data[at + 2 : at + 4], "big")
    counts = list(data[at + 5 : at + 21])
    symbols = data[at + 21 : at + 21 + sum(counts)]
    longest = max(i for i, count in enumerate(counts) if count)
    counts[longest] += 1
    table = bytes([data[at + 4], *counts]) + symbols + b"\x00"
    rest = data[at + 21 + sum(counts) - 1 : at + 2 + length]
    segment = table + rest
    data[at : at + 2 + length] = b"\xff\xc4" + (len(segment) + 2).to_bytes(2, "big") + segment
    path.write_bytes(bytes(data))
    return path


def _cjpeg(path, *options):
    cjpeg = require_tool("cjpeg")
    source = path.with_suffix(".ppm")
    _grain((803, 605), seed=5).save(source)
    with path.open("wb") as out:
        subprocess.run([cjpeg, *options, str(source)], stdout=out, check=True)
    return path


def _luma_coarser_than_colour(path):
    """Colour sampled twice as finely as luma: the luma plane would have to be resized."""
    return _cjpeg(path, "-sample", "1x1,2x2,1x1")


@needs_scan
@pytest.mark.parametrize(
    "make",
    [
        _cmyk,
        _rgb_components,
        _cut_short,
        _bad_code,
        _progressive_cut_short,
        _all_ones_code,
        _luma_coarser_than_colour,
    ],
)
def test_what_the_scan_does_not_read_is_left_to_pillow(tmp_path, make):
    path = make(tmp_path / "x.jpg")
    with Image.open(path) as image:
        assert dcscale.eighth(image, (64, 64)) is None


def _restarts(data: bytes) -> list[int]:
    """Where the restart markers are (in entropy-coded data an FF is followed by 00)."""
    return [i for i in range(len(data) - 1) if data[i] == 0xFF and 0xD0 <= data[i + 1] <= 0xD7]


@needs_scan
@pytest.mark.parametrize("lost", [False, True], ids=["renumbered", "lost"])
def test_a_restart_marker_out_of_turn_is_left_to_pillow(tmp_path, lost):
    """A damaged stream whose restart marker has another number than the next (one renumbered,
    or one lost with its interval): libjpeg resyncs by its own rules, skipping or padding
    intervals, so Pillow decodes it, with the picture libjpeg makes of it."""
    path = _save(_grain((1203, 805)), tmp_path / "r.jpg", restart_marker_blocks=4)
    data = bytearray(path.read_bytes())
    markers = _restarts(bytes(data))
    assert len(markers) > 12 and [data[i + 1] for i in markers[:9]] == [*range(0xD0, 0xD8), 0xD0]
    at = markers[10]
    if lost:
        del data[at : markers[11]]  # the marker and its interval's data: the next comes early
    else:
        data[at + 1] = 0xD0 + (data[at + 1] + 3) % 8
    path.write_bytes(bytes(data))
    with Image.open(path) as image:
        assert dcscale.eighth(image, (64, 64)) is None
    thumb = make_thumbnail(path, 256, embedded_ok=False)  # by Pillow: a tile, not an error
    assert (thumb.width, abs(thumb.height - 171) <= 1) == (256, True)


@needs_scan
def test_restart_markers_in_turn_are_read_through_all_eight_numbers(tmp_path):
    """The count wraps: RST7 is followed by RST0 again, over many cycles."""
    path = _save(_grain((1203, 805), "L"), tmp_path / "g.jpg", restart_marker_blocks=1)
    assert len(_restarts(path.read_bytes())) > 64
    ours, theirs = _both(path)
    assert ours is not None and ours.tobytes() == theirs.tobytes()


@needs_scan
def test_the_scan_itself_refuses_four_components(tmp_path):
    from editor_app.imaging import _dcscan  # type: ignore[attr-defined]

    assert _dcscan.dc_planes(_cmyk(tmp_path / "k.jpg").read_bytes()) is None


@needs_scan
def test_a_file_that_shrinks_under_the_scan_is_left_to_pillow(tmp_path):
    """Rewritten in place while open (a wire system, a network share): the scan must read
    what is there, not crash the window (a mapped file that shrinks raises SIGBUS)."""
    path = _save(_grain((1600, 1600)), tmp_path / "c.jpg")
    with Image.open(path) as image:
        with path.open("r+b") as rewrite:
            rewrite.truncate(4096)
        assert dcscale.eighth(image, (64, 64)) is None


@needs_scan
def test_a_quantisation_table_redefined_between_scans_counts_from_its_component_s_scan(
    tmp_path,
):
    """libjpeg takes a component's table when its first scan starts; a table redefined
    after the luma's scan (for the colour's) must not change the luma."""
    path = tmp_path / "s.jpg"
    (tmp_path / "scans.txt").write_text("0: 0 63 0 0;\n1 2: 0 63 0 0;\n", encoding="ascii")
    _cjpeg(path, "-sample", "1x1", "-scans", str(tmp_path / "scans.txt"))
    data = bytearray(path.read_bytes())
    scans = [i for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] == 0xDA]
    assert len(scans) == 2
    data[scans[1] : scans[1]] = b"\xff\xdb\x00\x43\x00" + bytes([99] * 64)  # table 0 again
    path.write_bytes(bytes(data))
    ours, theirs = _bands_both(path)
    assert ours is not None and ours[0].tobytes() == theirs[0].tobytes()


@needs_scan
def test_a_progressive_file_with_bytes_after_its_end_is_read(tmp_path):
    """A camera's trailer or padding after EOI: the scan walks to the picture's own end."""
    path = _save(_grain((800, 800)), tmp_path / "p.jpg", progressive=True)
    clean, _ = _both(path)
    path.write_bytes(path.read_bytes() + b"\x00" * 16 + b"TRAILER")
    trailed, _ = _both(path)
    assert clean is not None and trailed is not None and trailed.tobytes() == clean.tobytes()


@needs_scan
def test_a_picture_in_memory_is_left_to_pillow(tmp_path):
    data = _save(_grain((800, 800)), tmp_path / "c.jpg").read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        assert dcscale.eighth(image, (64, 64)) is None


@needs_scan
@pytest.mark.parametrize("make", [_cut_short, _progressive_cut_short])
def test_a_cut_short_file_keeps_pillows_reason(tmp_path, make):
    path = make(tmp_path / "cut.jpg")
    with pytest.raises(ThumbnailError, match="cut short"):
        make_thumbnail(path, 64, embedded_ok=False)


@needs_scan
def test_a_progressive_picture_is_read_from_its_dc_scans_alone(tmp_path):
    """The AC scans are stepped over: spoiling their data changes nothing."""
    path = _save(_grain((800, 800)), tmp_path / "p.jpg", progressive=True)
    data = bytearray(path.read_bytes())
    ours, _ = _both(path)
    scans = [i for i in range(len(data) - 1) if data[i] == 0xFF and data[i + 1] == 0xDA]
    assert len(scans) > 4  # the DC first, AC scans, the DC refinement, more AC
    last = scans[-1]  # an AC scan after the refinement: spoil its data
    data[last + 20 : last + 200] = bytes(range(180))
    path.write_bytes(bytes(data))
    spoiled, _ = _both(path)
    assert spoiled is not None and spoiled.tobytes() == ours.tobytes()


@needs_scan
@pytest.mark.parametrize("make", [_cmyk, _rgb_components])
def test_thumbnails_of_what_the_scan_does_not_read_are_pillows(tmp_path, monkeypatch, make):
    path = make(tmp_path / "x.jpg")
    ours = make_thumbnail(path, 64, embedded_ok=False)
    monkeypatch.setattr(dcscale, "_dcscan", None)
    assert ours == make_thumbnail(path, 64, embedded_ok=False)


@needs_scan
def test_damaged_data_never_crashes_the_scan(tmp_path):
    """Files are untrusted: a thousand mutations of real-shaped JPEGs (headers, tables, data,
    markers, cuts) give None or planes of the declared size, never a crash."""
    from editor_app.imaging import _dcscan  # type: ignore[attr-defined]

    seeds = [
        _save(_grain((203, 141), mode), tmp_path / f"{i}.jpg", **options).read_bytes()
        for i, (mode, options) in enumerate(
            [("RGB", {}), ("L", {"restart_marker_blocks": 2}), ("RGB", {"subsampling": 0})]
        )
    ]
    rnd = random.Random(12)
    decoded = 0
    for _ in range(1000):
        data = bytearray(rnd.choice(seeds))
        for _ in range(rnd.randint(1, 6)):
            at = rnd.randrange(len(data))
            kind = rnd.random()
            if kind < 0.5:
                data[at] = rnd.randrange(256)
            elif kind < 0.7:
                del data[at : at + rnd.randint(1, 40)]
            elif kind < 0.85:
                data[at:at] = rnd.randbytes(rnd.randint(1, 8))
            else:
                data[at:at] = b"\xff" + bytes([rnd.choice([0xC4, 0xDB, 0xDD, 0xDA, 0xD0, 0xD9])])
        result = _dcscan.dc_planes(bytes(data))
        if result is not None:
            decoded += 1
            width, height, hmax, vmax, planes = result
            for plane, plane_width, plane_height, h, v in planes:
                assert len(plane) == plane_width * plane_height
                assert plane_width * 8 * hmax >= width * h and plane_height * 8 * vmax >= height * v
    assert decoded  # a change in a picture's data decodes (with other values)


@needs_scan
def test_scans_on_several_threads_give_what_one_gives(tmp_path):
    """The thumbnail threads call the scan at once, without the GIL: nothing is shared."""
    from concurrent.futures import ThreadPoolExecutor

    paths = [
        _save(_grain((1200, 800), seed=i), tmp_path / f"{i}.jpg", progressive=bool(i % 2))
        for i in range(8)
    ]

    def scan(path):
        with Image.open(path) as image:
            return dcscale.eighth(image, (64, 64)).tobytes()

    alone = [scan(path) for path in paths]
    with ThreadPoolExecutor(4) as pool:
        for _ in range(3):
            assert list(pool.map(scan, paths)) == alone


def test_without_the_scan_pillow_decodes_at_an_eighth(tmp_path, monkeypatch):
    monkeypatch.setattr(dcscale, "_dcscan", None)
    path = _save(_grain((2400, 1600)), tmp_path / "c.jpg")
    with Image.open(path) as image:
        assert dcscale.eighth(image, (256, 171)) is None
    thumb = make_thumbnail(path, 256, embedded_ok=False)
    assert (thumb.width, thumb.height) == (256, 171)


def _corpus_jpegs(corpus, box):
    """The corpus's JPEG files the scan reads at ``box``, each with its bands."""
    for path in sorted(corpus.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg") or not path.is_file():
            continue
        try:
            with Image.open(path) as image:
                bands = (
                    dcscale.eighth_bands(image, box) if image.format in ("JPEG", "MPO") else None
                )
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
            continue  # Pillow's own reason for the file
        if bands is not None:
            yield path, bands


@pytest.mark.filterwarnings("ignore")  # the corpus's damaged EXIF blocks: Pillow's warnings
def test_camera_and_agency_jpegs_of_the_corpus_match_pillow(corpus, monkeypatch):
    """Real files (cameras, phones, Photoshop, IPTC's reference images): where the scan reads
    them, the thumbnail is Pillow's within a few levels (colour edges of graphics differ most)."""
    if not dcscale.available():
        pytest.skip("built without the DC scan")
    from editor_app.imaging import _dcscan  # type: ignore[attr-defined]

    compared = 0
    for path, bands in _corpus_jpegs(corpus, (64, 64)):
        if max(bands[0].size) < 64:  # pictures under 512 px
            continue
        try:
            ours = make_thumbnail(path, 64, embedded_ok=False, preview_ok=False)
        except ThumbnailError:
            continue  # Pillow's own reason for the file (the scan read its data)
        monkeypatch.setattr(dcscale, "_dcscan", None)
        theirs = make_thumbnail(path, 64, embedded_ok=False, preview_ok=False)
        monkeypatch.setattr(dcscale, "_dcscan", _dcscan)
        assert (ours.width, ours.height) == (theirs.width, theirs.height), path
        assert _mean_difference(ours.to_image(), theirs.to_image()) < 8, path
        compared += 1
    assert compared >= 10


@pytest.mark.filterwarnings("ignore")  # the corpus's damaged EXIF blocks: Pillow's warnings
def test_the_luma_of_every_corpus_jpeg_the_scan_reads_is_libjpegs(corpus):
    """Real files of every shape the corpus has (cameras, phones, Photoshop, progressive web
    files, restart markers, odd sizes): the scan's luma is libjpeg's 1/8, byte for byte."""
    if not dcscale.available():
        pytest.skip("built without the DC scan")
    compared = 0
    for path, ours in _corpus_jpegs(corpus, (8, 8)):
        try:
            theirs = _libjpeg_bands(path)
        except (OSError, ValueError, SyntaxError):
            continue  # Pillow's own reason for the file
        assert ours[0].tobytes() == theirs[0].tobytes(), path
        compared += 1
    assert compared >= 100
