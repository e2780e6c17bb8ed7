"""The catalog's tables as peewee models; they never leave ``editor_app.catalog``.

Caption fields are columns of ``photo`` (its current values); list fields (byline, keywords)
are stored as JSON arrays in text columns. Each save is one ``revision`` row whose ``changes``
column is a JSON object ``{field: [old, new]}``.
"""

from collections.abc import Iterator
from typing import Any

from peewee import (
    AutoField,
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from editor_app.catalog.db import database
from editor_app.metadata.fields import EDITABLE_FIELDS


class BaseModel(Model):
    class Meta:
        database = database  # the proxy, bound by open_catalog


class CatalogMeta(BaseModel):
    """Key/value facts about the catalog itself: ``schema_version``, ``created_with``."""

    key = CharField(max_length=64, primary_key=True)
    value = TextField()

    class Meta:
        table_name = "catalog_meta"


def tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type them as model instances)."""
    return iter(query.tuples())


def _text() -> TextField:
    return TextField(default="")


class Photo(BaseModel):
    """One picture, known by its image-data hash; ``path`` is where it was last seen."""

    id = AutoField()  # spelled out: peewee's stubs do not see the implicit primary key
    path = TextField(unique=True)
    image_hash = CharField(max_length=64, index=True)
    format = CharField(max_length=16, default="")
    size = BigIntegerField()
    mtime_ns = BigIntegerField()
    version = IntegerField(default=1)  # optimistic locking: +1 per revision
    written_version = IntegerField(default=1)  # the version the file holds
    write_error = TextField(null=True)  # why the last file write failed (schema 3)
    added_at = DateTimeField()
    caption = _text()
    title = _text()
    headline = _text()
    byline = TextField(default="[]")
    credit = _text()
    source = _text()
    copyright = _text()
    city = _text()
    sublocation = _text()
    state = _text()
    country = _text()
    country_code = _text()
    date_created = _text()
    keywords = TextField(default="[]")
    instructions = _text()
    transmission_reference = _text()
    caption_writer = _text()
    facts = TextField(null=True)  # JSON: what the rules read besides the fields (schema 5)


class Revision(BaseModel):
    """One save: who, when, which fields with old and new values, and the version it made."""

    id = AutoField()
    photo = ForeignKeyField(Photo, backref="revisions", on_delete="CASCADE")
    photo_id: int  # made by the foreign key; declared for the type checker
    version = IntegerField()
    editor = CharField(max_length=200)
    kind = CharField(max_length=16)  # "import", "edit" or "file" (changed outside the desk)
    at = DateTimeField()  # UTC, naive in the database
    changes = TextField()  # JSON {field: [old, new]}

    class Meta:
        indexes = ((("photo", "version"), True),)  # a lost update cannot hide: versions unique


class Template(BaseModel):
    """A named set of caption fields the desk applies to many photos (schema 2)."""

    name = CharField(max_length=200, unique=True)
    fields = TextField(default="{}")  # JSON {"set": {field: text}, "append": {field: text}}
    updated_at = DateTimeField()


class CodeReplacement(BaseModel):
    """A shortcut such as ``=lm=`` expanded while typing a caption (schema 2)."""

    code = CharField(max_length=64, unique=True)
    expansion = TextField()  # the replacement columns joined by tabs (a code file's columns)

    class Meta:
        table_name = "code_replacement"


class WatchedFolder(BaseModel):
    """A folder the desk imports from automatically (schema 2)."""

    path = TextField(unique=True)
    added_at = DateTimeField()
    last_scan_at = DateTimeField(null=True)

    class Meta:
        table_name = "watched_folder"


ALL_MODELS = (CatalogMeta, Photo, Revision, Template, CodeReplacement, WatchedFolder)
# A KeyError here means a field was added to EDITABLE_FIELDS without a column and a migration.
FIELD_COLUMNS = {name: Photo._meta.fields[name] for name in EDITABLE_FIELDS}
