"""What a file is, from its first bytes: the one table of magic numbers the reader, the writer
and the image hash share."""

from typing import BinaryIO

from editor_app.errors import MetadataReadError, UnsupportedFormat

HEAD_SIZE = 16  # bytes that ``sniff`` and ``describe`` need
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TIFF_BYTE_ORDER = {b"II*\x00": "<", b"MM\x00*": ">"}  # TIFF header -> struct byte order


def is_jpeg(head: bytes) -> bool:
    return head[:3] == b"\xff\xd8\xff"


def is_tiff(head: bytes) -> bool:
    return head[:4] in TIFF_BYTE_ORDER


def sniff(head: bytes) -> str | None:
    """The format we handle ("JPEG", "TIFF", "PNG", "WEBP") from the first bytes; None else."""
    if is_jpeg(head):
        return "JPEG"
    if is_tiff(head):
        return "TIFF"
    if head.startswith(PNG_SIGNATURE):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def photo_format(fh: BinaryIO) -> str:
    """The format of the open photo file ``fh``, read from its first bytes.

    (Opening a folder already failed with EISDIR, which ``errors.os_reason`` words.)

    Raises:
        MetadataReadError: an empty file.
        UnsupportedFormat: not a format we read; the message guesses what it is.
    """
    return format_of(fh.read(HEAD_SIZE))


def format_of(head: bytes) -> str:
    """The format of a file whose first bytes (at least ``HEAD_SIZE`` when it has them) are
    ``head``; raises as :func:`photo_format`."""
    head = head[:HEAD_SIZE]
    if not head:
        raise MetadataReadError("empty file")
    fmt = sniff(head)
    if fmt is None:
        cut = _cut_format(head)
        if cut:
            raise MetadataReadError(
                f"truncated {cut} (the file ends after {len(head)} bytes: probably cut off "
                "while being copied or saved)"
            )
        raise UnsupportedFormat(f"unsupported format ({describe(head)})")
    return fmt


_SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (PNG_SIGNATURE, "PNG"),
    *((header, "TIFF") for header in TIFF_BYTE_ORDER),
    (b"RIFF", "WebP"),
)


def _cut_format(head: bytes) -> str | None:
    """The format a file too short to be sniffed starts like (``\\xff\\xd8`` is a cut JPEG)."""
    if len(head) >= 12:
        return None
    for signature, name in _SIGNATURES:
        if len(head) >= 2 and (signature.startswith(head) or head.startswith(signature)):
            return name
    return None


_OTHER_MAGIC = (
    (b"GIF8", "GIF image"),
    (b"BM", "BMP image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"8BPS", "Photoshop PSD"),
    (b"\x00\x00\x00\x0cjP  ", "JPEG 2000 image"),
    (b"\xff\x0a", "JPEG XL image"),
    (b"<?xml", "XML text"),
)


def describe(head: bytes) -> str:
    """A short guess at what a file we do not read is, for the "unsupported format" message."""
    for magic, name in _OTHER_MAGIC:
        if head.startswith(magic):
            return name
    if head[4:8] == b"ftyp":
        brand = head[8:12].decode("ascii", "replace")
        return f"{brand.strip()} (ISO media) file" if brand.isprintable() else "ISO media file"
    if head[:3] == b"II*" or head[:4] == b"IIRO" or head[:4] == b"IIU\x00":
        return "camera raw file"
    if all(32 <= b < 127 or b in (9, 10, 13) for b in head):
        return "a text file, not an image"
    return "not an image we can read"
