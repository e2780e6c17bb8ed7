"""IPTC-IIM inside Photoshop image resources: parse blocks and datasets, decode text.

Character sets: 1:90 ``ESC % G`` means UTF-8. Without it, valid UTF-8 is UTF-8, a byte pattern
that only makes sense as Mac Roman is Mac Roman, and anything else is Windows-1252 (ExifTool's
default). Decoding never raises.
"""

import functools
import hashlib
import logging
import struct
import unicodedata
from dataclasses import dataclass, field

from editor_app.metadata.datetimes import valid_date
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.fields import (
    IIM_BY_NUMBER,
    IIM_CODED_CHARSET,
    IIM_DATE_CREATED,
    IIM_TIME_CREATED,
    IIM_UTF8_MARKER,
    IRB_IPTC,
    IRB_IPTC_DIGEST,
)

log = logging.getLogger(__name__)

_IRB_TYPES = (b"8BIM", b"PHUT", b"DCSR", b"AgHg", b"MeSa")
_U16, _U32 = struct.Struct(">H"), struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class IrbBlock:
    signature: bytes
    resource_id: int
    name: bytes
    data: bytes


_irb_block = quick_init(IrbBlock)  # a few per photo read


@dataclass(frozen=True, slots=True)
class IimDataset:
    record: int
    number: int
    value: bytes


@dataclass(slots=True)
class IimValues:
    """Decoded IIM: text per record field name, plus what reconciliation needs."""

    text: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    raw_lengths: dict[str, int] = field(default_factory=dict)  # bytes of the (first) value
    date_created: str | None = None
    charset: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_irb(data: bytes) -> tuple[list[IrbBlock], str | None]:
    """Photoshop image resource blocks in ``data``; a note when the list ends early."""
    blocks: list[IrbBlock] = []
    pos, end = 0, len(data)
    while pos + 8 < end:
        signature = data[pos : pos + 4]
        if signature not in _IRB_TYPES:
            return blocks, "bad Photoshop resource block signature"
        (rid,) = _U16.unpack_from(data, pos + 4)  # pos + 8 < end: the two bytes are there
        name_len = data[pos + 6]
        name = data[pos + 7 : pos + 7 + name_len]
        pos += 7 + name_len + (0 if name_len & 1 else 1)
        if pos + 4 > end:
            return blocks, "truncated Photoshop resource block"
        (size,) = _U32.unpack_from(data, pos)
        pos += 4
        if pos + size > end:
            return blocks, f"Photoshop resource {rid:#06x} claims {size} bytes past the segment end"
        blocks.append(_irb_block(signature, rid, name, data[pos : pos + size]))
        pos += size + (size & 1)
    return blocks, None


def iptc_blocks(blocks: list[IrbBlock]) -> tuple[list[bytes], bytes | None]:
    """The IIM data blocks (0x0404) and the stored IPTC digest (0x0425), if any."""
    # Only 8BIM resources are Photoshop's; PHUT, DCSR... use the ids for other things (ExifTool).
    ours = [b for b in blocks if b.signature == b"8BIM"]
    iim = [b.data for b in ours if b.resource_id == IRB_IPTC]
    digests = [b.data for b in ours if b.resource_id == IRB_IPTC_DIGEST and len(b.data) == 16]
    return iim, (digests[0] if digests else None)


def iim_digest(block: bytes) -> bytes:
    """MD5 of an IIM block, as Photoshop stores it in resource 0x0425."""
    return hashlib.md5(block).digest()  # noqa: S324 - a format's checksum, not security


def parse_iim(data: bytes) -> tuple[list[IimDataset], str | None]:
    """Datasets of one IIM block; a note when the block ends early or is malformed."""
    raw, note = _raw_datasets(data)
    return [IimDataset(*ds) for ds in raw], note


_Raw = tuple[int, int, bytes]  # record, number, value: what the reader needs, built cheaply


def _raw_datasets(data: bytes) -> tuple[list[_Raw], str | None]:
    datasets: list[_Raw] = []
    pos, end = 0, len(data)
    while pos + 5 <= end:
        if data[pos] != 0x1C:
            if any(data[pos:]):  # trailing zero padding is common and harmless
                return datasets, f"IIM data ends with {end - pos} unexpected bytes"
            break
        record, number = data[pos + 1], data[pos + 2]
        length = (data[pos + 3] << 8) | data[pos + 4]
        pos += 5
        if length & 0x8000:  # extended dataset: the next N bytes hold the length
            n = length & 0x7FFF
            if n > 4 or pos + n > end:
                return datasets, "malformed extended IIM dataset"
            length = int.from_bytes(data[pos : pos + n], "big")
            pos += n
        if pos + length > end:
            return datasets, f"IIM dataset {record}:{number} claims bytes past the block end"
        datasets.append((record, number, data[pos : pos + length]))
        pos += length
    return datasets, None


def decode_iim(blocks: list[bytes]) -> IimValues:
    """Decode the datasets of every IIM block; the first block wins for single fields."""
    result = IimValues()
    all_sets: list[list[_Raw]] = []
    for block in blocks:
        datasets, note = _raw_datasets(block)
        if note:
            result.notes.append(note)
        all_sets.append(datasets)
    for datasets in all_sets:
        codec = _charset(datasets)
        result.charset = result.charset or codec
        _collect(datasets, codec, result)
    return result


def _collect(datasets: list[_Raw], codec: str, result: IimValues) -> None:
    lists: dict[str, list[str]] = {}
    date = time = None
    text, raw_lengths = result.text, result.raw_lengths
    for record, number, value in datasets:
        key = (record, number)
        if key == IIM_DATE_CREATED:
            date = date or decode_text(value, codec)
        elif key == IIM_TIME_CREATED:
            time = time or decode_text(value, codec)
        spec = IIM_BY_NUMBER.get(key)
        if spec is None:
            continue
        decoded = decode_text(value, codec)
        if spec.repeatable:
            lists.setdefault(spec.field, []).append(decoded)
        elif spec.field not in text:
            text[spec.field] = decoded
            raw_lengths[spec.field] = len(value)
    for name, values in lists.items():
        result.lists.setdefault(name, values)
    if result.date_created is None and date:
        result.date_created = iim_datetime(date, time)


def choose_charset(datasets: list[IimDataset]) -> str:
    """The codec for this block's text (see the module docstring)."""
    return _charset([(ds.record, ds.number, ds.value) for ds in datasets])


def _charset(datasets: list[_Raw]) -> str:
    for record, number, value in datasets:
        if (record, number) == IIM_CODED_CHARSET:
            return "utf-8" if value.startswith(IIM_UTF8_MARKER) else "cp1252"
    text = b"".join(value for record, _, value in datasets if record == 2)
    if text.isascii():
        return "utf-8"
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return "mac_roman" if looks_like_mac_roman(text) else "cp1252"
    return "utf-8"


def looks_like_mac_roman(data: bytes) -> bool:
    """True only when the text reads naturally in Mac Roman and unnaturally in Windows-1252.

    Mac Roman puts common accented letters at 0x80-0x9F, where Windows-1252 has typographic
    punctuation (plausible anywhere: Macy’s, “no”), five holes, and rare letters and signs
    (Ž, Ÿ, ƒ, ™...) that never stand inside an ordinary word: "Jos\\x8e" is José in Mac Roman
    and "JosŽ" in 1252. Mac Roman is chosen only when 1252 is odd and Mac Roman is not.
    """
    if any(b in _CP1252_HOLES for b in data):
        return True
    cp1252 = data.decode("latin-1").translate(_CP1252_TABLE)
    if _odd_in_words(cp1252, _RARE_IN_1252) == 0:
        return False
    return _odd_in_words(data.decode("mac_roman"), None) == 0


# Characters of 1252's 0x80-0x9F (and the diaeresis) that no ordinary word contains.
_RARE_IN_1252 = frozenset("ŠŒŽšœžŸƒˆ˜‰‹›†‡™¨")
_WORD_PUNCTUATION = frozenset("’‘–—")


def _odd_in_words(text: str, rare: frozenset[str] | None) -> int:
    """Characters that make no sense inside a word: from ``rare`` when given, else any non-ASCII
    sign that is not a letter or word punctuation, or a capital right after a small letter."""
    count = 0
    for i, char in enumerate(text):
        if char.isascii():
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if not (before.isalpha() or after.isalpha()):
            continue
        if rare is not None:
            count += char in rare
        elif not _is_letter(char):
            count += char not in _WORD_PUNCTUATION
        elif char.isupper() and before.isalpha() and before.islower():
            count += 1
    return count


_CP1252_HOLES = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def decode_text(value: bytes, codec: str) -> str:
    """Decode one dataset; undecodable UTF-8 becomes U+FFFD, never an exception."""
    value = value.rstrip(b"\x00")
    if value.isascii():
        return value.decode("ascii")
    if codec == "cp1252":
        # The five holes of 1252 keep their Latin-1 reading, as ExifTool does.
        return value.decode("latin-1").translate(_CP1252_TABLE)
    return value.decode(codec, errors="replace")


_CP1252_TABLE = {
    i: bytes([i]).decode("cp1252") for i in range(0x80, 0xA0) if i not in _CP1252_HOLES
}


@functools.lru_cache(maxsize=1024)  # a folder's photos share a few dates and times
def iim_datetime(date: str, time: str | None) -> str | None:
    """IIM ``CCYYMMDD`` (+ ``HHMMSS±HHMM``) as ISO 8601; partial dates kept partial."""
    digits = date.strip()
    if len(digits) == 10 and digits[4] in "-:" and digits[7] in "-:":  # 2015-01-22, seen too
        digits = digits[:4] + digits[5:7] + digits[8:]
    if len(digits) != 8 or not digits.isdigit():
        return None
    year, month, day = digits[:4], digits[4:6], digits[6:8]
    if not valid_date(year, month if month != "00" else "01", day if day != "00" else "01"):
        return None
    if month == "00":
        return year
    if day == "00":
        return f"{year}-{month}"
    iso = f"{year}-{month}-{day}"
    if time:
        t = time.strip()
        if len(t) >= 6 and t[:6].isdigit():
            iso += f"T{t[0:2]}:{t[2:4]}:{t[4:6]}"
            zone = t[6:]
            if len(zone) == 5 and zone[0] in "+-" and zone[1:].isdigit():
                iso += f"{zone[:3]}:{zone[3:]}"
    return iso
