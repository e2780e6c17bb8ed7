"""Records as plain tuples, to send from a reading worker process to the process that asked.

Pickling a ``PhotoMetadata`` as it is stores its class and rebuilds it through the
dataclass's ``__setstate__`` (a Python call per field) and its path through ``PurePath``'s
parser: unpickling 1,000 records of the feed cost the receiving process 35-60 ms, which is on
``check``'s critical path. As a tuple of values, with the exif block as a tuple too and no path
(the receiver knows which file it asked for), the receiver unpickles plain data and builds the
record with the reader's quick constructor (metadata/fastinit.py).
"""

from dataclasses import fields
from operator import attrgetter
from pathlib import Path
from typing import Any

from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.record import Conflict, ExifData, PhotoMetadata

Packed = tuple[Any, ...]

_NAMES = [f.name for f in fields(PhotoMetadata) if f.name != "path"]
_values = attrgetter(*_NAMES)
_exif_values = attrgetter(*(f.name for f in fields(ExifData)))
_EXIF = _NAMES.index("exif")
_CONFLICTS = _NAMES.index("conflicts")
_SIDECAR = _NAMES.index("sidecar")
_record = quick_init(PhotoMetadata)
_exif = quick_init(ExifData)


def pack(record: PhotoMetadata) -> Packed:
    """``record`` without its path, as plain values (``unpack`` makes it again)."""
    values = list(_values(record))
    values[_EXIF] = _exif_values(record.exif)
    if record.conflicts:
        values[_CONFLICTS] = tuple((c.field, dict(c.values), c.chosen) for c in record.conflicts)
    if record.sidecar is not None:
        values[_SIDECAR] = str(record.sidecar)
    return tuple(values)


def unpack(path: Path, packed: Packed) -> PhotoMetadata:
    """The record ``pack`` was given, for the file at ``path``."""
    values = list(packed)
    values[_EXIF] = _exif(*values[_EXIF])
    if values[_CONFLICTS]:
        values[_CONFLICTS] = tuple(Conflict(*c) for c in values[_CONFLICTS])
    if values[_SIDECAR] is not None:
        values[_SIDECAR] = Path(values[_SIDECAR])
    return _record(path, *values)
