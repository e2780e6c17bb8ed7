"""Fixture photos for check tests: Pillow pixels, metadata written by ExifTool."""

import subprocess
from datetime import date
from pathlib import Path

from PIL import Image

from editor_app.captions.findings import Finding
from editor_app.captions.validate import validate
from editor_app.metadata.record import ExifData, PhotoMetadata
from editor_app.settings import DeskSettings

# ExifTool tag for each keyword argument of ``make_photo``.
_TAGS = {
    "caption": ("-IPTC:Caption-Abstract", "-XMP-dc:Description"),
    "iptc_caption": ("-IPTC:Caption-Abstract",),
    "xmp_caption": ("-XMP-dc:Description",),
    "credit": ("-IPTC:Credit", "-XMP-photoshop:Credit"),
    "byline": ("-IPTC:By-line", "-XMP-dc:Creator"),
    "source": ("-IPTC:Source", "-XMP-photoshop:Source"),
    "copyright": ("-IPTC:CopyrightNotice", "-XMP-dc:Rights"),
    "city": ("-IPTC:City", "-XMP-photoshop:City"),
    "country": ("-IPTC:Country-PrimaryLocationName", "-XMP-photoshop:Country"),
    "taken": ("-EXIF:DateTimeOriginal",),
    "description": ("-EXIF:ImageDescription",),
}


def make_photo(exiftool: str, folder: Path, name: str, **fields: str) -> Path:
    """A small JPEG named ``name`` in ``folder`` carrying ``fields`` (see ``_TAGS``)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (16, 12), (120, 80, 40)).save(path, "JPEG")
    args = [exiftool, "-q", "-overwrite_original", "-codedcharacterset=utf8"]
    for key, value in fields.items():
        args += [f"{tag}={value}" for tag in _TAGS[key]]
    subprocess.run([*args, str(path)], check=True, capture_output=True, timeout=60)
    return path


def record(
    name: str = "a.jpg",
    *,
    taken: str | None = None,
    artist: str = "",
    description: str = "",
    **fields,
) -> PhotoMetadata:
    """A record built directly, for rule tests that need no file."""
    exif = ExifData(datetime_original=taken, artist=artist, image_description=description)
    return PhotoMetadata(path=Path(name), exif=exif, **fields)


TODAY = date(2024, 11, 21)


def findings_of(
    rule: str, *records: PhotoMetadata, settings: DeskSettings | None = None, today: date = TODAY
) -> list[Finding]:
    """What ``rule`` alone reports about ``records`` (unreadable files aside)."""
    found = validate(records, settings, select=(rule,), today=today)
    return [f for f in found if f.rule == rule]


def messages(rule: str, *records: PhotoMetadata, **kwargs) -> list[str]:
    return [f.message for f in findings_of(rule, *records, **kwargs)]


PROTEST = (
    "{subject} during a demonstration against pension reform in Paris, France, "
    "November 20, 2024. REUTERS/Abdul Saboor"
)
MACRON = (
    "French President Emmanuel Macron {verb} during a news conference at the Elysee Palace "
    "in Paris, France, November 20, 2024. REUTERS/Abdul Saboor"
)
_DESK = {
    "credit": "REUTERS/Abdul Saboor",
    "byline": "Abdul Saboor",
    "city": "Paris",
    "country": "France",
    "taken": "2024:11:20 10:00:00",
}


def build_desk(exiftool: str, folder: Path) -> Path:
    """A folder of photos from one Paris assignment with one planted problem per photo (or
    pair); ``clean.jpg`` and ``event.jpg`` are fine. Broken files included."""
    photos = {
        "clean.jpg": {
            "caption": PROTEST.format(subject="Riot police officers clash with protesters")
        },
        "event.jpg": {
            "caption": PROTEST.format(subject="A woman waves a French flag from a balcony")
        },
        "original.jpg": {"caption": PROTEST.format(subject="Protesters hold placards")},
        "pasted.jpg": {"caption": PROTEST.format(subject="Protesters hold placards")},
        "macron1.jpg": {"caption": MACRON.format(verb="speaks")},
        "macron2.jpg": {"caption": MACRON.format(verb="gestures")},
        "nocredit.jpg": {
            "caption": "Firefighters put out a burning car in Paris, France, November 20, 2024.",
            "credit": "",
        },
        "badcredit.jpg": {
            "caption": PROTEST.format(subject="A protester throws a stone"),
            "credit": "Reuters / abdul saboor",
        },
        "wrongdate.jpg": {
            "caption": PROTEST.format(subject="Students block a school entrance"),
            "taken": "2024:11:25 09:00:00",
        },
        "boilerplate.jpg": {"caption": "", "description": "OLYMPUS DIGITAL CAMERA"},
        "conflict.jpg": {
            "iptc_caption": PROTEST.format(subject="Police fire tear gas"),
            "xmp_caption": PROTEST.format(subject="Police fire water cannon"),
        },
        "sub/placeholder.jpg": {"caption": PROTEST.format(subject="XXXX marches with a banner")},
    }
    for name, fields in photos.items():
        merged = {k: v for k, v in {**_DESK, **fields}.items() if v}
        make_photo(exiftool, folder, name, **merged)
    (folder / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "notes.txt").write_text("not a photo, not walked")
    return folder
