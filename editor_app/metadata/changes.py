"""Field changes for the writer: validated once, in one canonical form, before any file is read.

A change maps a field name of ``fields.EDITABLE_FIELDS`` to its new value: a string for text
fields and ``date_created``, a tuple of strings for ``byline`` and ``keywords``. The empty string
(or an empty list) clears the field. Values are kept exactly as given: no trimming, newlines kept.
"""

import re
from collections.abc import Mapping
from datetime import date

from editor_app.metadata.fields import DATE_FIELDS, EDITABLE_FIELDS, LIST_FIELDS, FieldValue

# YYYY, YYYY-MM, YYYY-MM-DD, then optionally Thh:mm[:ss[.fff]][Z|±hh:mm] (ISO 8601 extended).
_ISO_DATE = re.compile(
    r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2})"
    r"(?:T(?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?)?)?"
)
# Characters XML 1.0 cannot carry (so XMP cannot either): C0 controls other than tab/LF/CR,
# lone surrogates and the two non-characters U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Text one save may carry, as XMP bytes: what the reader reads back from a sidecar (8 MB, the
# reader's XMP limit, less room for the packet's structure). Refused when the change set is
# made, before the catalog records a revision no file could ever hold; per-format limits (a
# JPEG's 64 KB packet) are checked at save time by ``writer.check_fits``, and what one file
# already holds by ``fits.check_fits_file``.
MAX_TEXT_BYTES = 8 * 1024 * 1024 - 64 * 1024
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def normalize_changes(changes: Mapping[str, object]) -> dict[str, FieldValue]:
    """The changes in canonical form; raises ValueError with a readable reason when invalid."""
    result: dict[str, FieldValue] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(f"unknown field {name!r}")
        result[name] = _normalize_value(name, value)
    _check_size(result)
    return result


def _check_size(changes: Mapping[str, FieldValue]) -> None:
    check_text_size(changes, MAX_TEXT_BYTES, "a photo's XMP")


def check_text_size(changes: Mapping[str, FieldValue], limit: int, where: str) -> None:
    """Raise ValueError, naming the biggest field, when the XMP bytes of ``changes`` alone
    (a lower bound of the packet: escaped UTF-8 and the ``rdf:li`` around each item) pass
    ``limit``."""
    sizes = {name: xmp_size(value) for name, value in changes.items()}
    total = sum(sizes.values())
    if total > limit:
        name = max(sizes, key=sizes.__getitem__)
        raise ValueError(
            f"{name}: too long for {where} ({total} bytes of XMP to write, at most {limit}): "
            "shorten it"
        )


def xmp_size(value: FieldValue) -> int:
    items = value if isinstance(value, tuple) else (value,)
    return sum(len(item.translate(_XML_ESCAPES).encode("utf-8")) + 17 for item in items)


def _normalize_value(name: str, value: object) -> FieldValue:
    if name in LIST_FIELDS:
        items = (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
        for item in items:
            _check_text(name, item)
        return tuple(item for item in items if item)
    _check_text(name, value)
    assert isinstance(value, str)
    if name in DATE_FIELDS and value:
        check_iso_date(value)
    return value


def _check_text(name: str, value: object) -> None:
    if not isinstance(value, str):
        raise ValueError(f"{name}: expected text, got {type(value).__name__}")
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"{name}: character U+{ord(bad.group()):04X} cannot be stored in XMP")


def check_iso_date(text: str) -> None:
    """Raise ValueError unless ``text`` is ISO 8601: a date, maybe partial, maybe with a time."""
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"date_created: {text!r} is not an ISO 8601 date (YYYY[-MM[-DD[Thh:mm]]])")
    parts = match.groupdict()
    try:
        date(int(parts["y"]), int(parts["m"] or 1), int(parts["d"] or 1))
    except ValueError as exc:
        raise ValueError(f"date_created: {text!r}: {exc}") from None
    if parts["H"] and (int(parts["H"]) > 23 or int(parts["M"]) > 59 or int(parts["S"] or 0) > 59):
        raise ValueError(f"date_created: {text!r} has an impossible time")


def iim_date_time(text: str) -> tuple[str, str | None]:
    """IIM 2:55 ``CCYYMMDD`` (unknown parts 00) and 2:60 ``HHMMSS±HHMM`` when a time is given.

    Without a zone in ``text`` the time is written as ``HHMMSS`` alone: we do not invent one.
    """
    match = _ISO_DATE.fullmatch(text)
    if not match:
        raise ValueError(f"date_created: {text!r} is not an ISO 8601 date")
    p = match.groupdict()
    day = f"{p['y']}{p['m'] or '00'}{p['d'] or '00'}"
    if not p["H"]:
        return day, None
    time = f"{p['H']}{p['M']}{p['S'] or '00'}"
    zone = p["tz"]
    if zone == "Z":
        time += "+0000"
    elif zone:
        time += zone.replace(":", "")
    return day, time


def exif_text(name: str, value: FieldValue) -> str:
    """The EXIF string of a field: lists joined with ``"; "`` as MWG does for Artist."""
    return "; ".join(value) if isinstance(value, tuple) else value
