"""A quick reading of the XMP packets our writer and most agency tools write, without building
an XML tree: UTF-8, one level of ``rdf:Description`` under ``rdf:RDF``, each holding simple
properties (elements or attributes) and ``rdf:Alt``/``Seq``/``Bag`` lists of plain items.

It says what ``xmp.parse_xmp`` would read from the tree, or None (not sure) for anything else:
another encoding, an XML declaration, ``<!`` (DTD, comment, CDATA), a character reference, a
carriage return, a control character, a struct, a qualifier, an attribute where none is
expected, an unbound prefix... The full parser (defusedxml's rules, the size cap) then reads
the packet as before, so a packet read here is one expat reads as well-formed, with the same
elements, text and attributes. ``tests/metadata/test_xmp_quick.py`` compares both readings on
generated packets and on every packet of the corpus.
"""

import functools
import re

from editor_app.metadata.fields import NS_RDF, NS_XML

# (tag, text): an attribute of an rdf:Description, ``{namespace}name`` as ElementTree names it
Attribute = tuple[str, str]
Item = tuple[str | None, str]  # an rdf:li's xml:lang (None without) and text
# (tag, text, items): a property element; ``text`` is what precedes its first child (all of a
# simple property's text), ``items`` those of its list, None if it is simple
Property = tuple[str, str, list[Item] | None]
Description = tuple[list[Attribute], list[Property]]

_W = "[ \t\n]"  # XML white space (a carriage return is refused: expat rewrites line ends)
_NAME = "[A-Za-z_][A-Za-z0-9_.-]*"
# Control characters (a carriage return among them) make expat fail or rewrite the text, and
# U+FFFE and U+FFFF are no XML characters: no pattern takes them
_CONTROL = "\x00-\x08\x0b-\x1f\ufffe\uffff"
_TEXT = f"[^<{_CONTROL}]*"
_VALUE = f"(?:\"[^\"<{_CONTROL}]*\"|'[^'<{_CONTROL}]*')"
_ATTRS = f"(?:{_W}+{_NAME}(?::{_NAME})?{_W}*={_W}*{_VALUE})*"
_ATTR = re.compile(f"{_W}+({_NAME}(?::{_NAME})?){_W}*={_W}*({_VALUE})")
_END_PI = re.compile(b"<\\?xpacket[ \t\n][^>\x00-\x08\x0b-\x1f\x80-\xff]*\\?>")
_BAD_REFERENCE = re.compile(b"&(?!(?:amp|lt|gt|quot|apos);)")
_HEAD = re.compile(f"(?:<\\?xpacket{_W}[^>{_CONTROL}]*\\?>{_W}*)?")
_START = re.compile(f"<({_NAME}):({_NAME})({_ATTRS}){_W}*>{_W}*")
_DESCRIPTION = re.compile(f"{_W}*<rdf:Description({_ATTRS}){_W}*(/?)>")
_DESCRIPTION_END = re.compile(f"</rdf:Description{_W}*>")
_LI = f"{_W}*<rdf:li(?:{_W}+xml:lang{_W}*={_W}*{_VALUE})?{_W}*(?:/>|>{_TEXT}</rdf:li{_W}*>)"
_PROPERTY = re.compile(
    f"{_W}*<({_NAME}):({_NAME})(?:{_W}*/>|{_W}*>"
    f"(?:({_W}*)<rdf:(Alt|Seq|Bag){_W}*(?:/>|>((?:{_LI})*){_W}*</rdf:\\4{_W}*>){_W}*"
    f"|({_TEXT}))</\\1:\\2{_W}*>)"
)
_ITEM = re.compile(
    f"{_W}*<rdf:li(?:{_W}+xml:lang{_W}*={_W}*(?:\"([^\"<{_CONTROL}]*)\"|'([^'<{_CONTROL}]*)'))?{_W}*"
    f"(?:/>|>({_TEXT})</rdf:li{_W}*>)"
)
# The same without xml:lang (the text is "" for an empty element, as ElementTree's None read)
_PLAIN_ITEM = re.compile(f"{_W}*<rdf:li{_W}*(?:/>|>({_TEXT})</rdf:li{_W}*>)")
_RDF = f"{{{NS_RDF}}}RDF"
# The quick way saves the tree's fixed cost but costs more per property than expat: it wins on
# a small packet of one description (our writer's: 0.75-1 KB), not on bigger ones (measured
# on the corpus: a 2.6 KB packet of five descriptions 226 us against 138 us)
_MOST = 1536
_RESERVED = ("http://www.w3.org/2000/xmlns/", NS_XML)
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&"))


class _Unsure(Exception):
    """The packet is not of the shapes read here."""


def quick_descriptions(packet: bytes) -> list[Description] | None:
    """The attributes and properties of each top rdf:Description, in document order; None when
    the packet needs the full parser."""
    body = _body(packet)
    if body is None:
        return None
    try:
        return _descriptions(body.decode("utf-8"))
    except (UnicodeDecodeError, _Unsure):
        return None


def _body(packet: bytes) -> bytes | None:
    """The packet without the padding and ``<?xpacket end?>`` after its root element (nothing
    there changes the tree), when nothing in it may make expat fail or rewrite text. (The
    patterns below refuse control characters: each character is looked at once.)"""
    if packet[:1] != b"<":
        return None
    end = packet.rfind(b"<?xpacket")
    if end > 0 and _END_PI.fullmatch(packet.rstrip(b" \n"), end):
        root_end = packet.rfind(b">", 0, end) + 1  # memrchr, and memcmp below: no loop here
        padding = packet[root_end:end]
        if padding.replace(b"\n", b" ") != b" " * len(padding):
            return None
        body = packet[:root_end]
    else:
        body = packet
    if (
        len(body) > _MOST
        or body.count(b"<rdf:Description") != 1
        # structs (Photoshop's History and DerivedFrom, camera Flash...): not read here, and
        # found at once rather than after the properties before them
        or b"parseType" in body
        or b"stEvt:" in body
        or b"stRef:" in body
        or body.count(b"<rdf:li ") != body.count(b"<rdf:li xml:lang=")
        or (b"!" in body and b"<!" in body)  # a DTD (defusedxml's to judge), a comment, CDATA
        or (b"]" in body and b"]]>" in body)
        or (b"&" in body and (b"&#" in body or _BAD_REFERENCE.search(body)))
        or b"\r" in body  # expat reads CR LF as LF
    ):
        return None  # one byte is found far faster than two (memchr)
    return body


def _descriptions(text: str) -> list[Description]:
    """Each top rdf:Description's attributes and properties; _Unsure for any other shape."""
    first = text.find("<rdf:Description")
    if first < 0:
        raise _Unsure
    head_end = text.find(">", first) + 1
    head = _head(text[:head_end])  # the same for every photo a tool writes: cached
    wrapper, scope, attributes, own, closed = head
    found: list[Description] = []
    pos = head_end
    while True:
        properties: list[Property] = []
        if not closed:
            end = _DESCRIPTION_END.search(text, pos)
            if end is None:
                raise _Unsure
            properties = _properties(text, pos, end.start(), own)
            pos = end.end()
        found.append((attributes, properties))
        match = _DESCRIPTION.match(text, pos)
        if match is None:
            break
        attributes, own, closed = _description(match, scope)
        pos = match.end()
    if not _end_tags(wrapper).fullmatch(text, pos):
        raise _Unsure
    return found


_Head = tuple[str, dict[str, str], list[Attribute], dict[str, str], bool]
_heads: dict[str, _Head] = {}


def _head(head: str) -> _Head:
    """What precedes the first description's content: the element around rdf:RDF, if any, the
    scope inside rdf:RDF, and that description's attributes, scope and ``/>``."""
    known = _heads.get(head)
    if known is not None:
        return known
    pos = _HEAD.match(head).end()  # type: ignore[union-attr]  # it matches the empty string
    root, name, pos, scope = _start(head, pos, {"xml": NS_XML})
    wrapper = ""
    if root != _RDF:  # the usual x:xmpmeta around rdf:RDF
        wrapper = name
        root, name, pos, scope = _start(head, pos, scope)
        if root != _RDF:
            raise _Unsure
    match = _DESCRIPTION.fullmatch(head, pos)
    if name != "rdf:RDF" or match is None:
        raise _Unsure
    known = (wrapper, scope, *_description(match, scope))
    if len(_heads) >= 64:  # a few tools write most packets: more heads are no common case
        _heads.clear()
    _heads[head] = known
    return known


def _description(
    match: re.Match[str], scope: dict[str, str]
) -> tuple[list[Attribute], dict[str, str], bool]:
    attributes, own = _attributes(match.group(1), scope)
    if own.get("rdf") != NS_RDF:
        raise _Unsure
    return attributes, own, bool(match.group(2))


def _start(text: str, pos: int, scope: dict[str, str]) -> tuple[str, str, int, dict[str, str]]:
    """The tag and name of the start tag at ``pos``, the position after it, the scope inside."""
    match = _START.match(text, pos)
    if match is None:
        raise _Unsure
    prefix, local, raw = match.groups()
    _, inner = _attributes(raw, scope)
    return _tag(prefix, local, inner), f"{prefix}:{local}", match.end(), inner


@functools.lru_cache(maxsize=16)
def _end_tags(wrapper: str) -> re.Pattern[str]:
    """The end of rdf:RDF and of the element around it, if any, up to the end of the text."""
    around = f"</{re.escape(wrapper)}{_W}*>" if wrapper else ""
    return re.compile(f"{_W}*</rdf:RDF{_W}*>{_W}*{around}")


def _attributes(raw: str, scope: dict[str, str]) -> tuple[list[Attribute], dict[str, str]]:
    """The attributes of a start tag (namespace declarations apart) and the scope inside it."""
    pairs = _ATTR.findall(raw)
    if len({name for name, _ in pairs}) != len(pairs):
        raise _Unsure  # a repeated attribute: not well-formed
    inner = scope
    for name, quoted in pairs:
        if name.startswith("xmlns:"):
            uri = _value(quoted)
            if not uri or uri in _RESERVED or name.startswith("xmlns:xml"):
                raise _Unsure
            inner = dict(inner) if inner is scope else inner
            inner[name[6:]] = uri
    attributes = []
    for name, quoted in pairs:
        if name == "xmlns" or name.startswith("xmlns:"):
            continue  # a default namespace changes no prefixed name, and we read no other
        prefix, colon, local = name.partition(":")
        attributes.append((_tag(prefix, local, inner) if colon else name, _value(quoted)))
    if len({tag for tag, _ in attributes}) != len(attributes):
        raise _Unsure  # two prefixes of one namespace: not well-formed either
    return attributes, inner


def _tag(prefix: str, local: str, scope: dict[str, str]) -> str:
    uri = scope.get(prefix)
    if uri is None:
        raise _Unsure  # an unbound prefix
    return f"{{{uri}}}{local}"


def _properties(text: str, pos: int, end: int, scope: dict[str, str]) -> list[Property]:
    properties: list[Property] = []
    for match in _PROPERTY.finditer(text, pos, end):
        if match.start() != pos:
            raise _Unsure  # something else between two properties
        prefix, local, before, kind, items, simple = match.groups()
        uri = scope.get(prefix)
        if uri is None:
            raise _Unsure  # an unbound prefix
        if kind is None:  # a simple property, or an empty element
            properties.append((f"{{{uri}}}{local}", _text(simple or ""), None))
        else:
            properties.append((f"{{{uri}}}{local}", before, _items(items) if items else []))
        pos = match.end()
    if text[pos:end].strip(" \t\n"):
        raise _Unsure
    return properties


def _items(raw: str) -> list[Item]:
    if "xml:lang" not in raw:  # a Seq or Bag: one pattern gives every text
        return [(None, _text(text)) for text in _PLAIN_ITEM.findall(raw)]
    found: list[Item] = []
    for match in _ITEM.finditer(raw):
        double, single, text = match.groups()
        lang = double if double is not None else single
        found.append((None if lang is None else _normal(lang), _text(text or "")))
    return found


def _value(quoted: str) -> str:
    return _normal(quoted[1:-1])


def _normal(raw: str) -> str:
    """An attribute's value as expat gives it: references replaced, tabs and newlines spaces."""
    return _text(raw).replace("\t", " ").replace("\n", " ")


def _text(raw: str) -> str:
    if "&" not in raw:
        return raw
    for reference, char in _ENTITIES:  # &amp; last: "&amp;lt;" is "&lt;"
        raw = raw.replace(reference, char)
    return raw
