"""The catalog as schema version 1 created it (the oldest fixture the migrations must upgrade).

Frozen copies of the version-1 tables, bound to a database only while the fixture is built.
"""

from datetime import datetime

from peewee import (
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from editor_app.catalog.db import make_database

_FIELDS = (
    "caption", "title", "headline", "credit", "source", "copyright", "city", "sublocation",
    "state", "country", "country_code", "date_created", "instructions",
    "transmission_reference", "caption_writer",
)  # fmt: skip


class CatalogMeta(Model):
    key = CharField(max_length=64, primary_key=True)
    value = TextField()

    class Meta:
        table_name = "catalog_meta"


class Photo(Model):
    path = TextField(unique=True)
    image_hash = CharField(max_length=64, index=True)
    format = CharField(max_length=16, default="")
    size = BigIntegerField()
    mtime_ns = BigIntegerField()
    version = IntegerField(default=1)
    written_version = IntegerField(default=1)
    added_at = DateTimeField()
    byline = TextField(default="[]")
    keywords = TextField(default="[]")


for _name in _FIELDS:
    Photo._meta.add_field(_name, TextField(default=""))


class Revision(Model):
    photo = ForeignKeyField(Photo, backref="revisions", on_delete="CASCADE")
    version = IntegerField()
    editor = CharField(max_length=200)
    kind = CharField(max_length=16)
    at = DateTimeField()
    changes = TextField()

    class Meta:
        indexes = ((("photo", "version"), True),)


MODELS = (CatalogMeta, Photo, Revision)
AT = datetime(2025, 3, 1, 12, 0, 0)


def build_v1_catalog(url: str) -> None:
    """A version-1 catalog with one photo edited once (version 2, written to its file)."""
    db = make_database(url)
    with db.bind_ctx(MODELS), db.connection_context():
        db.create_tables(MODELS)
        CatalogMeta.create(key="schema_version", value="1")
        photo = Photo.create(
            path="/desk/old.jpg", image_hash="abc", format="JPEG", size=10, mtime_ns=20,
            version=2, written_version=2, added_at=AT, caption="Second", byline='["Ann"]',
        )  # fmt: skip
        Revision.create(
            photo=photo,
            version=1,
            editor="import",
            kind="import",
            at=AT,
            changes='{"caption": ["", "First"], "byline": [[], ["Ann"]]}',
        )
        Revision.create(
            photo=photo,
            version=2,
            editor="ann",
            kind="edit",
            at=AT,
            changes='{"caption": ["First", "Second"]}',
        )
