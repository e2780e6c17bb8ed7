"""Our reading of the shared corpus against ExifTool's (``../shared/corpus/exiftool.json``).

For every JPEG, TIFF, PNG and WebP that ExifTool reads without an error we compare caption,
by-line, credit, headline, city, country, make, model and DateTimeOriginal. Where we differ on
purpose the file is listed in DELIBERATE with the reason.
"""

import json

import pytest

from editor_app.metadata.io import read_photo
from editor_app.metadata.reconcile import is_boilerplate
from tests.metadata.corpus_expect import expected, ours, same

_MAC_ROMAN = "IIM without 1:90 in Mac Roman: we detect it, ExifTool assumes Windows-1252"
_FUZZ = "fuzzer reproducer with bad offsets: ExifTool rejects the value, exifread reads it"
DELIBERATE = {
    "./frameright-php-image-metadata-parser/metapm.jpg": _MAC_ROMAN,
    "./exiv2/iptc-psAPP13s-wIPTCs-psAPP13s-wIPTCs.jpg": _MAC_ROMAN,
    "./exiv2/iptc-psAPP13s-noIPTC-psAPP13s-wIPTC.jpg": _MAC_ROMAN,
    "./exiv2/iptc-psAPP13s-wIPTC-psAPP13s-noIPTC.jpg": _MAC_ROMAN,
    "./exiftool/AFCP.jpg": "IPTC in an AFCP trailer after the image data is not a standard place",
    "./exiftool/FotoStation.jpg": "IPTC in a FotoStation trailer is not a standard place",
    "./exiv2/pocIssue283.jpg": "an 'IIU' (Panasonic raw) header: raw files are unsupported",
    "./exiv2/issue_1847_poc.jpg": "damaged JPEG: a string runs past its segment; we stop later",
    "./commons-imaging/data/images/tiff/2/bad-offsets-lengths.tiff": _FUZZ,
    "./exiv2/issue_2006_poc.tiff": _FUZZ,
    "./exiv2/issue_2385_poc.tiff": _FUZZ,
    "./exiv2/issue_1920_poc.tiff": _FUZZ,
}


_FORMATS = ("JPEG", "TIFF", "PNG", "WEBP")  # PNG's text-chunk profiles included (ImageMagick)


def _entries(corpus):
    for entry in json.loads((corpus / "exiftool.json").read_text(encoding="utf-8")):
        if entry.get("File:FileType") in _FORMATS and "ExifTool:Error" not in entry:
            yield entry


@pytest.mark.corpus
def test_corpus_matches_exiftool(corpus):
    compared, mismatches = 0, []
    for entry in _entries(corpus):
        source = entry["SourceFile"]
        if source in DELIBERATE:
            continue
        record = read_photo(corpus / source)
        want, got = expected(entry, is_boilerplate), ours(record)
        if record.error and not any(want.values()):
            continue  # ExifTool finds nothing either; we also report the damage
        compared += 1
        diffs = {k: (want[k], got[k]) for k in want if not same(want[k], got[k])}
        if diffs:
            mismatches.append((source, diffs))
    assert compared > 500
    assert mismatches == []


@pytest.mark.corpus
def test_deliberate_differences_still_differ(corpus):
    """A listed file that starts to agree with ExifTool must leave the list."""
    entries = {e["SourceFile"]: e for e in _entries(corpus)}
    for source, reason in DELIBERATE.items():
        entry = entries[source]
        want, got = expected(entry, is_boilerplate), ours(read_photo(corpus / source))
        assert any(not same(want[k], got[k]) for k in want), (source, reason)


@pytest.mark.corpus
def test_every_corpus_file_reads_without_exception(corpus):
    """Damaged files included: a record comes back, with a one-line error when it is bad."""
    for path in sorted(p for p in corpus.rglob("*") if p.is_file()):
        record = read_photo(path)
        if record.error:
            assert "\n" not in record.error and len(record.error) < 300
            assert "internal" not in record.error
