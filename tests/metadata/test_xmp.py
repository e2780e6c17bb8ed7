"""XMP: language alternatives, short (attribute) form, arrays, encodings, hostile packets.

Hostile XML (DTDs, entity expansion, external entities) must never be expanded or fetched: the
packet is ignored, the record says why in ``error``, and EXIF/IIM are still read.
"""

import io
import subprocess
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from editor_app.metadata.io import read_photo
from editor_app.metadata.xmp import MAX_XMP_BYTES, parse_xmp
from tests.metadata.builders import (
    NS,
    full_exif,
    iim_block,
    jpeg_file,
    lang_alt,
    png_file,
    seq,
    simple,
    write,
    xmp_fields,
    xmp_packet,
)

_RDF_NS = NS


def test_x_default_wins_over_other_languages_and_all_are_kept():
    packet = xmp_packet(
        lang_alt(
            "dc:description",
            {
                "de-DE": "Demonstranten in Berlin",
                "x-default": "Protesters in Berlin",
                "fr-FR": "Manifestants à Berlin",
            },
        )
    )
    values = parse_xmp(packet)
    assert values.text["caption"] == "Protesters in Berlin"
    assert values.caption_languages == {
        "de-DE": "Demonstranten in Berlin",
        "x-default": "Protesters in Berlin",
        "fr-FR": "Manifestants à Berlin",
    }


def test_without_x_default_the_first_language_is_used():
    packet = xmp_packet(lang_alt("dc:description", {"es": "Manifestantes", "en": "Protesters"}))
    assert parse_xmp(packet).text["caption"] == "Manifestantes"


def test_languages_through_read_photo(tmp_path):
    packet = xmp_packet(
        lang_alt("dc:description", {"x-default": "Hello", "de": "Hallo"})
        + lang_alt("dc:title", {"x-default": "Greeting"})
        + lang_alt("dc:rights", {"x-default": "© 2024 AP"})
    )
    record = read_photo(write(tmp_path / "l.jpg", jpeg_file(xmp=packet)))
    assert (record.caption, record.title, record.copyright) == ("Hello", "Greeting", "© 2024 AP")
    assert record.caption_languages == {"x-default": "Hello", "de": "Hallo"}
    assert record.sources["caption"] == "xmp"


def test_attribute_short_form():
    packet = xmp_packet(
        attrs='photoshop:Credit="REUTERS/Leah Millis" photoshop:City="Seattle" '
        'photoshop:DateCreated="2020-03-20" '
        'Iptc4xmpCore:CountryCode="USA" photoshop:Headline="Virus"'
    )
    values = parse_xmp(packet)
    assert values.text == {
        "credit": "REUTERS/Leah Millis",
        "city": "Seattle",
        "date_created": "2020-03-20",
        "country_code": "USA",
        "headline": "Virus",
    }


def test_attribute_and_element_forms_mixed_through_read_photo(tmp_path):
    packet = xmp_packet(
        seq("dc:creator", ["Ivan Alvarado"]),
        attrs='photoshop:Credit="REUTERS/Ivan Alvarado/File Photo" photoshop:Country="Chile"',
    )
    record = read_photo(write(tmp_path / "a.jpg", jpeg_file(xmp=packet)))
    assert record.credit == "REUTERS/Ivan Alvarado/File Photo"
    assert record.country == "Chile"
    assert record.byline == ("Ivan Alvarado",)


def test_creator_seq_and_subject_bag_keep_order():
    packet = xmp_packet(
        seq("dc:creator", ["Jane Doe", "Ann Lee", "Bo Li"])
        + seq("dc:subject", ["politics", "Berlin", "Mai"], "Bag")
    )
    values = parse_xmp(packet)
    assert values.lists == {
        "byline": ["Jane Doe", "Ann Lee", "Bo Li"],
        "keywords": ["politics", "Berlin", "Mai"],
    }


def test_iptc_core_location_and_country_code(tmp_path):
    packet = xmp_fields(
        Location="Brandenburg Gate",
        CountryCode="DEU",
        City="Berlin",
        State="Berlin",
        Country="Germany",
    )
    record = read_photo(write(tmp_path / "loc.jpg", jpeg_file(xmp=packet)))
    assert (record.sublocation, record.country_code, record.city, record.state, record.country) == (
        "Brandenburg Gate",
        "DEU",
        "Berlin",
        "Berlin",
        "Germany",
    )
    assert record.sources["sublocation"] == "xmp"


def test_every_photoshop_text_field(tmp_path):
    packet = xmp_fields(
        caption="c",
        title="t",
        copyright="r",
        byline=["b"],
        keywords=["k"],
        Headline="h",
        Credit="cr",
        Source="s",
        City="ci",
        State="st",
        Country="co",
        Instructions="EDITORIAL USE ONLY",
        TransmissionReference="JOB-1",
        CaptionWriter="ed",
        DateCreated="2024-05",
        Location="loc",
        CountryCode="DEU",
    )
    record = read_photo(write(tmp_path / "all.jpg", jpeg_file(xmp=packet)))
    got = {
        name: getattr(record, name)
        for name in (
            "caption",
            "title",
            "copyright",
            "byline",
            "keywords",
            "headline",
            "credit",
            "source",
            "city",
            "state",
            "country",
            "instructions",
            "transmission_reference",
            "caption_writer",
            "date_created",
            "sublocation",
            "country_code",
        )
    }
    assert got == {
        "caption": "c",
        "title": "t",
        "copyright": "r",
        "byline": ("b",),
        "keywords": ("k",),
        "headline": "h",
        "credit": "cr",
        "source": "s",
        "city": "ci",
        "state": "st",
        "country": "co",
        "instructions": "EDITORIAL USE ONLY",
        "transmission_reference": "JOB-1",
        "caption_writer": "ed",
        "date_created": "2024-05",
        "sublocation": "loc",
        "country_code": "DEU",
    }


def test_simple_element_description_is_accepted():
    assert parse_xmp(xmp_packet(simple("dc:description", "plain"))).text["caption"] == "plain"


def test_several_top_level_descriptions_are_merged():
    body = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {_RDF_NS}>'
        '<rdf:Description rdf:about="">'
        + lang_alt("dc:description", {"x-default": "Caption"})
        + '</rdf:Description><rdf:Description rdf:about="" photoshop:Credit="AP"/>'
        "</rdf:RDF></x:xmpmeta>"
    )
    assert parse_xmp(body.encode()).text == {"caption": "Caption", "credit": "AP"}


def test_nested_description_of_an_ingredient_is_not_the_photos_metadata():
    """A Pantry (placed document) carries *its own* dc:description and credit: only the
    top-level rdf:Description describes this photo."""
    body = (
        f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {_RDF_NS} '
        'xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">'
        '<rdf:Description rdf:about="" photoshop:City="Paris">'
        "<xmpMM:Pantry><rdf:Bag><rdf:li>"
        '<rdf:Description xmpMM:InstanceID="xmp.iid:1" photoshop:Credit="Old agency">'
        + lang_alt("dc:description", {"x-default": "Caption of the placed picture"})
        + "</rdf:Description></rdf:li></rdf:Bag></xmpMM:Pantry>"
        "</rdf:Description></rdf:RDF></x:xmpmeta>"
    )
    values = parse_xmp(body.encode())
    assert values.text == {"city": "Paris"}


def test_legacy_iptc_digest_is_read():
    digest = bytes(range(16))
    assert parse_xmp(xmp_fields(caption="c", digest=digest)).legacy_digest == digest.hex().upper()


# --- encodings ---------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32-be", "utf-8-sig"])
def test_wide_and_bom_encodings(codec):
    packet = xmp_fields(caption="Grüße aus Łódź", City="Zürich")
    values = parse_xmp(packet.decode("utf-8").encode(codec))
    assert values.text == {"caption": "Grüße aus Łódź", "city": "Zürich"}
    assert values.notes == []


def test_utf16_packet_with_xml_declaration_in_a_jpeg(tmp_path):
    text = '<?xml version="1.0" encoding="UTF-16"?>' + xmp_fields(caption="Ärger").decode()
    record = read_photo(write(tmp_path / "u16.jpg", jpeg_file(xmp=text.encode("utf-16"))))
    assert record.error is None
    assert record.caption == "Ärger"


def test_nul_damaged_packet_is_still_read():
    packet = xmp_fields(caption="Caption").replace(b"<dc:description>", b"<dc:desc\x00ription>")
    assert parse_xmp(packet + b"\x00" * 10).text["caption"] == "Caption"


# --- hostile and broken packets ----------------------------------------------------------------

BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + ']><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    + _RDF_NS
    + '><rdf:Description rdf:about=""><dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
    "&lol9;</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta>"
).encode()


def _xxe(target: str, *, parameter: bool = False) -> bytes:
    if parameter:
        dtd = f'<!DOCTYPE x [<!ENTITY % ext SYSTEM "file://{target}"> %ext;]>'
        ref = "safe"
    else:
        dtd = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{target}">]>'
        ref = "&xxe;"
    body = xmp_fields(caption="PLACEHOLDER", Credit="PLACEHOLDER").decode()
    body = body.split("?>", 1)[1].rsplit("<?xpacket", 1)[0].replace("PLACEHOLDER", ref)
    return ('<?xml version="1.0"?>' + dtd + body).encode()


def _external_dtd(target: str) -> bytes:
    body = xmp_fields(caption="c").decode().split("?>", 1)[1].rsplit("<?xpacket", 1)[0]
    return f'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file://{target}">{body}'.encode()


def test_billion_laughs_is_refused_quickly():
    start = time.monotonic()
    values = parse_xmp(BILLION_LAUGHS)
    assert time.monotonic() - start < 1
    assert values.text == {}
    assert any("unsafe XML" in n for n in values.notes)


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-CONTENT-4711")
    return path


@pytest.mark.parametrize("kind", ["entity", "parameter", "external-dtd"])
def test_external_entities_are_never_read(tmp_path, secret, kind):
    packet = (
        _external_dtd(str(secret))
        if kind == "external-dtd"
        else _xxe(str(secret), parameter=kind == "parameter")
    )
    block = iim_block(caption=b"IIM caption survives", credit=b"AP")
    path = write(
        tmp_path / "xxe.jpg", jpeg_file(exif=full_exif(description=None), xmp=packet, iim=block)
    )
    record = read_photo(path)
    assert "TOP-SECRET" not in repr(record)
    assert record.error is not None and "unsafe XML" in record.error
    assert "\n" not in record.error
    # the other sources are still read
    assert record.caption == "IIM caption survives"
    assert record.credit == "AP"
    assert record.exif.make == "NIKON CORPORATION"
    assert record.has_xmp


def test_billion_laughs_in_a_jpeg(tmp_path):
    path = write(tmp_path / "bl.jpg", jpeg_file(xmp=BILLION_LAUGHS, iim=iim_block(city=b"Rome")))
    record = read_photo(path)
    assert record.error and "unsafe XML" in record.error
    assert record.city == "Rome"
    assert record.caption == ""


def test_xxe_in_a_sidecar(tmp_path, secret):
    photo = write(tmp_path / "side.jpg", jpeg_file(iim=iim_block(caption=b"from IIM")))
    write(tmp_path / "side.xmp", _xxe(str(secret)))
    record = read_photo(photo)
    assert "TOP-SECRET" not in repr(record)
    assert record.error and "unsafe XML" in record.error
    assert record.caption == "from IIM"


@pytest.mark.parametrize(
    "packet",
    [
        b"<x:xmpmeta><rdf:RDF><unclosed",
        b"not xml at all \xff\xfe\x00",
        xmp_fields(caption="c")[:-40],
        b'<?xml version="1.0" encoding="klingon"?><x/>',
        xmp_fields(caption="c").replace(b"</rdf:li>", b"</rdf:lx>"),
    ],
    ids=["unclosed", "binary", "cut", "bad-encoding-decl", "mismatched-tag"],
)
def test_malformed_xml_is_a_note_not_an_error(tmp_path, packet):
    path = write(tmp_path / "bad.jpg", jpeg_file(xmp=packet, iim=iim_block(caption=b"IIM text")))
    record = read_photo(path)
    assert record.error is None
    assert record.caption == "IIM text"
    assert all("\n" not in n for n in record.notes)


def test_malformed_xml_note_says_so():
    values = parse_xmp(b"<x:xmpmeta><unclosed")
    assert values.text == {}
    assert len(values.notes) == 1 and "not well-formed" in values.notes[0]


def test_empty_and_blank_packets_are_nothing():
    assert parse_xmp(b"").text == {} and parse_xmp(b"").notes == []
    assert parse_xmp(b"   \n\t ").notes == []


def test_oversized_packet_is_ignored_with_a_note(tmp_path):
    pad = " " * (MAX_XMP_BYTES + 10)
    packet = xmp_fields(caption="too big").replace(b"</x:xmpmeta>", pad.encode() + b"</x:xmpmeta>")
    path = write(tmp_path / "big.png", png_file(xmp=packet, exif=full_exif()))
    start = time.monotonic()
    record = read_photo(path)
    assert time.monotonic() - start < 5
    assert record.error is None
    assert record.caption == "Protesters march in Berlin, Germany, May 1, 2024."  # EXIF still read
    assert any("larger than allowed" in n for n in record.notes)


def test_compressed_xmp_bomb_in_png_is_bounded(tmp_path):
    # 3x the limit in spaces deflates to ~25 KB; inflating must stop at the XMP size limit.
    packet = xmp_fields(caption="bomb") + b" " * (3 * MAX_XMP_BYTES)
    path = write(tmp_path / "bomb.png", png_file(xmp=packet, compressed_xmp=True))
    start = time.monotonic()
    record = read_photo(path)
    assert time.monotonic() - start < 5
    assert record.error is None
    assert any("larger than allowed" in n for n in record.notes)


def test_compressed_xmp_in_png(tmp_path):
    path = write(
        tmp_path / "z.png", png_file(xmp=xmp_fields(caption="deflated"), compressed_xmp=True)
    )
    assert read_photo(path).caption == "deflated"


def test_big_but_legal_packet_in_a_jpeg(tmp_path):
    caption = "Lorem ipsum dolor sit amet. " * 2000  # ~56 KB, near the APP1 limit
    packet = xmp_fields(caption=caption.strip())
    assert len(packet) < 65000
    record = read_photo(write(tmp_path / "near.jpg", jpeg_file(xmp=packet)))
    assert record.caption == caption.strip()


# --- hypothesis: parse_xmp never raises ---------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_parse_xmp_never_raises_on_bytes(data):
    values = parse_xmp(data)
    assert all(isinstance(n, str) and "\n" not in n for n in values.notes)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.integers(min_value=0, max_value=2000), st.booleans())
def test_parse_xmp_never_raises_on_damaged_packets(junk, where, utf16):
    packet = xmp_fields(caption="c", byline=["a"], City="x").decode()
    where %= len(packet) + 1
    damaged = packet[:where] + junk + packet[where:]
    values = parse_xmp(damaged.encode("utf-16" if utf16 else "utf-8", errors="surrogatepass"))
    assert isinstance(values.text, dict)


# --- interop: XMP written by ExifTool in every container -----------------------------------------


def _pillow_base(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (6, 4), (5, 6, 7)).save(
        buf, {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "tif": "TIFF"}[fmt]
    )
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["jpg", "png", "webp", "tif"])
def test_reads_xmp_written_by_exiftool(tmp_path, exiftool, fmt):
    path = write(tmp_path / f"et.{fmt}", _pillow_base(fmt))
    subprocess.run(
        [
            exiftool,
            "-q",
            "-overwrite_original",
            "-XMP-dc:Description=Protesters in Łódź",
            "-XMP-dc:Description-de=Demonstranten",
            "-XMP-dc:Creator=Jane Doe",
            "-XMP-dc:Creator+=Ann Lee",
            "-XMP-dc:Subject=politics",
            "-XMP-dc:Subject+=Poland",
            "-XMP-photoshop:Credit=REUTERS/Jane Doe",
            "-XMP-iptcCore:Location=Old Town",
            "-XMP-iptcCore:CountryCode=POL",
            "-XMP-photoshop:DateCreated=2024:05:01 14:03:05+02:00",
            str(path),
        ],
        check=True,
    )
    record = read_photo(path)
    assert record.error is None
    assert record.caption == "Protesters in Łódź"
    assert record.caption_languages.get("de") == "Demonstranten"
    assert record.byline == ("Jane Doe", "Ann Lee")
    assert record.keywords == ("politics", "Poland")
    assert (record.credit, record.sublocation, record.country_code) == (
        "REUTERS/Jane Doe",
        "Old Town",
        "POL",
    )
    assert record.date_created == "2024-05-01T14:03:05+02:00"
