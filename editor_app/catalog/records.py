"""Frozen snapshots the catalog hands out; peewee rows never leave the package."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from editor_app.catalog.values import FieldValue


@dataclass(frozen=True, slots=True)
class FieldChange:
    old: FieldValue
    new: FieldValue


@dataclass(frozen=True, slots=True)
class KnownFile:
    """What an unchanged-rescan needs: the stored size and mtime of a path."""

    photo_id: int
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class HashHolder:
    """A photo with a given image hash, as a moved file's check needs it: which photo, where."""

    id: int
    path: str
    image_hash: str


@dataclass(frozen=True, slots=True)
class PendingPhoto:
    """A photo waiting for its image hash, as the identity pass needs it (no field values)."""

    id: int
    path: str
    size: int
    mtime_ns: int
    version: int


@dataclass(frozen=True, slots=True)
class PhotoRecord:
    id: int
    path: str
    image_hash: str
    format: str
    size: int
    mtime_ns: int
    version: int
    written_version: int
    write_error: str | None
    fields: Mapping[str, FieldValue] = field(default_factory=dict)

    @property
    def pending_write(self) -> bool:
        """The catalog holds edits the file does not have yet ("not yet written to file")."""
        return self.written_version != self.version


@dataclass(frozen=True, slots=True)
class Revision:
    version: int
    editor: str
    kind: str  # "import", "edit" or "file"
    at: datetime  # aware, UTC
    changes: Mapping[str, FieldChange]


# A new photo's caption fields as the catalog stores them: the column texts in field order and
# its import revision's change set (JSON); ``catalog.photos.import_columns`` makes it.
ImportColumns = tuple[tuple[str, ...], str]


@dataclass(frozen=True, slots=True)
class NewPhoto:
    """A file seen for the first time, ready to be added (version 1, an "import" revision)."""

    path: str
    image_hash: str
    format: str
    size: int
    mtime_ns: int
    fields: Mapping[str, FieldValue]
    facts: str = "{}"  # JSON of catalog.facts.facts_of: what the rules read besides the fields
    # ``fields`` encoded already (``import_columns``, in the import's reading processes); when
    # given, ``fields`` is not read and may be empty
    columns: ImportColumns | None = None


@dataclass(frozen=True, slots=True)
class SaveResult:
    photo: PhotoRecord  # after the save
    revision: Revision | None  # None when nothing changed
