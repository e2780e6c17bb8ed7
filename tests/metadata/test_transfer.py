"""Records sent between processes as plain tuples come back equal, whatever they hold."""

import pickle
from pathlib import Path

from editor_app.metadata.io import read_photo
from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata, failed
from editor_app.metadata.transfer import pack, unpack


def round_trip(record: PhotoMetadata) -> PhotoMetadata:
    return unpack(record.path, pickle.loads(pickle.dumps(pack(record), protocol=5)))


def test_every_field_comes_back():
    record = PhotoMetadata(
        path=Path("/desk/a.jpg"),
        format="JPEG",
        width=640,
        height=427,
        caption="A caption. REUTERS/Jane Doe",
        byline=("Jane Doe", "John Roe"),
        keywords=("politics",),
        date_created="2024-11-20",
        exif=ExifData(make="Nikon", datetime_original="2024-11-20T10:00:00", gps_latitude=48.8),
        sources={"caption": "iptc", "credit": "xmp"},
        conflicts=(Conflict("credit", {"iptc": "REUTERS", "xmp": "AP"}, "xmp"),),
        caption_languages={"x-default": "A caption.", "fr": "Une légende."},
        iim_charset="cp1252",
        has_exif=True,
        has_iptc=True,
        sidecar=Path("/desk/a.xmp"),
        notes=("the XMP digest does not match",),
    )
    back = round_trip(record)
    assert back == record
    assert isinstance(back.sidecar, Path) and isinstance(back.conflicts[0], Conflict)
    assert isinstance(back.exif, ExifData)


def test_a_file_that_could_not_be_read_comes_back_with_its_reason():
    record = failed(Path("/desk/broken.jpg"), "not a JPEG: the file is empty", "JPEG")
    assert round_trip(record) == record


def test_real_files_come_back_equal(corpus):
    paths = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".tif"})
    records = [read_photo(p) for p in paths[:400]]
    assert records and all(round_trip(r) == r for r in records)
