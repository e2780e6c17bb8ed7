"""The public surface of the metadata package: ``read_photo(path)`` for every format we read.

Reading never raises for a bad file: the record carries one readable sentence in ``error``.
"""

import logging
import os
import re
from pathlib import Path

from editor_app.errors import MetadataReadError, os_reason, path_reason
from editor_app.metadata.containers import READERS, Blocks, read_jpeg
from editor_app.metadata.exif import exif_data
from editor_app.metadata.failures import unexpected_reason
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.formats import format_of
from editor_app.metadata.iptc import decode_iim, iim_digest
from editor_app.metadata.jpeg import READ_AHEAD
from editor_app.metadata.reconcile import reconcile
from editor_app.metadata.record import PhotoMetadata, failed
from editor_app.metadata.regular import DescriptorFile, open_regular, open_sized
from editor_app.metadata.sidecar import LOOK, Known, find_sidecar
from editor_app.metadata.xmp import MAX_XMP_BYTES, XmpValues, parse_xmp

log = logging.getLogger(__name__)

# Formats whose XMP normally lives in a sidecar (we write sidecars for them): the sidecar wins.
SIDECAR_FIRST_FORMATS = frozenset({"PNG", "WEBP"})
# How a read that met an exception we did not foresee begins (the fuzz tests look for it: an
# expected failure has its own sentence).
UNEXPECTED_READ = "could not be read: "


def read_photo(path: str | os.PathLike, *, sidecar: Known = LOOK) -> PhotoMetadata:
    """Read and reconcile every caption field of one photo; never raises for a bad file.

    ``sidecar``: the file name of the photo's XMP sidecar in its folder, or None for none,
    when the caller's folder listing knows it (``sidecar.listed_sidecar``); by default it is
    looked for on disk.
    """
    path = path if isinstance(path, Path) else Path(path)  # scan_file's: not built again
    try:
        fmt, blocks = _read_blocks(path)
    except MetadataReadError as exc:
        return failed(path, one_line(str(exc)) or "")
    except OSError as exc:
        return failed(path, path_reason(path, exc))
    except Exception as exc:  # a damaged file must never stop a batch
        return failed(path, UNEXPECTED_READ + unexpected_reason(path, exc, "read"))
    return _record(path, fmt, blocks, sidecar)


def _read_blocks(path: Path) -> tuple[str, Blocks]:
    try:
        fd, size = open_sized(path)
    except (OSError, MetadataReadError):
        if path.is_dir():  # asked only now: one stat less for every photo
            try:  # a folder walking could not list stands where its photos would be
                os.scandir(path).close()
            except OSError as exc:
                raise MetadataReadError(f"cannot list the folder ({os_reason(exc)})") from None
        raise
    try:
        plain = DescriptorFile(fd, size)  # a JPEG needs two or three reads: no buffered file
        head = plain.read(READ_AHEAD)  # one read for the format and, mostly, a JPEG's header
        fmt = format_of(head)
        if fmt == "JPEG":
            return fmt, read_jpeg(plain, head)  # type: ignore[arg-type]
        with os.fdopen(os.dup(fd), "rb") as fh:  # the others seek and read in small steps
            return fmt, READERS[fmt](fh)
    finally:
        os.close(fd)


def _record(path: Path, fmt: str, blocks: Blocks, listed: Known = LOOK) -> PhotoMetadata:
    notes = list(blocks.notes)
    exif = exif_data(blocks.exif_tags)
    iim = decode_iim(blocks.iim) if blocks.iim else None
    if iim:
        notes.extend(iim.notes)
    xmp, sidecar, error = _xmp(path, fmt, blocks.xmp, notes, listed)
    in_sync = True
    if iim and blocks.stored_digest is not None:
        in_sync = blocks.stored_digest == iim_digest(blocks.iim[0])
        if not in_sync:
            notes.append(
                "the IPTC digest is not current: the IIM was edited after the XMP, "
                "so IIM values win"
            )
    # The desk writes a PNG's or WebP's fields into the sidecar and cannot reach the file's own
    # EXIF or IIM: the sidecar's values win, and are the newest word, not a conflict to fix.
    sidecar_first = sidecar is not None and fmt in SIDECAR_FIRST_FORMATS
    chosen = reconcile(exif, iim, xmp, in_sync, xmp_first=sidecar_first)
    conflicts = chosen.conflicts
    if sidecar_first:
        conflicts = [c for c in conflicts if c.chosen != "xmp"]
    return _record_of(
        path=path,
        format=fmt,
        width=blocks.width,
        height=blocks.height,
        exif=exif,
        sources=chosen.sources,
        conflicts=tuple(conflicts),
        caption_languages=dict(xmp.caption_languages) if xmp else {},
        iim_charset=iim.charset if iim else None,
        has_exif=bool(blocks.exif_tags),
        has_iptc=iim is not None,
        has_xmp=xmp is not None,
        sidecar=sidecar,
        notes=tuple(notes),
        error=one_line(blocks.damage or error),
        **_typed(chosen.values),
    )


_record_of = quick_init(PhotoMetadata)  # one per photo read: a third of __init__'s time


def one_line(text: str | None) -> str | None:
    """A message safe to print as one line: control characters become "?"."""
    if text is None:
        return None
    return _CONTROL.sub("?", text)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _typed(values: dict[str, object]) -> dict[str, object]:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


def _xmp(
    path: Path, fmt: str, embedded: bytes | None, notes: list[str], listed: Known = LOOK
) -> tuple[XmpValues | None, Path | None, str | None]:
    """Embedded and sidecar XMP merged by the sidecar rule; an error for hostile XML."""
    packets: list[XmpValues] = []
    if embedded is not None:
        packets.append(parse_xmp(embedded))
    if listed is LOOK:
        sidecar = find_sidecar(path)
    else:  # the folder listing knew: two failed stats less for most photos
        sidecar = path.with_name(listed) if listed is not None else None
    if sidecar is not None:
        side = parse_xmp(_read_bounded(sidecar))
        side.notes[:] = [f"sidecar {sidecar.name}: {n}" for n in side.notes]
        packets.insert(0 if fmt in SIDECAR_FIRST_FORMATS else len(packets), side)
    if not packets:
        return None, None, None
    merged = XmpValues()
    for packet in packets:
        notes.extend(packet.notes)
        # an empty field in one packet must not hide the other's value
        text = {k: v for k, v in packet.text.items() if v and not v.isspace()}
        lists = {k: v for k, v in packet.lists.items() if _any_text(v)}
        if len(packets) == 1:  # the usual case: nothing to merge
            merged.text, merged.lists = text, lists
            merged.caption_languages.update(packet.caption_languages)
        else:
            for name, value in text.items():
                merged.text.setdefault(name, value)
            for name, items in lists.items():
                merged.lists.setdefault(name, items)
            for lang, value in packet.caption_languages.items():
                merged.caption_languages.setdefault(lang, value)
        merged.legacy_digest = merged.legacy_digest or packet.legacy_digest
    unsafe = next((n for n in notes if "unsafe XML" in n), None)
    return merged, sidecar, unsafe


def _any_text(items: list[str]) -> bool:
    return any(item and not item.isspace() for item in items)


def _read_bounded(path: Path) -> bytes:
    with open_regular(path) as fh:
        return fh.read(MAX_XMP_BYTES + 1)
