"""Caption field values as the catalog keeps them: text, or tuples of text for list fields."""

import json

from editor_app.metadata.fields import EDITABLE_FIELDS, LIST_FIELDS
from editor_app.metadata.record import PhotoMetadata

FieldValue = str | tuple[str, ...]
LIST_SEPARATOR = "; "
EMPTY: dict[str, FieldValue] = {name: () if name in LIST_FIELDS else "" for name in EDITABLE_FIELDS}
# One shared encoder: json.dumps(..., ensure_ascii=False) builds a new one per call (bulk imports).
to_json_text = json.JSONEncoder(ensure_ascii=False).encode


def empty(name: str) -> FieldValue:
    return EMPTY[name]


def normalize(name: str, value: object) -> FieldValue:
    """The catalog form of a value as the reader gives it (None and lists allowed)."""
    if name not in EDITABLE_FIELDS:
        raise ValueError(f"unknown field {name!r}")
    if name in LIST_FIELDS:
        items = (value,) if isinstance(value, str) else (value or ())
        return tuple(str(item) for item in items if item)  # type: ignore[union-attr]
    return "" if value is None else str(value)


def from_record(record: PhotoMetadata) -> dict[str, FieldValue]:
    """Every editable field of a freshly read file."""
    return {name: normalize(name, getattr(record, name)) for name in EDITABLE_FIELDS}


def encode(name: str, value: FieldValue) -> str:
    """Column text: JSON arrays for list fields, the text itself otherwise."""
    return to_json_text(list(value)) if name in LIST_FIELDS else str(value)


def decode(name: str, text: str | None) -> FieldValue:
    if name in LIST_FIELDS:
        return tuple(json.loads(text or "[]"))
    return text or ""


def display(value: FieldValue) -> str:
    """One line of text: list values joined with ``"; "``."""
    return LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value


def to_json(value: FieldValue) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value
