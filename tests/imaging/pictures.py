"""Pictures for the imaging tests: EXIF thumbnails, orientations and colour profiles, by hand."""

import io
import struct
from pathlib import Path

from PIL import Image

# sRGB primaries adapted to D50, as ICC matrix/TRC profiles store them.
_RED, _GREEN, _BLUE = (0.4361, 0.2225, 0.0139), (0.3851, 0.7169, 0.0971), (0.1431, 0.0606, 0.7141)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _xyz(values: tuple[float, float, float]) -> bytes:
    return b"XYZ \0\0\0\0" + b"".join(_s15(v) for v in values)


def _desc(text: str) -> bytes:
    ascii_ = text.encode("ascii") + b"\0"
    return (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(ascii_))
        + ascii_
        + b"\0" * 8  # Unicode language code and count
        + b"\0" * 3  # ScriptCode code and count
        + b"\0" * 67
    )


def swapped_profile(description: str = "Swapped red and blue") -> bytes:
    """An RGB matrix/TRC ICC v2 profile whose red and blue primaries are exchanged.

    A pure red pixel tagged with it *is* blue: a reader that honours profiles shows blue.
    """
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    tags = [
        (b"desc", _desc(description)),
        (b"wtpt", _xyz((0.9642, 1.0, 0.8249))),
        (b"rXYZ", _xyz(_BLUE)),
        (b"gXYZ", _xyz(_GREEN)),
        (b"bXYZ", _xyz(_RED)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
    ]
    table_size = 4 + 12 * len(tags)
    offset, table, body = 128 + table_size, b"", b""
    for sig, data in tags:
        data += b"\0" * (-len(data) % 4)
        table += sig + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = bytearray(128)
    size = 128 + table_size + len(body)
    struct.pack_into(">I", header, 0, size)
    header[8:12] = b"\x02\x10\0\0"
    header[12:16], header[16:20], header[20:24] = b"mntr", b"RGB ", b"XYZ "
    header[36:40] = b"acsp"
    header[68:80] = _s15(0.9642) + _s15(1.0) + _s15(0.8249)
    return bytes(header) + struct.pack(">I", len(tags)) + table + body


def exif_with_thumbnail(thumbnail: bytes, orientation: int = 1) -> bytes:
    """An APP1 Exif payload: IFD0 (Orientation) then IFD1 pointing at ``thumbnail`` (a JPEG)."""
    ifd0_at = 8
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHIHH", 0x0112, 3, 1, orientation, 0)
    ifd1_at = ifd0_at + len(ifd0) + 4
    thumb_at = ifd1_at + 2 + 2 * 12 + 4
    ifd1 = (
        struct.pack("<H", 2)
        + struct.pack("<HHII", 0x0201, 4, 1, thumb_at)
        + struct.pack("<HHII", 0x0202, 4, 1, len(thumbnail))
        + struct.pack("<I", 0)
    )
    tiff = b"II*\0" + struct.pack("<I", ifd0_at) + ifd0 + struct.pack("<I", ifd1_at) + ifd1
    return b"Exif\0\0" + tiff + thumbnail


def jpeg_bytes(image: Image.Image, **kwargs) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **kwargs)
    return buffer.getvalue()


def photo_with_thumbnail(
    path: Path, size=(600, 400), thumb_colour=(0, 200, 0), main_colour=(200, 0, 0), orientation=1
) -> Path:
    """A JPEG whose embedded thumbnail has another colour than the picture, to tell them apart."""
    thumb = jpeg_bytes(Image.new("RGB", (size[0] // 4, size[1] // 4), thumb_colour))
    exif = exif_with_thumbnail(thumb, orientation)
    Image.new("RGB", size, main_colour).save(path, "JPEG", exif=exif, quality=90)
    return path


def camera_photo(
    path: Path,
    size=(3000, 2000),
    main_colour=(200, 0, 0),
    preview_size=(1620, 1080),
    preview_colour=(0, 200, 0),
    *,
    preview: Image.Image | None = None,
    mp_type: int | None = None,
    preview_kwargs: dict | None = None,
    **main_kwargs,
) -> Path:
    """A camera JPEG with a large MPF preview of another colour than the picture, to tell
    which one a thumbnail came from. ``main_kwargs`` go to the picture's save (exif=, ...)."""
    from editor_app.testing.mpf import MP_LARGE_THUMBNAIL_FULL_HD, with_camera_preview

    picture = jpeg_bytes(Image.new("RGB", size, main_colour), quality=90, **main_kwargs)
    small = preview if preview is not None else Image.new("RGB", preview_size, preview_colour)
    small_bytes = jpeg_bytes(small, quality=90, **(preview_kwargs or {}))
    kind = MP_LARGE_THUMBNAIL_FULL_HD if mp_type is None else mp_type
    path.write_bytes(with_camera_preview(picture, small_bytes, kind))
    return path
