"""Find the metadata blocks in each container format; nothing here decodes a value.

Each reader returns ``Blocks``: the EXIF tags, the IIM blocks with the stored IPTC digest, the
XMP packet and the pixel size. Unknown or damaged parts become notes or MetadataReadError.
"""

import struct
import zlib
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from editor_app.errors import MetadataReadError
from editor_app.metadata import jpeg
from editor_app.metadata.exif import pixel_size, read_exif_blob, read_exif_tiff
from editor_app.metadata.formats import PNG_SIGNATURE
from editor_app.metadata.iptc import iptc_blocks, parse_irb
from editor_app.metadata.tiff import (
    TAG_IMAGE_LENGTH,
    TAG_IMAGE_WIDTH,
    TAG_IPTC,
    TAG_PHOTOSHOP,
    TAG_XMP,
    TiffReader,
)
from editor_app.metadata.xmp import MAX_XMP_BYTES

_MAX_CHUNKS = 100_000


@dataclass(slots=True)
class Blocks:
    exif_tags: dict[str, Any] = field(default_factory=dict)
    iim: list[bytes] = field(default_factory=list)
    stored_digest: bytes | None = None
    xmp: bytes | None = None
    width: int | None = None
    height: int | None = None
    notes: list[str] = field(default_factory=list)
    damage: str | None = None  # the file is damaged: reported as its error, values kept


def read_jpeg(fh: BinaryIO, head: bytes = b"") -> Blocks:
    """``head``: what ``fh.read(jpeg.READ_AHEAD)`` gave at the file's start, if read already."""
    # the tables are not kept: only APPn segments are read, and they are joined only when
    # they follow one another (a table between them breaks that either way)
    header = jpeg.read_jpeg_header(fh, strict=False, head=head, apps_only=True)
    blocks = Blocks(width=header.width, height=header.height)
    if header.damage:
        blocks.damage = f"{header.damage}; the metadata before it was read"
    elif header.sos_offset is None:
        blocks.damage = "truncated JPEG (the file ends before the image data)"
    elif header.whole:  # a small file is read whole already: no more seeks or reads
        if header.head.rfind(b"\xff\xd9", header.sos_offset) < 0:  # from the end: found at once
            blocks.damage = "truncated JPEG (the image data ends without an end-of-image marker)"
    elif not _ends_with_eoi(fh, header.sos_offset):
        blocks.damage = "truncated JPEG (the image data ends without an end-of-image marker)"
    exif = _joined_exif(header)
    if exif:
        _read_exif(blocks, read_exif_blob, exif)
    xmp = header.app(jpeg.APP1, jpeg.XMP_HEADER) or header.app(jpeg.APP1, jpeg.XMP_ODD_HEADER)
    if xmp:
        blocks.xmp = xmp[0].payload[len(jpeg.XMP_HEADER) :]  # both headers have one length
        if len(xmp) > 1:
            blocks.notes.append(f"{len(xmp)} XMP segments: only the first was read")
    if header.app(jpeg.APP1, jpeg.XMP_EXTENSION_HEADER):
        blocks.notes.append("extended XMP (beyond 64 KB) was ignored")
    for irb in _joined_photoshop_segments(header):
        _add_irb(blocks, irb)
    return blocks


def _read_exif(blocks: Blocks, reader, source) -> None:
    """Damaged EXIF costs only the EXIF: IPTC and XMP are still read (ExifTool warns too)."""
    try:
        blocks.exif_tags = reader(source)
    except MetadataReadError as exc:
        blocks.notes.append(f"EXIF ignored: {exc}")


def _ends_with_eoi(fh: BinaryIO, sos_offset: int) -> bool:
    """The image data reaches an end-of-image marker (a trailer may follow it).

    Entropy-coded data never holds FF D9, so finding one after SOS means the scan is complete;
    usually it is in the last bytes, and only a file with a long trailer is read further.
    """
    size = fh.seek(0, 2)
    fh.seek(max(sos_offset, size - _EOI_WINDOW))
    window = fh.read(_EOI_WINDOW)
    # at the very end mostly: no search through entropy-coded data full of FF 00
    if window.endswith(b"\xff\xd9") or b"\xff\xd9" in window:
        return True
    fh.seek(sos_offset)
    tail = b""
    while chunk := fh.read(1 << 20):
        if b"\xff\xd9" in tail + chunk:
            return True
        tail = chunk[-1:]
    return False


_EOI_WINDOW = 4096


def _joined_exif(header: jpeg.JpegHeader) -> bytes:
    """The EXIF TIFF blob; consecutive Exif APP1 segments continue it (as ExifTool reads them)."""
    blob = b""
    previous_end = None
    for seg in header.segments:
        is_exif = seg.marker == jpeg.APP1 and seg.payload.startswith(jpeg.EXIF_HEADER)
        if is_exif and (not blob or previous_end == seg.offset):
            blob += seg.payload[len(jpeg.EXIF_HEADER) :]
            previous_end = seg.end
        elif blob:
            break
    return blob


def _joined_photoshop_segments(header: jpeg.JpegHeader) -> list[bytes]:
    """APP13 "Photoshop 3.0" payloads; consecutive segments are one resource list (as ExifTool)."""
    joined: list[bytes] = []
    previous_end = None
    for seg in header.segments:
        if seg.marker != jpeg.APP13 or not seg.payload.startswith(jpeg.PHOTOSHOP_HEADER):
            previous_end = None
            continue
        data = seg.payload[len(jpeg.PHOTOSHOP_HEADER) :]
        if previous_end == seg.offset and joined:
            joined[-1] += data
        else:
            joined.append(data)
        previous_end = seg.end
    return joined


def _add_irb(blocks: Blocks, data: bytes) -> None:
    resources, note = parse_irb(data)
    if note:
        blocks.notes.append(note)
    iim, digest = iptc_blocks(resources)
    blocks.iim.extend(iim)
    if blocks.stored_digest is None:
        blocks.stored_digest = digest


def read_tiff(fh: BinaryIO) -> Blocks:
    reader = TiffReader(fh)
    ifd0 = reader.read_ifd(reader.first_ifd)
    blocks = Blocks()
    _read_exif(blocks, read_exif_tiff, fh)
    for tag, setter in ((TAG_IMAGE_WIDTH, "width"), (TAG_IMAGE_LENGTH, "height")):
        entry = ifd0.get(tag)
        values = reader.ints(entry) if entry else []
        setattr(blocks, setter, values[0] if values else None)
    entry = ifd0.get(TAG_PHOTOSHOP)
    if entry:
        _add_irb(blocks, reader.value_bytes(entry))
    entry = ifd0.get(TAG_IPTC)
    if entry:
        blocks.iim.insert(0, reader.value_bytes(entry))  # the standard place wins
    entry = ifd0.get(TAG_XMP)
    if entry:
        blocks.xmp = reader.value_bytes(entry)
    if blocks.width is None:
        blocks.width, blocks.height = pixel_size(blocks.exif_tags)
    blocks.damage = reader.damage or _tiff_data_missing(reader, ifd0)
    return blocks


def _tiff_data_missing(reader: TiffReader, ifd0) -> str | None:
    """The strips or tiles of the first image reach past the end of the file."""
    for offsets_tag, counts_tag in ((273, 279), (324, 325)):
        offsets, counts = ifd0.get(offsets_tag), ifd0.get(counts_tag)
        if offsets is None or counts is None:
            continue
        try:
            ends = [o + c for o, c in zip(reader.ints(offsets), reader.ints(counts), strict=False)]
        except MetadataReadError:
            return "corrupt TIFF (the image data offsets cannot be read)"
        if ends and max(ends) > reader.size:
            return "truncated TIFF (the image data reaches past the end of the file)"
    return None


def read_png(fh: BinaryIO) -> Blocks:
    blocks = Blocks()
    fh.seek(len(PNG_SIGNATURE))
    for _ in range(_MAX_CHUNKS):
        head = fh.read(8)
        if len(head) < 8:
            blocks.damage = "truncated PNG (the file ends before the IEND chunk)"
            break
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IEND":
            break
        if length > _PNG_MAX_LENGTH:
            raise MetadataReadError(
                f"corrupt PNG (a chunk claims {length:,} bytes, more than PNG allows)"
            )
        if kind not in _PNG_READ or not _png_chunk_wanted(fh, kind, length, blocks.notes):
            fh.seek(length + 4, 1)  # pixels, other text, profiles: never read
            continue
        data = fh.read(length)
        fh.seek(4, 1)  # CRC
        if len(data) < length:
            raise MetadataReadError("truncated PNG (a chunk ends past the end of the file)")
        _png_chunk(blocks, kind, data)
    return blocks


_PNG_TEXT = frozenset({b"tEXt", b"zTXt", b"iTXt"})
_PNG_READ = frozenset({b"IHDR", b"eXIf", *_PNG_TEXT})
_PNG_MAX_LENGTH = 2**31 - 1  # the PNG specification's bound for one chunk
_PNG_XMP_KEYWORD = b"XML:com.adobe.xmp\x00"
# ImageMagick (and digiKam through it) keeps a JPEG's EXIF, IPTC and XMP in PNG text chunks
# of these keywords, as hexadecimal; ExifTool reads them (its "Raw profile type" tags).
_PNG_RAW_PROFILES = {
    b"Raw profile type exif": "EXIF",
    b"Raw profile type APP1": "EXIF",
    b"Raw profile type iptc": "IPTC",
    b"Raw profile type 8bim": "IPTC",  # Photoshop's resources, where IIM lives
    b"Raw profile type xmp": "XMP",
}
_PNG_KEYWORD_MAX = 80  # 1-79 bytes and its NUL


def _png_chunk_wanted(fh: BinaryIO, kind: bytes, length: int, notes: list[str]) -> bool:
    """Read this chunk? A text chunk only when it holds XMP or a raw profile; a metadata
    chunk too big to be read is noted and skipped (the file stays readable); the position is
    left at the chunk data."""
    what = "EXIF"
    if kind in _PNG_TEXT:
        start = fh.tell()
        keyword = fh.read(min(length, _PNG_KEYWORD_MAX)).split(b"\x00", 1)[0]
        fh.seek(start)
        if kind == b"iTXt" and keyword + b"\x00" == _PNG_XMP_KEYWORD:
            what = "XMP"
        elif keyword in _PNG_RAW_PROFILES:
            what = _PNG_RAW_PROFILES[keyword]
        else:
            return False
    if length <= MAX_XMP_BYTES * 2:
        return True
    notes.append(
        f"{what} ignored: it is {length / 2**20:.1f} MB, more than the "
        f"{MAX_XMP_BYTES * 2 // 2**20} MB Caption Desk reads"
    )
    return False


def _png_chunk(blocks: Blocks, kind: bytes, data: bytes) -> None:
    if kind == b"IHDR" and len(data) >= 8:
        blocks.width, blocks.height = struct.unpack(">II", data[:8])
    elif kind == b"eXIf":
        body = data[6:] if data.startswith(jpeg.EXIF_HEADER) else data
        _read_exif(blocks, read_exif_blob, body)
    elif kind == b"iTXt" and data.startswith(_PNG_XMP_KEYWORD):
        blocks.xmp = _itxt_text(data, blocks.notes)
    elif kind in _PNG_TEXT:
        _png_raw_profile(blocks, kind, data)


def _png_raw_profile(blocks: Blocks, kind: bytes, data: bytes) -> None:
    """A "Raw profile type ..." chunk: a line with the profile's name, one with its length in
    bytes, then the bytes in hexadecimal. EXIF as in a JPEG's APP1, IPTC as an APP13's
    resources or bare IIM, XMP as a packet. The file's own eXIf and XMP chunks come first."""
    keyword = data.split(b"\x00", 1)[0]
    what = _PNG_RAW_PROFILES[keyword]
    text = _png_text(kind, data, blocks.notes)
    profile = _profile_bytes(text) if text is not None else None
    if profile is None:
        blocks.notes.append(f"malformed {what} raw profile in a PNG text chunk ignored")
        return
    if what == "EXIF" and profile.startswith(jpeg.XMP_HEADER):
        what, profile = "XMP", profile[len(jpeg.XMP_HEADER) :]  # an APP1 profile holding XMP
    if what == "EXIF":
        if not blocks.exif_tags:
            body = profile[6:] if profile.startswith(jpeg.EXIF_HEADER) else profile
            _read_exif(blocks, read_exif_blob, body)
    elif what == "IPTC":
        if profile.startswith(b"8BIM"):
            _add_irb(blocks, profile)
        elif profile:
            blocks.iim.append(profile)
    elif blocks.xmp is None:
        blocks.xmp = profile


def _profile_bytes(text: bytes) -> bytes | None:
    """A raw profile's bytes: the lines up to the one with the length (its name, which old
    writers spell "IPTC profile"), then hexadecimal. As ExifTool takes it, the length is a
    hint: the digits there are the profile, whatever it says."""
    lines = text.split(b"\n")
    at = next((i for i, line in enumerate(lines) if line.strip().isdigit()), None)
    if at is None:
        return None
    try:
        profile = bytes.fromhex(b"".join(lines[at + 1 :]).decode("ascii"))
    except ValueError:
        return None
    return profile


def _png_text(kind: bytes, data: bytes, notes: list[str]) -> bytes | None:
    """The text of a tEXt, zTXt or iTXt chunk (decompressed, at most what a profile of the
    biggest size read may take)."""
    if kind == b"iTXt":
        return _itxt_text(data, notes, limit=_PNG_PROFILE_TEXT)
    text = data.split(b"\x00", 1)[1] if b"\x00" in data else b""
    if kind == b"tEXt":
        return text
    if text[:1] != b"\x00":  # zTXt: compression method 0, zlib, is the only one
        notes.append("PNG zTXt chunk with an unknown compression ignored")
        return None
    return _inflate(text[1:], _PNG_PROFILE_TEXT, notes)


# A raw profile's text: two hexadecimal digits a byte, plus line breaks
_PNG_PROFILE_TEXT = MAX_XMP_BYTES * 5


def _itxt_text(data: bytes, notes: list[str], limit: int = MAX_XMP_BYTES + 1) -> bytes | None:
    """The text of an iTXt chunk: keyword\\0 flag method lang\\0 translated\\0 text."""
    keyword_end = data.index(b"\x00")
    compressed = data[keyword_end + 1 : keyword_end + 2] == b"\x01"
    rest = data[keyword_end + 3 :]
    parts = rest.split(b"\x00", 2)
    if len(parts) < 3:
        notes.append("malformed PNG iTXt chunk ignored")
        return None
    text = parts[2]
    if not compressed:
        return text
    return _inflate(text, limit, notes)


def _inflate(data: bytes, limit: int, notes: list[str]) -> bytes | None:
    """zlib data inflated to at most ``limit`` bytes (a small chunk may inflate to gigabytes)."""
    try:
        return zlib.decompressobj().decompress(data, limit)
    except zlib.error:
        notes.append("corrupt compressed text in a PNG ignored")
        return None


def read_webp(fh: BinaryIO) -> Blocks:
    blocks = Blocks()
    size = fh.seek(0, 2)
    fh.seek(4)
    (riff_size,) = struct.unpack("<I", fh.read(4))
    if riff_size + 8 > size:
        blocks.damage = "truncated WebP (the file is shorter than its RIFF header says)"
    fh.seek(12)
    for _ in range(_MAX_CHUNKS):
        head = fh.read(8)
        if len(head) < 8:
            break
        kind, length = struct.unpack("<4sI", head)
        if kind in (b"VP8 ", b"VP8L", b"ANIM", b"ANMF", b"ALPH") or length > MAX_XMP_BYTES * 2:
            _webp_frame(blocks, kind, fh.read(min(length, 30)))
            fh.seek(length + (length & 1) - min(length, 30), 1)
            continue
        data = fh.read(length + (length & 1))[:length]
        if len(data) < length:
            raise MetadataReadError("truncated WebP (a chunk ends past the end of the file)")
        if kind == b"VP8X" and len(data) >= 10:
            blocks.width = int.from_bytes(data[4:7], "little") + 1
            blocks.height = int.from_bytes(data[7:10], "little") + 1
        elif kind == b"EXIF":
            body = data[6:] if data.startswith(jpeg.EXIF_HEADER) else data
            _read_exif(blocks, read_exif_blob, body)
        elif kind == b"XMP ":
            blocks.xmp = data
    return blocks


def _webp_frame(blocks: Blocks, kind: bytes, head: bytes) -> None:
    if blocks.width is not None:
        return
    if kind == b"VP8 " and len(head) >= 10 and head[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", head[6:10])
        blocks.width, blocks.height = width & 0x3FFF, height & 0x3FFF
    elif kind == b"VP8L" and len(head) >= 5 and head[0] == 0x2F:
        bits = int.from_bytes(head[1:5], "little")
        blocks.width, blocks.height = (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1


READERS = {"JPEG": read_jpeg, "TIFF": read_tiff, "PNG": read_png, "WEBP": read_webp}
