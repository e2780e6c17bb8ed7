"""A word list with each word's frequency as one hash table in a bytes buffer.

Why not a dict: building a dict of English's 160,000 words costs ~0.1 s on every start (each
word becomes a string object, hashed and inserted), which ``check`` paid before reading its
first photo; and ~30 MB per language in the window. This table is one ``bytes`` read from the
cache file in ~1 ms, holds no object per word, and a forked worker shares its pages. A lookup
costs ~1 µs instead of ~0.05 µs: a check of 1,000 captions asks ~5,000 of them.

Layout (native byte order, recorded in the header): ``MAGIC``, byte order, slot count, word
count, the entries' length; then the slots, one ``uint32`` each: 0 for empty, else the offset
of a word's entry in the entries (which start with one padding byte, so no entry is at 0); each
entry: the word's UTF-8 length (one byte), the UTF-8 bytes, its frequency (``uint32``). A word
goes to slot ``crc32(word) % slots`` or the next free one after it (open addressing, half full).
"""

import struct
import sys
from collections.abc import Iterator, Mapping
from zlib import crc32

MAGIC = b"CDWORDS1"
_HEADER = struct.Struct("=8sB3xIII")  # magic, 1 if little-endian, slots, words, entries' bytes
_SLOT = struct.Struct("=I")
_MAX_WORD = 255  # bytes of UTF-8: one length byte (no word of a language comes near)
_MAX_FREQUENCY = 2**32 - 1


class WordTable(Mapping[str, int]):
    """Read-only ``{word: frequency}`` over a table built by :func:`build`."""

    def __init__(self, data: bytes) -> None:
        if len(data) < _HEADER.size:
            raise ValueError("not a word table")
        magic, little, size, count, length = _HEADER.unpack_from(data)
        if magic != MAGIC or little != (sys.byteorder == "little") or size < 1:
            raise ValueError("not a word table of this machine")
        start = _HEADER.size
        if len(data) != start + size * _SLOT.size + length:
            raise ValueError("a truncated word table")
        self._data = data
        self._slots = memoryview(data)[start : start + size * _SLOT.size].cast("I")
        self._entries = data[start + size * _SLOT.size :]
        self._size = size
        self._count = count

    def get(self, word: str, default: int = 0) -> int:  # type: ignore[override]
        found = self._frequency(word)
        return default if found < 0 else found

    def _frequency(self, word: str) -> int:
        """The word's frequency, -1 when it is not in the table."""
        key = word.encode()
        length = len(key)
        slots, entries, size = self._slots, self._entries, self._size
        slot = crc32(key) % size
        while offset := slots[slot]:
            if entries[offset] == length and entries[offset + 1 : offset + 1 + length] == key:
                end = offset + 1 + length
                return int.from_bytes(entries[end : end + 4], sys.byteorder)
            slot = slot + 1 if slot + 1 < size else 0
        return -1

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._frequency(word) >= 0

    def __getitem__(self, word: str) -> int:
        found = self._frequency(word)
        if found < 0:
            raise KeyError(word)
        return found

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        """Every word, in the table's own order (slow: for tests and one-off builds)."""
        entries, offset = self._entries, 1
        while offset < len(entries):
            length = entries[offset]
            yield entries[offset + 1 : offset + 1 + length].decode()
            offset += length + 5

    def __eq__(self, other: object) -> bool:
        if isinstance(other, WordTable):
            return self._data == other._data
        return Mapping.__eq__(self, other)

    __hash__ = None  # type: ignore[assignment]

    @property
    def data(self) -> bytes:
        """The table as stored."""
        return self._data


def build(words: Mapping[str, int]) -> bytes:
    """The table of ``words`` (too long words are left out: no language has them)."""
    encoded = [(w.encode(), f) for w, f in words.items()]
    encoded = [(w, min(max(f, 0), _MAX_FREQUENCY)) for w, f in encoded if len(w) <= _MAX_WORD]
    size = max(2 * len(encoded), 1)
    slots = [0] * size
    lengths = [bytes((n,)) for n in range(_MAX_WORD + 1)]
    frequency_of = _SLOT.pack
    pieces = [b"\0"]  # padding: an entry's offset is never 0 (the empty slot)
    offset = 1
    for key, frequency in encoded:
        slot = crc32(key) % size
        while slots[slot]:
            slot = slot + 1 if slot + 1 < size else 0
        slots[slot] = offset
        pieces += (lengths[len(key)], key, frequency_of(frequency))
        offset += len(key) + 5
    header = _HEADER.pack(MAGIC, sys.byteorder == "little", size, len(encoded), offset)
    return header + struct.pack(f"={size}I", *slots) + b"".join(pieces)
