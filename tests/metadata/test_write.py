"""The writer's rules: round trip, IIM charset and digest, XMP preservation, segment layout,
sidecars, policies, permissions and failures that leave the original untouched."""

import os
import struct

import pytest

from editor_app.errors import MetadataWriteError
from editor_app.metadata import atomic, jpeg_write
from editor_app.metadata.fields import EDITABLE_FIELDS
from editor_app.metadata.io import read_photo
from editor_app.metadata.iptc import iim_digest, parse_iim
from editor_app.metadata.irb_write import iim_blocks, split_blocks
from editor_app.metadata.jpeg import APP1, APP13, PHOTOSHOP_HEADER, XMP_HEADER, read_jpeg_header
from editor_app.metadata.writer import IimPolicy, WriteOptions, write_photo
from tests.factories import (
    app_segment,
    image_data,
    make_jpeg,
    make_png,
    make_tiff,
    make_webp,
)
from tests.metadata import builders
from tests.metadata.test_write_exiftool import exiftool_json
from tests.metadata.validate_sweep import validate_file as exiftool_validate

ALL = {
    "caption": "Une manifestante à Paris.\nDeuxième ligne",
    "title": "Manif",
    "headline": "Protest in Paris",
    "byline": ["Jane Doe", "李明"],
    "credit": "REUTERS/Jane Doe",
    "source": "Reuters",
    "copyright": "© 2024 Reuters",
    "city": "Paris",
    "sublocation": "Place de la République",
    "state": "Île-de-France",
    "country": "France",
    "country_code": "FRA",
    "date_created": "2024-11-25T14:30:00+01:00",
    "keywords": ["protest", "politique", "مظاهرة"],
    "instructions": "EDITORIAL USE ONLY",
    "transmission_reference": "JOB-42",
    "caption_writer": "ed/jd",
}


def header(path):
    with open(path, "rb") as fh:
        return read_jpeg_header(fh)


def photoshop_data(path) -> bytes:
    segs = header(path).app(APP13, PHOTOSHOP_HEADER)
    return b"".join(s.payload[len(PHOTOSHOP_HEADER) :] for s in segs)


def iim_of(path) -> dict[tuple[int, int], list[bytes]]:
    [block] = iim_blocks(photoshop_data(path))
    found: dict[tuple[int, int], list[bytes]] = {}
    for ds in parse_iim(block)[0]:
        found.setdefault((ds.record, ds.number), []).append(ds.value)
    return found


def assert_round_trip(path, changes=ALL):
    record = read_photo(path)
    assert record.error is None, record.error
    for name, value in changes.items():
        expected = tuple(value) if isinstance(value, list) else value
        assert getattr(record, name) == expected, name
    assert not record.conflicts


# --- round trip through our reader ----------------------------------------------------------


@pytest.mark.parametrize("maker", [make_jpeg, make_tiff])
def test_round_trip_every_field_embedded(tmp_path, maker):
    assert set(ALL) == set(EDITABLE_FIELDS)
    path = maker(tmp_path)
    result = write_photo(path, ALL)
    assert result.target == path and not result.sidecar and not result.warnings
    assert_round_trip(path)


@pytest.mark.parametrize("maker", [make_png, make_webp])
def test_png_and_webp_get_a_sidecar(tmp_path, maker):
    path = maker(tmp_path)
    before = path.read_bytes()
    result = write_photo(path, ALL)
    assert result.sidecar and result.target == path.with_suffix(".xmp")
    assert path.read_bytes() == before
    assert_round_trip(path)


def test_sidecar_merges_into_existing(tmp_path, exiftool):
    path = make_png(tmp_path)
    side = path.with_suffix(".xmp")
    side.write_bytes(
        builders.xmp_packet(
            builders.simple("photoshop:City", "Lyon") + "<xmp:Rating>4</xmp:Rating>",
            'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
            wrapper=False,
        )
    )
    write_photo(path, {"caption": "new", "city": ""})
    [info] = exiftool_json(exiftool, side)
    assert info["XMP-xmp:Rating"] == 4
    assert info["XMP-dc:Description"] == "new"
    assert "XMP-photoshop:City" not in info


def test_forced_sidecar_leaves_jpeg_untouched(tmp_path):
    path = make_jpeg(tmp_path)
    before = path.read_bytes()
    result = write_photo(path, {"caption": "in the sidecar"}, WriteOptions(sidecar=True))
    assert path.read_bytes() == before and result.sidecar
    assert read_photo(path).caption == "in the sidecar"  # the JPEG has no caption of its own


# --- IIM ------------------------------------------------------------------------------------


def _latin_iim_jpeg(tmp_path, **fields):
    block = builders.iim_block(
        city="Genève".encode("cp1252"),
        byline=["Zoë".encode("cp1252"), b"Ann"],
        caption="Café crème".encode("cp1252"),
        **fields,
    )
    return builders.write(tmp_path / "old.jpg", builders.jpeg_file(iim=block))


@pytest.mark.parametrize("headline", ["Nouvelle", "Été à Genève – “quotes” €"])
def test_latin_iim_stays_latin_when_the_new_values_fit(tmp_path, exiftool, headline):
    """Its datasets keep their bytes: none grows past its limit as UTF-8 would make it."""
    path = _latin_iim_jpeg(tmp_path)
    write_photo(path, {"headline": headline})
    iim = iim_of(path)
    assert (1, 90) not in iim and iim[(2, 0)] == [b"\x00\x04"]
    assert iim[(2, 90)] == ["Genève".encode("cp1252")]
    assert iim[(2, 80)] == ["Zoë".encode("cp1252"), b"Ann"]
    assert iim[(2, 105)] == [headline.encode("cp1252")]
    [info] = exiftool_json(exiftool, path)
    assert info["IPTC:City"] == "Genève" and info["IPTC:Caption-Abstract"] == "Café crème"
    assert info["IPTC:Headline"] == headline
    assert read_photo(path).headline == headline


def test_latin_iim_rewritten_in_utf8_when_a_new_value_needs_it(tmp_path, exiftool):
    path = _latin_iim_jpeg(tmp_path)
    write_photo(path, {"headline": "Łódź"})
    iim = iim_of(path)
    assert iim[(1, 90)] == [b"\x1b%G"] and iim[(2, 0)] == [b"\x00\x04"]
    assert iim[(2, 90)] == ["Genève".encode()] and iim[(2, 80)] == ["Zoë".encode(), b"Ann"]
    [info] = exiftool_json(exiftool, path)
    assert info["IPTC:City"] == "Genève" and info["IPTC:Caption-Abstract"] == "Café crème"
    assert info["IPTC:Headline"] == "Łódź"


def test_latin_iim_goes_utf8_when_it_would_read_back_as_utf8(tmp_path):
    """Only ASCII left besides a new "Ã©", whose Latin bytes are valid UTF-8 ("é")."""
    block = builders.iim_block(city="Genève".encode("cp1252"))
    path = builders.write(tmp_path / "old.jpg", builders.jpeg_file(iim=block))
    write_photo(path, {"city": "Ã©tÃ©"})
    assert iim_of(path)[(1, 90)] == [b"\x1b%G"]
    assert read_photo(path).city == "Ã©tÃ©"


def test_latin_iim_limits_count_latin_bytes(tmp_path, exiftool):
    """32 Latin characters fit a 32-byte credit (33 bytes in UTF-8): kept whole, no warning;
    and an old one like it does not become "IPTC Credit too long" after an unrelated edit."""
    credit = "Agence Française de Presse Photo"  # 32 characters, 33 UTF-8 bytes
    path = _latin_iim_jpeg(tmp_path, source=credit.encode("cp1252"))
    before = exiftool_validate(exiftool, path)
    result = write_photo(path, {"credit": credit, "headline": "Nouvelle"})
    assert result.warnings == ()
    assert iim_of(path)[(2, 110)] == [credit.encode("cp1252")]
    assert exiftool_validate(exiftool, path) == before
    result = write_photo(path, {"credit": credit + "s"})
    assert iim_of(path)[(2, 110)] == [credit.encode("cp1252")]  # cut at 32 Latin bytes
    assert result.warnings == (
        "credit: IIM copy cut to 32 of 33 bytes (IIM limit 32); the full text is in XMP",
    )
    photo = read_photo(path)
    assert photo.credit == credit + "s" and photo.conflicts == ()  # a cut, not a conflict


def test_digest_and_legacy_xmp_digest_refreshed(tmp_path, exiftool):
    block = builders.iim_block(utf8=True, caption="old")
    packet = builders.xmp_packet(
        builders.lang_alt("dc:description", {"x-default": "old"}),
        'photoshop:LegacyIPTCDigest="00000000000000000000000000000000"',
    )
    path = builders.write(tmp_path / "d.jpg", builders.jpeg_file(iim=block, xmp=packet))
    write_photo(path, {"caption": "new"})
    blocks = dict(split_blocks(photoshop_data(path)))
    [new_block] = iim_blocks(photoshop_data(path))
    assert blocks[0x0425].endswith(iim_digest(new_block))
    [info] = exiftool_json(exiftool, path)
    assert info["XMP-photoshop:LegacyIPTCDigest"] == iim_digest(new_block).hex().upper()
    assert "ExifTool:Warning" not in info  # no "IPTCDigest is not current"


def test_if_present_policy(tmp_path):
    bare = make_jpeg(tmp_path, "bare.jpg")
    write_photo(bare, {"caption": "c"}, WriteOptions(iim=IimPolicy.IF_PRESENT))
    assert not header(bare).app(APP13, PHOTOSHOP_HEADER)
    assert read_photo(bare).caption == "c"
    old = builders.write(
        tmp_path / "iim.jpg", builders.jpeg_file(iim=builders.iim_block(caption="x"))
    )
    write_photo(old, {"caption": "c"}, WriteOptions(iim=IimPolicy.IF_PRESENT))
    assert iim_of(old)[(2, 120)] == [b"c"]


@pytest.mark.parametrize(
    ("mode", "expected"), [("lf", b"a\nb\nc"), ("crlf", b"a\r\nb\r\nc"), ("cr", b"a\rb\rc")]
)
def test_iim_newlines_setting(tmp_path, mode, expected):
    path = make_jpeg(tmp_path)
    write_photo(
        path,
        {"caption": "a\nb\r\nc" if mode != "lf" else "a\nb\nc"},
        WriteOptions(iim_newline=mode),
    )
    assert iim_of(path)[(2, 120)] == [expected]


@pytest.mark.parametrize(
    ("value", "date", "time"),
    [
        ("2024", b"20240000", None),
        ("2024-11", b"20241100", None),
        ("2024-11-25", b"20241125", None),
        ("2024-11-25T14:30", b"20241125", b"143000"),
        ("2024-11-25T14:30:05Z", b"20241125", b"143005+0000"),
        ("2024-11-25T14:30:05.25-05:00", b"20241125", b"143005-0500"),
    ],
)
def test_date_created(tmp_path, value, date, time):
    path = make_jpeg(tmp_path)
    write_photo(path, {"date_created": value})
    iim = iim_of(path)
    assert iim[(2, 55)] == [date] and iim.get((2, 60)) == (None if time is None else [time])
    assert read_photo(path).date_created == value


# --- XMP ------------------------------------------------------------------------------------


def test_unmanaged_xmp_is_kept(tmp_path, exiftool):
    body = (
        builders.lang_alt("dc:description", {"x-default": "old", "fr": "vieux"})
        + "<xmp:Rating>3</xmp:Rating><ex:Custom>keep &amp; me</ex:Custom>"
        + '<xmpMM:History><rdf:Seq><rdf:li rdf:parseType="Resource">'
        + "<stEvt:action>saved</stEvt:action></rdf:li></rdf:Seq></xmpMM:History>"
    )
    attrs = (
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:ex="http://example.com/ns/1.0/" '
        'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" '
        'xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" '
        'photoshop:City="Lyon" photoshop:Credit="AFP"'
    )
    path = builders.write(
        tmp_path / "x.jpg", builders.jpeg_file(xmp=builders.xmp_packet(body, attrs))
    )
    write_photo(path, {"caption": "new", "city": "Paris"})
    [info] = exiftool_json(exiftool, path, args=["-lang", "fr", "-XMP:all"])
    assert info["XMP-xmp:Rating"] == 3
    assert info["XMP-xmpMM:HistoryAction"] == "saved"
    assert info["XMP-photoshop:Credit"] == "AFP" and info["XMP-photoshop:City"] == "Paris"
    assert info["XMP-dc:Description-fr"] == "vieux"
    [plain] = exiftool_json(exiftool, path, args=["-XMP:all"])
    assert plain["XMP-dc:Description"] == "new"
    packet = header(path).app(APP1, XMP_HEADER)[0].payload
    assert b'xmlns:ex="http://example.com/ns/1.0/"' in packet and b"keep &amp; me" in packet


def test_broken_xmp_is_not_overwritten(tmp_path):
    path = builders.write(tmp_path / "b.jpg", builders.jpeg_file(xmp=b"<x:xmpmeta><oops"))
    before = path.read_bytes()
    with pytest.raises(MetadataWriteError, match="XMP"):
        write_photo(path, {"caption": "c"})
    assert path.read_bytes() == before


def test_xmp_over_the_segment_limit_is_refused(tmp_path):
    path = make_jpeg(tmp_path)
    before = path.read_bytes()
    with pytest.raises(MetadataWriteError, match="--sidecar"):
        write_photo(path, {"keywords": [f"keyword {i}" for i in range(4000)]})
    assert path.read_bytes() == before


# --- layout ---------------------------------------------------------------------------------


def test_repeated_edits_do_not_grow_the_file(tmp_path):
    for maker in (make_jpeg, make_tiff):
        path = maker(tmp_path)
        write_photo(path, ALL)
        size = path.stat().st_size
        for _ in range(3):
            write_photo(path, ALL)
        assert path.stat().st_size == size, maker.__name__
        write_photo(path, {"credit": "other"})
        assert_round_trip(path, {**ALL, "credit": "other"})


@pytest.mark.parametrize("extra", [0, 1, 1000, 4095, 5000])
def test_image_data_keeps_its_offset_modulo_the_block_size(tmp_path, extra):
    # What lets XFS and Btrfs share the image data's blocks instead of copying them.
    path = make_jpeg(tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[:2] + app_segment(0xEB, b"x" * extra) + data[2:] + b"\0" * 3 * 4096)
    before = image_data(path)
    old = header(path).sos_offset
    write_photo(path, ALL)
    assert header(path).sos_offset % jpeg_write.BLOCK == old % jpeg_write.BLOCK
    assert image_data(path) == before
    assert_round_trip(path, ALL)


def test_xmp_near_its_limit_is_written_without_padding(tmp_path):
    path = make_jpeg(tmp_path)
    keywords = [f"keyword {i:04d}" for i in range(2040)]  # 61-62 KB: no room for a block
    write_photo(path, {"keywords": keywords})
    (xmp,) = header(path).app(APP1, XMP_HEADER)
    assert len(xmp.payload) - len(XMP_HEADER) > jpeg_write.MAX_XMP_PACKET - jpeg_write.BLOCK
    assert list(read_photo(path).keywords) == keywords


def test_exif_created_when_missing(tmp_path, exiftool):
    path = make_jpeg(tmp_path, exif=False, icc=False)
    write_photo(path, {"caption": "c", "byline": ["A", "B"], "copyright": "©"})
    [info] = exiftool_json(exiftool, path)
    assert (info["IFD0:ImageDescription"], info["IFD0:Artist"]) == ("c", "A; B")
    bare = make_jpeg(tmp_path, "bare.jpg", exif=False)
    write_photo(bare, {"caption": "", "credit": "x"})
    assert not [s for s in header(bare).segments if jpeg_write.segment_kind(s) == "exif"]


def test_big_photoshop_resources_split_over_segments(tmp_path, exiftool):
    thumb = bytes(range(256)) * 300  # 76.8 KB resource we must keep byte for byte
    resources = builders.irb(0x0409, thumb) + builders.irb(0x0404, builders.iim_block(city="X"))
    extra = [
        app_segment(APP13, PHOTOSHOP_HEADER + resources[:60000]),
        app_segment(APP13, PHOTOSHOP_HEADER + resources[60000:]),
    ]
    path = builders.write(tmp_path / "ps.jpg", builders.jpeg_file(extra=extra))
    write_photo(path, {"caption": "c" * 1500})
    segs = header(path).app(APP13, PHOTOSHOP_HEADER)
    assert len(segs) == 2 and segs[0].end == segs[1].offset
    blocks = dict(split_blocks(photoshop_data(path)))
    assert blocks[0x0409] == builders.irb(0x0409, thumb)
    [info] = exiftool_json(exiftool, path)
    assert info["IPTC:City"] == "X" and info["IPTC:Caption-Abstract"] == "c" * 1500


def mpf_segment(offset: int) -> bytes:
    """APP2 MPF with two MP entries: the primary image (offset 0) and one at ``offset``."""
    entries = struct.pack(">IIIHH", 0x20030000, 0, 0, 0, 0)
    entries += struct.pack(">IIIHH", 0x00010002, 100, offset, 0, 0)
    ifd = struct.pack(">H", 1) + struct.pack(">HHII", 0xB002, 7, 32, 8 + 2 + 12 + 4)
    tiff = b"MM\x00*" + struct.pack(">I", 8) + ifd + struct.pack(">I", 0) + entries
    return app_segment(0xE2, b"MPF\x00" + tiff)


def mpf_offset(data: bytes) -> tuple[int, int]:
    """(where the MPF TIFF header is, the second image offset it records)."""
    base = data.index(b"MPF\x00") + 4
    return base, struct.unpack(">I", data[base + 26 + 16 + 8 : base + 26 + 16 + 12])[0]


@pytest.mark.parametrize("existing_xmp", [True, False])
def test_mpf_offsets_stay_valid(tmp_path, existing_xmp):
    base = make_jpeg(tmp_path).read_bytes()
    head = read_jpeg_header(__import__("io").BytesIO(base))
    second = b"\xff\xd8 second image \xff\xd9"
    first_end = len(base)
    sos = head.sos_offset
    xmp = builders.app1_xmp(builders.xmp_packet(builders.simple("photoshop:City", "A")))
    after = xmp if existing_xmp else b""
    # MPF right before the SOS (after Exif and ICC), so our new segments go before it
    mpf_at = sos
    probe = base[:mpf_at] + mpf_segment(0) + after + base[mpf_at:]
    mpf_base = probe.index(b"MPF\x00") + 4
    offset = first_end + len(mpf_segment(0)) + len(after) - mpf_base
    data = base[:mpf_at] + mpf_segment(offset) + after + base[mpf_at:] + second
    path = builders.write(tmp_path / "mpf.jpg", data)
    base_at, recorded = mpf_offset(data)
    assert data[base_at + recorded :] == second
    write_photo(path, {"caption": "a much longer caption than before " * 20, "city": "B"})
    new = path.read_bytes()
    base_at, recorded = mpf_offset(new)
    assert new[base_at + recorded :] == second
    assert read_photo(path).city == "B"


def test_jpeg_image_data_and_trailer_identical(tmp_path):
    path = make_jpeg(tmp_path)
    path.write_bytes(path.read_bytes() + b"TRAILER")
    before = image_data(path)
    write_photo(path, ALL)
    assert image_data(path) == before and before.endswith(b"TRAILER")


# --- files: permissions, symlinks, failures -------------------------------------------------


def test_permissions_and_symlink_kept(tmp_path):
    path = make_jpeg(tmp_path)
    os.chmod(path, 0o640)
    link = tmp_path / "link.jpg"
    link.symlink_to(path.name)
    result = write_photo(link, {"caption": "via link"})
    assert link.is_symlink() and result.target == link
    assert os.stat(path).st_mode & 0o777 == 0o640
    assert read_photo(path).caption == "via link"


def litter(folder):
    return [n for n in os.listdir(folder) if n.startswith(atomic.TEMP_PREFIX)]


@pytest.mark.parametrize("tmpfile", [True, False])
@pytest.mark.parametrize("where", ["replace", "copy", "fsync"])
def test_failure_leaves_original_and_no_litter(tmp_path, monkeypatch, where, tmpfile):
    monkeypatch.setattr(atomic, "_use_tmpfile", tmpfile)
    path = make_jpeg(tmp_path)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    targets = {
        "replace": [(os, "replace"), (atomic, "_rename2")],  # the exchange, or a plain rename
        "copy": [(jpeg_write, "copy_range")],
        "fsync": [(os, "fsync")],
    }[where]
    for target in targets:
        monkeypatch.setattr(*target, boom)
    with pytest.raises(MetadataWriteError, match="no space left"):
        write_photo(path, ALL)
    assert path.read_bytes() == before
    assert litter(tmp_path) == []


def test_invalid_changes_touch_nothing(tmp_path):
    path = make_jpeg(tmp_path)
    before = path.read_bytes()
    for bad in (
        {"colour": "x"},
        {"date_created": "25/11/2024"},
        {"caption": "bell\x07"},
        {"byline": [1]},
    ):
        with pytest.raises(ValueError):
            write_photo(path, bad)
    assert path.read_bytes() == before


def full_exif(description: str | None = None):
    from tests.factories import camera_exif

    exif = camera_exif(description=description, gps=False)
    exif.get_ifd(0x8769)[0x9286] = (
        b"ASCII\x00\x00\x00" + b"x" * 65290
    )  # UserComment: the segment is nearly full
    return exif


def test_full_exif_segment_is_left_alone_with_a_warning(tmp_path):
    path = make_jpeg(tmp_path, exif=full_exif(), icc=False)
    old_exif = [s for s in header(path).segments if jpeg_write.segment_kind(s) == "exif"]
    result = write_photo(path, {"caption": "c", "credit": "AFP"})
    assert any(w.startswith("EXIF left unchanged") for w in result.warnings)
    new_exif = [s for s in header(path).segments if jpeg_write.segment_kind(s) == "exif"]
    assert new_exif[0].payload == old_exif[0].payload
    assert read_photo(path).caption == "c"


def test_full_exif_segment_with_a_stale_value_refuses(tmp_path):
    path = make_jpeg(tmp_path, exif=full_exif(description="old caption"), icc=False)
    before = path.read_bytes()
    with pytest.raises(MetadataWriteError, match="segment limit"):
        write_photo(path, {"caption": "c"})
    assert path.read_bytes() == before


# --- TIFF variants --------------------------------------------------------------------------


@pytest.mark.parametrize("endian", ["<", ">"])
def test_tiff_with_photoshop_resources_keeps_both_iptc_copies_in_sync(tmp_path, exiftool, endian):
    iim = builders.iim_block(utf8=True, caption="old")
    resources = builders.irb(0x03ED, b"\x00\x48\x00\x00" * 4) + builders.photoshop_resources(iim)
    data = builders.tiff_file(
        iim=iim,
        photoshop=resources,
        endian=endian,
        ifd0=[builders.ascii_entry(builders.MAKE, "Nikon")],
    )
    path = builders.write(tmp_path / "ps.tif", data)
    write_photo(path, {"caption": "new", "city": "Zürich"})
    [info] = exiftool_json(exiftool, path)
    assert info["IPTC:Caption-Abstract"] == "new" and info["IPTC:City"] == "Zürich"
    assert "ExifTool:Warning" not in info
    assert info["IFD0:Make"] == "Nikon"
    record = read_photo(path)
    assert (record.caption, record.city, record.error) == ("new", "Zürich", None)


# --- exact values, whatever the text --------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
        lambda c: c in "\t\n\r" or ord(c) >= 0x20
    ),
    min_size=1,
    max_size=80,
).filter(str.strip)  # the reader treats a blank value as absent (MWG), so none round-trips


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(caption=_XML_TEXT, keywords=st.lists(_XML_TEXT, min_size=1, max_size=3))
def test_any_text_round_trips(tmp_path, caption, keywords):
    path = tmp_path / "h.jpg"
    if not path.exists():
        make_jpeg(tmp_path, "h.jpg")
    write_photo(path, {"caption": caption, "keywords": keywords, "headline": caption})
    record = read_photo(path)
    assert record.headline == caption
    assert record.caption == caption
    assert record.keywords == tuple(keywords)


def test_read_only_file_is_not_changed(tmp_path):
    path = make_jpeg(tmp_path)
    os.chmod(path, 0o444)
    before = path.read_bytes()
    with pytest.raises(MetadataWriteError, match="read-only"):
        write_photo(path, {"caption": "c"})
    assert path.read_bytes() == before


def test_damaged_tiff_directory_is_refused(tmp_path):
    data = bytearray(builders.tiff_file(ifd0=[builders.ascii_entry(builders.MAKE, "X")]))
    path = builders.write(tmp_path / "bad.tif", bytes(data))
    with open(path, "rb") as fh:
        from editor_app.metadata.tiff import TiffReader

        reader = TiffReader(fh)
        ifd = reader.read_ifd(reader.first_ifd)
    at = ifd.offset + 2 + 12 * 3 + 2  # type field of the fourth entry
    data[at : at + 2] = struct.pack("<H", 999)
    path.write_bytes(bytes(data))
    with pytest.raises(MetadataWriteError, match="damaged"):
        write_photo(path, {"caption": "c"})
    assert path.read_bytes() == bytes(data)


def test_pillow_mpo_second_image_still_found(tmp_path, exiftool):
    from tests.factories import pixels

    path = tmp_path / "pair.jpg"
    pixels(320, 240).save(path, "MPO", save_all=True, append_images=[pixels(160, 120, seed=3)])

    def second_image() -> bytes:
        [info] = exiftool_json(exiftool, path, args=["-n", "-MPImageStart", "-MPImageLength"])
        start, length = info["MPImage2:MPImageStart"], info["MPImage2:MPImageLength"]
        return path.read_bytes()[start : start + length]

    before = second_image()
    assert before[:2] == b"\xff\xd8"
    write_photo(path, {"caption": "a long caption " * 100})
    assert second_image() == before
