"""Camera-like JPEGs with a large embedded preview, as Nikon, Sony and Fujifilm cameras write them.

The preview is a second JPEG after the picture's end, listed in an MPF index (CIPA DC-007) in
an APP2 segment: entry 1 the picture itself, entry 2 a "Large Thumbnail" (1620x1080 on a Nikon
D800, 1616x1080 on Sony's). Offsets count from the MPF index's TIFF header.
"""

import struct

MP_PRIMARY = 0x20030000  # representative image, Baseline MP Primary Image
MP_LARGE_THUMBNAIL_FULL_HD = 0x00010002
MP_LARGE_THUMBNAIL_VGA = 0x00010001
MP_DISPARITY = 0x00020002  # the other eye of a 3D camera: a different picture, never a preview


def with_camera_preview(
    picture: bytes, preview: bytes, mp_type: int = MP_LARGE_THUMBNAIL_FULL_HD
) -> bytes:
    """``picture`` (a JPEG) with ``preview`` (a JPEG) appended and indexed as its MPF image 2."""
    at = _after_app_segments(picture)
    segment_length = 2 + 4 + 8 + 2 + 3 * 12 + 4 + 2 * 16
    tiff_start = at + 4 + 4  # marker and length, then "MPF\0"
    primary_size = len(picture) + 2 + segment_length
    preview_offset = primary_size - tiff_start
    entries = struct.pack("<IIIHH", MP_PRIMARY, primary_size, 0, 0, 0) + struct.pack(
        "<IIIHH", mp_type, len(preview), preview_offset, 0, 0
    )
    entries_at = 8 + 2 + 3 * 12 + 4
    ifd = (
        struct.pack("<H", 3)
        + struct.pack("<HHI4s", 0xB000, 7, 4, b"0100")
        + struct.pack("<HHII", 0xB001, 4, 1, 2)
        + struct.pack("<HHII", 0xB002, 7, len(entries), entries_at)
        + struct.pack("<I", 0)
    )
    payload = b"MPF\0" + b"II*\0" + struct.pack("<I", 8) + ifd + entries
    app2 = b"\xff\xe2" + struct.pack(">H", len(payload) + 2) + payload
    assert len(app2) == 2 + segment_length
    return picture[:at] + app2 + picture[at:] + preview


def _after_app_segments(jpeg: bytes) -> int:
    """The offset of the first segment after SOI and the APPn segments."""
    at = 2
    while jpeg[at] == 0xFF and 0xE0 <= jpeg[at + 1] <= 0xEF:
        at += 2 + struct.unpack(">H", jpeg[at + 2 : at + 4])[0]
    return at
