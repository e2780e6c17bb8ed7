"""MWG reconciliation through ``read_photo`` on files built byte by byte.

Rules under test (editor_app/metadata/reconcile.py): EXIF first for caption/creator/copyright
unless it is camera boilerplate; XMP when in sync with the IIM (no digest, or digest matches);
IIM on a digest mismatch, except a value cut at its IIM limit that prefixes the XMP value;
dates from XMP/IIM with EXIF DateTimeOriginal only as fallback; sidecar XMP rules.
"""

import datetime
import json
import re
import subprocess
import unicodedata
import zlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from tests.metadata.builders import (
    app1_xmp,
    app13,
    exif_entries,
    exif_ifd_entries,
    full_exif,
    iim_block,
    irb,
    itxt_xmp,
    jpeg_file,
    lang_alt,
    md5,
    photoshop_resources,
    pixels_jpeg,
    png_chunk,
    png_file,
    segment,
    splice,
    tiff_blob,
    tiff_file,
    webp_file,
    write,
    xmp_fields,
    xmp_packet,
)

WRONG_DIGEST = b"\x00" * 16


def read(tmp_path, data, name="photo.jpg"):
    record = read_photo(write(tmp_path / name, data))
    assert record.error is None, record.error
    return record


def conflict(record, name):
    found = [c for c in record.conflicts if c.field == name]
    return found[0] if found else None


# --- EXIF first --------------------------------------------------------------------------------


def test_exif_image_description_wins_and_the_difference_is_a_conflict(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(exif_entries(description="EXIF caption")),
            xmp=xmp_fields(caption="XMP caption"),
            iim=iim_block(caption=b"IIM caption"),
        ),
    )
    assert record.caption == "EXIF caption"
    assert record.sources["caption"] == "exif"
    found = conflict(record, "caption")
    assert found is not None and found.chosen == "exif"
    assert dict(found.values) == {
        "exif": "EXIF caption",
        "xmp": "XMP caption",
        "iptc": "IIM caption",
    }


def test_exif_copyright_wins(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(exif_entries(copyright="© 2024 EXIF")),
            xmp=xmp_fields(copyright="© 2024 XMP"),
        ),
    )
    assert (record.copyright, record.sources["copyright"]) == ("© 2024 EXIF", "exif")


def test_exif_utf8_text_per_mwg(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(
                exif_entries(description="Kraków, Poland – “quoted”", artist="Żaneta Świątkowska")
            )
        ),
    )
    assert record.caption == "Kraków, Poland – “quoted”"
    assert record.byline == ("Żaneta Świątkowska",)


def test_blank_exif_does_not_win(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(exif_entries(description="   ", artist="", copyright=" ")),
            iim=iim_block(caption=b"IIM caption", byline=[b"IIM Author"], copyright=b"(c) IIM"),
        ),
    )
    assert (record.caption, record.byline, record.copyright) == (
        "IIM caption",
        ("IIM Author",),
        "(c) IIM",
    )
    assert record.conflicts == ()


@pytest.mark.parametrize(
    "boilerplate",
    [
        "OLYMPUS DIGITAL CAMERA",
        "SONY DSC",
        "OLYMPUS DIGITAL CAMERA         ",
        "sony dsc",
        "NIKON DIGITAL CAMERA",
        "GE DIGITAL CAMERA",  # any maker's, by its shape
        "DCIM\\100GOPRO\\GOPR0482.JPG",  # the file's path on the card
        "File written by Adobe Photoshop\u00a8 4.0",
        "Created with The GIMP",
        "SAMSUNG",
    ],
)
def test_camera_boilerplate_is_not_a_caption(tmp_path, boilerplate):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(exif_entries(description=boilerplate)),
            iim=iim_block(caption=b"Real IIM caption"),
        ),
    )
    assert record.caption == "Real IIM caption"
    assert record.sources["caption"] == "iptc"
    assert conflict(record, "caption") is None
    assert record.exif.image_description == boilerplate  # the EXIF view still shows it


@pytest.mark.parametrize(
    "caption",
    [
        "A fan films the parade with a digital camera in Paris, France.",
        "Camera crews gather outside the court.",
        "Photos from the DCIM folder were shown to the jury.",
    ],
)
def test_captions_that_name_cameras_are_captions(tmp_path, caption):
    record = read(tmp_path, jpeg_file(exif=tiff_blob(exif_entries(description=caption))))
    assert (record.caption, record.sources["caption"]) == (caption, "exif")


def test_camera_boilerplate_falls_back_to_xmp(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(exif_entries(description="SONY DSC")),
            xmp=xmp_fields(caption="XMP caption"),
        ),
    )
    assert (record.caption, record.sources["caption"]) == ("XMP caption", "xmp")


def test_camera_boilerplate_alone_gives_no_caption(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(
                exif_entries(description="OLYMPUS DIGITAL CAMERA", make="OLYMPUS IMAGING CORP.")
            )
        ),
    )
    assert record.caption == ""
    assert "caption" not in record.sources


def test_exif_artist_with_several_creators(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=tiff_blob(exif_entries(artist="Jane Doe; Ann Lee")),
            xmp=xmp_fields(byline=["Jane Doe", "Ann Lee"]),
        ),
    )
    assert record.byline == ("Jane Doe", "Ann Lee")
    assert record.sources["byline"] == "exif"
    assert conflict(record, "byline") is None  # the same creators, written two ways


# --- XMP vs IIM and the digest -----------------------------------------------------------------


def test_digest_match_xmp_wins_with_a_conflict(tmp_path):
    block = iim_block(caption=b"IIM caption", credit=b"IIM credit")
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption="XMP caption", Credit="XMP credit"), iim=block, digest=md5(block)
        ),
    )
    assert (record.caption, record.credit) == ("XMP caption", "XMP credit")
    assert record.sources["caption"] == record.sources["credit"] == "xmp"
    found = conflict(record, "caption")
    assert found is not None and found.chosen == "xmp"
    assert dict(found.values) == {"xmp": "XMP caption", "iptc": "IIM caption"}
    assert not any("digest" in n for n in record.notes)


def test_digest_mismatch_iim_wins_with_a_note(tmp_path):
    block = iim_block(caption=b"IIM edited later", city=b"Rome")
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption="XMP caption", City="Roma", Country="Italy"),
            iim=block,
            digest=WRONG_DIGEST,
        ),
    )
    assert (record.caption, record.city) == ("IIM edited later", "Rome")
    assert record.sources["caption"] == "iptc"
    assert record.country == "Italy"  # only XMP has it: a source without a field never wins
    assert record.sources["country"] == "xmp"
    assert conflict(record, "caption").chosen == "iptc"
    assert any("digest" in n for n in record.notes)


def test_no_digest_xmp_wins(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption="XMP caption"),
            iim=iim_block(caption=b"IIM caption"),
            digest=None,
        ),
    )
    assert (record.caption, record.sources["caption"]) == ("XMP caption", "xmp")
    assert conflict(record, "caption").chosen == "xmp"


def test_digest_without_iim_is_harmless(tmp_path):
    record = read(tmp_path, jpeg_file(xmp=xmp_fields(caption="XMP"), digest=WRONG_DIGEST))
    assert record.caption == "XMP"


def test_iim_only_and_xmp_only(tmp_path):
    assert read(tmp_path, jpeg_file(iim=iim_block(headline=b"H")), "a.jpg").headline == "H"
    assert read(tmp_path, jpeg_file(xmp=xmp_fields(Headline="X")), "b.jpg").headline == "X"


def test_whitespace_only_difference_is_not_a_conflict(tmp_path):
    block = iim_block(caption=b"Protesters march in Berlin,  Germany.", keywords=[b"a", b"b"])
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(
                caption="  Protesters march\nin Berlin, Germany. ", keywords=["a ", "b"]
            ),
            iim=block,
            digest=WRONG_DIGEST,
        ),
    )
    assert record.caption == "Protesters march in Berlin,  Germany."
    assert record.conflicts == ()


def test_canonically_equivalent_unicode_is_not_a_conflict(tmp_path):
    """Mac tools often store decomposed text (NFD: "u" + combining diaeresis); it looks the same
    as the composed form and must not be reported as a conflict on every photo."""
    composed = "Zürich, Genève, Kraków"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption=composed), iim=iim_block(utf8=True, caption=decomposed.encode())
        ),
    )
    assert record.caption == composed
    assert conflict(record, "caption") is None


def test_keyword_lists_that_differ_are_a_conflict(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(xmp=xmp_fields(keywords=["a", "b", "c"]), iim=iim_block(keywords=[b"a", b"b"])),
    )
    assert record.keywords == ("a", "b", "c")
    assert conflict(record, "keywords").values == {"xmp": "a; b; c", "iptc": "a; b"}


# --- truncated IIM recovery --------------------------------------------------------------------

LONG_CAPTION = (
    "Soccer Football - Women's World Cup - Quarter Final - France v United States - "
    "Parc des Princes, Paris, France - June 28, 2019. "
) * 30  # ~3500 bytes


@pytest.mark.parametrize("digest", [WRONG_DIGEST, None, "auto"], ids=["mismatch", "none", "match"])
def test_iim_caption_cut_at_2000_bytes_gives_the_xmp_text(tmp_path, digest):
    cut = LONG_CAPTION.encode()[:2000]
    record = read(
        tmp_path,
        jpeg_file(xmp=xmp_fields(caption=LONG_CAPTION), iim=iim_block(caption=cut), digest=digest),
    )
    assert record.caption == LONG_CAPTION
    assert record.sources["caption"] == "xmp"
    assert conflict(record, "caption") is None


def test_multibyte_cut_one_byte_short_of_the_limit_is_recovered(tmp_path):
    # "a" + 999 two-byte letters = 1999 bytes: the next "é" would not fit in 2000.
    full = "a" + "é" * 1500
    cut = full.encode()[:1999]
    assert len(cut) == 1999 and cut.decode()
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption=full), iim=iim_block(utf8=True, caption=cut), digest=WRONG_DIGEST
        ),
    )
    assert record.caption == full
    assert conflict(record, "caption") is None


def test_shorter_iim_prefix_is_not_a_truncation(tmp_path):
    short = LONG_CAPTION.encode()[:1500]
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption=LONG_CAPTION), iim=iim_block(caption=short), digest=WRONG_DIGEST
        ),
    )
    assert record.caption == short.decode()
    assert record.sources["caption"] == "iptc"
    assert conflict(record, "caption") is not None


def test_iim_at_the_limit_but_not_a_prefix_wins_on_mismatch(tmp_path):
    other = ("X" * 2000).encode()
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption=LONG_CAPTION), iim=iim_block(caption=other), digest=WRONG_DIGEST
        ),
    )
    assert record.caption == "X" * 2000
    assert conflict(record, "caption").chosen == "iptc"


def test_byline_cut_at_32_bytes_is_recovered(tmp_path):
    names = ["Maximilian Alexander von Humboldt-Schmidt", "Ann Lee"]
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(byline=names),
            iim=iim_block(byline=[names[0].encode()[:32], b"Ann Lee"]),
            digest=WRONG_DIGEST,
        ),
    )
    assert record.byline == tuple(names)
    assert conflict(record, "byline") is None


def test_credit_cut_at_32_bytes_is_recovered(tmp_path):
    credit = "Korea Summit Press Pool/Pool via Reuters"
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(Credit=credit),
            iim=iim_block(credit=credit.encode()[:32]),
            digest=WRONG_DIGEST,
        ),
    )
    assert (record.credit, record.sources["credit"]) == (credit, "xmp")
    assert conflict(record, "credit") is None


# --- several APP13 segments --------------------------------------------------------------------


def test_consecutive_app13_segments_are_one_resource_list(tmp_path):
    resources = photoshop_resources(iim_block(caption=b"Split across two segments", city=b"Oslo"))
    half = len(resources) // 2
    record = read(
        tmp_path, splice(pixels_jpeg(), [app13(resources[:half]), app13(resources[half:])])
    )
    assert record.caption == "Split across two segments"
    assert record.city == "Oslo"
    assert not any("digest" in n for n in record.notes)


def test_first_iim_block_wins_later_blocks_fill(tmp_path):
    first = app13(photoshop_resources(iim_block(caption=b"First caption", byline=[b"First"])))
    separator = segment(0xFE, b"a comment between the Photoshop segments")
    second = app13(
        photoshop_resources(
            iim_block(caption=b"Second caption", city=b"Lima", keywords=[b"k"], byline=[b"Second"])
        )
    )
    record = read(tmp_path, splice(pixels_jpeg(), [first, separator, second]))
    assert record.caption == "First caption"
    assert record.byline == ("First",)
    assert record.city == "Lima"
    assert record.keywords == ("k",)


def test_two_iim_resources_in_consecutive_segments(tmp_path):
    first = app13(irb(0x0404, iim_block(caption=b"One")))
    second = app13(irb(0x0404, iim_block(caption=b"Two", country=b"Peru")))
    record = read(tmp_path, splice(pixels_jpeg(), [first, second]))
    assert (record.caption, record.country) == ("One", "Peru")


def test_empty_iim_block_and_empty_segment_are_skipped(tmp_path):
    segments = [
        app13(b""),  # "Photoshop 3.0" with no resources at all
        app13(irb(0x0404, b"") + irb(0x03ED, b"\x00" * 16)),
        app13(irb(0x0404, iim_block(caption=b"After the empty ones"))),
    ]
    record = read(tmp_path, splice(pixels_jpeg(), segments))
    assert record.caption == "After the empty ones"


def test_xmp_in_a_later_segment_and_digest_in_the_second_app13(tmp_path):
    block = iim_block(caption=b"IIM")
    segments = [
        app13(irb(0x0404, block)),
        app13(irb(0x0425, WRONG_DIGEST)),
        app1_xmp(xmp_fields(caption="XMP")),
    ]
    record = read(tmp_path, splice(pixels_jpeg(), segments))
    assert record.caption == "IIM"  # the digest in the continued resource list is a mismatch


# --- dates -------------------------------------------------------------------------------------


def test_xmp_date_beats_exif(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            exif=full_exif(datetime_original="2023:01:01 10:00:00"),
            xmp=xmp_fields(DateCreated="2024-05-01T10:00:00+02:00"),
        ),
    )
    assert record.date_created == "2024-05-01T10:00:00+02:00"
    assert record.sources["date_created"] == "xmp"
    assert record.exif.datetime_original == "2023-01-01T10:00:00.25+02:00"


def test_iim_date_beats_exif(tmp_path):
    record = read(tmp_path, jpeg_file(exif=full_exif(), iim=iim_block(date_created=b"20240430")))
    assert (record.date_created, record.sources["date_created"]) == ("2024-04-30", "iptc")


def test_xmp_and_iim_dates_follow_the_digest(tmp_path):
    block = iim_block(date_created=b"20240430")
    xmp = xmp_fields(DateCreated="2024-05-01")
    synced = read(tmp_path, jpeg_file(xmp=xmp, iim=block), "a.jpg")
    edited = read(tmp_path, jpeg_file(xmp=xmp, iim=block, digest=WRONG_DIGEST), "b.jpg")
    assert synced.date_created == "2024-05-01"
    assert edited.date_created == "2024-04-30"
    assert conflict(synced, "date_created").chosen == "xmp"
    assert conflict(edited, "date_created").chosen == "iptc"


def test_same_day_different_precision_is_not_a_conflict(tmp_path):
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(DateCreated="2024-05-01T14:03:05+02:00"),
            iim=iim_block(date_created=b"20240501"),
        ),
    )
    assert record.date_created == "2024-05-01T14:03:05+02:00"
    assert conflict(record, "date_created") is None


@pytest.mark.parametrize(
    ("dto", "subsec", "offset", "iso"),
    [
        ("2024:05:01 14:03:05", "25", "+02:00", "2024-05-01T14:03:05.25+02:00"),
        ("2024:05:01 14:03:05", "250", "-05:00", "2024-05-01T14:03:05.250-05:00"),
        ("2024:05:01 14:03:05", None, "+02:00", "2024-05-01T14:03:05+02:00"),
        ("2024:05:01 14:03:05", "7", None, "2024-05-01T14:03:05.7"),
        ("2024:05:01 14:03:05", None, None, "2024-05-01T14:03:05"),
        ("2024:05:01 14:03:05", None, "+0200", "2024-05-01T14:03:05"),
        ("0000:00:00 00:00:00", "25", "+02:00", None),
        ("    :  :     :  :  ", None, None, None),
    ],
)
def test_exif_datetime_original_is_the_fallback(tmp_path, dto, subsec, offset, iso):
    exif = tiff_blob(
        exif_entries(make="Canon"),
        exif_ifd_entries(datetime_original=dto, subsec=subsec, offset=offset),
    )
    record = read(tmp_path, jpeg_file(exif=exif, xmp=xmp_fields(caption="no date here")))
    assert record.exif.datetime_original == iso
    assert record.date_created == iso
    assert record.sources.get("date_created") == ("exif" if iso else None)


_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?)?)?$")


def _is_iso(value: str) -> bool:
    if not _ISO.match(value):
        return False
    if len(value) >= 10:
        try:
            datetime.date.fromisoformat(value[:10])
        except ValueError:
            return False
    return True


@pytest.mark.parametrize(
    ("xmp_date", "iim_date"),
    [
        ("yesterday", None),
        ("01/05/2024", None),
        ("2024:05:01 10:00:00", None),
        (None, b"20241345"),
        (None, b"2024-5-1"),
    ],
    ids=["words", "slashes", "exif-style-in-xmp", "iim-month-13", "iim-dashes"],
)
def test_date_created_is_iso_or_falls_back(tmp_path, xmp_date, iim_date):
    """``date_created`` is ISO 8601 (the JSON contract): a value that is not a date never
    becomes it; the next source (here EXIF DateTimeOriginal) is used instead."""
    record = read(
        tmp_path,
        jpeg_file(
            exif=full_exif(),
            xmp=xmp_fields(DateCreated=xmp_date) if xmp_date else None,
            iim=iim_block(date_created=iim_date) if iim_date else None,
        ),
    )
    assert record.date_created is not None
    assert _is_iso(record.date_created), record.date_created


# --- other containers --------------------------------------------------------------------------


def test_tiff_reads_all_three_sources(tmp_path):
    block = iim_block(caption=b"IIM caption", city=b"Quito", credit=b"IIM credit")
    record = read(
        tmp_path,
        tiff_file(
            ifd0=exif_entries(artist="Tiff Artist", make="Phase One"),
            exif_ifd=exif_ifd_entries(datetime_original="2024:05:01 14:03:05"),
            xmp=xmp_fields(caption="XMP caption", Credit="XMP credit"),
            iim=block,
            photoshop=photoshop_resources(block),
            size=(5, 4),
        ),
        "photo.tif",
    )
    assert (record.format, record.width, record.height) == ("TIFF", 5, 4)
    assert record.caption == "XMP caption"  # digest matches: XMP in sync
    assert record.credit == "XMP credit"
    assert record.city == "Quito"
    assert record.byline == ("Tiff Artist",)
    assert record.exif.make == "Phase One"
    assert record.date_created == "2024-05-01T14:03:05"


def test_big_endian_tiff_with_a_digest_mismatch(tmp_path):
    block = iim_block(caption=b"IIM caption")
    record = read(
        tmp_path,
        tiff_file(
            xmp=xmp_fields(caption="XMP caption"),
            iim=block,
            photoshop=photoshop_resources(None, WRONG_DIGEST),
            endian=">",
        ),
        "be.tif",
    )
    assert record.caption == "IIM caption"


def test_png_reads_itxt_xmp_and_exif(tmp_path):
    record = read(
        tmp_path,
        png_file(
            xmp=xmp_fields(caption="PNG caption", Credit="AP"),
            exif=full_exif(description=None),
            size=(9, 7),
        ),
        "p.png",
    )
    assert (record.format, record.width, record.height) == ("PNG", 9, 7)
    assert (record.caption, record.credit) == ("PNG caption", "AP")
    assert record.exif.model == "NIKON Z 9"


def test_png_metadata_chunks_after_the_image_data(tmp_path):
    png = png_file(size=(3, 2))
    iend = png.index(b"IEND") - 4
    late = png_chunk(b"eXIf", full_exif(description=None)) + itxt_xmp(xmp_fields(caption="late"))
    record = read(tmp_path, png[:iend] + late + png[iend:], "late.png")
    assert record.caption == "late"
    assert record.exif.make == "NIKON CORPORATION"


def test_png_exif_chunk_with_an_exif_header_is_still_read(tmp_path):
    """Some writers put "Exif\\0\\0" in front of the TIFF data of eXIf; ExifTool reads it (with a
    warning), and our WebP reader already strips the same header."""
    record = read(tmp_path, png_file(exif=b"Exif\x00\x00" + full_exif()), "hdr.png")
    assert record.exif.make == "NIKON CORPORATION"
    assert record.caption == "Protesters march in Berlin, Germany, May 1, 2024."


def _raw_profile(kind: str, data: bytes, chunk: bytes = b"tEXt") -> bytes:
    """ImageMagick's "Raw profile type" text chunk: name, length, hexadecimal in lines of 72."""
    digits = data.hex()
    lines = "\n".join(digits[i : i + 72] for i in range(0, len(digits), 72))
    text = f"\n{kind}\n{len(data):8d}\n{lines}\n".encode()
    keyword = f"Raw profile type {kind}".encode() + b"\x00"
    if chunk == b"zTXt":
        return png_chunk(chunk, keyword + b"\x00" + zlib.compress(text))
    if chunk == b"iTXt":
        return png_chunk(chunk, keyword + b"\x00\x00\x00\x00" + text)
    return png_chunk(chunk, keyword + text)


@pytest.mark.parametrize("chunk", [b"tEXt", b"zTXt", b"iTXt"])
def test_png_reads_imagemagicks_raw_profiles(tmp_path, chunk):
    # what ImageMagick and digiKam write, and ExifTool reads (the corpus's imagemagick.png)
    profiles = [
        _raw_profile("exif", b"Exif\x00\x00" + full_exif(description=None), chunk),
        _raw_profile("iptc", iim_block(caption=b"IIM caption", city=b"Paris"), chunk),
    ]
    record = read(tmp_path, png_file(extra_chunks=profiles), "magick.png")
    assert (record.caption, record.city, record.sources["caption"]) == (
        "IIM caption",
        "Paris",
        "iptc",
    )
    assert record.exif.model == "NIKON Z 9" and record.has_iptc
    # the IPTC profile as an APP13's resources (8BIM), as Photoshop's are
    wrapped = _raw_profile("iptc", irb(0x0404, iim_block(caption=b"In resources")), chunk)
    assert read(tmp_path, png_file(extra_chunks=[wrapped]), "r.png").caption == "In resources"


def test_png_raw_profiles_in_the_shapes_exiftool_also_reads(tmp_path):
    caption = iim_block(caption=b"IIM caption")
    shapes = {
        "8bim": _raw_profile("8bim", irb(0x0404, caption)),  # Photoshop's resources
        "app1": _raw_profile("APP1", b"http://ns.adobe.com/xap/1.0/\x00" + xmp_fields(caption="X")),
        "wrong length": png_chunk(
            b"tEXt", b"Raw profile type iptc\x00\niptc\n   9999\n" + caption.hex().encode()
        ),
        "old header": png_chunk(
            b"tEXt",
            b"Raw profile type iptc\x00\nIPTC profile\n  %d\n%s\n"
            % (len(caption), caption.hex().encode()),
        ),
    }
    found = {
        name: read(tmp_path, png_file(extra_chunks=[chunk]), f"{n}.png").caption
        for n, (name, chunk) in enumerate(shapes.items())
    }
    assert found == {"8bim": "IIM caption", "app1": "X", "wrong length": "IIM caption",
                     "old header": "IIM caption"}  # fmt: skip


def test_png_raw_profiles_never_beat_the_files_own_chunks_and_bad_ones_are_notes(tmp_path):
    own = png_file(
        xmp=xmp_fields(caption="XMP caption"),
        exif=full_exif(description=None),
        extra_chunks=[_raw_profile("xmp", xmp_fields(caption="profile caption"))],
    )
    assert read(tmp_path, own, "own.png").caption == "XMP caption"
    broken = png_chunk(b"tEXt", b"Raw profile type iptc\x00\niptc\n   500\n1c0278zz\n")
    record = read(tmp_path, png_file(extra_chunks=[broken]), "bad.png")
    assert record.error is None and record.caption == ""
    assert record.notes == ("malformed IPTC raw profile in a PNG text chunk ignored",)


def test_a_sidecar_beside_a_png_is_no_conflict_with_the_iim_the_desk_cannot_reach(tmp_path):
    profile = _raw_profile("iptc", iim_block(caption=b"Old IIM caption"))
    path = tmp_path / "edited.png"
    path.write_bytes(png_file(extra_chunks=[profile]))
    (tmp_path / "edited.xmp").write_bytes(xmp_fields(caption="The desk's caption"))
    record = read_photo(path)
    assert (record.caption, record.sources["caption"]) == ("The desk's caption", "xmp")
    assert record.conflicts == ()


@pytest.mark.parametrize("where", ["eXIf", "profile"])
def test_a_pngs_written_caption_reads_back_over_its_own_exif(tmp_path, where):
    exif = full_exif()  # with an ImageDescription, which MWG puts first in a JPEG
    extra = [_raw_profile("exif", b"Exif\x00\x00" + exif)] if where == "profile" else []
    path = tmp_path / "camera.png"
    path.write_bytes(png_file(exif=exif if where == "eXIf" else None, extra_chunks=extra))
    assert read_photo(path).sources["caption"] == "exif"
    write_photo(path, {"caption": "The desk's caption", "byline": ("Jane Doe",)})
    record = read_photo(path)
    assert (record.caption, record.sources["caption"]) == ("The desk's caption", "xmp")
    assert record.byline == ("Jane Doe",) and record.conflicts == ()
    record = read(
        tmp_path,
        webp_file(
            xmp=xmp_fields(caption="WebP caption"), exif=full_exif(description=None), size=(11, 5)
        ),
        "w.webp",
    )
    assert (record.format, record.width, record.height) == ("WEBP", 11, 5)
    assert record.caption == "WebP caption"
    assert record.byline == ("Jane Doe",)
    assert record.exif.gps_latitude == pytest.approx(52.52, abs=1e-5)
    assert record.exif.gps_longitude == pytest.approx(-13.405, abs=1e-5)


def test_exif_camera_fields(tmp_path):
    exif = read(tmp_path, jpeg_file(exif=full_exif())).exif
    assert (exif.make, exif.model, exif.lens) == (
        "NIKON CORPORATION",
        "NIKON Z 9",
        "NIKKOR Z 24-70mm f/2.8 S",
    )
    assert (exif.exposure_time, exif.f_number, exif.iso, exif.focal_length) == (
        0.004,
        2.8,
        400,
        35.0,
    )
    assert exif.orientation == 1
    assert exif.artist == "Jane Doe"


# --- sidecars ----------------------------------------------------------------------------------


def test_jpeg_embedded_xmp_first_sidecar_fills(tmp_path):
    photo = write(tmp_path / "photo.jpg", jpeg_file(xmp=xmp_fields(caption="Embedded")))
    sidecar = write(tmp_path / "photo.xmp", xmp_fields(caption="Sidecar", City="Nairobi"))
    record = read_photo(photo)
    assert record.caption == "Embedded"
    assert record.city == "Nairobi"
    assert record.sidecar == sidecar
    assert record.sources["city"] == "xmp"


def test_jpeg_sidecar_fills_an_empty_embedded_caption(tmp_path):
    embedded = xmp_packet(lang_alt("dc:description", {"x-default": ""}))
    photo = write(tmp_path / "photo.jpg", jpeg_file(xmp=embedded))
    write(tmp_path / "photo.xmp", xmp_fields(caption="Sidecar caption"))
    assert read_photo(photo).caption == "Sidecar caption"


def test_jpeg_sidecar_alone(tmp_path):
    photo = write(tmp_path / "photo.jpg", jpeg_file(iim=iim_block(city=b"Lagos")))
    write(tmp_path / "photo.xmp", xmp_fields(caption="Only in the sidecar"))
    record = read_photo(photo)
    assert (record.caption, record.city) == ("Only in the sidecar", "Lagos")


@pytest.mark.parametrize("fmt", ["png", "webp"])
def test_sidecar_wins_for_png_and_webp(tmp_path, fmt):
    embedded = xmp_fields(caption="Embedded", Credit="Embedded credit")
    data = png_file(xmp=embedded) if fmt == "png" else webp_file(xmp=embedded)
    photo = write(tmp_path / f"photo.{fmt}", data)
    write(tmp_path / "photo.xmp", xmp_fields(caption="Sidecar", City="Accra"))
    record = read_photo(photo)
    assert record.caption == "Sidecar"
    assert record.city == "Accra"
    assert record.credit == "Embedded credit"  # the embedded packet fills what the sidecar lacks


def test_no_sidecar_no_sidecar_path(tmp_path):
    record = read(tmp_path, jpeg_file(xmp=xmp_fields(caption="x")))
    assert record.sidecar is None


# --- property: the rules hold for any pair of texts ---------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"), max_codepoint=0x2FFF)
    | st.sampled_from(" \t\n"),
    max_size=30,
)


def _blank(text):
    return not (text or "").strip()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    xmp_text=st.one_of(st.none(), _TEXT),
    iim_text=st.one_of(st.none(), _TEXT),
    in_sync=st.booleans(),
)
def test_caption_rules_for_any_texts(tmp_path, xmp_text, iim_text, in_sync):
    block = iim_block(utf8=True, caption=iim_text.encode()) if iim_text is not None else None
    digest = "auto" if in_sync else WRONG_DIGEST
    record = read(
        tmp_path,
        jpeg_file(
            xmp=xmp_fields(caption=xmp_text) if xmp_text is not None else None,
            iim=block,
            digest=digest if block is not None else None,
        ),
    )
    order = [("xmp", xmp_text), ("iptc", iim_text)]
    if not in_sync:
        order.reverse()
    present = [(source, text) for source, text in order if not _blank(text)]
    if not present:
        assert record.caption == "" and "caption" not in record.sources
        return
    assert (record.sources["caption"], record.caption) == present[0]
    differ = len({" ".join(text.split()) for _, text in present}) > 1
    assert (conflict(record, "caption") is not None) == differ


# --- interop: ExifTool's MWG composite tags agree ------------------------------------------------


def _mwg_cases():
    both = {
        "xmp": xmp_fields(caption="XMP caption", byline=["X Writer"]),
        "iim": iim_block(caption=b"IIM caption", byline=[b"I Writer"]),
    }
    return {
        "digest-match": jpeg_file(**both),
        "digest-mismatch": jpeg_file(**both, digest=WRONG_DIGEST),
        "no-digest": jpeg_file(**both, digest=None),
        "truncated-iim": jpeg_file(
            xmp=xmp_fields(caption=LONG_CAPTION),
            iim=iim_block(caption=LONG_CAPTION.encode()[:2000]),
            digest=WRONG_DIGEST,
        ),
        "exif-first": jpeg_file(
            exif=tiff_blob(exif_entries(description="EXIF caption", artist="A One; B Two")), **both
        ),
        "boilerplate": jpeg_file(
            exif=tiff_blob(exif_entries(description="OLYMPUS DIGITAL CAMERA")),
            iim=iim_block(caption=b"IIM caption"),
            digest=WRONG_DIGEST,
        ),
    }


@pytest.mark.parametrize("case", list(_mwg_cases()))
def test_agrees_with_exiftool_mwg(tmp_path, exiftool, case):
    path = write(tmp_path / f"{case}.jpg", _mwg_cases()[case])
    out = subprocess.run(
        [exiftool, "-j", "-use", "MWG", "-MWG:Description", "-MWG:Creator", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(out.stdout)[0]
    record = read_photo(path)
    description = theirs.get("Description", "")
    if case == "boilerplate":
        # ExifTool takes any non-blank ImageDescription; we skip camera boilerplate on purpose
        assert description == "OLYMPUS DIGITAL CAMERA"
        assert record.caption == "IIM caption"
        return
    assert record.caption == description
    creators = theirs.get("Creator", [])
    creators = creators if isinstance(creators, list) else [creators]
    assert list(record.byline) == creators


def test_getty_style_dates_are_read(tmp_path):
    """IIM "2015-01-22" and XMP "2015-01-22T00:00:00 +00:00" (a space before the zone) are
    non-standard but real (Getty files in the wild); ExifTool reads both, and so do we."""
    record = read(tmp_path, jpeg_file(iim=iim_block(date_created=b"2015-01-22")))
    assert record.date_created == "2015-01-22"
    record = read(tmp_path, jpeg_file(xmp=xmp_fields(DateCreated="2015-01-22T00:00:00 +00:00")))
    assert record.date_created == "2015-01-22T00:00:00+00:00"


def test_bylines_with_their_own_spacing_read_back_exactly(tmp_path):
    """EXIF Artist holds the creators joined with "; "; when XMP holds the same list, its
    items come back exactly (a trailing space is kept, as the editor typed it)."""
    from editor_app.metadata.writer import write_photo
    from tests.factories import make_jpeg

    photo = make_jpeg(tmp_path)
    write_photo(photo, {"byline": ["Ann ", "Bo Li"]})
    assert read_photo(photo).byline == ("Ann ", "Bo Li")
