"""A small desk for the HTML report tests: coloured pictures, planted problems, hostile text."""

import subprocess
from pathlib import Path

from PIL import Image

from tests.captions.photos import _TAGS

GREEN = (20, 200, 60)
HOSTILE_CAPTION = (
    "<script>document.title='pwned'</script><img src=\"http://example.invalid/x.png\"> "
    'XXXX Fans & "friends" cheer in Paris, France, November 20, 2024.\u202e REUTERS/Abdul Saboor'
)
SAME = "Fans cheer the team in Lyon, France, November 20, 2024. REUTERS/Abdul Saboor"
OTHER_SAME = "Firefighters tackle a blaze in Lille, France, November 19, 2024. REUTERS/Abdul Saboor"


def colour_photo(exiftool: str, path: Path, colour: tuple[int, int, int], **fields: str) -> Path:
    """A 240x160 JPEG of one colour carrying ``fields`` (the keys of tests.captions.photos)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (240, 160), colour).save(path, "JPEG", quality=95)
    args = [exiftool, "-q", "-overwrite_original", "-codedcharacterset=utf8"]
    for key, value in fields.items():
        args += [f"{tag}={value}" for tag in _TAGS[key]]
    subprocess.run([*args, str(path)], check=True, capture_output=True, timeout=60)
    return path


def build_html_desk(exiftool: str, folder: Path) -> Path:
    """Six photos: a hostile caption with a placeholder, two duplicate groups (2 + 2), one clean
    photo (check them with ``--ignore missing-field``: no date is set)."""
    credit = {"credit": "REUTERS/Abdul Saboor", "byline": "Abdul Saboor"}
    colour_photo(exiftool, folder / "hostile.jpg", GREEN, caption=HOSTILE_CAPTION, **credit)
    colour_photo(exiftool, folder / "same-a.jpg", (200, 40, 40), caption=SAME, **credit)
    colour_photo(exiftool, folder / "same-b.jpg", (40, 40, 200), caption=SAME, **credit)
    colour_photo(exiftool, folder / "other-a.jpg", (200, 200, 40), caption=OTHER_SAME, **credit)
    colour_photo(exiftool, folder / "other-b.jpg", (40, 200, 200), caption=OTHER_SAME, **credit)
    clean = "Police officers stand guard in Nice, France, November 18, 2024. REUTERS/Abdul Saboor"
    colour_photo(exiftool, folder / "clean.jpg", (90, 90, 90), caption=clean, **credit)
    return folder
