"""The writer on real files from other projects' test suites (copies in tmp_path).

Every JPEG and TIFF in ``corpus/exiftool`` (cameras with real maker notes, thumbnails, GPS,
Photo Mechanic and Photoshop metadata) plus the multi-APP13 and legacy-charset traps: after a
write, ExifTool reads our values, reports no new warning, and reads the camera metadata exactly
as before; the image data is byte-identical; our reader reads back what we wrote.
"""

import shutil

import pytest

from editor_app.errors import MetadataWriteError
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import write_photo
from tests.metadata.test_write_exiftool import exiftool_json
from tests.metadata.validate_sweep import picture_bytes

TRAPS = [
    "exiv2/iptc-psAPP13s-wIPTCs-psAPP13s-wIPTCs.jpg",
    "exiv2/iptc-psAPP13s-noIPTC-psAPP13s-wIPTC.jpg",
    "exiv2/exiv2-bug937.jpg",
    "frameright-php-image-metadata-parser/metapm.jpg",
    "photoprism/iptc-2021.jpg",
]
CHANGES = {
    "caption": "Des manifestants défilent à Paris.\nSecond line & <more>",
    "byline": ["Jane Doe", "Zoë Ångström"],
    "credit": "REUTERS/Jane Doe",
    "keywords": ["protest", "Paris"],
    "city": "Paris",
}
CAMERA = ["-MakerNotes:all", "-GPS:all", "-ICC_Profile:all", "-IFD1:all", "-ExifIFD:all", "-n"]
_SKIP_WARNINGS = (
    "IPTCDigest is not current",  # the old files' own problem, fixed by writing
)


def corpus_files(corpus):
    found = sorted(
        p for p in (corpus / "exiftool").iterdir() if p.suffix.lower() in (".jpg", ".tif")
    )
    found += [corpus / name for name in TRAPS if (corpus / name).exists()]
    return found


def warnings_of(info: dict) -> set[str]:
    found = info.get("ExifTool:Warning", [])
    found = found if isinstance(found, list) else [found]
    return {w for w in found if not w.startswith(_SKIP_WARNINGS)}


@pytest.mark.corpus
def test_corpus_files_written_faithfully(tmp_path, corpus, exiftool):
    copies = []
    for index, source in enumerate(corpus_files(corpus)):
        target = tmp_path / f"{index:03d}-{source.name}"
        shutil.copyfile(source, target)
        copies.append(target)
    before = {i["SourceFile"]: i for i in exiftool_json(exiftool, *copies, args=CAMERA)}
    warned = {i["SourceFile"]: warnings_of(i) for i in exiftool_json(exiftool, *copies)}
    data_before = {p: picture_bytes(p) for p in copies if p.suffix.lower() == ".jpg"}
    written, refused = [], []
    for path in copies:
        try:
            write_photo(path, CHANGES)
            written.append(path)
        except MetadataWriteError as exc:
            refused.append((path.name, str(exc)))
    assert refused == []  # UTF-16 XMP (exiftool/XMP.jpg) included
    after = {i["SourceFile"]: i for i in exiftool_json(exiftool, *written, args=CAMERA)}
    readback = {i["SourceFile"]: i for i in exiftool_json(exiftool, *written)}
    for path in written:
        key = str(path)
        assert after[key] == before[key], path.name
        info = readback[key]
        assert info["IPTC:Caption-Abstract"] == CHANGES["caption"], path.name
        assert info["XMP-dc:Description"] == CHANGES["caption"], path.name
        assert info["IFD0:ImageDescription"] == CHANGES["caption"], path.name
        assert info["IPTC:By-line"] == CHANGES["byline"], path.name
        # UTF-8, or no 1:90 where the file's IIM was Latin and our values fit it (ExifTool reads
        # both right: the values above)
        assert info.get("IPTC:CodedCharacterSet", "Latin") in ("UTF8", "Latin"), path.name
        assert warnings_of(info) <= warned[key], (path.name, warnings_of(info))
        if path in data_before:
            assert picture_bytes(path) == data_before[path], path.name
        record = read_photo(path)
        assert record.error is None, (path.name, record.error)
        assert (record.caption, record.byline, record.credit) == (
            CHANGES["caption"],
            tuple(CHANGES["byline"]),
            CHANGES["credit"],
        ), path.name
