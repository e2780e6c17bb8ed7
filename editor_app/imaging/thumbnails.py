"""Thumbnails and previews of photos: the embedded thumbnail first, then the camera's large
preview (MPF) or a DCT-scaled decode of the picture.

Everything here runs on worker threads (Pillow releases the GIL while it decodes), never on the
GUI thread. A result is a plain RGB pixel buffer, which Qt wraps without decoding again.
"""

import io
import logging
import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

from editor_app.errors import CaptionDeskError, os_reason
from editor_app.imaging import dcscale

log = logging.getLogger(__name__)

# Pillow refuses bigger pictures (decompression bombs); 200 MP covers every camera we meet.
Image.MAX_IMAGE_PIXELS = 200_000_000

_IFD1 = -1  # ExifTags.IFD.IFD1: the directory of the embedded thumbnail
_THUMB_OFFSET, _THUMB_LENGTH = 0x0201, 0x0202
_ORIENTATION = 0x0112
_READ_AT_ONCE = 64 * 1024 * 1024  # bytes a decoder reads in one go (bigger files: in pieces)
_SRGB_WORDS = ("srgb", "iec61966")
# MPF image types that are a smaller rendering of the picture itself (not a 3D camera's other eye)
_PREVIEW_TYPES = ("Large Thumbnail (VGA Equivalent)", "Large Thumbnail (Full HD Equivalent)")


class ThumbnailError(CaptionDeskError):
    """A picture could not be decoded; the message is the reason, without the path."""


@dataclass(frozen=True, slots=True)
class Thumbnail:
    """RGB pixels, 3 bytes a pixel, rows packed; ``embedded`` when it came from the file's own
    small thumbnail, ``preview`` when it was scaled from the camera's large preview (MPF)."""

    width: int
    height: int
    data: bytes
    embedded: bool = False
    preview: bool = False

    def to_image(self) -> Image.Image:
        return Image.frombytes("RGB", (self.width, self.height), self.data)

    @classmethod
    def from_image(
        cls, image: Image.Image, *, embedded: bool = False, preview: bool = False
    ) -> "Thumbnail":
        rgb = image if image.mode == "RGB" else image.convert("RGB")
        return cls(rgb.width, rgb.height, rgb.tobytes(), embedded, preview)


def load_codecs() -> None:
    """Import Pillow's file plugins now (the first ``Image.open`` imports them: ~90 ms)."""
    Image.init()


def make_thumbnail(
    path: str | os.PathLike, size: int, *, embedded_ok: bool = True, preview_ok: bool = True
) -> Thumbnail:
    """The picture scaled to fit ``size`` x ``size``, upright and in sRGB.

    With ``embedded_ok`` the file's embedded EXIF thumbnail is used when it is at least
    ``size`` on its long side (160 px in most cameras' files: fine for a first screen). With
    ``preview_ok`` the camera's large preview (MPF, ~1620x1080) stands for the picture when it
    covers ``size`` and has the picture's shape: a tenth of the decoding, the same thumbnail.
    """
    with _reasons(), Image.open(path) as image:
        if embedded_ok:
            small = _embedded(image, size)
            if small is not None:
                return small
        if preview_ok:
            large = _camera_preview(image, size)
            if large is not None:
                return Thumbnail.from_image(large, preview=True)
        return Thumbnail.from_image(_scaled(image, size))


@contextmanager
def _reasons() -> Iterator[None]:
    """A failure to open or decode becomes a ``ThumbnailError`` with one sentence."""
    try:
        yield
    except ThumbnailError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ThumbnailError(_reason(exc)) from exc
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise ThumbnailError(_reason(exc)) from exc


def embedded_thumbnail(path: str | os.PathLike, min_size: int = 1) -> Thumbnail | None:
    """The file's embedded EXIF thumbnail, upright, or None when it has none (or a tiny one)."""
    try:
        with Image.open(path) as image:
            return _embedded(image, min_size)
    except (OSError, ValueError, SyntaxError, EOFError, UnidentifiedImageError):
        return None


def _embedded(image: Image.Image, min_size: int) -> Thumbnail | None:
    raw = image.info.get("exif")
    if not raw:
        return None
    try:
        exif = image.getexif()
        ifd1 = exif.get_ifd(_IFD1)
        start, length = int(ifd1.get(_THUMB_OFFSET, 0)), int(ifd1.get(_THUMB_LENGTH, 0))
        tiff = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
        if not (start and 0 < length <= len(tiff) - start):
            return None
        with Image.open(io.BytesIO(tiff[start : start + length])) as thumb:
            thumb.load()
            if max(thumb.size) < min_size or not _same_shape(thumb.size, image.size):
                return None
            upright = _orient(thumb.convert("RGB"), exif.get(_ORIENTATION, 1))
    except (OSError, ValueError, SyntaxError, EOFError, KeyError, UnidentifiedImageError):
        return None  # a broken thumbnail is no reason to fail: the main image is decoded
    return Thumbnail.from_image(upright, embedded=True)


def _same_shape(thumb: tuple[int, int], main: tuple[int, int]) -> bool:
    """False for letterboxed 160x120 thumbnails of 3:2 pictures, which would look cropped."""
    if not (main[0] and main[1] and thumb[1]):
        return False
    return abs(thumb[0] / thumb[1] - main[0] / main[1]) < 0.02


def _camera_preview(image: Image.Image, size: int) -> Image.Image | None:
    """The camera's large preview scaled to ``size``, or None when there is none that can
    stand for the picture: at least ``size`` on its long side and of the picture's upright
    shape (a stale or cropped preview of another shape is not trusted)."""
    mpinfo = getattr(image, "mpinfo", None) or {}
    frames = [
        number
        for number, entry in enumerate(mpinfo.get(0xB002, []))
        if number and entry["Attribute"]["MPType"] in _PREVIEW_TYPES
    ]
    if not frames:
        return None
    icc = image.info.get("icc_profile")
    orientation = image.getexif().get(_ORIENTATION, 1)
    shape = _upright(image.size, orientation)
    try:
        for frame in frames:
            image.seek(frame)
            own = image.getexif().get(_ORIENTATION) or orientation  # its own EXIF, if any
            if max(image.size) >= size and _same_shape(_upright(image.size, own), shape):
                # the camera renders both from one pipeline: the picture's profile holds
                return _scaled(image, size, image.info.get("icc_profile") or icc, own)
    except (OSError, ValueError, SyntaxError, EOFError, KeyError, Image.DecompressionBombError):
        log.debug("camera preview unusable; decoding the picture", exc_info=True)
    image.seek(0)
    if isinstance(image, ImageFile.ImageFile):
        image.decoderconfig = ()  # Pillow keeps a draft's scale: the preview's must not apply
    return None


def _upright(size: tuple[int, int], orientation: object) -> tuple[int, int]:
    return (size[1], size[0]) if orientation in (5, 6, 7, 8) else size


def _fitted_box(picture: tuple[int, int], size: int) -> tuple[int, int]:
    """The box a ``size`` thumbnail of a ``picture``-sized image fills: its long side
    ``size``, its short side rounded up."""
    width, height = picture
    if width >= height:
        return size, max(1, math.ceil(size * height / max(width, 1)))
    return max(1, math.ceil(size * width / height)), size


def _scaled(
    image: Image.Image, size: int, icc: bytes | None = None, orientation: object = None
) -> Image.Image:
    # JPEG and MPO: the decoder scales by 1/2, 1/4 or 1/8 (DCT), keeping the picture at least
    # as big as the box in both directions: a box of the picture's shape, not size x size,
    # lets a 3:2 picture of 2400x1600 decode at 1/8 (300x200) for 256 px instead of 1/4.
    box = _fitted_box(image.size, size)
    icc = icc or image.info.get("icc_profile")
    exif_orientation = orientation or image.getexif().get(_ORIENTATION, 1)
    eighth = dcscale.eighth(image, box)  # 1/8 from the DC coefficients: most thumbnails
    if eighth is not None:
        image = eighth
    else:
        image.draft("RGB", box)
        _read_at_once(image)
        image.load()
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):  # palette, 16-bit, LA...: 8-bit RGB(A)
        alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if alpha else "RGB")
    image.thumbnail((size, size), Image.Resampling.BILINEAR, reducing_gap=2.0)
    image = _to_srgb(image, icc)
    return _orient(image, exif_orientation)


def _read_at_once(image: Image.Image) -> None:
    """Let the decoder take the file in one read and one call. In Pillow's 64 KB pieces each
    piece takes the GIL back from whoever holds it (dozens of hand-offs a thumbnail): with the
    GUI thread painting, each was a wait for one of them (a decode thread at a lower priority
    holding the GIL while the scheduler ran the other one)."""
    if not isinstance(image, ImageFile.ImageFile) or image.fp is None:
        return
    try:
        size = os.fstat(image.fp.fileno()).st_size
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return  # not a file (bytes in memory): pieces it is
    image.decodermaxblock = max(image.decodermaxblock, min(size, _READ_AT_ONCE))


def _orient(image: Image.Image, orientation: object) -> Image.Image:
    method = {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(orientation if isinstance(orientation, int) else 1)
    return image.transpose(method) if method is not None else image


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    if image.mode == "RGBA":
        image = _flatten(image)
    if icc:
        transform = _transform(icc, image.mode)
        if transform is not None:
            return ImageCms.applyTransform(image, transform) or image
    return image if image.mode == "RGB" else image.convert("RGB")


def _flatten(image: Image.Image) -> Image.Image:
    """Transparent pixels on white, as a contact sheet shows them."""
    base = Image.new("RGB", image.size, (255, 255, 255))
    base.paste(image, mask=image.getchannel("A"))
    return base


@lru_cache(maxsize=32)
def _transform(icc: bytes, mode: str) -> ImageCms.ImageCmsTransform | None:
    """A transform to sRGB, or None when the profile is sRGB already or unusable."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        name = (ImageCms.getProfileDescription(source) or "").casefold()
        if mode == "RGB" and any(word in name for word in _SRGB_WORDS):
            return None
        return ImageCms.buildTransform(source, _srgb(), mode, "RGB")
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        log.debug("unusable ICC profile ignored", exc_info=True)
        return None


@lru_cache(maxsize=1)
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, UnidentifiedImageError):
        return "not a picture Caption Desk can show"
    if isinstance(exc, Image.DecompressionBombError):
        return "picture too large to show (more than 200 megapixels)"
    if isinstance(exc, MemoryError):
        return "not enough memory to show this picture"
    if isinstance(exc, OSError) and exc.errno is not None:  # the reader's words (errors.py)
        return os_reason(exc)
    text = str(exc).strip().rstrip(".") or exc.__class__.__name__
    if "truncated" in text.casefold() or isinstance(exc, EOFError):
        return "the picture data is cut short (damaged or still being copied)"
    return f"the picture cannot be decoded ({text})"


def load_preview(path: str | os.PathLike, max_side: int) -> Thumbnail:
    """A large view of the picture (fit within ``max_side``); never the embedded thumbnail nor
    the camera's preview (the editor judges focus and detail here: the picture itself)."""
    return make_thumbnail(Path(path), max_side, embedded_ok=False, preview_ok=False)


def load_full(path: str | os.PathLike) -> Thumbnail:
    """The picture at full resolution for the preview's 100 % view: decoded, colour-managed
    (ICC to sRGB) and upright exactly as :func:`load_preview`, only not scaled down. A 24-MP
    picture is a 72 MB buffer: decode it on a worker and keep one at a time."""
    with _reasons(), Image.open(path) as image:
        return Thumbnail.from_image(_scaled(image, max(image.size)))
