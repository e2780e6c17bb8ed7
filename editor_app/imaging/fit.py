"""A preview scaled to fit the screen, in the screen's own 32-bit pixels: the preview's fit view.

Pillow scales with Python's GIL released, so a worker scaling a 2,560 px preview (10-25 ms)
leaves the GUI thread running; a scale in Qt holds the GIL for the whole call. The steps here
that hold it (unpacking the rows, packing the result) take about 3 ms each.
"""

import sys

from PIL import Image

# Qt's RGB32 is one native 32-bit word a pixel, 0xffRRGGBB: its bytes in memory, as Pillow packs
SCREEN_RAWMODE = "BGRA" if sys.byteorder == "little" else "ARGB"


def screen_pixels(
    rgb: bytes | bytearray | memoryview, width: int, height: int, stride: int, size: tuple[int, int]
) -> bytes:
    """The RGB picture (3 bytes a pixel, rows ``stride`` bytes apart) scaled smoothly to
    ``size``, as 4 bytes a pixel in the screen's order (``SCREEN_RAWMODE``, alpha 255), rows
    packed. Shrinking averages the pixels each screen pixel covers (what Qt's smooth scale
    does); a small picture is enlarged bilinearly."""
    # any buffer does (a QImage's own bits: not copied first), though Pillow's stubs say bytes
    buffer: bytes = rgb  # type: ignore[assignment]
    source = Image.frombuffer("RGB", (width, height), buffer, "raw", "RGB", stride, 1)
    shrinking = size[0] < width or size[1] < height
    resample = Image.Resampling.BOX if shrinking else Image.Resampling.BILINEAR
    return source.resize(size, resample).convert("RGBA").tobytes("raw", SCREEN_RAWMODE)
