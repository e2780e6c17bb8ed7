"""The field table: every caption field defined once, and the tables derived from it.

Each ``Field`` says what the desk calls it, what kind of value it holds, where it lives in
IPTC-IIM, XMP and EXIF, and how ``caption-desk set`` spells it. The reader, the writer, the rules,
the settings, the CLI, ``show`` and the window all derive their tables from ``FIELDS``; adding a
field is one entry here plus a catalog migration for its column (see docs/fields.md).

The names are the record's field names and the keys of ``show --format json``.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

FieldValue = str | tuple[str, ...]  # text, or the items of a list field (byline, keywords)


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    MULTILINE = "multi-line"  # line breaks kept (the caption)
    LIST = "list"  # several values: IIM repeats the dataset, XMP holds an array
    DATE = "date"  # ISO 8601, possibly partial; IIM 2:55 date plus 2:60 time
    CODE = "code"  # a short code from a list (ISO 3166 country code)


NS_DC = "http://purl.org/dc/elements/1.1/"
NS_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
NS_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_X = "adobe:ns:meta/"
NS_XML = "http://www.w3.org/XML/1998/namespace"

# EXIF IFD0 tags that MWG maps onto caption fields.
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298


@dataclass(frozen=True, slots=True)
class Field:
    """One caption field.

    ``xmp`` is (namespace, property, XMP kind: "text", "alt" for a language alternative, "seq"
    or "bag"). ``iim_max_bytes`` is the IIM limit in bytes, not characters. ``order`` is the
    field's place in the caption editor, the desk's typing order (shared/desk-ux.md).
    """

    name: str
    label: str  # the desk's word, as the window, ``show`` and the rules' messages say it
    kind: FieldKind
    order: int
    help: str  # ``caption-desk set --help``
    option: str  # ``caption-desk set`` option
    metavar: str = "T"
    iim_dataset: int | None = None  # IPTC-IIM application record 2:nn
    iim_max_bytes: int | None = None
    xmp: tuple[str, str, str] | None = None
    exif_tag: int | None = None  # IFD0 tag; MWG lets a non-blank EXIF value win

    @property
    def noun(self) -> str:
        """The label inside a sentence ("The by-line field is empty"); an acronym ("GPS") stays."""
        word = self.label
        return word if word[1:2].isupper() else word[:1].lower() + word[1:]

    @property
    def max_bytes(self) -> int | None:
        """The byte limit an editor counts against (the date is a code of its own in IIM)."""
        return None if self.kind is FieldKind.DATE else self.iim_max_bytes

    @property
    def is_list(self) -> bool:
        return self.kind is FieldKind.LIST


_T, _M, _L, _D, _C = (
    FieldKind.TEXT,
    FieldKind.MULTILINE,
    FieldKind.LIST,
    FieldKind.DATE,
    FieldKind.CODE,
)

# fmt: off
# The order of this tuple is the catalog's and the caption sheet's column order: append new
# fields at the end. The editor's order is ``order``.
FIELDS: tuple[Field, ...] = (
    Field(
        "caption", "Caption", _M, 20, "the caption (description)", "--caption",
        iim_dataset=120, iim_max_bytes=2000, xmp=(NS_DC, "description", "alt"),
        exif_tag=EXIF_IMAGE_DESCRIPTION,
    ),
    Field(
        "title", "Title", _T, 30, "the title (IIM object name)", "--title",
        iim_dataset=5, iim_max_bytes=64, xmp=(NS_DC, "title", "alt"),
    ),
    Field(
        "headline", "Headline", _T, 10, "the headline", "--headline",
        iim_dataset=105, iim_max_bytes=256, xmp=(NS_PHOTOSHOP, "Headline", "text"),
    ),
    Field(
        "credit", "Credit", _T, 40, "the credit line", "--credit",
        iim_dataset=110, iim_max_bytes=32, xmp=(NS_PHOTOSHOP, "Credit", "text"),
    ),
    Field(
        "source", "Source", _T, 60, "the source", "--source",
        iim_dataset=115, iim_max_bytes=32, xmp=(NS_PHOTOSHOP, "Source", "text"),
    ),
    Field(
        "copyright", "Copyright", _T, 70, "the copyright notice", "--copyright",
        iim_dataset=116, iim_max_bytes=128, xmp=(NS_DC, "rights", "alt"),
        exif_tag=EXIF_COPYRIGHT,
    ),
    Field(
        "city", "City", _T, 80, "the city", "--city",
        iim_dataset=90, iim_max_bytes=32, xmp=(NS_PHOTOSHOP, "City", "text"),
    ),
    Field(
        "sublocation", "Sublocation", _T, 90, "the sublocation", "--sublocation",
        iim_dataset=92, iim_max_bytes=32, xmp=(NS_IPTC_CORE, "Location", "text"),
    ),
    Field(
        "state", "State", _T, 100, "the province or state", "--state",
        iim_dataset=95, iim_max_bytes=32, xmp=(NS_PHOTOSHOP, "State", "text"),
    ),
    Field(
        "country", "Country", _T, 110, "the country name", "--country",
        iim_dataset=101, iim_max_bytes=64, xmp=(NS_PHOTOSHOP, "Country", "text"),
    ),
    Field(
        "country_code", "Country code", _C, 120, "the ISO 3166 country code", "--country-code",
        iim_dataset=100, iim_max_bytes=3, xmp=(NS_IPTC_CORE, "CountryCode", "text"),
    ),
    Field(
        "instructions", "Instructions", _T, 150,
        "special instructions (embargo, restrictions)", "--instructions",
        iim_dataset=40, iim_max_bytes=256, xmp=(NS_PHOTOSHOP, "Instructions", "text"),
    ),
    Field(
        "transmission_reference", "Job id", _T, 160, "the job id", "--transmission-reference",
        iim_dataset=103, iim_max_bytes=32,
        xmp=(NS_PHOTOSHOP, "TransmissionReference", "text"),
    ),
    Field(
        "caption_writer", "Caption writer", _T, 170, "who wrote the caption", "--caption-writer",
        iim_dataset=122, iim_max_bytes=32, xmp=(NS_PHOTOSHOP, "CaptionWriter", "text"),
    ),
    Field(
        "byline", "By-line", _L, 50, "a photographer; repeat for several", "--byline",
        metavar="NAME", iim_dataset=80, iim_max_bytes=32, xmp=(NS_DC, "creator", "seq"),
        exif_tag=EXIF_ARTIST,
    ),
    Field(
        "keywords", "Keywords", _L, 140, "a keyword; repeat for several", "--keyword",
        metavar="K", iim_dataset=25, iim_max_bytes=64, xmp=(NS_DC, "subject", "bag"),
    ),
    Field(
        "date_created", "Date created", _D, 130,
        "ISO 8601 date, e.g. 2024-11-25 or 2024-11-25T14:30+01:00", "--date-created",
        iim_dataset=55, iim_max_bytes=8, xmp=(NS_PHOTOSHOP, "DateCreated", "text"),
    ),
)
# fmt: on


def field_names() -> tuple[str, ...]:
    """Every field's name, in table order."""
    return tuple(f.name for f in FIELDS)


def field(name: str) -> Field:
    """The field called ``name``; KeyError for an unknown name."""
    return _index(FIELDS)[name]


def label(name: str) -> str:
    """The desk's word for a field ("By-line"); the name itself for anything else."""
    found = _index(FIELDS).get(name)
    return found.label if found else name


def noun(name: str) -> str:
    """The field's label inside a sentence ("by-line"); the name itself for anything else."""
    found = _index(FIELDS).get(name)
    return found.noun if found else name


def editor_fields() -> tuple[Field, ...]:
    """The fields in the caption editor's order: what the editor form and ``show`` list."""
    return tuple(sorted(FIELDS, key=lambda f: f.order))


_indexed: tuple[tuple[Field, ...], dict[str, Field]] = ((), {})


def _index(fields: tuple[Field, ...]) -> dict[str, Field]:
    """By name; rebuilt only when ``FIELDS`` is another tuple (a test that adds a field)."""
    global _indexed
    if _indexed[0] is not fields:  # identity, not equality: hashing 17 dataclasses is slow
        _indexed = (fields, {f.name: f for f in fields})
    return _indexed[1]


EDITABLE_FIELDS: tuple[str, ...] = field_names()
TEXT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.kind in (FieldKind.TEXT, FieldKind.MULTILINE, FieldKind.CODE)
)
LIST_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is FieldKind.LIST)
DATE_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.kind is FieldKind.DATE)


@dataclass(frozen=True, slots=True)
class IimDataset:
    field: str
    record: int
    number: int
    max_bytes: int
    repeatable: bool = False


# IPTC-IIM application record (2:xx); limits are bytes, not characters. The date is not here:
# the codec writes it as 2:55 date plus 2:60 time.
IIM_DATASETS: tuple[IimDataset, ...] = tuple(
    sorted(
        (
            IimDataset(f.name, 2, f.iim_dataset, f.iim_max_bytes, repeatable=f.is_list)
            for f in FIELDS
            if f.iim_dataset is not None and f.iim_max_bytes and f.kind is not FieldKind.DATE
        ),
        key=lambda d: d.number,
    )
)
IIM_BY_FIELD: dict[str, IimDataset] = {d.field: d for d in IIM_DATASETS}
IIM_BY_NUMBER: dict[tuple[int, int], IimDataset] = {(d.record, d.number): d for d in IIM_DATASETS}

# The formats the writer writes into (XMP, EXIF and IPTC-IIM); the others get an XMP sidecar.
EMBEDDED_FORMATS = frozenset({"JPEG", "TIFF"})

IIM_RECORD_VERSION = (2, 0)
IIM_DATE_CREATED = (2, 55)
IIM_TIME_CREATED = (2, 60)
IIM_CODED_CHARSET = (1, 90)
IIM_UTF8_MARKER = b"\x1b%G"

# Photoshop image resource ids inside APP13 "Photoshop 3.0".
IRB_IPTC = 0x0404
IRB_IPTC_DIGEST = 0x0425


@dataclass(frozen=True, slots=True)
class XmpProperty:
    field: str
    namespace: str
    name: str
    kind: str  # "text", "alt" (language alternative), "seq", "bag"


XMP_PROPERTIES: tuple[XmpProperty, ...] = tuple(
    XmpProperty(f.name, *f.xmp) for f in FIELDS if f.xmp is not None
)
XMP_BY_FIELD: dict[str, XmpProperty] = {p.field: p for p in XMP_PROPERTIES}
XMP_IPTC_DIGEST = (NS_PHOTOSHOP, "LegacyIPTCDigest")

EXIF_FIELDS: dict[str, int] = {f.name: f.exif_tag for f in FIELDS if f.exif_tag is not None}


def is_camera_boilerplate(text: str) -> bool:
    """True for a default ImageDescription a camera or program writes ("OLYMPUS DIGITAL
    CAMERA", "DCIM\\100GOPRO\\GOPR0482.JPG"): not a caption, so it never wins over IPTC/XMP and
    never counts as one."""
    words = text.split(maxsplit=_MOST_WORDS)
    if len(words) > _MOST_WORDS:  # a caption: only a shape the text starts with may match
        return _BOILERPLATE_SHAPES.match(" ".join(words[:_MOST_WORDS]).casefold()) is not None
    folded = " ".join(words).casefold()
    return folded in CAMERA_BOILERPLATE or _BOILERPLATE_SHAPES.match(folded) is not None


# More words than a default below (four at most) or a whole-text shape (five) holds; casefold
# neither makes nor takes spaces, so the words of the first few fold to the folded text's
_MOST_WORDS = 6
# Defaults by shape, not word for word: any maker's "<MAKE> DIGITAL CAMERA", the file's path
# on the card (GoPro and others write it), what old editors stamped on every file they saved.
_BOILERPLATE_SHAPES = re.compile(
    r"[\w&.-]+(?: [\w&.-]+)? digital (?:still )?camera$"
    r"|\\?dcim[\\/]"
    r"|file written by adobe photoshop"
    r"|created with (?:the )?gimp$"
)


# ImageDescription values that cameras write by default: not captions.
CAMERA_BOILERPLATE: frozenset[str] = frozenset(
    s.casefold()
    for s in (
        "OLYMPUS DIGITAL CAMERA",
        "SONY DSC",
        "DIGITAL CAMERA",
        "KODAK Digital Still Camera",
        "KONICA MINOLTA DIGITAL CAMERA",
        "MINOLTA DIGITAL CAMERA",
        "SAMSUNG DIGITAL CAMERA",
        "SAMSUNG CAMERA PICTURES",
        "Samsung Digimax",
        "PENTAX DIGITAL CAMERA",
        "PENTAX Image",
        "Digimax",
        "LEICA DIGITAL CAMERA",
        "Panasonic",
        "Canon",
        "Camera",
        "Image",
        "Picture",
        "DCIM",
        "default",
        "Untitled",
        "Exif_JPEG_PICTURE",
        "EXIF_JPEG_PICTURE",
        "JPEG image",
        "Created with GIMP",
        "AGFA DIGITAL CAMERA",
        "NIKON DIGITAL CAMERA",
        "FUJIFILM DIGITAL CAMERA",
        "CASIO DIGITAL CAMERA",
        "Kodak",
        "SANYO DIGITAL CAMERA",
        "RICOH DIGITAL CAMERA",
        "HP DIGITAL CAMERA",
        "Vivitar",
        "SAMSUNG",
        "NIKON",
        "OLYMPUS",
        "SONY",
        "FUJIFILM",
        "Exif JPEG",
    )
)
