"""A generated folder shaped like a national desk's incoming feed: small camera JPEGs carrying
camera EXIF (maker, model, lens, capture time, GPS, a maker note, an ICC profile) and agency
IPTC/XMP (caption with the agency's closing credit, Credit, By-line, Source, City, Country,
Date Created, keywords), written by our own writer. Used by ``scan.py``.
"""

import io
import random
import struct
from pathlib import Path

from PIL import Image, ImageCms
from PIL.TiffImagePlugin import IFDRational

from editor_app.metadata.writer import WriteOptions, write_photo

# (Credit field, the caption's closing credit with {name}, Source): as the agencies ship them.
SHAPES = [
    ("REUTERS", "REUTERS/{name}", "Reuters"),
    ("REUTERS", "REUTERS/{name}/File Photo", "Reuters"),
    ("AP", "(AP Photo/{name})", "AP"),
    ("AFP", "(Photo by {name} / AFP)", "AFP"),
    ("AFP via Getty Images", "(Photo by {name}/AFP via Getty Images)", "AFP"),
    ("Getty Images", "(Photo by {name}/Getty Images)", "Getty Images Europe"),
    ("EPA", "EPA-EFE/{name}", "EPA"),
    ("PA", "{name}/PA Wire", "PA"),
    ("Xinhua", "(Xinhua/{name})", "Xinhua"),
    ("dpa", "Foto: {name}/dpa", "dpa"),
    ("Allstar", "{name}/Allstar", "Sportsphoto Ltd./Allstar"),
    ("Kyodo", "Mandatory credit Kyodo/via REUTERS", "Kyodo"),
    ("REUTERS", "Press Service of the Regional Administration/Handout via REUTERS", "Reuters"),
    ("Action Images via Reuters", "Action Images via Reuters/{name}", "Action Images"),
]
# Reuters sports captions open with a slug and run into the credit without a full stop.
SLUG = (
    "Soccer Football - Premier League - Arsenal v Chelsea - Emirates Stadium, {city}, "
    "{country} - November {day}, 2024 {what} "
)
NAMES = ["Leah Millis", "Jane Doe", "Ludovic MARIN", "Óscar Cañas", "Li Ming", "David Gadd"]
PLACES = [("Paris", "France"), ("London", "Britain"), ("Madrid", "Spain"), ("Kyiv", "Ukraine")]
CAMERAS = [
    ("Canon", "Canon EOS R3", "RF24-70mm F2.8 L IS USM"),
    ("NIKON CORPORATION", "NIKON Z 9", "NIKKOR Z 70-200mm f/2.8 VR S"),
    ("SONY", "ILCE-1", "FE 400mm F2.8 GM OSS"),
]
SUBJECTS = [
    "Protesters",
    "Riot police officers",
    "Firefighters",
    "Supporters of the opposition",
    "Rescue workers",
    "Fans",
    "Farmers",
    "Students",
    "Nurses",
    "Delegates",
    "Residents",
    "Volunteers",
    "Pilgrims",
    "Soldiers",
    "Commuters",
    "Shoppers",
    "Workers",
    "Players",
]
ACTIONS = [
    "march during a demonstration against pension reform",
    "work to put out a fire at a warehouse",
    "cheer before the match",
    "walk past a mural near the central station",
    "gather outside parliament ahead of the vote",
    "clear debris after the storm",
    "queue for food at a distribution point",
    "wait for the arrival of the president",
    "hold a minute of silence for the victims",
    "take part in a rehearsal for the national day parade",
    "block a road with tractors",
    "attend a vigil in the main square",
]


def make_feed(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` JPEGs in ``folder`` (made once; a folder with as many files is reused)."""
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.jpg"))
    if len(existing) == count:
        return existing
    for old in existing:
        old.unlink()
    rng = random.Random(seed)
    bases = [_camera_jpeg(rng, i) for i in range(12)]
    paths = []
    for i in range(count):
        path = folder / f"feed{i:05d}.jpg"
        path.write_bytes(bases[i % len(bases)])
        write_photo(path, _fields(rng, i), WriteOptions(fsync=False))
        paths.append(path)
    return paths


def _fields(rng: random.Random, i: int) -> dict[str, object]:
    credit, tail, source = SHAPES[i % len(SHAPES)]
    name = rng.choice(NAMES)
    city, country = rng.choice(PLACES)
    day = 20  # the cameras' capture day: the caption dates agree with it
    what = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)}"
    if i % 3 == 0:
        caption = SLUG.format(city=city, country=country, day=day, what=what)
    else:
        caption = f"{what} in {city}, {country}, November {day}, 2024. "
    return {
        "caption": caption + tail.format(name=name),
        "credit": credit,
        "byline": [name],
        "source": source,
        "city": city,
        "country": country,
        "date_created": f"2024-11-{day:02d}",
        "keywords": ["news", city],
    }


def _camera_jpeg(rng: random.Random, seed: int) -> bytes:
    make, model, lens = CAMERAS[seed % len(CAMERAS)]
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = make, model
    exif[0x0132] = "2024:11:20 14:30:00"
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = f"2024:11:20 14:{seed:02d}:00"
    sub[0xA434] = lens
    sub[0x829A], sub[0x829D], sub[0x8827] = IFDRational(1, 1000), IFDRational(28, 10), 3200
    # A one-entry IFD (inline value) then padding: maker notes run to kilobytes.
    note = struct.pack("<HHHI", 1, 0x0010, 4, 1) + struct.pack("<II", 0x80000001, 0)
    sub[0x927C] = note + rng.randbytes(6000)
    gps = exif.get_ifd(0x8825)
    lat = tuple(IFDRational(v) for v in (48, 51, 29.5))
    lon = tuple(IFDRational(v) for v in (2, 17, 40.2))
    gps[1], gps[2], gps[3], gps[4] = "N", lat, "E", lon
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image = Image.effect_mandelbrot((640, 427), (-2.0 + seed / 50, -1.0, 1.0, 1.0), 60)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=88, exif=exif.tobytes(), icc_profile=icc)
    return buffer.getvalue()
