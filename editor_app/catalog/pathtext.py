"""File paths as the catalog stores them: any name the filesystem allows, losslessly.

A file name that is not valid UTF-8 reaches Python with its bad bytes as lone surrogates
(``os.fsdecode``); SQLite's driver and PostgreSQL's text type refuse those. The catalog form
maps each such byte to one private-use character of plane 16 (U+10FF80..U+10FFFF), and a real
character of U+10FF00..U+10FFFF to itself after the mark U+10FF00, so the mapping is
reversible, keeps ordinary paths unchanged and keeps prefixes (a folder's photos are still
found by the folder's prefix).
"""

import re

_MARK = "\U0010ff00"
_TO_DB = re.compile("[\udc80-\udcff\U0010ff00-\U0010ffff]")
_FROM_DB = re.compile("\U0010ff00[\U0010ff00-\U0010ffff]|[\U0010ff80-\U0010ffff]")


def to_db(path: str) -> str:
    """The catalog form of ``path`` (itself, unless it holds undecodable bytes)."""
    if path.isascii():  # nearly every path, checked in C: a rescan maps 100,000 of them
        return path
    return _TO_DB.sub(_encode, path) if _TO_DB.search(path) else path


def from_db(text: str) -> str:
    """The path (``os.fsencode`` gives back the real name) of a catalog form."""
    if text.isascii():
        return text
    return _FROM_DB.sub(_decode, text) if _FROM_DB.search(text) else text


def _encode(match: re.Match[str]) -> str:
    char = match.group()
    if "\udc80" <= char <= "\udcff":
        return chr(0x10FF00 + ord(char) - 0xDC00)
    return _MARK + char


def _decode(match: re.Match[str]) -> str:
    text = match.group()
    if len(text) == 2:
        return text[1]
    return chr(0xDC00 + ord(text) - 0x10FF00)
