"""Build test photos on the fly: JPEG and TIFF with Pillow pixels and optional camera metadata.

For tests and benchmarks only (see ``editor_app.testing``).

Pillow only *creates* fixtures here; the code under test never uses it to save a photo.
"""

import io
import random
import struct
from pathlib import Path

from PIL import Image, ImageCms

from editor_app.metadata.tiff import Ifd, IfdEntry, TiffReader

# A Canon maker note: an IFD whose only entry (0x0010 ModelID) holds its value inline, so it
# survives whatever offset Pillow stores it at; ExifTool decodes it as "Canon Model ID".
CANON_MAKERNOTE = struct.pack("<HHHI", 1, 0x0010, 4, 1) + struct.pack("<II", 0x80000001, 0)


def pixels(width: int = 64, height: int = 48, seed: int = 1) -> Image.Image:
    """A deterministic image with gradients (compresses like a photo, not like noise)."""
    img = Image.linear_gradient("L").resize((width, height))
    other = Image.radial_gradient("L").resize((width, height))
    # Seeded noise around 128 (Image.effect_noise draws from an unseeded C rand: not
    # reproducible); uniform, with the spread of a Gaussian of sigma 40-59.
    half = (40 + seed % 20) * 3**0.5
    table = bytes(max(0, min(255, round(128 + (i - 127.5) / 127.5 * half))) for i in range(256))
    noise = random.Random(seed).randbytes(width * height).translate(table)
    return Image.merge("RGB", (img, other, Image.frombytes("L", (width, height), noise)))


def camera_exif(
    make: str = "Canon",
    model: str = "Canon EOS 5D",
    description: str | None = None,
    gps: bool = True,
    makernote: bool = True,
) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    exif[0x0132] = "2024:11:25 14:30:00"
    if description is not None:
        exif[0x010E] = description
    sub = exif.get_ifd(0x8769)
    sub[0x9003] = "2024:11:25 14:30:00"
    sub[0x829A] = (1, 250)
    if makernote:
        sub[0x927C] = CANON_MAKERNOTE
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (48.0, 51.0, 29.5)
        gps_ifd[3] = "E"
        gps_ifd[4] = (2.0, 17.0, 40.2)
    return exif


def srgb_profile() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def make_jpeg(
    tmp_path: Path,
    name: str = "photo.jpg",
    *,
    size: tuple[int, int] = (64, 48),
    exif: Image.Exif | None | bool = True,
    icc: bool = True,
    quality: int = 90,
    extra_segments: bytes = b"",
) -> Path:
    """A JPEG with camera EXIF (GPS, maker note) and an sRGB ICC profile unless told otherwise.

    ``extra_segments`` (complete APPn segments) are inserted right after SOI.
    """
    path = tmp_path / name
    kwargs: dict = {"quality": quality}
    if exif is True:
        exif = camera_exif()
    if exif:
        kwargs["exif"] = exif.tobytes()
    if icc:
        kwargs["icc_profile"] = srgb_profile()
    buf = io.BytesIO()
    pixels(*size).save(buf, "JPEG", **kwargs)
    data = buf.getvalue()
    path.write_bytes(data[:2] + extra_segments + data[2:])
    return path


def app_segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def make_tiff(
    tmp_path: Path,
    name: str = "photo.tif",
    *,
    size: tuple[int, int] = (64, 48),
    description: str | None = None,
    compression: str | None = None,
) -> Path:
    """A TIFF with a few IFD0 tags (Make, Model, Software, optionally ImageDescription)."""
    path = tmp_path / name
    info = {271: "Canon", 272: "Canon EOS 5D", 305: "Test Suite"}
    if description is not None:
        info[270] = description
    pixels(*size).save(path, "TIFF", tiffinfo=info, compression=compression)
    return path


def make_png(tmp_path: Path, name: str = "photo.png") -> Path:
    path = tmp_path / name
    pixels().save(path, "PNG")
    return path


def make_webp(tmp_path: Path, name: str = "photo.webp") -> Path:
    path = tmp_path / name
    pixels().save(path, "WEBP")
    return path


def image_data(path: Path) -> bytes:
    """A JPEG's bytes from the first SOS marker on (the compressed image data and what follows)."""
    data = path.read_bytes()
    pos = 2
    while True:
        while data[pos + 1] == 0xFF:
            pos += 1
        marker = data[pos + 1]
        if marker == 0xDA:
            return data[pos:]
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        pos += 2 + length


def tiff_strips(path: Path) -> bytes:
    """The concatenated image strips of a TIFF's first image."""
    with open(path, "rb") as fh:
        reader = TiffReader(fh)
        ifd = reader.read_ifd(reader.first_ifd)
        offsets = reader.ints(_entry(ifd, 273))  # StripOffsets
        counts = reader.ints(_entry(ifd, 279))  # StripByteCounts
        chunks = []
        for offset, count in zip(offsets, counts, strict=True):
            fh.seek(offset)
            chunks.append(fh.read(count))
    return b"".join(chunks)


def _entry(ifd: Ifd, tag: int) -> IfdEntry:
    entry = ifd.get(tag)
    if entry is None:
        raise ValueError(f"TIFF has no tag {tag}")
    return entry
