"""Make the bundled sample desk: 20 wire photos with agency-style captions of our own, about half
of them carrying a mistake a picture desk must catch. Run once by a developer; the JPEGs are
committed (resources/sample-desk/, with LICENSES.md).

The pictures are public-domain and CC0 photographs that scikit-image ships as sample data
(NASA, SpaceX, and CC0 photographers; see LICENSES.md), cropped into several "frames" of one
event. The captions, credits, names and events are ours and fictional. Needs exiftool, and the
scikit-image data folder (an installed scikit-image, or its wheel unpacked; ``--data DIR``):

    .venv/bin/python resources/make_sample_desk.py [--data DIR]
"""

import argparse
import importlib.util
import subprocess
from pathlib import Path

from PIL import Image

OUT = Path(__file__).resolve().parent / "sample-desk"

JANE = "REUTERS/Jane Smith"
ANA = "(AP Photo/Ana Brígida)"
NASA = "NASA/Handout via REUTERS"
THIRD_PARTY = "ATTENTION EDITORS - THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY"
LAUNCH_1 = (
    "A SpaceX Falcon 9 rocket carrying a weather satellite lifts off from Cape Canaveral Space "
    f"Force Station, Florida, U.S., November 18, 2024. {JANE}"
)
LAUNCH_2 = (
    "Spectators on Cocoa Beach watch as a SpaceX Falcon 9 rocket climbs over the Atlantic Ocean "
    f"after lifting off from Cape Canaveral, Florida, U.S., November 18, 2024. {JANE}"
)
FLORIDA = {
    "City": "Cape Canaveral",
    "Province-State": "Florida",
    "Country-PrimaryLocationName": "United States",
    "Country-PrimaryLocationCode": "USA",
}
RIO = {
    "City": "Rio de Janeiro",
    "Country-PrimaryLocationName": "Brazil",
    "Country-PrimaryLocationCode": "BRA",
}
MONTREAL = {
    "City": "Montreal",
    "Province-State": "Quebec",
    "Country-PrimaryLocationName": "Canada",
    "Country-PrimaryLocationCode": "CAN",
}
LYON = {
    "City": "Lyon",
    "Country-PrimaryLocationName": "France",
    "Country-PrimaryLocationCode": "FRA",
}
NAPLES = {
    "City": "Naples",
    "Country-PrimaryLocationName": "Italy",
    "Country-PrimaryLocationCode": "ITA",
}
HOUSTON = {
    "City": "Houston",
    "Province-State": "Texas",
    "Country-PrimaryLocationName": "United States",
    "Country-PrimaryLocationCode": "USA",
}

# name, source picture, crop box (fractions of the picture), capture time, IPTC fields, XMP extras
PHOTOS = [
    (
        "launch-01.jpg",
        "rocket.jpg",
        (0, 0, 1, 1),
        "2024:11:18 18:01:12",
        {
            "Caption-Abstract": LAUNCH_1,
            "Headline": "SpaceX launches weather satellite",
            "Credit": "REUTERS",
            "By-line": "Jane Smith",
            **FLORIDA,
        },
        {},
    ),
    (
        "launch-02.jpg",
        "rocket.jpg",
        (0.2, 0, 0.8, 0.9),
        "2024:11:18 18:01:19",
        {
            "Caption-Abstract": LAUNCH_2,
            "Headline": "SpaceX launches weather satellite",
            "Credit": "REUTERS",
            "By-line": "Jane Smith",
            **FLORIDA,
        },
        {},
    ),
    # the caption of launch-01 pasted onto a later frame, two words changed
    (
        "launch-03.jpg",
        "rocket.jpg",
        (0.3, 0.05, 0.7, 0.65),
        "2024:11:18 18:01:31",
        {
            "Caption-Abstract": LAUNCH_1.replace("lifts off", "rises"),
            "Headline": "SpaceX launches weather satellite",
            "Credit": "REUTERS",
            "By-line": "Jane Smith",
            **FLORIDA,
        },
        {},
    ),
    # the caption of launch-02 on another frame, word for word
    (
        "launch-04.jpg",
        "rocket.jpg",
        (0.1, 0.1, 0.9, 1),
        "2024:11:18 18:02:05",
        {
            "Caption-Abstract": LAUNCH_2,
            "Headline": "SpaceX launches weather satellite",
            "Credit": "REUTERS",
            "By-line": "Jane Smith",
            **FLORIDA,
        },
        {},
    ),
    (
        "astronaut-01.jpg",
        "astronaut.png",
        (0, 0, 1, 1),
        "2024:11:19 09:00:00",
        {
            "Caption-Abstract": "Retired NASA astronaut Eileen Collins, the first woman to command a "
            "Space Shuttle mission, poses for her official portrait at the Johnson Space Center in "
            f"Houston, Texas, U.S., in this undated handout photo. {NASA} {THIRD_PARTY}",
            "Headline": "Astronaut portrait",
            "Credit": NASA,
            "Source": "NASA",
            "SpecialInstructions": "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY",
            **HOUSTON,
        },
        {},
    ),
    # the agency misspelled in the credit
    (
        "astronaut-02.jpg",
        "astronaut.png",
        (0.15, 0, 0.75, 0.6),
        "2024:11:19 09:00:00",
        {
            "Caption-Abstract": "Retired NASA astronaut Eileen Collins is seen in her official "
            "portrait at the Johnson Space Center in Houston, Texas, U.S., in this undated handout "
            "photo. NASA/Handout via RETUERS",
            "Headline": "Astronaut portrait",
            "Credit": "NASA/Handout via RETUERS",
            "Source": "NASA",
            **HOUSTON,
        },
        {},
    ),
    (
        "cafe-01.jpg",
        "coffee.png",
        (0, 0, 1, 1),
        "2024:11:12 08:14:00",
        {
            "Caption-Abstract": "A barista serves a cappuccino at a cafe on Saint-Laurent Boulevard in "
            f"Montreal, Tuesday, Nov. 12, 2024. {ANA}",
            "Headline": "Morning coffee in Montreal",
            "Credit": "AP",
            "By-line": "Ana Brígida",
            **MONTREAL,
        },
        {},
    ),
    # a caption date two days after the capture date
    (
        "cafe-02.jpg",
        "coffee.png",
        (0.15, 0.1, 0.85, 0.9),
        "2024:11:12 08:15:30",
        {
            "Caption-Abstract": "A cappuccino waits for a customer at the counter of a cafe in "
            f"Montreal, Thursday, Nov. 14, 2024. {ANA}",
            "Headline": "Morning coffee in Montreal",
            "Credit": "AP",
            "By-line": "Ana Brígida",
            **MONTREAL,
        },
        {},
    ),
    # XMP carries an older headline than IPTC: the sources disagree
    (
        "cafe-03.jpg",
        "coffee.png",
        (0.05, 0.2, 0.65, 1),
        "2024:11:12 08:16:02",
        {
            "Caption-Abstract": "A cafe owner wipes the counter before opening in Montreal, Tuesday, "
            f"Nov. 12, 2024. {ANA}",
            "Headline": "Morning coffee in Montreal",
            "Credit": "AP",
            "By-line": "Ana Brígida",
            **MONTREAL,
        },
        {"XMP-photoshop:Headline": "Cafe owner prepares to open"},
    ),
    (
        "cat-01.jpg",
        "chelsea.png",
        (0, 0, 1, 1),
        "2024:11:13 11:20:00",
        {
            "Caption-Abstract": "A rescued cat rests in a basket at an animal shelter in Lyon, France, "
            "on November 13, 2024. (Photo by Marie DUPONT / AFP)",
            "Headline": "Animal shelter",
            "Credit": "AFP",
            "By-line": "Marie DUPONT",
            **LYON,
        },
        {},
    ),
    # a spelling mistake ("apeal")
    (
        "cat-02.jpg",
        "chelsea.png",
        (0.2, 0, 0.8, 0.9),
        "2024:11:13 11:21:40",
        {
            "Caption-Abstract": "A rescued cat looks on at an animal shelter in Lyon, France, where "
            "volunteers launched an apeal for winter blankets on November 13, 2024. (Photo by Marie "
            "DUPONT / AFP)",
            "Headline": "Animal shelter",
            "Credit": "AFP",
            "By-line": "Marie DUPONT",
            **LYON,
        },
        {},
    ),
    # a weekday that is not its date's (November 13, 2024 was a Wednesday)
    (
        "cat-03.jpg",
        "chelsea.png",
        (0, 0.1, 0.6, 1),
        "2024:11:13 11:25:10",
        {
            "Caption-Abstract": "A volunteer feeds a rescued cat at an animal shelter in Lyon, France, "
            f"Tuesday, Nov. 13, 2024. {ANA}",
            "Headline": "Animal shelter",
            "Credit": "AP",
            "By-line": "Ana Brígida",
            **LYON,
        },
        {},
    ),
    (
        "press-01.jpg",
        "camera.png",
        (0, 0, 1, 1),
        "2024:11:20 09:45:00",
        {
            "Caption-Abstract": "A photographer sets up a camera on a tripod before leaders arrive for "
            "the G20 summit in Rio de Janeiro, Brazil, November 20, 2024. REUTERS/Ricardo Moraes",
            "Headline": "G20 summit",
            "Credit": "REUTERS",
            "By-line": "Ricardo Moraes",
            **RIO,
        },
        {},
    ),
    # the credit names another photographer than the by-line
    (
        "press-02.jpg",
        "camera.png",
        (0.1, 0, 0.75, 0.8),
        "2024:11:20 09:47:00",
        {
            "Caption-Abstract": "A photographer checks his camera before leaders arrive for the G20 "
            "summit in Rio de Janeiro, Brazil, November 20, 2024. REUTERS/Pilar Olivares",
            "Headline": "G20 summit",
            "Credit": "REUTERS/Pilar Olivares",
            "By-line": "Ricardo Moraes",
            **RIO,
        },
        {},
    ),
    (
        "space-01.jpg",
        "hubble_deep_field.jpg",
        (0, 0, 1, 1),
        "2024:11:19 15:00:00",
        {
            "Caption-Abstract": "Thousands of galaxies fill a small patch of sky in the Hubble "
            "eXtreme Deep Field, in this image released by NASA on November 19, 2024. "
            "NASA/ESA/Handout via REUTERS",
            "Headline": "Hubble deep field",
            "Credit": "NASA/ESA/Handout via REUTERS",
            "Source": "NASA",
            **HOUSTON,
        },
        {},
    ),
    # no credit anywhere
    (
        "space-02.jpg",
        "hubble_deep_field.jpg",
        (0.3, 0.3, 0.7, 0.7),
        "2024:11:19 15:00:00",
        {
            "Caption-Abstract": "Distant galaxies are seen in a detail of the Hubble eXtreme Deep "
            "Field, in this image released by NASA on November 19, 2024.",
            "Headline": "Hubble deep field",
            **HOUSTON,
        },
        {},
    ),
    (
        "museum-01.jpg",
        "coins.png",
        (0, 0, 1, 1),
        "2024:11:16 12:30:00",
        {
            "Caption-Abstract": "Greek coins found in Pompeii are displayed at the National "
            "Archaeological Museum in Naples, Italy, 16 November 2024. EPA-EFE/LUCA ROSSI",
            "Headline": "Pompeii coins on show",
            "Credit": "EPA-EFE",
            "By-line": "LUCA ROSSI",
            **NAPLES,
        },
        {},
    ),
    # template leftovers, and a credit in the wrong case with spaces around the slash
    (
        "museum-02.jpg",
        "coins.png",
        (0.2, 0.1, 0.9, 0.9),
        "2024:11:16 12:34:00",
        {
            "Caption-Abstract": "CAPTION TO COME",
            "Headline": "XXXX",
            "Credit": "Reuters / luca rossi",
            "By-line": "Luca Rossi",
            **NAPLES,
        },
        {},
    ),
    (
        "pitch-01.jpg",
        "grass.png",
        (0, 0, 1, 1),
        "2024:11:16 14:05:00",
        {
            "Caption-Abstract": "Frost covers the pitch before the Premier League match between "
            "Manchester City and Tottenham Hotspur at the Etihad Stadium in Manchester, Britain, "
            "November 16, 2024. REUTERS/Tom Hale",
            "Headline": "Frost before kick-off",
            "Credit": "REUTERS",
            "By-line": "Tom Hale",
            "City": "Manchester",
            "Country-PrimaryLocationName": "United Kingdom",
            "Country-PrimaryLocationCode": "GBR",
        },
        {},
    ),
    # the camera's default description is not a caption
    ("camera-default.jpg", "gravel.png", (0, 0, 1, 1), "2024:11:19 16:30:00", {}, {}),
]

SOURCES = {
    "rocket.jpg": (
        "Launch of DSCOVR on a Falcon 9, by SpaceX",
        "public domain (released by SpaceX)",
    ),
    "astronaut.png": ("Eileen Collins, NASA portrait", "public domain (NASA)"),
    "coffee.png": ("Coffee, by Rachel Michetti (Pikolo Espresso Bar)", "CC0"),
    "chelsea.png": ("Chelsea the cat, by Stefan van der Walt", "CC0"),
    "camera.png": ("A photographer, by Lav Varshney", "CC0"),
    "hubble_deep_field.jpg": ("Hubble eXtreme Deep Field, NASA", "public domain (NASA)"),
    "coins.png": ("Greek coins from Pompeii, Brooklyn Museum", "no known copyright restrictions"),
    "grass.png": ("Grass texture, by linolafett", "CC0"),
    "gravel.png": ("Gravel texture, CC0Textures", "CC0"),
}


# What the Info tab shows of a camera file: the lens and exposure of each event's frames, the
# camera's offset from UTC and, where a photographer stood, the place (handouts have none).
# prefix: lens, exposure time, f-number, ISO, focal length (mm), offset
SHOTS = {
    "launch": ("RF100-500mm F4.5-7.1 L IS USM", "1/2000", 7.1, 800, 400, "-05:00"),
    "astronaut": ("RF24-105mm F4 L IS USM", "1/250", 5.6, 200, 85, "-06:00"),
    "cafe": ("RF35mm F1.8 MACRO IS STM", "1/160", 2.0, 640, 35, "-05:00"),
    "cat": ("RF100mm F2.8 L MACRO IS USM", "1/320", 2.8, 400, 100, "+01:00"),
    "press": ("RF24-70mm F2.8 L IS USM", "1/500", 4.0, 1600, 50, "-03:00"),
    "museum": ("RF24-70mm F2.8 L IS USM", "1/60", 2.8, 3200, 35, "+01:00"),
    "pitch": ("RF70-200mm F2.8 L IS USM", "1/1000", 2.8, 1250, 200, "+00:00"),
}
PLACES = {  # decimal degrees of each city's spot
    "Cape Canaveral": (28.488889, -80.577778),
    "Houston": (29.559300, -95.090000),
    "Montreal": (45.501690, -73.567253),
    "Lyon": (45.764043, 4.835659),
    "Rio de Janeiro": (-22.906847, -43.172897),
    "Naples": (40.851775, 14.268124),
    "Manchester": (53.463056, -2.291389),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=_skimage_data())
    parser.add_argument(
        "--camera-only",
        action="store_true",
        help="only write the lens, exposure, offset and GPS into the existing files",
    )
    args = parser.parse_args()
    if args.camera_only:
        for name, _source, _box, _when, fields, _xmp in PHOTOS:
            _write_camera(OUT / name, name, fields)
        return
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*.jpg"):
        old.unlink()
    for name, source, box, when, fields, xmp in PHOTOS:
        path = OUT / name
        _frame(args.data / source, box).save(path, "JPEG", quality=86)
        _write_metadata(path, name, when, fields, xmp)
        _write_camera(path, name, fields)
    _write_licences()


def _write_camera(path: Path, name: str, fields: dict) -> None:
    shot = SHOTS.get(name.split("-")[0])
    if shot is None:  # the handouts and the camera's own default file
        return
    lens, exposure, f_number, iso, focal, offset = shot
    args = [
        f"-LensModel={lens}",
        f"-ExposureTime={exposure}",
        f"-FNumber={f_number}",
        f"-ISO={iso}",
        f"-FocalLength={focal}",
        f"-OffsetTimeOriginal={offset}",
    ]
    place = PLACES.get(fields.get("City", ""))
    if place is not None:
        lat, lon = place
        args += [
            f"-GPSLatitude={abs(lat)}",
            f"-GPSLatitudeRef={'N' if lat >= 0 else 'S'}",
            f"-GPSLongitude={abs(lon)}",
            f"-GPSLongitudeRef={'E' if lon >= 0 else 'W'}",
        ]
    subprocess.run(["exiftool", "-q", "-overwrite_original", *args, str(path)], check=True)


def _skimage_data() -> Path:
    spec = importlib.util.find_spec("skimage")
    if spec is None or not spec.submodule_search_locations:
        return Path("skimage-data-not-found")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _frame(source: Path, box: tuple[float, float, float, float]) -> Image.Image:
    """A crop of the picture (another "frame" of the event), at most 960 px on its long side."""
    with Image.open(source) as picture:
        picture = picture.convert("RGB")
        w, h = picture.size
        crop = picture.crop(
            (round(box[0] * w), round(box[1] * h), round(box[2] * w), round(box[3] * h))
        )
    crop.thumbnail((960, 960), Image.Resampling.LANCZOS)
    return crop


def _write_metadata(path: Path, name: str, when: str, fields: dict, xmp: dict) -> None:
    camera = ["-Make=Canon", "-Model=Canon EOS R5"]
    if name == "camera-default.jpg":
        camera = [
            "-Make=OLYMPUS IMAGING CORP.",
            "-Model=E-M1",
            "-EXIF:ImageDescription=OLYMPUS DIGITAL CAMERA",
        ]
    args = [
        "exiftool",
        "-q",
        "-overwrite_original",
        "-codedcharacterset=utf8",
        *camera,
        f"-DateTimeOriginal={when}",
    ]
    if fields:
        args.append(f"-IPTC:DateCreated={when[:10]}")
    args += [f"-IPTC:{tag}={value}" for tag, value in fields.items()]
    subprocess.run([*args, str(path)], check=True)
    mirror = [
        "-XMP-dc:Description<IPTC:Caption-Abstract",
        "-XMP-photoshop:Headline<IPTC:Headline",
        "-XMP-photoshop:Credit<IPTC:Credit",
        "-XMP-dc:Creator<IPTC:By-line",
        "-XMP-photoshop:City<IPTC:City",
        "-XMP-photoshop:State<IPTC:Province-State",
        "-XMP-photoshop:Country<IPTC:Country-PrimaryLocationName",
        "-XMP-photoshop:DateCreated<IPTC:DateCreated",
    ]
    subprocess.run(
        ["exiftool", "-q", "-overwrite_original", "-tagsfromfile", "@", *mirror, str(path)],
        check=True,
    )
    if xmp:  # a later edit that only reached XMP
        extra = [f"-{tag}={value}" for tag, value in xmp.items()]
        subprocess.run(["exiftool", "-q", "-overwrite_original", *extra, str(path)], check=True)


def _write_licences() -> None:
    lines = [
        "# Sample desk pictures",
        "",
        "The pictures are crops of sample photographs that scikit-image ships (its `skimage/data`",
        "folder); each one is public domain or CC0, as scikit-image documents. The captions,",
        "credits, people's names (except Eileen Collins in NASA's portrait) and events are ours",
        "and fictional. `resources/make_sample_desk.py` makes the files.",
        "",
        "| files | picture | licence |",
        "|---|---|---|",
    ]
    for source, (title, licence) in SOURCES.items():
        names = ", ".join(n for n, s, *_ in PHOTOS if s == source)
        lines.append(f"| {names} | {title} | {licence} |")
    (OUT / "LICENSES.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
