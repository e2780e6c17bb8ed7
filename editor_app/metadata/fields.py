"""Field tables: where each caption field lives in IPTC-IIM, XMP and EXIF (tables only).

The names on the left are the record's field names and the keys of ``show --format json``.
"""

from dataclasses import dataclass

TEXT_FIELDS: tuple[str, ...] = (
    "caption",
    "title",
    "headline",
    "credit",
    "source",
    "copyright",
    "city",
    "sublocation",
    "state",
    "country",
    "country_code",
    "instructions",
    "transmission_reference",
    "caption_writer",
)
LIST_FIELDS: tuple[str, ...] = ("byline", "keywords")
DATE_FIELDS: tuple[str, ...] = ("date_created",)
EDITABLE_FIELDS: tuple[str, ...] = (*TEXT_FIELDS, *LIST_FIELDS, *DATE_FIELDS)


@dataclass(frozen=True, slots=True)
class IimDataset:
    field: str
    record: int
    number: int
    max_bytes: int
    repeatable: bool = False


# IPTC-IIM application record (2:xx); limits are bytes, not characters.
IIM_DATASETS: tuple[IimDataset, ...] = (
    IimDataset("title", 2, 5, 64),
    IimDataset("keywords", 2, 25, 64, repeatable=True),
    IimDataset("instructions", 2, 40, 256),
    IimDataset("byline", 2, 80, 32, repeatable=True),
    IimDataset("city", 2, 90, 32),
    IimDataset("sublocation", 2, 92, 32),
    IimDataset("state", 2, 95, 32),
    IimDataset("country_code", 2, 100, 3),
    IimDataset("country", 2, 101, 64),
    IimDataset("transmission_reference", 2, 103, 32),
    IimDataset("headline", 2, 105, 256),
    IimDataset("credit", 2, 110, 32),
    IimDataset("source", 2, 115, 32),
    IimDataset("copyright", 2, 116, 128),
    IimDataset("caption", 2, 120, 2000),
    IimDataset("caption_writer", 2, 122, 32),
)
IIM_BY_FIELD: dict[str, IimDataset] = {d.field: d for d in IIM_DATASETS}
IIM_BY_NUMBER: dict[tuple[int, int], IimDataset] = {(d.record, d.number): d for d in IIM_DATASETS}

IIM_RECORD_VERSION = (2, 0)
IIM_DATE_CREATED = (2, 55)
IIM_TIME_CREATED = (2, 60)
IIM_CODED_CHARSET = (1, 90)
IIM_UTF8_MARKER = b"\x1b%G"

# Photoshop image resource ids inside APP13 "Photoshop 3.0".
IRB_IPTC = 0x0404
IRB_IPTC_DIGEST = 0x0425

NS_DC = "http://purl.org/dc/elements/1.1/"
NS_PHOTOSHOP = "http://ns.adobe.com/photoshop/1.0/"
NS_IPTC_CORE = "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"
NS_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS_X = "adobe:ns:meta/"
NS_XML = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True, slots=True)
class XmpProperty:
    field: str
    namespace: str
    name: str
    kind: str  # "text", "alt" (language alternative), "seq", "bag"


XMP_PROPERTIES: tuple[XmpProperty, ...] = (
    XmpProperty("caption", NS_DC, "description", "alt"),
    XmpProperty("title", NS_DC, "title", "alt"),
    XmpProperty("byline", NS_DC, "creator", "seq"),
    XmpProperty("copyright", NS_DC, "rights", "alt"),
    XmpProperty("keywords", NS_DC, "subject", "bag"),
    XmpProperty("headline", NS_PHOTOSHOP, "Headline", "text"),
    XmpProperty("credit", NS_PHOTOSHOP, "Credit", "text"),
    XmpProperty("source", NS_PHOTOSHOP, "Source", "text"),
    XmpProperty("city", NS_PHOTOSHOP, "City", "text"),
    XmpProperty("state", NS_PHOTOSHOP, "State", "text"),
    XmpProperty("country", NS_PHOTOSHOP, "Country", "text"),
    XmpProperty("date_created", NS_PHOTOSHOP, "DateCreated", "text"),
    XmpProperty("instructions", NS_PHOTOSHOP, "Instructions", "text"),
    XmpProperty("transmission_reference", NS_PHOTOSHOP, "TransmissionReference", "text"),
    XmpProperty("caption_writer", NS_PHOTOSHOP, "CaptionWriter", "text"),
    XmpProperty("sublocation", NS_IPTC_CORE, "Location", "text"),
    XmpProperty("country_code", NS_IPTC_CORE, "CountryCode", "text"),
)
XMP_BY_FIELD: dict[str, XmpProperty] = {p.field: p for p in XMP_PROPERTIES}
XMP_IPTC_DIGEST = (NS_PHOTOSHOP, "LegacyIPTCDigest")

# EXIF IFD0 tags that MWG maps onto caption fields (tag id, exifread key).
EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
EXIF_FIELDS: dict[str, int] = {
    "caption": EXIF_IMAGE_DESCRIPTION,
    "byline": EXIF_ARTIST,
    "copyright": EXIF_COPYRIGHT,
}

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
    )
)
