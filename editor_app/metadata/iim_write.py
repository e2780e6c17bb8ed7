"""Encode IPTC-IIM for writing: UTF-8 (1:90 = ESC % G), record version 4, byte limits, digest.

When the existing IIM used another character set, every text dataset is re-encoded in UTF-8
together with the new 1:90, as the standard requires (a block cannot mix character sets).
Values longer than the dataset's byte limit are cut on a UTF-8 character boundary and reported;
the full text stays in XMP.
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
    """The new IIM block: old datasets kept (in UTF-8), changed fields replaced."""
    warnings: list[str] = []
    datasets = _old_datasets(old_blocks, warnings)
    datasets = [d for d in datasets if (d.record, d.number) not in _replaced(changes)]
    datasets += _new_datasets(changes, NEWLINES[newline], warnings)
    datasets = _set_single(datasets, IIM_CODED_CHARSET, IIM_UTF8_MARKER)
    datasets = _set_single(datasets, IIM_RECORD_VERSION, RECORD_VERSION_4)
    datasets.sort(key=lambda d: (d.record, d.number))
    block = b"".join(encode_dataset(d) for d in datasets)
    return IimUpdate(block, iim_digest(block), tuple(warnings))


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


def _old_datasets(old_blocks: list[bytes], warnings: list[str]) -> list[Dataset]:
    """The datasets of every old IIM block merged into one list, in UTF-8.

    As the reader does, the first block wins: a later block only adds datasets the first lacks.
    """
    datasets: list[Dataset] = []
    for block in old_blocks:
        found, note = parse_iim(block)
        if note:
            warnings.append(f"existing IIM was damaged ({note}); its unreadable part was dropped")
        have = {(d.record, d.number) for d in datasets}
        datasets += [d for d in found if (d.record, d.number) not in have]
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
    changes: dict[str, FieldValue], newline: str, warnings: list[str]
) -> list[Dataset]:
    result: list[Dataset] = []
    for name, value in changes.items():
        if name == "date_created":
            result += _date_datasets(value) if value else []
            continue
        spec = IIM_BY_FIELD[name]
        for item in value if isinstance(value, tuple) else (value,) if value else ():
            data = _newlines(item, newline).encode("utf-8")
            data = _limited(data, spec.max_bytes, name, warnings)
            result.append(Dataset(spec.record, spec.number, data))
    return result


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


def _limited(data: bytes, limit: int, name: str, warnings: list[str]) -> bytes:
    cut = truncate_utf8(data, limit)
    if len(cut) < len(data):
        warnings.append(
            f"{name}: IIM copy cut to {len(cut)} of {len(data)} bytes "
            f"(IIM limit {limit}); the full text is in XMP"
        )
    return cut


def _set_single(datasets: list[Dataset], key: tuple[int, int], value: bytes) -> list[Dataset]:
    rest = [d for d in datasets if (d.record, d.number) != key]
    return [Dataset(key[0], key[1], value), *rest]
