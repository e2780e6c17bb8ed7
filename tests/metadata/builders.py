"""Byte-level builders for reader tests: real pixels from Pillow, metadata spliced by hand.

Nothing here uses Caption Desk's own writer, so a reader bug cannot be hidden by a matching
writer bug. Every builder returns ``bytes``; ``write(path, data)`` puts them on disk.

JPEG: ``jpeg_file(exif=..., xmp=..., iim=..., digest=...)`` splices APP1 Exif, APP1 XMP and
APP13 "Photoshop 3.0" segments right after SOI. Lower-level pieces (``segment``, ``irb``,
``iim_block``, ``tiff_blob``...) let a test build odd layouts: several APP13 segments, empty
resource blocks, lying lengths.
"""

from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from PIL import Image

# --- TIFF / EXIF -------------------------------------------------------------------------------

ASCII, SHORT, LONG, RATIONAL, UNDEFINED, BYTE, FLOAT, DOUBLE = 2, 3, 4, 5, 7, 1, 11, 12

# IFD0
IMAGE_WIDTH, IMAGE_LENGTH = 0x0100, 0x0101
BITS_PER_SAMPLE, COMPRESSION, PHOTOMETRIC = 0x0102, 0x0103, 0x0106
IMAGE_DESCRIPTION, MAKE, MODEL = 0x010E, 0x010F, 0x0110
STRIP_OFFSETS, ORIENTATION, SAMPLES_PER_PIXEL = 0x0111, 0x0112, 0x0115
ROWS_PER_STRIP, STRIP_BYTE_COUNTS = 0x0116, 0x0117
ARTIST, COPYRIGHT = 0x013B, 0x8298
XMP_TAG, IPTC_TAG, PHOTOSHOP_TAG = 700, 33723, 34377
EXIF_IFD_POINTER, GPS_IFD_POINTER = 0x8769, 0x8825
# Exif IFD
EXPOSURE_TIME, F_NUMBER, ISO = 0x829A, 0x829D, 0x8827
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
SUBSEC_TIME_ORIGINAL, FOCAL_LENGTH, LENS_MODEL = 0x9291, 0x920A, 0xA434
# GPS IFD
GPS_LAT_REF, GPS_LAT, GPS_LON_REF, GPS_LON = 1, 2, 3, 4

Entry = tuple[int, int, object]  # (tag, type, value)


def ascii_entry(tag: int, text: str | bytes) -> Entry:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return (tag, ASCII, raw + b"\x00")


def _pack_value(typ: int, value: object, endian: str) -> tuple[bytes, int]:
    """The value's bytes and its TIFF count."""
    if typ in (ASCII, UNDEFINED, BYTE):
        raw = bytes(value)  # type: ignore[arg-type]
        return raw, len(raw)
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if typ == RATIONAL:
        pairs = [v if isinstance(v, tuple) else (v, 1) for v in values]
        return b"".join(struct.pack(endian + "II", n, d) for n, d in pairs), len(pairs)
    code = {SHORT: "H", LONG: "I", FLOAT: "f", DOUBLE: "d"}[typ]
    return b"".join(struct.pack(endian + code, v) for v in values), len(values)


class TiffBuilder:
    """Lays out IFDs and their out-of-line values in one TIFF structure."""

    def __init__(self, endian: str = "<") -> None:
        self.endian = endian
        self.data = bytearray((b"II*\x00" if endian == "<" else b"MM\x00*") + b"\x00" * 4)

    def _align(self) -> None:
        if len(self.data) & 1:
            self.data += b"\x00"

    def add_blob(self, raw: bytes) -> int:
        self._align()
        offset = len(self.data)
        self.data += raw
        return offset

    def add_ifd(self, entries: Sequence[Entry], next_ifd: int = 0) -> int:
        """Write the IFD (values first, then the directory); return its offset."""
        packed = []
        for tag, typ, value in sorted(entries, key=lambda e: e[0]):
            raw, count = _pack_value(typ, value, self.endian)
            if len(raw) > 4:
                field = struct.pack(self.endian + "I", self.add_blob(raw))
            else:
                field = raw.ljust(4, b"\x00")
            packed.append((tag, typ, count, field))
        self._align()
        offset = len(self.data)
        self.data += struct.pack(self.endian + "H", len(packed))
        for tag, typ, count, field in packed:
            self.data += struct.pack(self.endian + "HHI", tag, typ, count) + field
        self.data += struct.pack(self.endian + "I", next_ifd)
        return offset

    def set_first_ifd(self, offset: int) -> None:
        self.data[4:8] = struct.pack(self.endian + "I", offset)

    def to_bytes(self) -> bytes:
        return bytes(self.data)


def exif_entries(
    *,
    description: str | bytes | None = None,
    artist: str | bytes | None = None,
    copyright: str | bytes | None = None,
    make: str | None = None,
    model: str | None = None,
    orientation: int | None = None,
) -> list[Entry]:
    entries: list[Entry] = []
    for tag, value in (
        (IMAGE_DESCRIPTION, description),
        (MAKE, make),
        (MODEL, model),
        (ARTIST, artist),
        (COPYRIGHT, copyright),
    ):
        if value is not None:
            entries.append(ascii_entry(tag, value))
    if orientation is not None:
        entries.append((ORIENTATION, SHORT, orientation))
    return entries


def tiff_blob(
    ifd0: Sequence[Entry] = (),
    exif_ifd: Sequence[Entry] | None = None,
    gps_ifd: Sequence[Entry] | None = None,
    endian: str = "<",
) -> bytes:
    """A TIFF structure (the payload of an Exif APP1 after ``Exif\\0\\0``)."""
    builder = TiffBuilder(endian)
    entries = list(ifd0)
    if exif_ifd is not None:
        entries.append((EXIF_IFD_POINTER, LONG, builder.add_ifd(exif_ifd)))
    if gps_ifd is not None:
        entries.append((GPS_IFD_POINTER, LONG, builder.add_ifd(gps_ifd)))
    builder.set_first_ifd(builder.add_ifd(entries))
    return builder.to_bytes()


def exif_ifd_entries(
    *,
    datetime_original: str | None = None,
    subsec: str | None = None,
    offset: str | None = None,
    exposure: tuple[int, int] | None = None,
    f_number: tuple[int, int] | None = None,
    iso: int | None = None,
    focal_length: tuple[int, int] | None = None,
    lens: str | None = None,
) -> list[Entry]:
    entries: list[Entry] = []
    if datetime_original is not None:
        entries.append(ascii_entry(DATETIME_ORIGINAL, datetime_original))
    if subsec is not None:
        entries.append(ascii_entry(SUBSEC_TIME_ORIGINAL, subsec))
    if offset is not None:
        entries.append(ascii_entry(OFFSET_TIME_ORIGINAL, offset))
    if exposure is not None:
        entries.append((EXPOSURE_TIME, RATIONAL, [exposure]))
    if f_number is not None:
        entries.append((F_NUMBER, RATIONAL, [f_number]))
    if iso is not None:
        entries.append((ISO, SHORT, iso))
    if focal_length is not None:
        entries.append((FOCAL_LENGTH, RATIONAL, [focal_length]))
    if lens is not None:
        entries.append(ascii_entry(LENS_MODEL, lens))
    return entries


def gps_entries(lat: float, lon: float) -> list[Entry]:
    def dms(value: float) -> list[tuple[int, int]]:
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = round(((value - degrees) * 60 - minutes) * 60 * 1000)
        return [(degrees, 1), (minutes, 1), (seconds, 1000)]

    return [
        ascii_entry(GPS_LAT_REF, "N" if lat >= 0 else "S"),
        (GPS_LAT, RATIONAL, dms(lat)),
        ascii_entry(GPS_LON_REF, "E" if lon >= 0 else "W"),
        (GPS_LON, RATIONAL, dms(lon)),
    ]


def full_exif(
    *,
    description: str | bytes | None = "Protesters march in Berlin, Germany, May 1, 2024.",
    artist: str | bytes | None = "Jane Doe",
    copyright: str | bytes | None = "(c) 2024 Jane Doe",
    make: str = "NIKON CORPORATION",
    model: str = "NIKON Z 9",
    datetime_original: str | None = "2024:05:01 14:03:05",
    subsec: str | None = "25",
    offset: str | None = "+02:00",
    gps: tuple[float, float] | None = (52.52, -13.405),
) -> bytes:
    """A realistic EXIF blob: IFD0 text, an Exif IFD with the capture time, a GPS IFD."""
    return tiff_blob(
        exif_entries(
            description=description,
            artist=artist,
            copyright=copyright,
            make=make,
            model=model,
            orientation=1,
        ),
        exif_ifd_entries(
            datetime_original=datetime_original,
            subsec=subsec,
            offset=offset,
            exposure=(1, 250),
            f_number=(28, 10),
            iso=400,
            focal_length=(350, 10),
            lens="NIKKOR Z 24-70mm f/2.8 S",
        ),
        gps_entries(*gps) if gps else None,
    )


# --- IPTC-IIM and Photoshop resources ----------------------------------------------------------

UTF8_MARKER = b"\x1b%G"

# record field name -> (record, dataset)
IIM_NUMBERS = {
    "title": (2, 5),
    "keywords": (2, 25),
    "instructions": (2, 40),
    "date_created": (2, 55),
    "time_created": (2, 60),
    "byline": (2, 80),
    "city": (2, 90),
    "sublocation": (2, 92),
    "state": (2, 95),
    "country_code": (2, 100),
    "country": (2, 101),
    "transmission_reference": (2, 103),
    "headline": (2, 105),
    "credit": (2, 110),
    "source": (2, 115),
    "copyright": (2, 116),
    "caption": (2, 120),
    "caption_writer": (2, 122),
}

Dataset = tuple[int, int, bytes]


def dataset(record: int, number: int, value: bytes | str, *, length: int | None = None) -> bytes:
    """One IIM dataset; extended form when the value is over 32767 bytes.

    ``length`` overrides the stored length (a lying dataset)."""
    raw = value.encode("utf-8") if isinstance(value, str) else value
    size = len(raw) if length is None else length
    if size > 0x7FFF:
        return bytes([0x1C, record, number]) + struct.pack(">HI", 0x8004, size) + raw
    return bytes([0x1C, record, number]) + struct.pack(">H", size) + raw


def iim_block(
    datasets: Iterable[Dataset] = (),
    *,
    utf8: bool = False,
    version: bool = True,
    **fields: bytes | str | Sequence[bytes | str],
) -> bytes:
    """An IIM block: optional 1:90 UTF-8 marker, 2:00 version, then the datasets given.

    Keyword fields use record names (``caption=``, ``byline=[...]``); str values are UTF-8.
    """
    out = b""
    if utf8:
        out += dataset(1, 90, UTF8_MARKER)
    if version:
        out += dataset(2, 0, b"\x00\x04")
    for name, value in fields.items():
        record, number = IIM_NUMBERS[name]
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            out += dataset(record, number, item)
    for record, number, value in datasets:
        out += dataset(record, number, value)
    return out


def irb(resource_id: int, data: bytes, *, signature: bytes = b"8BIM", name: bytes = b"") -> bytes:
    """One Photoshop image resource block (Pascal name padded to even, data padded to even)."""
    pascal = bytes([len(name)]) + name
    if len(pascal) & 1:
        pascal += b"\x00"
    return (
        signature
        + struct.pack(">H", resource_id)
        + pascal
        + struct.pack(">I", len(data))
        + (data + (b"\x00" if len(data) & 1 else b""))
    )


def md5(data: bytes) -> bytes:
    return hashlib.md5(data).digest()  # noqa: S324 - the format's digest


def photoshop_resources(iim: bytes | None, digest: bytes | str | None = "auto") -> bytes:
    """IRB 0x0404 (IIM) and 0x0425 (digest: "auto" = MD5 of the IIM, None = no digest)."""
    out = b""
    if iim is not None:
        out += irb(0x0404, iim)
    if digest == "auto":
        if iim is not None:
            out += irb(0x0425, md5(iim))
    elif digest is not None:
        out += irb(0x0425, digest)  # type: ignore[arg-type]
    return out


# --- XMP ---------------------------------------------------------------------------------------

NS = (
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    'xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"'
)


def xmp_packet(body: str = "", attrs: str = "", *, wrapper: bool = True) -> bytes:
    """An XMP packet with one rdf:Description holding ``body`` (elements) and ``attrs``."""
    rdf = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {NS}>'
        f'<rdf:Description rdf:about="" {attrs}>{body}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>"
    )
    if not wrapper:
        return rdf.encode("utf-8")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>' + rdf + '<?xpacket end="w"?>'
    ).encode("utf-8")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def lang_alt(prop: str, values: Mapping[str, str]) -> str:
    items = "".join(f'<rdf:li xml:lang="{lang}">{_esc(v)}</rdf:li>' for lang, v in values.items())
    return f"<{prop}><rdf:Alt>{items}</rdf:Alt></{prop}>"


def seq(prop: str, values: Sequence[str], kind: str = "Seq") -> str:
    items = "".join(f"<rdf:li>{_esc(v)}</rdf:li>" for v in values)
    return f"<{prop}><rdf:{kind}>{items}</rdf:{kind}></{prop}>"


def simple(prop: str, value: str) -> str:
    return f"<{prop}>{_esc(value)}</{prop}>"


def xmp_fields(
    *,
    caption: str | None = None,
    title: str | None = None,
    byline: Sequence[str] | None = None,
    keywords: Sequence[str] | None = None,
    copyright: str | None = None,
    digest: bytes | None = None,
    **photoshop: str,
) -> bytes:
    """A packet from record field names (photoshop:* keywords use their XMP property name)."""
    body = ""
    if caption is not None:
        body += lang_alt("dc:description", {"x-default": caption})
    if title is not None:
        body += lang_alt("dc:title", {"x-default": title})
    if copyright is not None:
        body += lang_alt("dc:rights", {"x-default": copyright})
    if byline is not None:
        body += seq("dc:creator", byline)
    if keywords is not None:
        body += seq("dc:subject", keywords, "Bag")
    for name, value in photoshop.items():
        prefix = "Iptc4xmpCore" if name in ("Location", "CountryCode") else "photoshop"
        body += simple(f"{prefix}:{name}", value)
    if digest is not None:
        body += simple("photoshop:LegacyIPTCDigest", digest.hex().upper())
    return xmp_packet(body)


# --- JPEG --------------------------------------------------------------------------------------


def pixels_jpeg(size: tuple[int, int] = (16, 12), color=(200, 60, 30), **save) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG", **save)
    return buf.getvalue()


def noisy_jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG whose image data is long (noise), for cutting in the middle of the scan."""
    noise = bytes((i * 7919) % 251 for i in range(size[0] * size[1] * 3))
    img = Image.frombytes("RGB", size, noise)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=95)
    return buf.getvalue()


def segment(marker: int, payload: bytes, *, length: int | None = None) -> bytes:
    """``FF marker`` + length + payload; ``length`` overrides the stored length."""
    size = len(payload) + 2 if length is None else length
    return bytes([0xFF, marker]) + struct.pack(">H", size) + payload


def app1_exif(tiff: bytes) -> bytes:
    return segment(0xE1, b"Exif\x00\x00" + tiff)


def app1_xmp(packet: bytes) -> bytes:
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)


def app13(resources: bytes) -> bytes:
    return segment(0xED, b"Photoshop 3.0\x00" + resources)


def splice(jpeg: bytes, segments: Iterable[bytes]) -> bytes:
    """Insert segments right after SOI."""
    assert jpeg[:2] == b"\xff\xd8"
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def jpeg_file(
    *,
    exif: bytes | None = None,
    xmp: bytes | None = None,
    iim: bytes | None = None,
    digest: bytes | str | None = "auto",
    extra: Sequence[bytes] = (),
    base: bytes | None = None,
) -> bytes:
    """A JPEG with the given EXIF TIFF blob, XMP packet and IIM block (+ digest)."""
    segments = []
    if exif is not None:
        segments.append(app1_exif(exif))
    if xmp is not None:
        segments.append(app1_xmp(xmp))
    if iim is not None or digest not in ("auto", None):
        segments.append(app13(photoshop_resources(iim, digest)))
    segments.extend(extra)
    return splice(base if base is not None else pixels_jpeg(), segments)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- TIFF file ---------------------------------------------------------------------------------


def tiff_file(
    *,
    ifd0: Sequence[Entry] = (),
    exif_ifd: Sequence[Entry] | None = None,
    xmp: bytes | None = None,
    iim: bytes | None = None,
    photoshop: bytes | None = None,
    size: tuple[int, int] = (4, 3),
    endian: str = "<",
) -> bytes:
    """A real, uncompressed RGB TIFF (Pillow opens it) with metadata tags in IFD0."""
    width, height = size
    builder = TiffBuilder(endian)
    pixels = bytes([120, 30, 200]) * (width * height)
    strip = builder.add_blob(pixels)
    entries: list[Entry] = [
        (IMAGE_WIDTH, LONG, width),
        (IMAGE_LENGTH, LONG, height),
        (BITS_PER_SAMPLE, SHORT, [8, 8, 8]),
        (COMPRESSION, SHORT, 1),
        (PHOTOMETRIC, SHORT, 2),
        (STRIP_OFFSETS, LONG, strip),
        (SAMPLES_PER_PIXEL, SHORT, 3),
        (ROWS_PER_STRIP, LONG, height),
        (STRIP_BYTE_COUNTS, LONG, len(pixels)),
        *ifd0,
    ]
    if exif_ifd is not None:
        entries.append((EXIF_IFD_POINTER, LONG, builder.add_ifd(exif_ifd)))
    if xmp is not None:
        entries.append((XMP_TAG, BYTE, xmp))
    if iim is not None:
        entries.append((IPTC_TAG, UNDEFINED, iim))
    if photoshop is not None:
        entries.append((PHOTOSHOP_TAG, UNDEFINED, photoshop))
    builder.set_first_ifd(builder.add_ifd(entries))
    return builder.to_bytes()


# --- PNG ---------------------------------------------------------------------------------------


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt_xmp(packet: bytes, *, compressed: bool = False) -> bytes:
    text = zlib.compress(packet) if compressed else packet
    return png_chunk(
        b"iTXt", b"XML:com.adobe.xmp\x00" + bytes([int(compressed), 0]) + b"\x00\x00" + text
    )


def png_file(
    *,
    xmp: bytes | None = None,
    exif: bytes | None = None,
    compressed_xmp: bool = False,
    size: tuple[int, int] = (8, 6),
    extra_chunks: Sequence[bytes] = (),
) -> bytes:
    """Pillow's PNG with iTXt XML:com.adobe.xmp and eXIf chunks inserted after IHDR."""
    buf = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buf, "PNG")
    data = buf.getvalue()
    ihdr_end = 8 + 8 + 13 + 4
    chunks = b""
    if exif is not None:
        chunks += png_chunk(b"eXIf", exif)
    if xmp is not None:
        chunks += itxt_xmp(xmp, compressed=compressed_xmp)
    chunks += b"".join(extra_chunks)
    return data[:ihdr_end] + chunks + data[ihdr_end:]


# --- WebP --------------------------------------------------------------------------------------


def webp_file(
    *, xmp: bytes | None = None, exif: bytes | None = None, size: tuple[int, int] = (10, 7)
) -> bytes:
    """Pillow's WebP; with metadata Pillow writes a VP8X header plus EXIF / XMP chunks."""
    buf = io.BytesIO()
    save: dict[str, bytes] = {}
    if xmp is not None:
        save["xmp"] = xmp
    if exif is not None:
        save["exif"] = b"Exif\x00\x00" + exif
    Image.new("RGB", size, (90, 90, 200)).save(buf, "WEBP", **save)
    return buf.getvalue()


def entry_position(tiff: bytes, tag: int, ifd_offset: int | None = None) -> int:
    """Byte position of ``tag``'s 12-byte entry in an IFD (IFD0 by default) of a TIFF blob."""
    endian = "<" if tiff[:2] == b"II" else ">"
    if ifd_offset is None:
        (ifd_offset,) = struct.unpack(endian + "I", tiff[4:8])
    (count,) = struct.unpack(endian + "H", tiff[ifd_offset : ifd_offset + 2])
    for i in range(count):
        pos = ifd_offset + 2 + 12 * i
        if struct.unpack(endian + "H", tiff[pos : pos + 2])[0] == tag:
            return pos
    raise KeyError(tag)


def patch_entry(
    tiff: bytes,
    tag: int,
    *,
    count: int | None = None,
    field: int | None = None,
    ifd_offset: int | None = None,
) -> bytes:
    """A copy of ``tiff`` with one entry's count and/or value field (offset) replaced."""
    endian = "<" if tiff[:2] == b"II" else ">"
    pos = entry_position(tiff, tag, ifd_offset)
    out = bytearray(tiff)
    if count is not None:
        out[pos + 4 : pos + 8] = struct.pack(endian + "I", count)
    if field is not None:
        out[pos + 8 : pos + 12] = struct.pack(endian + "I", field)
    return bytes(out)


def first_ifd(tiff: bytes) -> int:
    endian = "<" if tiff[:2] == b"II" else ">"
    return struct.unpack(endian + "I", tiff[4:8])[0]


def set_first_ifd(tiff: bytes, offset: int) -> bytes:
    endian = "<" if tiff[:2] == b"II" else ">"
    return tiff[:4] + struct.pack(endian + "I", offset) + tiff[8:]


def set_next_ifd(tiff: bytes, ifd_offset: int, next_offset: int) -> bytes:
    """Point the "next IFD" link of the IFD at ``ifd_offset`` somewhere (a loop, past the end)."""
    endian = "<" if tiff[:2] == b"II" else ">"
    (count,) = struct.unpack(endian + "H", tiff[ifd_offset : ifd_offset + 2])
    pos = ifd_offset + 2 + 12 * count
    return tiff[:pos] + struct.pack(endian + "I", next_offset) + tiff[pos + 4 :]


# --- the real CLI --------------------------------------------------------------------------------


def run_cli(*args: str, timeout: float = 60):
    """``caption-desk ARGS`` in a fresh interpreter (``python -m editor_app`` is the GUI)."""
    return subprocess.run(
        [sys.executable, "-m", "editor_app.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        encoding="utf-8",
    )
