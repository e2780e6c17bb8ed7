"""Issue 11 item 14 on real files: a ``set`` of one caption field adds no ``exiftool -validate``
warning to any corpus JPEG or TIFF (copies in tmp_path).

The whole corpus is swept by hand (``python -m tests.metadata.validate_sweep``, see
docs/writing.md); the suite sweeps every file where a class of new warning was once found, plus
a deterministic sample of the rest. Warnings that go away (a stale IPTC digest, an IFD0 out of
order that we now rewrite...) are allowed; a new one is a failure unless listed below.
"""

import pytest

from tests.metadata.validate_sweep import sweep, warning_class, writable_files

# One per class of new warning the first whole-corpus sweep found (all fixed since).
REGRESSIONS = [
    "exifr/iptc-independent-photographer-example.jpg",  # Latin IIM grown past limits as UTF-8
    "exifr/issue-exifr-47.jpeg",  # same, datasets already too long growing further
    "exiftool/AFCP.jpg",  # AFCP trailer offsets not shifted
    "pillow/multipage_single_frame_loop.tiff",  # looped page chain gained a page
    "pillow/multipage_multiple_frame_loop.tiff",
    "pillow/crash-0da013a13571cc8eb457a39fee8db18f8a3c7127.tif",  # sorted: "Duplicate tag"
    "pillow/old-style-jpeg-compression-no-samplesperpixel.tif",
    "pillow/crash-86214e58da443d2b80820cff9677a38a33dcbbca.tif",  # offsets past the end
    "pillow/oom-225817ca0f8c663be7ab4b9e717b02c661e66834.tif",  # IFD0 cut by the end
]
# New warnings our write brings, on purpose, with the reason (docs/writing.md); compared by
# class (numbers as N: ``warning_class``).
ALLOWED = {
    # The file's XMP APP1 has a non-standard header, so ExifTool skipped the packet before; we
    # write it back with the standard one and ExifTool now reports what the packet holds.
    "metadata-extractor/withXmp.jpg": {
        "[minor] Ignored empty rdf:Bag list for GettyImagesGIFT:Personality",
        "[minor] Ignored empty rdf:Bag list for dc:subject",
    },
    # A damaged IFD2 (19,712 entries at offset 1): ExifTool counts its missing bytes from where
    # IFD0 is, and IFD0 moves; the number changes, the warning is the same.
    "pillow/exif-ifd-offset.jpg": {"Short directory size for IFDN (missing N bytes)"},
}
SAMPLE_EVERY = 6  # ~90 of the ~570 files: about 20 s with ExifTool on a loaded machine
CHANGES = {"caption": "Sweep caption, été"}  # XMP, EXIF and IIM (Latin IIM stays Latin)


def _sample(corpus) -> list[str]:
    files = writable_files(corpus)
    picked = set(files[::SAMPLE_EVERY]) | {f for f in files if f in REGRESSIONS or f in ALLOWED}
    return sorted(picked)


@pytest.mark.corpus
def test_exiftool_validation_unchanged_by_a_set_on_corpus_files(exiftool, corpus, tmp_path):
    sources = _sample(corpus)
    assert set(REGRESSIONS) <= set(sources)
    result = sweep(exiftool, corpus, sources, tmp_path, CHANGES)
    assert len(result.swept) > 70
    assert result.pictures_changed == ()
    unexpected = {
        source: sorted(w for w in added if warning_class(w) not in ALLOWED.get(source, ()))
        for source, added in result.added.items()
    }
    assert {source: added for source, added in unexpected.items() if added} == {}
