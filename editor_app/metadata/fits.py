"""Will a change set fit *this* photo? The save step's look at the file before anything is saved.

A JPEG carries its XMP in one APP1 segment (a packet of at most 65,502 bytes; extended XMP is
for other tools' data, we never split ours) and its Exif in another (65,527 bytes); a sidecar
or a TIFF's packet is read back up to 8 MB. A caption that fits an empty packet can still
overflow a JPEG that already carries 40 KB of other tools' XMP: the save refuses it, naming the
field to shorten, instead of recording a revision that fails at every write.
"""

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from editor_app.metadata import jpeg, tiff_write
from editor_app.metadata.changes import FieldValue, xmp_size
from editor_app.metadata.exif_write import MAX_BLOB, ExifFullError
from editor_app.metadata.fields import EXIF_FIELDS
from editor_app.metadata.jpeg_write import MAX_XMP_PACKET, segment_kind
from editor_app.metadata.regular import open_regular
from editor_app.metadata.sidecar import find_sidecar, sidecar_path
from editor_app.metadata.writer import WriteOptions, jpeg_segments, sniff
from editor_app.metadata.xmp import MAX_XMP_BYTES
from editor_app.metadata.xmp_write import update_packet, wrap_packet

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Overflow:
    where: str  # "its XMP", "its Exif", "its sidecar NAME.xmp"
    size: int  # bytes it would take
    limit: int
    held: int  # bytes of that block the file holds today
    sidecar_helps: bool = True


def check_fits_file(
    path: str | os.PathLike,
    changes: dict[str, FieldValue],
    options: WriteOptions,
    pending: Mapping[str, FieldValue] | None = None,
) -> None:
    """Raise ValueError, one line naming the field and what to shorten, when writing
    ``changes`` into the file at ``path`` would overflow one of its metadata blocks.

    ``pending``: fields saved earlier and not yet in the file; the write brings them along, so
    they are sized too (the field named is one of ``changes``). Anything else wrong with the
    file (gone, damaged, read-only) is left to the write, which reports it in its own words;
    this is a look, not a promise (the file may change meanwhile).
    """
    if not changes:
        return
    written = {**(pending or {}), **changes}
    fields = tuple(changes)
    try:
        over = _overflow(Path(path), written, options)
    except ExifFullError as exc:
        fields = tuple(name for name in EXIF_FIELDS if name in changes) or fields
        over = _Overflow("its Exif", exc.size, MAX_BLOB, 0)
    except Exception:  # unreadable now (damaged, gone...): the write will say why
        log.debug("%s: size check skipped", path, exc_info=True)
        return
    if over is not None:
        field = max(fields, key=lambda name: xmp_size(changes[name]))
        raise ValueError(_message(over, field))


def _overflow(
    path: Path, changes: dict[str, FieldValue], options: WriteOptions
) -> _Overflow | None:
    real = Path(os.path.realpath(path))
    fmt = sniff(real)
    if options.sidecar or fmt not in ("JPEG", "TIFF"):
        return _sidecar(path, changes)
    with open_regular(real) as fh:
        if fmt == "TIFF":
            old = tiff_write.read_tiff_values(fh).xmp
            size = len(wrap_packet(update_packet(old, changes)))
            return _over("its XMP", size, MAX_XMP_BYTES, len(old or b""), False)
        header = jpeg.read_jpeg_header(fh)
    xmp = [s.payload for s in header.segments if segment_kind(s) == "xmp"]
    held = len(xmp[0]) - len(jpeg.XMP_HEADER) if xmp else 0  # the packet the writer replaces
    _xml, new, _warnings = jpeg_segments(header, changes, options)
    return _over("its XMP", len(new.xmp or b""), MAX_XMP_PACKET, held, True)


def _sidecar(path: Path, changes: dict[str, FieldValue]) -> _Overflow | None:
    target = find_sidecar(path)
    old = None
    if target is not None:
        with open_regular(target) as fh:
            old = fh.read(MAX_XMP_BYTES + 1)
    size = len((update_packet(old, changes) + "\n").encode("utf-8"))
    name = (target or sidecar_path(path)).name
    return _over(f"its sidecar {name}", size, MAX_XMP_BYTES, len(old or b""), False)


def _over(where: str, size: int, limit: int, held: int, helps: bool) -> _Overflow | None:
    if size <= limit:
        return None
    return _Overflow(where, size, limit, held, helps)


def _message(over: _Overflow, field: str) -> str:
    held = f" (it already holds {over.held} bytes there)" if over.held else ""
    alternative = "; or write a sidecar instead" if over.sidecar_helps else ""
    return (
        f"{field}: too long for this file: {over.where} would grow to {over.size} bytes, over "
        f"the {over.limit}-byte limit{held}; shorten the {field} by at least "
        f"{over.size - over.limit} bytes{alternative}"
    )
