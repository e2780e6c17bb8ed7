"""Dates as the record holds them: ISO 8601, possibly partial ("2024", "2024-11"), or None."""

import functools
import re
from datetime import date

_XMP_DATE = re.compile(
    r"^(?P<y>\d{4})(?:[-:](?P<m>\d{2})(?:[-:](?P<d>\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s?(?P<zone>Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)


@functools.lru_cache(maxsize=1024)  # a folder's photos share a few dates: read once each
def normalize_date(text: str) -> str | None:
    """An XMP-style date (ISO 8601, or ExifTool's ``2024:05:01 10:00:00``) as ISO 8601;
    None when it is not a real date."""
    match = _XMP_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = match["y"], match["m"], match["d"]
    if not valid_date(year, month or "01", day or "01"):
        return None
    iso = year + (f"-{month}" if month else "") + (f"-{day}" if day else "")
    if match["time"]:
        iso += "T" + match["time"]
        zone = match["zone"] or ""
        iso += zone if zone in ("", "Z") or ":" in zone else f"{zone[:3]}:{zone[3:]}"
    return iso


def valid_date(year: str, month: str, day: str) -> bool:
    try:
        date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True
