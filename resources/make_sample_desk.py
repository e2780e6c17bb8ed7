"""Make the bundled sample desk: drawn pictures with wire-style captions, some with the mistakes
a desk must catch. Run once by a developer (needs exiftool); the JPEGs are committed.

    .venv/bin/python resources/make_sample_desk.py
"""

import random
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent / "sample-desk"

# name, (sky, ground) colours, exif date, fields; several carry planted problems (see README)
PHOTOS = [
    (
        "wildfire-01.jpg",
        ((250, 140, 60), (60, 40, 30)),
        "2024:11:09 14:02:11",
        {
            "Caption-Abstract": "A firefighter sprays water on a burning house as the Camp Fire spreads "
            "through Paradise, California, U.S., November 9, 2024. REUTERS/Jane Smith",
            "Headline": "Wildfire burns homes in Paradise",
            "Credit": "REUTERS/Jane Smith",
            "By-line": "Jane Smith",
            "City": "Paradise",
            "Province-State": "California",
            "Country-PrimaryLocationName": "United States",
            "Source": "Reuters",
        },
    ),
    (
        "wildfire-02.jpg",
        ((240, 120, 50), (50, 35, 25)),
        "2024:11:09 14:20:40",
        {
            "Caption-Abstract": "Residents load belongings into a pickup truck while smoke rises "
            "behind their street in Paradise, California, U.S., November 9, 2024. REUTERS/Jane Smith",
            "Headline": "Residents flee the Camp Fire",
            "Credit": "REUTERS/Jane Smith",
            "By-line": "Jane Smith",
            "City": "Paradise",
            "Province-State": "California",
            "Country-PrimaryLocationName": "United States",
            "Source": "Reuters",
        },
    ),
    (
        "wildfire-03.jpg",
        ((235, 150, 70), (70, 50, 35)),
        "2024:11:09 17:45:03",
        {
            # the caption of wildfire-01 pasted onto another frame, one word changed
            "Caption-Abstract": "A firefighter sprays water on a burning barn as the Camp Fire spreads "
            "through Paradise, California, U.S., November 9, 2024. REUTERS/Jane Smith",
            "Headline": "Wildfire burns homes in Paradise",
            "Credit": "REUTERS/Jane Smith",
            "By-line": "Jane Smith",
            "City": "Paradise",
            "Country-PrimaryLocationName": "United States",
        },
    ),
    (
        "summit-01.jpg",
        ((120, 160, 210), (90, 90, 100)),
        "2024:11:20 10:15:00",
        {
            "Caption-Abstract": "Leaders pose for a family photo at the G20 summit in Rio de Janeiro, "
            "Brazil, November 20, 2024.",
            "Headline": "G20 family photo",
            "By-line": "Ricardo Moraes",
            "City": "Rio de Janeiro",
            "Country-PrimaryLocationName": "Brazil",
        },
    ),
    (
        "summit-02.jpg",
        ((110, 150, 205), (80, 85, 95)),
        "2024:11:20 11:30:00",
        {
            "Caption-Abstract": "Brazil's President speaks during a news conference at the G20 summit "
            "in Rio de Janeiro, Brazil, November 22, 2024. REUTERS/Ricardo Moraes",
            "Headline": "G20 news conference",
            "Credit": "REUTERS/Ricardo Moraes",
            "By-line": "Ricardo Moraes",
            "City": "Rio de Janeiro",
            "Country-PrimaryLocationName": "Brazil",
        },
    ),
    (
        "summit-03.jpg",
        ((100, 140, 200), (85, 80, 90)),
        "2024:11:20 12:05:00",
        {
            "Caption-Abstract": "Delegates arrive for the second session of the G20 summit in Rio de "
            "Janeiro, Brazil, November 20, 2024. REUTERS/Pilar Olivares",
            "Headline": "G20 delegates arrive",
            "Credit": "REUTERS/Pilar Olivares",
            "By-line": "Ricardo Moraes",
            "City": "Rio de Janeiro",
            "Country-PrimaryLocationName": "Brazil",
        },
    ),
    (
        "football-01.jpg",
        ((90, 170, 240), (40, 140, 60)),
        "2024:11:17 20:41:12",
        {
            "Caption-Abstract": "CAPTION TO COME",
            "Headline": "XXXX",
            "Credit": "Reuters / amir cohen",
            "By-line": "Amir Cohen",
        },
    ),
    (
        "harbour-01.jpg",
        ((170, 200, 230), (30, 80, 120)),
        "2024:11:15 07:12:40",
        {
            "Caption-Abstract": "Fishing boats return to the harbour at dawn in Nazaré, Portugal, "
            "Friday, Nov. 15, 2024. (AP Photo/Ana Brígida)",
            "Headline": "Dawn in Nazaré",
            "Credit": "AP Photo/Ana Brígida",
            "By-line": "Ana Brígida",
            "City": "Nazaré",
            "Country-PrimaryLocationName": "Portugal",
        },
    ),
    (
        "handout-01.jpg",
        ((200, 200, 190), (120, 110, 100)),
        "2024:11:18 09:00:00",
        {
            "Caption-Abstract": "A view of the damaged bridge is seen in this handout picture released "
            "on November 18, 2024. Courtesy U.S. Coast Guard/Handout via REUTERS ATTENTION EDITORS - "
            "THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY",
            "Headline": "Damaged bridge",
            "Credit": "U.S. Coast Guard/Handout via REUTERS",
        },
    ),
    ("camera-default.jpg", ((150, 150, 150), (100, 100, 100)), "2024:11:19 16:30:00", {}),
]


def draw(size: tuple[int, int], sky: tuple, ground: tuple, seed: int) -> Image.Image:
    rnd = random.Random(seed)
    image = Image.new("RGB", size, sky)
    pen = ImageDraw.Draw(image)
    width, height = size
    horizon = int(height * rnd.uniform(0.5, 0.7))
    for y in range(horizon):
        shade = tuple(max(0, c - int(60 * y / horizon)) for c in sky)
        pen.line([(0, y), (width, y)], fill=shade)
    pen.rectangle([0, horizon, width, height], fill=ground)
    for _ in range(14):
        x, w, h = rnd.randrange(width), rnd.randrange(30, 140), rnd.randrange(20, 160)
        colour = tuple(rnd.randrange(30, 220) for _ in range(3))
        pen.rectangle([x, horizon - h, x + w, horizon + 10], fill=colour)
    return image.filter(ImageFilter.GaussianBlur(1.2))


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for seed, (name, (sky, ground), when, fields) in enumerate(PHOTOS):
        path = OUT / name
        draw((960, 640), sky, ground, seed).save(path, "JPEG", quality=82)
        args = [
            "exiftool",
            "-q",
            "-overwrite_original",
            "-codedcharacterset=utf8",
            "-Make=Canon",
            "-Model=Canon EOS R5",
            f"-DateTimeOriginal={when}",
        ]
        if name == "camera-default.jpg":
            args += [
                "-Make=OLYMPUS IMAGING CORP.",
                "-Model=E-M1",
                "-EXIF:ImageDescription=OLYMPUS DIGITAL CAMERA",
            ]
        for tag, value in fields.items():
            args.append(f"-IPTC:{tag}={value}")
        subprocess.run([*args, str(path)], check=True)
        # Mirror the main fields into XMP, as agency systems do.
        subprocess.run(
            [
                "exiftool",
                "-q",
                "-overwrite_original",
                "-tagsfromfile",
                "@",
                "-XMP-dc:Description<IPTC:Caption-Abstract",
                "-XMP-photoshop:Headline<IPTC:Headline",
                "-XMP-photoshop:Credit<IPTC:Credit",
                "-XMP-dc:Creator<IPTC:By-line",
                "-XMP-photoshop:City<IPTC:City",
                "-XMP-photoshop:Country<IPTC:Country-PrimaryLocationName",
                *_full_text_in_xmp(fields),
                str(path),
            ],
            check=True,
        )


def _full_text_in_xmp(fields: dict[str, str]) -> list[str]:
    """IIM cuts a credit at 32 bytes; XMP keeps the whole line, as agency systems write it."""
    credit = fields.get("Credit", "")
    return [f"-XMP-photoshop:Credit={credit}"] if len(credit.encode()) > 32 else []


if __name__ == "__main__":
    main()
