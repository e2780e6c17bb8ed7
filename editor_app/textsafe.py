"""Text from files, file names and options made safe for where we print it.

Captions, file names and ``--editor`` can hold anything: terminal escape sequences, newlines
that would break "one line per file", bytes that are not UTF-8 (kept by Python as lone
surrogates, which a UTF-8 stream refuses), characters XML 1.0 forbids, and spreadsheet
formulas. Each output has its rule here; docs/reliability-input.md lists them.
"""

import re
from functools import cache

# C0 and C1 controls, DEL, Unicode line/paragraph separators, bidirectional overrides and
# isolates (they reorder what a terminal shows), and lone surrogates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_KEEP_NEWLINES = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What XML 1.0 cannot carry at all, not even as a character reference.
_NOT_XML_CLASS = "[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
# Inside JSON strings: what json.dumps(ensure_ascii=False) leaves raw but a terminal may act on.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_char(char: str) -> str:
    """``\\x1b``, ``\\n``, ``\\u202e``; a byte kept by surrogateescape shows as that byte."""
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: object, *, keep_newlines: bool = False) -> str:
    """``text`` with every control, reordering or unencodable character written as an escape."""
    pattern = _UNSAFE_KEEP_NEWLINES if keep_newlines else _UNSAFE
    return pattern.sub(lambda m: escape_char(m.group()), str(text))


def for_xml(text: object) -> str:
    """``text`` with the characters XML 1.0 cannot hold written as escapes (``\\x1b``)."""
    return _not_xml().sub(lambda m: escape_char(m.group()), str(text))


def for_json(dumped: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) that a UTF-8 stream can carry.

    A lone surrogate (an undecodable byte of a file name) can only occur inside a string, and
    becomes the JSON escape ``\\udcXX``: Python's ``json`` reads it back to the same string,
    so ``os.fsencode`` gives back the file's real name. C1 controls and bidirectional
    overrides become ``\\uXXXX`` too (json already escapes C0): same value, nothing raw.
    """
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def for_csv(value: object) -> object:
    """A cell a spreadsheet will not run: text starting with ``= + - @`` (or a tab or carriage
    return) gets a leading ``'`` (the OWASP advice); numbers are left alone."""
    if isinstance(value, str):
        value = for_xml(value) if _not_xml().search(value) else value
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


@cache
def _not_xml() -> re.Pattern[str]:
    # compiled on first use: ~10 ms (a negated class over all of Unicode) that show and check
    # never need
    return re.compile(_NOT_XML_CLASS)
