"""``write_photo(path, changes)``: caption fields into JPEG and TIFF files, or an XMP sidecar.

MWG writing rules: XMP always; EXIF ImageDescription/Artist/Copyright as UTF-8; IPTC-IIM in
UTF-8 (1:90 = ESC % G) with record version 4 and a fresh digest, always or only when the file
already has IIM (``WriteOptions.iim``). PNG, WebP and anything else get ``NAME.xmp`` beside
them; ``WriteOptions(sidecar=True)`` does that for every format. Files are replaced atomically
(``atomic``): a failure leaves the original untouched.

Writers of one photo take turns (``filelock``) from reading the old metadata to the rename.
Programs that ignore that lock are caught instead: the file we read must be the one the lock
was taken on, and still the same file (inode, size, times) right before the rename, or nothing
is written. So a photo rewritten in place (``cp``) or replaced by rename while we copy it is
never published as a mix, and a caption never lands in a picture that was not the one meant.
"""

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from editor_app.errors import MetadataReadError, MetadataWriteError, UnsupportedFormat, os_reason
from editor_app.metadata import irb_write, jpeg, tiff_write
from editor_app.metadata.atomic import replace_atomically
from editor_app.metadata.changes import FieldValue, check_text_size, normalize_changes
from editor_app.metadata.exif_write import (
    DEFAULT_RESOLUTION,
    ExifFullError,
    exif_values,
    update_exif_blob,
)
from editor_app.metadata.failures import unexpected_reason
from editor_app.metadata.fields import EMBEDDED_FORMATS
from editor_app.metadata.filelock import HeldLock, NotRegularFileError, photo_lock, stamp
from editor_app.metadata.formats import is_tiff, photo_format
from editor_app.metadata.iim_write import NEWLINES, IimUpdate, build_iim
from editor_app.metadata.iptc import iim_digest
from editor_app.metadata.jpeg_write import (
    BLOCK,
    MAX_XMP_PACKET,
    NewSegments,
    build_header,
    segment_kind,
    write_jpeg,
)
from editor_app.metadata.regular import NotRegularFile, open_regular
from editor_app.metadata.sidecar import find_sidecar, sidecar_path
from editor_app.metadata.xmp import MAX_XMP_BYTES
from editor_app.metadata.xmp_write import update_packet, wrap_packet

log = logging.getLogger(__name__)

_MAX_SIDECAR = MAX_XMP_BYTES
SOURCE_CHANGED = (
    "another program changed the file while Caption Desk was writing it; nothing was written "
    "(save again once it is done)"
)


class IimPolicy(StrEnum):
    ALWAYS = "always"  # news systems still read IIM: the desk default
    IF_PRESENT = "if-present"  # MWG: only update IIM the file already has


@dataclass(frozen=True, slots=True)
class WriteOptions:
    iim: IimPolicy = IimPolicy.ALWAYS
    iim_newline: str = "lf"  # line breaks in IIM text: "lf" (exact), "crlf" or "cr"
    sidecar: bool = False  # write NAME.xmp instead of embedding, whatever the format
    fsync: bool = True  # flush file and folder to disk before reporting success


@dataclass(frozen=True, slots=True)
class WriteResult:
    path: Path  # the photo
    target: Path  # the file that was replaced: the photo itself or its sidecar
    fields: tuple[str, ...]  # the fields that were set or cleared
    warnings: tuple[str, ...] = ()

    @property
    def sidecar(self) -> bool:
        return self.target != self.path


def write_photo(
    path: str | os.PathLike, changes: dict[str, object], options: WriteOptions = WriteOptions()
) -> WriteResult:
    """Apply ``changes`` (field -> value, "" clears) to one photo.

    Raises:
        ValueError: ``changes`` is invalid (unknown field, bad date...): nothing was touched.
        MetadataWriteError: the file could not be written; it is untouched. Its message is
            the reason in words, also for exceptions nobody expected (``failures``).
    """
    if options.iim_newline not in NEWLINES:
        raise ValueError(f"iim_newline must be one of {', '.join(NEWLINES)}")
    normalized = normalize_changes(changes)
    path = Path(path)
    if not normalized:
        return WriteResult(path, path, ())  # nothing to change: the file is not rewritten
    real = Path(os.path.realpath(path))  # write through symlinks, never replace them
    try:
        with photo_lock(real) as held:
            target, warnings = _write_locked(path, real, held, normalized, options)
    except MetadataReadError as exc:
        raise MetadataWriteError(str(exc)) from None
    except NotRegularFileError:
        raise MetadataWriteError("not a regular file; not writing into it") from None
    except OSError as exc:
        raise MetadataWriteError(os_reason(exc)) from None
    except MetadataWriteError:
        raise
    except Exception as exc:  # never "RecursionError" alone: what it means, traceback logged
        raise MetadataWriteError(unexpected_reason(path, exc)) from exc
    if target == real:
        target = path
    return WriteResult(path, target, tuple(normalized), tuple(warnings))


def check_fits(fmt: str, changes: dict[str, FieldValue], options: WriteOptions) -> None:
    """Raise ValueError when ``changes`` alone cannot fit the XMP of a photo in ``fmt``.

    For the save step: a caption no file of that format can hold is refused before the catalog
    records it, instead of staying "not yet written" with every later save failing.
    """
    if fmt == "JPEG" and not options.sidecar:
        check_text_size(changes, MAX_XMP_PACKET - _EMPTY_PACKET, "a JPEG's XMP (use a sidecar)")


_EMPTY_PACKET = 259  # the xpacket wrapper and rdf skeleton around the values


def _write_locked(
    path: Path,
    real: Path,
    held: HeldLock,
    changes: dict[str, FieldValue],
    options: WriteOptions,
) -> tuple[Path, list[str]]:
    if held.changed():  # replaced since the lock was taken (by a catalog check, say)
        raise MetadataWriteError(SOURCE_CHANGED)
    try:
        return _write_format(path, real, held, changes, options)
    except (MetadataReadError, MetadataWriteError):
        if held.changed():  # "empty file", "truncated JPEG"...: another program is writing it
            raise MetadataWriteError(SOURCE_CHANGED) from None
        raise


def _write_format(
    path: Path,
    real: Path,
    held: HeldLock,
    changes: dict[str, FieldValue],
    options: WriteOptions,
) -> tuple[Path, list[str]]:
    fmt = sniff(real)
    if options.sidecar or fmt not in EMBEDDED_FORMATS:
        # beside the path as given (a symlink's own folder), where the reader looks
        return _write_sidecar(path, changes, options)
    if fmt == "JPEG":
        return real, _write_jpeg(_writable(real), changes, options, held)
    return real, _write_tiff(_writable(real), changes, options, held)


class _Source:
    """The file a writer copies from: it must stay the file the lock was taken on, unchanged."""

    def __init__(self, path: Path, fd: int, held: HeldLock) -> None:
        self.path, self.fd = path, fd
        self.before = stamp(os.fstat(fd))
        if held.stat is not None and stamp(held.stat) != self.before:
            raise MetadataWriteError(SOURCE_CHANGED)

    @contextlib.contextmanager
    def watch(self) -> Iterator[None]:
        """Around the copy: a source cut or rewritten under it fails the copy as "changed"."""
        try:
            yield
        except MetadataWriteError:
            self.check()
            raise
        self.check()  # before fsync: a torn copy is dropped without waiting for the disk

    def check(self) -> None:
        """Raise unless the source and the name still hold what we read (before the rename)."""
        try:
            named = stamp(os.stat(self.path))
        except FileNotFoundError:
            named = None
        if stamp(os.fstat(self.fd)) != self.before or named != self.before:
            log.warning("%s changed while it was being written; nothing written", self.path)
            raise MetadataWriteError(SOURCE_CHANGED)

    def replaced(self, name: Path) -> None:
        """After the exchange: the file we replaced (now ``name``) must be the one we read.

        Its ctime moved with the exchange; inode, size and mtime did not, unless another
        program replaced or rewrote the photo after :meth:`check`. Raising undoes the exchange.
        """
        _same_file(name, self.before, self.path)


def _same_file(name: Path, before: tuple[int, ...] | None, path: Path) -> None:
    try:
        now = stamp(os.stat(name))[:4]
    except FileNotFoundError:
        now = None
    if before is None or now != before[:4]:
        log.warning("%s changed right before it was replaced; nothing written", path)
        raise MetadataWriteError(SOURCE_CHANGED)


def sniff(path: Path) -> str | None:
    """JPEG or TIFF (edited in place), another format we read, or None: both get a sidecar."""
    with open_regular(path) as fh:
        try:
            return photo_format(fh)
        except UnsupportedFormat:
            return None


def _writable(path: Path) -> Path:
    """A file without any write permission bit is the user's "do not modify" (even for root)."""
    if not path.stat().st_mode & 0o222:
        raise MetadataWriteError("the file is read-only; not changing it")
    return path


def _iim(
    old_blocks: list[bytes], changes: dict[str, FieldValue], options: WriteOptions
) -> IimUpdate | None:
    has_iim = any(old_blocks)
    if options.iim == IimPolicy.IF_PRESENT and not has_iim:
        return None
    return build_iim(old_blocks, changes, options.iim_newline)


def _write_jpeg(
    path: Path, changes: dict[str, FieldValue], options: WriteOptions, held: HeldLock
) -> list[str]:
    with open_regular(path) as src:
        source = _Source(path, src.fileno(), held)
        header = jpeg.read_jpeg_header(src)
        if header.sos_offset is None:
            raise MetadataWriteError("the JPEG has no image data; not writing into it")
        xml, new, warnings = jpeg_segments(header, changes, options)
        data = build_header(header, new)
        # Pad the XMP so the image data keeps its offset modulo the filesystem block: then
        # copy_file_range shares the blocks (XFS, Btrfs) instead of copying 10 MB per photo.
        pad = (header.sos_offset - len(data)) % BLOCK
        if pad and len(new.xmp or b"") + pad <= MAX_XMP_PACKET:
            new = replace(new, xmp=wrap_packet(xml, pad))
            data = build_header(header, new)
        size = os.fstat(src.fileno()).st_size

        sos_offset = header.sos_offset
        assert sos_offset is not None  # the header parser refuses a JPEG without image data

        def write(fd: int) -> None:
            with source.watch():
                write_jpeg(fd, src.fileno(), data, sos_offset, size)

        replace_atomically(
            path, write, fsync=options.fsync, check=source.check, replaced=source.replaced
        )
    return warnings


def jpeg_segments(
    header: jpeg.JpegHeader, changes: dict[str, FieldValue], options: WriteOptions
) -> tuple[str, NewSegments, list[str]]:
    """The new segments, and the XMP packet's XML (to wrap again with padding).

    Raises ExifFullError when the Exif segment cannot take the new values.
    """
    kinds = [segment_kind(s) for s in header.segments]
    exif = _payloads(header, kinds, "exif", len(jpeg.EXIF_HEADER))
    if len(exif) > 1 and _adjacent_exif(header, kinds):
        raise MetadataWriteError("EXIF continued over several segments is not supported")
    xmp = _payloads(header, kinds, "xmp", len(jpeg.XMP_HEADER))
    irb = b"".join(_payloads(header, kinds, "photoshop", len(jpeg.PHOTOSHOP_HEADER)))
    iim = _iim(irb_write.iim_blocks(irb), changes, options)
    photoshop = None
    if iim is not None:
        photoshop = irb_write.split_for_segments(irb_write.replace_iptc(irb, iim.block, iim.digest))
    packet = update_packet(xmp[0] if xmp else None, changes, iim.digest if iim else None)
    warnings = list(iim.warnings) if iim else []
    values = exif_values(changes)
    new_exif = _exif_blob(exif[0] if exif else None, values, warnings, _jfif_resolution(header))
    new = NewSegments(exif=new_exif, xmp=wrap_packet(packet), photoshop=photoshop)
    return packet, new, warnings


def _jfif_resolution(header: jpeg.JpegHeader) -> tuple[int, int, int]:
    """The JFIF density as Exif resolution (x, y, unit), so a new Exif agrees with it."""
    for seg in header.segments:
        data = seg.payload
        if seg.marker == 0xE0 and data[:5] == b"JFIF\x00" and len(data) >= 12:
            units, x, y = data[7], int.from_bytes(data[8:10]), int.from_bytes(data[10:12])
            if units in (1, 2) and x and y:  # dots per inch or per cm; 0 is an aspect ratio
                return x, y, units + 1
    return DEFAULT_RESOLUTION


def _exif_blob(
    old: bytes | None,
    values: dict[int, str],
    warnings: list[str],
    resolution: tuple[int, int, int] = DEFAULT_RESOLUTION,
) -> bytes | None:
    """The new Exif blob, None to keep the old one.

    An Exif segment already at the 64 KB limit (big thumbnail, maker notes) is left alone with a
    warning when it has none of the tags we would change (XMP and IIM carry the values, and no
    stale EXIF value can win over them when read); otherwise the write fails.
    """
    if not values:
        return None
    try:
        return update_exif_blob(old, values, resolution)
    except ExifFullError as exc:
        if exc.present & set(values):
            raise
        warnings.append(f"EXIF left unchanged: {exc} (XMP and IPTC carry the values)")
        return None


def _payloads(header: jpeg.JpegHeader, kinds: list[str], kind: str, skip: int) -> list[bytes]:
    return [s.payload[skip:] for s, k in zip(header.segments, kinds, strict=True) if k == kind]


def _adjacent_exif(header: jpeg.JpegHeader, kinds: list[str]) -> bool:
    """An Exif APP1 continued in the next segment (ExifTool's multi-segment EXIF).

    A following segment that starts with its own TIFF header is a separate (duplicate) Exif
    block instead: we update the first and keep it.
    """
    segs = header.segments
    for i in range(len(segs) - 1):
        if kinds[i] == kinds[i + 1] == "exif" and segs[i].end == segs[i + 1].offset:
            head = segs[i + 1].payload[len(jpeg.EXIF_HEADER) : len(jpeg.EXIF_HEADER) + 4]
            if not is_tiff(head):
                return True
    return False


def _write_tiff(
    path: Path, changes: dict[str, FieldValue], options: WriteOptions, held: HeldLock
) -> list[str]:
    with open_regular(path) as src:
        source = _Source(path, src.fileno(), held)
        old = tiff_write.read_tiff_values(src)
        old_blocks = [old.iim] if old.iim else []
        if old.irb:
            old_blocks += irb_write.iim_blocks(old.irb)
        iim = _iim(old_blocks, changes, options)
        block = None if iim is None else iim.block + b"\x00" * (-len(iim.block) % 4)
        irb = None
        if block is not None and old.irb is not None:
            had_iim = bool(irb_write.iim_blocks(old.irb))  # never add IPTC there: non-standard
            irb = irb_write.replace_iptc(old.irb, block, iim_digest(block), with_iim=had_iim)
        packet = update_packet(old.xmp, changes, None if block is None else iim_digest(block))
        xmp = wrap_packet(packet)
        if len(xmp) > MAX_XMP_BYTES:
            raise MetadataWriteError(
                f"the XMP would grow to {len(xmp)} bytes, over the {MAX_XMP_BYTES} bytes "
                "Caption Desk reads back; not written"
            )
        update = tiff_write.TiffUpdate(exif_values(changes), block, irb, xmp)
        plan = tiff_write.plan_tail(old, update)

        def write(fd: int) -> None:
            with source.watch():
                tiff_write.write_tiff(fd, src.fileno(), plan, old.reader.endian)

        replace_atomically(
            path, write, fsync=options.fsync, check=source.check, replaced=source.replaced
        )
    return list(iim.warnings) if iim else []


def _write_sidecar(
    path: Path, changes: dict[str, FieldValue], options: WriteOptions
) -> tuple[Path, list[str]]:
    if not path.is_file():
        raise MetadataWriteError("no such file")
    target = find_sidecar(path) or sidecar_path(path)
    old = before = None
    if target.exists():
        _writable(target)
        try:
            with open_regular(target) as fh:
                before = stamp(os.fstat(fh.fileno()))
                old = fh.read(_MAX_SIDECAR + 1)
        except NotRegularFile as exc:
            raise MetadataWriteError(f"the sidecar {target.name} is {exc}") from None
    data = (update_packet(old, changes) + "\n").encode("utf-8")
    if len(data) > MAX_XMP_BYTES:  # never write what the reader would refuse to read back
        raise MetadataWriteError(
            f"{target.name} would grow to {len(data)} bytes, over the {MAX_XMP_BYTES} bytes "
            "Caption Desk reads back; not written"
        )

    def write(fd: int) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]

    def check() -> None:  # another tool (Lightroom...) saved the sidecar meanwhile: keep its
        try:
            now = stamp(os.stat(target))
        except FileNotFoundError:
            now = None
        if now != before:
            raise MetadataWriteError(SOURCE_CHANGED)

    def replaced(name: Path) -> None:
        _same_file(name, before, target)

    replace_atomically(
        target, write, fsync=options.fsync, mode=0o666, check=check, replaced=replaced
    )
    return target, []
