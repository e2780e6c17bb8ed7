"""JPEG segment scanner: the header segments up to the first SOS, nothing of the image data."""

import logging
import struct
from dataclasses import dataclass
from typing import BinaryIO

from editor_app.errors import MetadataReadError

log = logging.getLogger(__name__)

SOI = 0xD8
EOI = 0xD9
SOS = 0xDA
APP1 = 0xE1
APP13 = 0xED
COM = 0xFE
EXIF_HEADER = b"Exif\x00\x00"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
# A variant some Getty-era tools wrote; ExifTool reads it as standard XMP.
XMP_ODD_HEADER = b"XMP\x00://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION_HEADER = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP_HEADER = b"Photoshop 3.0\x00"

# Start-of-frame markers that carry the picture size (not DHT C4, JPG C8, DAC CC).
_SOF_MARKERS = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
# Markers without a length field.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})
_MAX_SEGMENTS = 4096


@dataclass(frozen=True, slots=True)
class Segment:
    marker: int
    offset: int  # of the 0xFF that starts the marker
    payload: bytes  # without marker and length

    @property
    def end(self) -> int:
        return self.offset + 4 + len(self.payload)


@dataclass(frozen=True, slots=True)
class JpegHeader:
    segments: tuple[Segment, ...]  # every segment before the first SOS
    sos_offset: int | None  # None when the file ends before any image data
    width: int | None = None
    height: int | None = None
    damage: str | None = None  # set when a tolerant scan stopped at a broken segment

    def app(self, marker: int, prefix: bytes) -> list[Segment]:
        """Segments with this marker whose payload starts with ``prefix``."""
        return [s for s in self.segments if s.marker == marker and s.payload.startswith(prefix)]


def read_jpeg_header(fh: BinaryIO, *, strict: bool = True) -> JpegHeader:
    """Scan segments from SOI to the first SOS.

    A broken header raises MetadataReadError; with ``strict=False`` (the reader) the segments
    before the damage are returned with ``damage`` set, as ExifTool reads what it can.
    """
    fh.seek(0)
    if fh.read(2) != b"\xff\xd8":
        raise MetadataReadError("not a JPEG file (no start-of-image marker)")
    segments: list[Segment] = []
    try:
        return _scan(_ReadAhead(fh), segments)
    except MetadataReadError as exc:
        if strict or not segments:
            raise
        return JpegHeader(tuple(segments), None, damage=str(exc))


class _ReadAhead:
    """``fh.read`` served from 64 KB reads: a header is some fifty small reads (markers, lengths,
    payloads), which cost more as method calls than the bytes they return."""

    __slots__ = ("_data", "_fh", "_pos")

    def __init__(self, fh: BinaryIO) -> None:
        self._fh, self._data, self._pos = fh, b"", 0

    def read(self, size: int) -> bytes:
        end = self._pos + size
        if end > len(self._data):  # keep what is left, then read at least a chunk more
            self._fill(size)
            end = size
        chunk = self._data[self._pos : end]
        self._pos += len(chunk)
        return chunk

    def segment_start(self) -> tuple[int, int] | None:
        """The common case in one step: a marker byte after a single 0xFF, and the segment's
        length, both consumed; None (nothing consumed) for anything else."""
        pos = self._pos
        if pos + 4 > len(self._data):
            self._fill(4)
            pos = 0
        data = self._data
        if len(data) - pos < 4 or data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF or marker in _STANDALONE or marker in (SOS, EOI):
            return None
        self._pos = pos + 4
        return marker, (data[pos + 2] << 8) | data[pos + 3]

    def _fill(self, size: int) -> None:
        self._data = self._data[self._pos :] + self._fh.read(max(size, _READ_AHEAD))
        self._pos = 0


_READ_AHEAD = 1 << 16


def _scan(fh: _ReadAhead, segments: list[Segment]) -> JpegHeader:
    width = height = None
    offset = 2
    marker: int | None
    while len(segments) < _MAX_SEGMENTS:
        start = fh.segment_start()
        if start is not None:  # the same as the steps below, in one call
            marker, length = start
            offset += 2
        else:
            marker, offset = _next_marker(fh, offset)
            if marker is None or marker == EOI:
                return JpegHeader(tuple(segments), None, width, height)
            if marker == SOS:
                return JpegHeader(tuple(segments), offset - 2, width, height)
            if marker in _STANDALONE:
                continue
            length_bytes = fh.read(2)
            if len(length_bytes) < 2:
                raise MetadataReadError(
                    f"truncated JPEG (segment at byte {offset - 2} has no length)"
                )
            (length,) = struct.unpack(">H", length_bytes)
        if length < 2:
            raise MetadataReadError(f"corrupt JPEG (segment length {length} at byte {offset})")
        payload = fh.read(length - 2)
        if len(payload) < length - 2:
            raise MetadataReadError(
                f"truncated JPEG (segment at byte {offset - 2} claims {length} bytes, "
                f"file ends after {len(payload) + 2})"
            )
        segments.append(Segment(marker, offset - 2, payload))
        if marker in _SOF_MARKERS and len(payload) >= 5 and width is None:
            height, width = struct.unpack(">HH", payload[1:5])
        offset += length
    raise MetadataReadError("corrupt JPEG (too many segments before the image data)")


def _next_marker(fh: _ReadAhead, offset: int) -> tuple[int | None, int]:
    """The next marker byte and the offset just after it; tolerates fill bytes (0xFF...)."""
    byte = fh.read(1)
    if not byte:
        return None, offset
    if byte != b"\xff":
        raise MetadataReadError(f"corrupt JPEG (expected a marker at byte {offset})")
    while True:
        byte = fh.read(1)
        offset += 1
        if not byte:
            return None, offset
        if byte != b"\xff":
            return byte[0], offset + 1
