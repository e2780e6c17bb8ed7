"""XMP packets parsed safely: no DTDs, no entities, bounded size; caption fields extracted."""

import codecs
import logging
import re
from dataclasses import dataclass, field
from itertools import islice
from xml.etree.ElementTree import Element, XMLParser

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from editor_app.metadata.fields import NS_RDF, NS_XML, XMP_IPTC_DIGEST, XMP_PROPERTIES
from editor_app.metadata.xmp_quick import Item, quick_descriptions

log = logging.getLogger(__name__)

MAX_XMP_BYTES = 8 * 1024 * 1024  # far above any real caption packet; bounds hostile input

_RDF_DESCRIPTION = f"{{{NS_RDF}}}Description"
_RDF_LI = f"{{{NS_RDF}}}li"
_RDF_RDF = f"{{{NS_RDF}}}RDF"
_RDF_ABOUT = f"{{{NS_RDF}}}about"
_XML_LANG = f"{{{NS_XML}}}lang"
_CONTAINERS = {f"{{{NS_RDF}}}{n}" for n in ("Alt", "Seq", "Bag")}
_BY_TAG = {f"{{{p.namespace}}}{p.name}": p for p in XMP_PROPERTIES}
_DIGEST_TAG = f"{{{XMP_IPTC_DIGEST[0]}}}{XMP_IPTC_DIGEST[1]}"


@dataclass(slots=True)
class XmpValues:
    text: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    caption_languages: dict[str, str] = field(default_factory=dict)
    legacy_digest: str | None = None
    notes: list[str] = field(default_factory=list)


def parse_xmp(packet: bytes) -> XmpValues:
    """Extract caption fields from one XMP packet; problems become notes, never exceptions."""
    values = XmpValues()
    quick = quick_descriptions(packet) if len(packet) <= MAX_XMP_BYTES else None
    if quick is not None:  # the usual shapes, read without a tree (xmp_quick)
        for attributes, properties in quick:
            for name, text in attributes:
                _store_simple(values, name, text)
            for tag, text, items in properties:
                _store_parsed(values, tag, text, items)
        return values
    root = parse_packet(packet, values.notes)
    if root is None:
        return values
    for desc in _top_descriptions(root):
        for name, text in desc.attrib.items():
            _store_simple(values, name, text)
        for prop in desc:
            _store_property(values, prop)
    return values


def _top_descriptions(root: Element) -> list[Element]:
    """The photo's own rdf:Descriptions: children of rdf:RDF, not those nested inside a
    property (a placed document in xmpMM:Pantry describes another picture)."""
    rdfs = [root] if root.tag == _RDF_RDF else list(root.iter(_RDF_RDF))
    return [d for rdf in rdfs for d in rdf if d.tag == _RDF_DESCRIPTION]


def parse_packet(packet: bytes, notes: list[str], *, exact: bool = False) -> Element | None:
    """The packet's XML tree, or None (with a note) when it is unsafe, too big or broken.

    ``exact`` (the writer) refuses a packet whose bytes are not all valid text in its
    encoding, instead of reading them as U+FFFD: a rewrite would spread the damage.
    """
    if len(packet) > MAX_XMP_BYTES:
        notes.append(f"XMP ignored: packet of {len(packet)} bytes is larger than allowed")
        return None
    if not exact:
        root = _quick_tree(packet)
        if root is not None and _at_most(root, MAX_XMP_DEPTH):
            return root
    try:
        text = packet_text(packet, "strict" if exact else "replace")
    except UnicodeDecodeError as exc:
        notes.append(
            f"XMP holds bytes that are not valid {exc.encoding} text "
            f"(byte 0x{exc.object[exc.start]:02X} at offset {exc.start})"
        )
        return None
    if not text or text.isspace():
        return None
    try:
        root = _parse(text)
    except DefusedXmlException:
        notes.append("XMP ignored: it declares a DTD or entities (unsafe XML)")
    except SafeET.ParseError as exc:
        notes.append(f"XMP ignored: not well-formed XML ({exc})")
    except (ValueError, LookupError) as exc:  # unknown encoding declarations and the like
        notes.append(f"XMP ignored: {exc}")
    else:
        # a tree of few elements cannot nest deep (no walk)
        if _at_most(root, MAX_XMP_DEPTH) or not _nested_deeper_than(root, MAX_XMP_DEPTH):
            return root
        notes.append(
            f"XMP ignored: its elements are nested more than {MAX_XMP_DEPTH} levels deep "
            "(real XMP uses about ten; the packet is damaged or hostile)"
        )
    return None


# Deep enough for any real packet (a struct in a list in a pantry: under 20 levels); a deeper
# tree would make the recursive ElementTree serializer fail with RecursionError on write.
MAX_XMP_DEPTH = 100


def _at_most(root: Element, count: int) -> bool:
    """The tree has at most ``count`` elements (counted in C, stopping after the limit)."""
    return next(islice(root.iter(), count, None), None) is None


def _nested_deeper_than(root: Element, limit: int) -> bool:
    stack = [(root, 1)]
    while stack:
        elem, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in elem)
    return False


def _quick_tree(packet: bytes) -> Element | None:
    """The tree of a plain UTF-8 packet parsed from its bytes, as the steps below would parse
    its text (without decoding it, nor expat encoding it back); None (those steps then decide,
    notes and all) for anything else: another encoding, an XML declaration, ``<!`` (a DTD
    needs defusedxml), damage. Valid UTF-8 decodes the same either way, and expat refuses
    invalid UTF-8 as the decoder would have replaced it, so a packet that parses here gives
    the same elements, text and attributes. For the reader only: the writer needs ``exact``.

    The padding before a closing ``<?xpacket end="w"?>`` (some 2 KB of spaces, left for
    editing in place) is not parsed: after the root element, whitespace and a processing
    instruction change nothing in the tree (only the root's ``tail``, which nothing reads).
    """
    if packet[:1] != b"<" or packet[1:2] == b"\x00":
        return None
    body = packet
    end = packet.rfind(b"<?xpacket")
    if end > 0 and _XPACKET_END.fullmatch(packet, end):
        last = packet.rfind(b">", 0, end) + 1
        padding = packet[last:end]  # isspace() also takes \v and \f, which XML does not
        if padding.isspace() and b"\x0b" not in padding and b"\x0c" not in padding:
            body = packet[:last]
    if b"!" in body and b"<!" in body:
        return None
    head = _XPACKET_BEGIN.match(body)
    if body.startswith(b"<?xml", head.end() if head else 0):
        return None
    parser = XMLParser()
    try:
        parser.feed(body)
        return parser.close()
    except Exception:  # noqa: BLE001 - the steps below find and word what is wrong
        return None


_XPACKET_BEGIN = re.compile(rb"<\?xpacket[^>]*>\s*")
# A closing processing instruction followed by XML whitespace only (nothing to parse)
_XPACKET_END = re.compile(rb"<\?xpacket end=[\"'][rw][\"']\?>[ \t\r\n]*")


def packet_text(packet: bytes, errors: str = "replace") -> str:
    """The packet as text: UTF-16/32 when a BOM or the NUL pattern says so, else the 8-bit
    encoding its XML declaration names (``ISO-8859-1``...), else UTF-8."""
    if packet.startswith((b"\xfe\xff", b"\xff\xfe")):
        return packet.decode("utf-16", errors=errors)
    for codec, pattern in _WIDE_ENCODINGS:
        if packet.startswith(pattern):
            return packet.decode(codec, errors=errors)
    return packet.decode(_declared_encoding(packet), errors=errors).lstrip("\ufeff")


def _declared_encoding(packet: bytes) -> str:
    match = _ENCODING_DECLARATION.match(packet)
    if match is None:
        return "utf-8"
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return "utf-8"  # the parser then reports the unknown encoding
    return "utf-8" if codec.startswith(("utf-16", "utf-32")) else codec


# <?xml ... encoding="..."?> at the start, or right after the <?xpacket begin?> instruction
_ENCODING_DECLARATION = re.compile(
    rb"\s*(?:<\?xpacket[^>]{0,200}\?>\s*)?<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z][\w.:-]{0,40})[\"']"
)


_WIDE_ENCODINGS = (
    ("utf-32-be", b"\x00\x00\x00<"),
    ("utf-32-le", b"<\x00\x00\x00"),
    ("utf-16-be", b"\x00<"),
    ("utf-16-le", b"<\x00"),
)


def _parse(text: str) -> Element:
    """Parse; a packet damaged by NUL bytes (seen in the wild) is retried without them."""
    text = _XML_DECLARATION.sub("", text.strip("\x00 \t\r\n"), count=1)
    try:
        return _fromstring(text)
    except SafeET.ParseError:
        if "\x00" not in text:
            raise
        return _fromstring(text.replace("\x00", ""))


def _fromstring(text: str) -> Element:
    """defusedxml's parser (pure Python, ~3x slower) only when the text could hold a DTD.

    Entities need a DTD and a DTD needs ``<!DOCTYPE``: text without ``<!`` (no DTD, comment
    or CDATA) goes to the standard C parser, which then can only meet the five predefined
    entities and character references, and builds the same tree.
    """
    if "!" in text and "<!" in text:  # one character is found far faster than two
        return SafeET.fromstring(text, forbid_dtd=True)
    parser = XMLParser()
    parser.feed(text)
    return parser.close()


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _store_simple(values: XmpValues, tag: str, text: str) -> None:
    if tag == _DIGEST_TAG:
        values.legacy_digest = text.strip().upper()
        return
    prop = _BY_TAG.get(tag)
    if prop is None:
        return
    if prop.kind in ("seq", "bag"):
        values.lists.setdefault(prop.field, [text])
    else:
        values.text.setdefault(prop.field, text)


def _store_property(values: XmpValues, elem: Element) -> None:
    if elem.tag not in _BY_TAG:
        _store_parsed(values, elem.tag, elem.text or "", None)  # the digest, or nothing
        return
    for container in elem:
        if container.tag in _CONTAINERS:
            break
    else:
        _store_parsed(values, elem.tag, elem.text or "", None)
        return
    items = [(li.get(_XML_LANG), li.text or "") for li in container if li.tag == _RDF_LI]
    _store_parsed(values, elem.tag, elem.text or "", items)


def _store_parsed(values: XmpValues, tag: str, text: str, items: list[Item] | None) -> None:
    """One property: ``text`` before its first child element, ``items`` its list's (xml:lang,
    text), None when it has none (a simple property)."""
    prop = _BY_TAG.get(tag)
    if prop is None:
        if tag == _DIGEST_TAG:
            values.legacy_digest = text.strip().upper()
        return
    if items is None:
        _store_simple(values, tag, text)
        return
    kind = prop.kind
    if kind == "alt":
        _store_alt(values, prop.field, items)
    elif kind == "seq" or kind == "bag":
        values.lists.setdefault(prop.field, [text for _, text in items])
    elif items:
        values.text.setdefault(prop.field, items[0][1])


def _store_alt(values: XmpValues, name: str, items: list[Item]) -> None:
    if not items or name in values.text:
        return
    by_lang = {("x-default" if lang is None else lang): text for lang, text in items}
    values.text[name] = by_lang.get("x-default", items[0][1])
    if name == "caption":
        values.caption_languages.update(by_lang)
