"""Encode IPTC-IIM for writing: record version 4, byte limits, digest; UTF-8 (1:90 = ESC % G)
unless the file keeps its Latin character set.

IIM in Windows-1252 (no 1:90, or a 1:90 that is not an ``ESC %`` coding: what ExifTool and our
reader both read as Latin) stays in it when every new value encodes in it: its datasets keep
their bytes, so none grows past its byte limit ("IPTC Credit too long" from ``exiftool
-validate`` after an unrelated edit). Otherwise every text dataset is re-encoded in UTF-8
together with the new 1:90, as the standard requires (a block cannot mix character sets).
Values longer than the dataset's byte limit are cut on a character boundary and reported; the
full text stays in XMP.
"""

import re
import struct
from dataclasses import dataclass

from editor_app.metadata.changes import FieldValue, iim_date_time
from editor_app.metadata.fields import (
    IIM_BY_FIELD,
    IIM_CODED_CHARSET,
    IIM_DATE_CREATED,
    IIM_RECORD_VERSION,
    IIM_TIME_CREATED,
    IIM_UTF8_MARKER,
)
from editor_app.metadata.iptc import IimDataset as Dataset
from editor_app.metadata.iptc import choose_charset, decode_text, iim_digest, parse_iim

RECORD_VERSION_4 = b"\x00\x04"
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Record-2 datasets that hold binary or fixed-format data, never text to re-encode.
_BINARY_DATASETS = frozenset({(2, 0), (2, 200), (2, 201), (2, 202)})


@dataclass(frozen=True, slots=True)
class IimUpdate:
    block: bytes  # the new IIM data (resource 0x0404 / TIFF tag 33723)
    digest: bytes  # MD5 of ``block`` (resource 0x0425)
    warnings: tuple[str, ...]


def build_iim(
    old_blocks: list[bytes], changes: dict[str, FieldValue], newline: str = "lf"
) -> IimUpdate:
    """The new IIM block: old datasets kept (re-encoded when it goes UTF-8), changed fields
    replaced."""
    notes: list[str] = []
    old = _old_datasets(old_blocks, notes)
    codec = _target_codec(old, changes, NEWLINES[newline])
    warnings = list(notes)
    datasets = _merge(old, changes, NEWLINES[newline], warnings, codec)
    if codec != "utf-8" and choose_charset(datasets) != codec:
        # Read back it would be taken for UTF-8 or Mac Roman (a new "Ã©" made the block valid
        # UTF-8, say): only UTF-8 with its marker reads back exactly.
        warnings = list(notes)
        datasets = _merge(old, changes, NEWLINES[newline], warnings, "utf-8")
    block = b"".join(encode_dataset(d) for d in datasets)
    return IimUpdate(block, iim_digest(block), tuple(warnings))


def _merge(
    old: list[Dataset],
    changes: dict[str, FieldValue],
    newline: str,
    warnings: list[str],
    codec: str,
) -> list[Dataset]:
    datasets = _all_utf8(old) if codec == "utf-8" else old
    datasets = [d for d in datasets if (d.record, d.number) not in _replaced(changes)]
    datasets += _new_datasets(changes, newline, warnings, codec)
    if codec == "utf-8":
        datasets = _set_single(datasets, IIM_CODED_CHARSET, IIM_UTF8_MARKER)
    datasets = _set_single(datasets, IIM_RECORD_VERSION, RECORD_VERSION_4)
    datasets.sort(key=lambda d: (d.record, d.number))
    return datasets


def encode_dataset(ds: Dataset) -> bytes:
    """One dataset: tag marker, record, number, length (extended form above 32767 bytes)."""
    size = len(ds.value)
    if size < 0x8000:
        return struct.pack(">BBBH", 0x1C, ds.record, ds.number, size) + ds.value
    return struct.pack(">BBBHI", 0x1C, ds.record, ds.number, 0x8004, size) + ds.value


def truncate_utf8(data: bytes, limit: int) -> bytes:
    """``data`` cut to at most ``limit`` bytes without splitting a UTF-8 character."""
    if len(data) <= limit:
        return data
    return data[:limit].decode("utf-8", errors="ignore").encode("utf-8")


def truncate_text(text: str, codec: str, limit: int) -> bytes:
    """``text`` encoded in ``codec``, cut to at most ``limit`` bytes on a character boundary."""
    if codec == "utf-8":
        return truncate_utf8(text.encode("utf-8"), limit)
    return text.encode(codec)[:limit]  # a single-byte character set


def _old_datasets(old_blocks: list[bytes], warnings: list[str]) -> list[Dataset]:
    """The datasets of every old IIM block merged into one list, as stored.

    As the reader does, the first block wins: a later block only adds datasets the first lacks.
    """
    datasets: list[Dataset] = []
    for block in old_blocks:
        found, note = parse_iim(block)
        if note:
            warnings.append(f"existing IIM was damaged ({note}); its unreadable part was dropped")
        have = {(d.record, d.number) for d in datasets}
        datasets += [d for d in found if (d.record, d.number) not in have]
    return datasets


def _target_codec(datasets: list[Dataset], changes: dict[str, FieldValue], newline: str) -> str:
    """The codec to write in: "cp1252" keeps a Latin block as it is, else "utf-8".

    Only Windows-1252: ExifTool reads a block without a UTF-8 1:90 as that (its default
    IPTC charset), so it reads what we write. Mac Roman (detected by our reader, misread by
    ExifTool) and unknown ``ESC %`` codings go to UTF-8 with the marker, which every reader
    gets right.
    """
    if choose_charset(datasets) != "cp1252" or _escape_coding(datasets):
        return "utf-8"
    try:
        for text in _new_texts(changes, newline):
            text.encode("cp1252")
    except UnicodeEncodeError:
        return "utf-8"
    return "cp1252"


def _escape_coding(datasets: list[Dataset]) -> bool:
    """A 1:90 invoking a coding ExifTool does not translate (``ESC %`` other than UTF-8)."""
    return any(
        (d.record, d.number) == IIM_CODED_CHARSET and d.value.startswith(b"\x1b%") for d in datasets
    )


def _all_utf8(datasets: list[Dataset]) -> list[Dataset]:
    codec = choose_charset(datasets)
    if codec == "utf-8":
        return datasets
    return [_to_utf8(d, codec) for d in datasets]


def _to_utf8(ds: Dataset, codec: str) -> Dataset:
    """A text dataset re-encoded; kept whole even past its byte limit: the user did not edit it,
    and cutting it would lose data (readers accept the longer value)."""
    key = (ds.record, ds.number)
    if ds.record != 2 or key in _BINARY_DATASETS or ds.value.isascii():
        return ds
    return Dataset(ds.record, ds.number, decode_text(ds.value, codec).encode("utf-8"))


def _replaced(changes: dict[str, FieldValue]) -> set[tuple[int, int]]:
    keys = {(IIM_BY_FIELD[n].record, IIM_BY_FIELD[n].number) for n in changes if n in IIM_BY_FIELD}
    if "date_created" in changes:
        keys |= {IIM_DATE_CREATED, IIM_TIME_CREATED}
    return keys


def _new_datasets(
    changes: dict[str, FieldValue], newline: str, warnings: list[str], codec: str
) -> list[Dataset]:
    result: list[Dataset] = []
    for name, value in changes.items():
        if name == "date_created":
            result += _date_datasets(value) if value else []
            continue
        spec = IIM_BY_FIELD[name]
        for item in _items(value):
            data = _limited(_newlines(item, newline), codec, spec.max_bytes, name, warnings)
            result.append(Dataset(spec.record, spec.number, data))
    return result


def _items(value: FieldValue) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return value
    return (value,) if value else ()


def _new_texts(changes: dict[str, FieldValue], newline: str) -> list[str]:
    return [
        _newlines(item, newline)
        for name, value in changes.items()
        if name in IIM_BY_FIELD
        for item in _items(value)
    ]


def _newlines(text: str, newline: str) -> str:
    """LF keeps the text exact; CR/LF and CR turn every kind of line break into that one."""
    if newline == "\n":
        return text
    return _LINE_BREAK.sub(newline, text)


def _date_datasets(value: FieldValue) -> list[Dataset]:
    assert isinstance(value, str)
    day, time = iim_date_time(value)
    result = [Dataset(*IIM_DATE_CREATED, day.encode("ascii"))]
    if time:
        result.append(Dataset(*IIM_TIME_CREATED, time.encode("ascii")))
    return result


def _limited(text: str, codec: str, limit: int, name: str, warnings: list[str]) -> bytes:
    data = text.encode(codec)
    cut = truncate_text(text, codec, limit)
    if len(cut) < len(data):
        warnings.append(
            f"{name}: IIM copy cut to {len(cut)} of {len(data)} bytes "
            f"(IIM limit {limit}); the full text is in XMP"
        )
    return cut


def _set_single(datasets: list[Dataset], key: tuple[int, int], value: bytes) -> list[Dataset]:
    rest = [d for d in datasets if (d.record, d.number) != key]
    return [Dataset(key[0], key[1], value), *rest]
