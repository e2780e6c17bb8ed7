"""A JPEG at 1/8 scale from its DC coefficients alone (the native ``_dcscan``).

At 1/8 scale each 8x8 block is one pixel, its DC coefficient; the rest of a decoder's work is
walking the Huffman codes of the AC coefficients it then throws away. ``_dcscan`` skips them
with one table lookup for several codes, two thirds of libjpeg-turbo's time on a 24-MP JPEG
(docs/imaging.md); of a progressive JPEG it reads the DC scans alone, a twentieth of Pillow's
time. It reads 8-bit Huffman JPEGs, greyscale or YCbCr; for anything else, or damaged data,
``eighth`` returns None and Pillow decodes as before, so the reasons shown for a damaged file
are Pillow's. Where the package was built without a C compiler
``_dcscan`` is missing and Pillow does all of it.
"""

import io
import math
import os
from types import ModuleType
from typing import IO, TypeGuard

from PIL import Image, ImageFile

_dcscan: ModuleType | None
try:
    from editor_app.imaging import _dcscan
except ImportError:  # built without a C compiler
    _dcscan = None


def available() -> bool:
    return _dcscan is not None


def eighth(image: Image.Image, box: tuple[int, int]) -> Image.Image | None:
    """The picture of ``image`` (just opened, not loaded) at 1/8 scale when that still covers
    ``box``, as Pillow's draft would make it (L or RGB, ceil(size / 8)); None when Pillow
    should decode it: not a JPEG on disk, a scale above 1/8, a kind ``_dcscan`` does not read,
    or damage."""
    bands = eighth_bands(image, box)
    if bands is None:
        return None
    if len(bands) == 1:
        return bands[0]
    return Image.merge("YCbCr", bands).convert("RGB")


def eighth_bands(image: Image.Image, box: tuple[int, int]) -> list[Image.Image] | None:
    """:func:`eighth` before the colour conversion: Y or Y, Cb, Cr, each at 1/8 of the
    picture (the colour spread over the picture's pixels where it is subsampled)."""
    if _dcscan is None or not _is_first_jpeg(image) or not _eighth_covers(image.size, box):
        return None
    if image.fp is None:
        return None
    try:
        data = _whole_file(image.fp)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None  # not a plain file (bytes in memory, a pipe)
    planes = _dcscan.dc_planes(data)
    if planes is None:
        return None
    width, height, hmax, vmax, components = planes
    if (width, height) != image.size:
        return None  # Pillow read another frame header: let it decode
    size = (math.ceil(width / 8), math.ceil(height / 8))
    bands = []
    for data, plane_width, plane_height, h, v in components:
        band = Image.frombytes("L", (plane_width, plane_height), data)
        # the component's own blocks, without the padding to whole MCUs
        own = (math.ceil(width * h / hmax / 8), math.ceil(height * v / vmax / 8))
        band = band.crop((0, 0, *own))
        if band.size != size:  # subsampled colour: spread over the picture's pixels
            band = band.resize(size, Image.Resampling.BILINEAR)
        bands.append(band)
    return bands


def _whole_file(fp: IO[bytes]) -> bytes:
    """The file's bytes, read without moving Pillow's position. Read, not mapped: a mapped
    file that shrinks under the scan (rewritten in place, a network share failing) kills the
    process with SIGBUS, where a read gives what there is, and the scan then says damaged."""
    fd = fp.fileno()
    size = os.fstat(fd).st_size
    if hasattr(os, "pread"):
        return os.pread(fd, size, 0)
    at = fp.tell()  # Windows
    try:
        fp.seek(0)
        return fp.read(size)
    finally:
        fp.seek(at)


def _is_first_jpeg(image: Image.Image) -> TypeGuard[ImageFile.ImageFile]:
    """A JPEG, or an MPO's first picture (which starts the file), read from a file."""
    return (
        isinstance(image, ImageFile.ImageFile)
        and image.format in ("JPEG", "MPO")
        and image.tell() == 0
        and image.mode in ("L", "RGB", "YCbCr")
    )


def _eighth_covers(size: tuple[int, int], box: tuple[int, int]) -> bool:
    """Whether Pillow's draft would pick 1/8 for ``box`` (its rule: the whole scale that fits)."""
    return min(size[0] // max(box[0], 1), size[1] // max(box[1], 1)) >= 8
