"""Whether two photos show the same event: capture time, place, the sports slug and who shot them.

The near-duplicate rule asks this before it calls a caption "copied onto the wrong photo": stock
wording ("General view inside the stadium before the match") is meant to repeat across events.
Only facts the camera or the agency fixed count as proof of different events (capture times,
GPS positions, the event named in the slug); the City field is typed with the caption, often from
the same template, so it only counts together with a different photographer.
"""

import functools
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from editor_app.captions.text import fold
from editor_app.metadata.record import PhotoMetadata

SAME_PLACE_KM = 25.0  # GPS positions further apart than this are different places


@dataclass(frozen=True, slots=True)
class EventFacts:
    """What one photo says about its event; any of these may be unknown (None or "")."""

    taken: datetime | date | None  # a datetime when the time of day is known
    position: tuple[float, float] | None  # GPS latitude, longitude
    slug: str  # the sports slug's event ("soccer football premier league arsenal v chelsea ...")
    photographer: str  # folded
    place: str  # folded City field


def event_facts(record: PhotoMetadata, slug: str, photographer: str | None) -> EventFacts:
    exif = record.exif
    position = None
    if exif.gps_latitude is not None and exif.gps_longitude is not None:
        position = (exif.gps_latitude, exif.gps_longitude)
    return EventFacts(
        taken=capture_time(record),
        position=position,
        slug=_folded(slug),
        photographer=_folded(photographer or ""),
        place=_folded(record.city),
    )


# A batch repeats its slugs, photographers and cities: each is folded once (the near-duplicate
# rule asks for the facts of every photo with a near partner).
_folded = functools.lru_cache(maxsize=4096)(fold)


def different_events(a: EventFacts, b: EventFacts, same_event_hours: float) -> bool:
    """True when the facts prove two events; unknown facts prove nothing."""
    if _apart_in_time(a.taken, b.taken, same_event_hours):
        return True
    if (
        a.position
        and b.position
        and a.position != b.position  # frames shot from one spot: no trigonometry
        and distance_km(a.position, b.position) > SAME_PLACE_KM
    ):
        return True
    if a.slug and b.slug and a.slug != b.slug:
        return True
    people = a.photographer and b.photographer and a.photographer != b.photographer
    return bool(people and a.place and b.place and a.place != b.place)


def capture_time(record: PhotoMetadata) -> datetime | date | None:
    """EXIF DateTimeOriginal, else the Date Created field; local time, offsets dropped."""
    for value in (record.exif.datetime_original, record.date_created):
        found = _parse(value)
        if found is not None:
            return found
    return None


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2
    h += math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _parse(value: str | None) -> datetime | date | None:
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None  # partial dates ("2024-11") say nothing about the event


def _apart_in_time(a: datetime | date | None, b: datetime | date | None, hours: float) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, datetime) and isinstance(b, datetime):
        return abs(a - b) > _hours(hours)
    day_a = a.date() if isinstance(a, datetime) else a
    day_b = b.date() if isinstance(b, datetime) else b
    return day_a != day_b  # without a time of day, another day is another event


@functools.lru_cache(maxsize=8)
def _hours(hours: float) -> timedelta:
    return timedelta(hours=hours)
