"""Test photo builders; they live in ``editor_app.testing.factories`` (benchmarks use them too)."""

from editor_app.testing.factories import (
    CANON_MAKERNOTE,
    app_segment,
    camera_exif,
    image_data,
    make_jpeg,
    make_png,
    make_tiff,
    make_webp,
    pixels,
    srgb_profile,
    tiff_strips,
)

__all__ = [
    "CANON_MAKERNOTE",
    "pixels",
    "camera_exif",
    "srgb_profile",
    "make_jpeg",
    "app_segment",
    "make_tiff",
    "make_png",
    "make_webp",
    "image_data",
    "tiff_strips",
]
