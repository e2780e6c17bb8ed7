"""Update the caption properties of an XMP packet; every other property is kept.

The packet is parsed safely (``xmp.parse_packet``), the managed properties are replaced in
place (element or attribute form, in any top-level ``rdf:Description``), and the tree is written
back with the packet's own namespace prefixes. Comments inside the packet are not kept; all
namespace declarations move to the root element (equivalent XML, read alike by every reader).
"""

import re
from collections.abc import Iterable
from xml.etree.ElementTree import Element, SubElement

from editor_app.errors import MetadataWriteError
from editor_app.metadata.changes import FieldValue
from editor_app.metadata.fields import (
    NS_DC,
    NS_IPTC_CORE,
    NS_PHOTOSHOP,
    NS_RDF,
    NS_X,
    NS_XML,
    XMP_BY_FIELD,
    XMP_IPTC_DIGEST,
    XmpProperty,
)
from editor_app.metadata.xmp import packet_text, parse_packet

XPACKET_BEGIN = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
XPACKET_END = '\n<?xpacket end="w"?>'
TOOLKIT = "Caption Desk"

_RDF = f"{{{NS_RDF}}}RDF"
_DESC = f"{{{NS_RDF}}}Description"
_ABOUT = f"{{{NS_RDF}}}about"
_LI = f"{{{NS_RDF}}}li"
_LANG = f"{{{NS_XML}}}lang"
_XMPMETA = f"{{{NS_X}}}xmpmeta"
_CONTAINER = {"alt": f"{{{NS_RDF}}}Alt", "seq": f"{{{NS_RDF}}}Seq", "bag": f"{{{NS_RDF}}}Bag"}
_DIGEST = f"{{{XMP_IPTC_DIGEST[0]}}}{XMP_IPTC_DIGEST[1]}"
_CHILD_INDENT = "\n   "
_CLOSE_INDENT = "\n  "
_KNOWN_PREFIXES = {
    NS_X: "x",
    NS_RDF: "rdf",
    NS_DC: "dc",
    NS_PHOTOSHOP: "photoshop",
    NS_IPTC_CORE: "Iptc4xmpCore",
}


def update_packet(
    packet: bytes | None, changes: dict[str, FieldValue], iptc_digest: bytes | None = None
) -> str:
    """The packet's XML (no ``<?xpacket?>`` wrapper) with ``changes`` applied.

    ``iptc_digest`` refreshes ``photoshop:LegacyIPTCDigest`` when the packet has one.
    Raises MetadataWriteError when the existing packet cannot be parsed safely: rewriting it
    would lose whatever it holds.
    """
    root, prefixes = _load(packet)
    descriptions = _descriptions(_rdf(root))
    for name, value in changes.items():
        _apply(descriptions, XMP_BY_FIELD[name], value)
    for desc in descriptions:
        _reindent(desc)
    if iptc_digest is not None:
        _refresh_digest(descriptions, iptc_digest.hex().upper())
    return serialize(root, prefixes)


def wrap_packet(xml: str, padding: int = 0) -> bytes:
    """An embeddable packet: the XML inside ``<?xpacket?>`` processing instructions.

    ``padding`` bytes of whitespace go before the closing instruction, where the XMP spec puts
    the room other tools use to edit the packet in place (lines of 99 spaces, as Adobe writes).
    """
    blank = ((" " * 99 + "\n") * (padding // 100 + 1))[:padding]
    return (XPACKET_BEGIN + xml + blank + XPACKET_END).encode("utf-8")


def _load(packet: bytes | None) -> tuple[Element, dict[str, str]]:
    if not packet or not packet.strip(b"\x00 \t\r\n"):
        return _skeleton(), {}
    notes: list[str] = []
    # The reader's parser (UTF-16/32, declared 8-bit encodings), but exact: properties nobody
    # edited are written back, and must not come back as U+FFFD.
    root = parse_packet(packet, notes, exact=True)
    if root is None:
        reason = notes[0] if notes else "XMP is empty"
        raise MetadataWriteError(f"existing XMP cannot be updated safely: {reason}")
    return root, _prefixes(packet)


def _skeleton() -> Element:
    root = Element(_XMPMETA, {f"{{{NS_X}}}xmptk": TOOLKIT})
    root.text = "\n "
    rdf = SubElement(root, _RDF)
    rdf.text, rdf.tail = "\n  ", "\n"
    return root


_XMLNS = re.compile(r"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']""")


def _prefixes(packet: bytes) -> dict[str, str]:
    """Namespace URI -> the first prefix the packet declared for it (a hint for writing back)."""
    found: dict[str, str] = {}
    for prefix, uri in _XMLNS.findall(_rough_text(packet)):
        if prefix not in found.values():
            found.setdefault(uri, prefix)
    return found


def _rough_text(packet: bytes) -> str:
    """Good enough to find namespace declarations: UTF-16 recognized by its NUL bytes."""
    head = packet.lstrip(b"\xfe\xff")[:2]
    if head[:1] == b"\x00":
        return packet.decode("utf-16-be", errors="replace")
    if head[1:2] == b"\x00":
        return packet.decode("utf-16-le", errors="replace")
    return packet_text(packet)


def _rdf(root: Element) -> Element:
    if root.tag == _RDF:
        return root
    rdf = root.find(f".//{_RDF}")
    if rdf is not None:
        return rdf
    if root.tag == _XMPMETA:
        return SubElement(root, _RDF)
    raise MetadataWriteError("existing XMP has no rdf:RDF element; not rewriting it")


def _descriptions(rdf: Element) -> list[Element]:
    found = [d for d in rdf if d.tag == _DESC]
    if found:
        return found
    about = next((d.get(_ABOUT) for d in rdf.iter(_DESC) if d.get(_ABOUT)), "")
    desc = Element(_DESC, {_ABOUT: about or ""})
    desc.tail = "\n "
    rdf.append(desc)
    return [desc]


def _apply(descriptions: list[Element], prop: XmpProperty, value: FieldValue) -> None:
    tag = f"{{{prop.namespace}}}{prop.name}"
    where: tuple[Element, int] | None = None
    old: Element | None = None
    for desc in descriptions:
        desc.attrib.pop(tag, None)
        for index, child in enumerate(list(desc)):
            if child.tag == tag:
                if where is None:
                    where, old = (desc, index), child
                desc.remove(child)
    if not value:
        return
    desc, index = where or (descriptions[0], len(descriptions[0]))
    desc.insert(index, _property(tag, prop.kind, value, old))


def _property(tag: str, kind: str, value: FieldValue, old: Element | None) -> Element:
    elem = Element(tag)
    if kind == "text":
        elem.text = value if isinstance(value, str) else "; ".join(value)
        return elem
    container = SubElement(elem, _CONTAINER[kind])
    if kind == "alt":
        li = SubElement(container, _LI, {_LANG: "x-default"})
        li.text = value if isinstance(value, str) else "; ".join(value)
        container.extend(_other_languages(old))
        return elem
    for item in (value,) if isinstance(value, str) else value:
        SubElement(container, _LI).text = item
    return elem


def _other_languages(old: Element | None) -> list[Element]:
    """Translations an editor did not touch: every ``rdf:li`` of the old Alt but x-default."""
    if old is None:
        return []
    items = [li for c in old if c.tag == _CONTAINER["alt"] for li in c if li.tag == _LI]
    return [li for li in items if li.get(_LANG, "x-default") != "x-default"]


def _reindent(desc: Element) -> None:
    """One property per line. Whitespace between properties is not significant in RDF; fixed
    indentation keeps a re-edit byte-stable."""
    children = list(desc)
    if not children:
        desc.text = None
        return
    desc.text = _CHILD_INDENT
    for child in children:
        child.tail = _CHILD_INDENT
    children[-1].tail = _CLOSE_INDENT


def _refresh_digest(descriptions: list[Element], digest: str) -> None:
    for desc in descriptions:
        if _DIGEST in desc.attrib:
            desc.set(_DIGEST, digest)
        for child in desc:
            if child.tag == _DIGEST:
                child.text = digest


def serialize(root: Element, prefixes: dict[str, str]) -> str:
    """XML text of ``root``, every namespace declared on the root with its original prefix."""
    names = _prefix_map(_namespaces(root), prefixes)
    out: list[str] = []
    _write(root, out, names, declare=True)
    return "".join(out)


def _namespaces(root: Element) -> list[str]:
    uris: dict[str, None] = {}
    for elem in root.iter():
        for name in (elem.tag, *elem.attrib):
            if isinstance(name, str) and name.startswith("{"):
                uris.setdefault(name[1:].split("}", 1)[0])
    uris.pop(NS_XML, None)
    return list(uris)


def _prefix_map(uris: Iterable[str], declared: dict[str, str]) -> dict[str, str]:
    names: dict[str, str] = {NS_XML: "xml"}
    taken = {"xml"}
    for n, uri in enumerate(uris):
        prefix = declared.get(uri) or _KNOWN_PREFIXES.get(uri) or f"ns{n}"
        while prefix in taken:
            prefix += "_"
        names[uri] = prefix
        taken.add(prefix)
    return names


def _qname(name: str, names: dict[str, str]) -> str:
    if not name.startswith("{"):
        return name
    uri, local = name[1:].split("}", 1)
    return f"{names[uri]}:{local}"


def _write(elem: Element, out: list[str], names: dict[str, str], declare: bool = False) -> None:
    tag = _qname(elem.tag, names)
    out.append(f"<{tag}")
    if declare:
        for uri, prefix in names.items():
            if uri != NS_XML:
                out.append(f' xmlns:{prefix}="{escape_attr(uri)}"')
    for key, val in elem.attrib.items():
        out.append(f' {_qname(key, names)}="{escape_attr(val)}"')
    if elem.text is None and len(elem) == 0:
        out.append("/>")
    else:
        out.append(">" + escape_text(elem.text or ""))
        for child in elem:
            _write(child, out, names)
        out.append(f"</{tag}>")
    out.append(escape_text(elem.tail or ""))


def escape_text(text: str) -> str:
    """Escape for element content; CR as a reference, or XML parsers would turn it into LF."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")
    )


def escape_attr(text: str) -> str:
    """Escape for a double-quoted attribute; whitespace as references so it survives normalizing."""
    return escape_text(text).replace('"', "&quot;").replace("\n", "&#xA;").replace("\t", "&#x9;")
