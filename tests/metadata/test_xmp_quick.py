"""``xmp_quick`` reads the usual packet shapes without a tree; whatever it reads, the full
parser (expat's tree, defusedxml's rules) reads the same, notes and all. Packets generated from
the pieces real packets are made of, with the mistakes and odd bytes that make expat refuse or
rewrite them, are read both ways and compared."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from editor_app.metadata import io as io_module
from editor_app.metadata import xmp
from editor_app.metadata.xmp_quick import quick_descriptions
from editor_app.metadata.xmp_write import update_packet, wrap_packet
from tests.metadata.builders import xmp_fields

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "dc2": "http://purl.org/dc/elements/1.1/",  # a second prefix for one namespace
}


def full(packet: bytes) -> xmp.XmpValues:
    """The reader as it was: the tree, never the quick shapes."""
    quick = xmp.quick_descriptions
    xmp.quick_descriptions = lambda packet: None
    try:
        return xmp.parse_xmp(packet)
    finally:
        xmp.quick_descriptions = quick


def test_our_writers_packets_take_the_quick_path():
    values = {
        "caption": 'Fans cheer & sing <loudly> in "Paris", l\'été',
        "byline": ["Jane Doe", "Li Ming"],
        "keywords": ["news", "sport"],
        "credit": "REUTERS",
        "date_created": "2024-11-20",
    }
    packet = wrap_packet(update_packet(None, values), padding=2048)  # as the writer embeds it
    assert quick_descriptions(packet) is not None
    read = xmp.parse_xmp(packet)
    assert read == full(packet)
    assert read.text["caption"] == values["caption"]
    assert read.lists["keywords"] == ["news", "sport"]


def test_the_test_builders_packets_take_the_quick_path():
    packet = xmp_fields(caption="c", byline=["a"], keywords=["k"], Credit="AP")
    assert quick_descriptions(packet) is not None
    assert xmp.parse_xmp(packet) == full(packet)


@pytest.mark.parametrize(
    "packet",
    [
        b'<?xml version="1.0"?><x/>',
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><!-- c --></rdf:RDF></x:xmpmeta>",
        b"<rdf:RDF xmlns:rdf='%s'><rdf:Description>&#65;</rdf:Description></rdf:RDF>"
        % RDF.encode(),
        b"<rdf:RDF xmlns:rdf='%s'>\r\n<rdf:Description/></rdf:RDF>" % RDF.encode(),
        b"<rdf:RDF xmlns:rdf='%s'><rdf:Description><a:b>x</a:b></rdf:Description></rdf:RDF>"
        % RDF.encode(),  # an unbound prefix
        "\ufeff<x/>".encode(),
    ],
)
def test_packets_it_is_not_sure_of_go_to_the_full_parser(packet):
    assert quick_descriptions(packet) is None


def _packet(description: str, rdf: str = "", padding: str = "") -> bytes:
    declared = "".join(f' xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    return (
        f'<?xpacket begin="\ufeff" id="W5M0M"?><x:xmpmeta xmlns:x="adobe:ns:meta/"{declared}>'
        f'<rdf:RDF xmlns:rdf="{RDF}"{rdf}><rdf:Description rdf:about=""{description}'
        f'</rdf:Description></rdf:RDF></x:xmpmeta>{padding}<?xpacket end="w"?>'
    ).encode()


@pytest.mark.parametrize(
    ("quick", "description", "rdf", "padding"),
    [
        (
            True,
            '><dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li></rdf:Alt></dc:title>',
            "",
            "",
        ),
        (True, ' photoshop:Credit="A\tB&amp;C">', "", " " * 50 + "\n"),
        (False, ' dc:title="a" dc2:title="b">', "", ""),  # one attribute twice: refused
        (False, ' dc:title="a" dc:title="b">', "", ""),
        (False, "><dc:title>a]]>b</dc:title>", "", ""),
        (False, "><dc:title>a\rb</dc:title>", "", ""),
        (False, "><dc:title>a\x01b</dc:title>", "", ""),
        (False, "><dc:title>a\ufffeb</dc:title>", "", ""),
        (False, "><dc:title>a&nbsp;b</dc:title>", "", ""),
        (False, "><dc:title>a&amp b</dc:title>", "", ""),
        (False, ' xmlns:xml="urn:x">', "", ""),
        (False, ' xmlns:p="">', "", ""),
        (False, ' xmlns:rdf="urn:x">', "", ""),  # rdf:Description is then no description
        (False, "><dc:title>a</dc:title>junk<dc:rights/>", "", ""),
        (False, ">", "", " x "),
        (False, ">", "", " \x0b "),
        (False, ">", ' xmlns:rdf="urn:other"', ""),
    ],
)
def test_near_misses_are_left_to_the_full_parser(quick, description, rdf, padding):
    packet = _packet(description, rdf, padding)
    assert (quick_descriptions(packet) is not None) is quick
    assert xmp.parse_xmp(packet) == full(packet)


# --- generated packets ---------------------------------------------------------------------------
# Mostly the pieces of well-formed packets, now and then one expat refuses or rewrites.


def _mostly(good: list[str], bad: list[str]) -> st.SearchStrategy[str]:
    """One of ``good``, or one time in sixty one of ``bad`` (a packet is some fifty pieces)."""
    return st.integers(0, 59).flatmap(lambda i: st.sampled_from(bad if i == 0 and bad else good))


_TEXT = st.lists(
    _mostly(
        ["a", "Z", " ", "\t", "\n", "é", "ß", "\u2019", "&amp;", "&lt;", "&gt;", "&quot;"]
        + ["&apos;", ">", '"', "'", "/", "x-default", "\U0001f600", "\x7f", "\u0085"],
        ["&", "&bad;", "&#65;", "&#xD;", "]]>", "<", "\r", "\x01", "\x0b", "\ufffe", "\x00"],
    ),
    max_size=6,
).map("".join)
_W = _mostly(["", " ", "\n ", "\t", "  \n   "], ["\r\n", "\x0c", "\r"])
_PREFIXED = _mostly(
    ["dc:description", "dc:title", "dc:creator", "dc:subject", "dc:rights", "photoshop:Credit"]
    + ["photoshop:City", "photoshop:LegacyIPTCDigest", "Iptc4xmpCore:CountryCode", "xmp:Rating"]
    + ["rdf:about", "dc:Credit", "xml:lang", "photoshop:Source", "dc:description", "dc2:title"],
    ["other:Thing", "x:y", "xmlns:xml", "rdf:li"],
)


@st.composite
def _attribute(draw) -> str:
    name = draw(st.one_of(_PREFIXED, _mostly(["about"], ["xmlns", "xmlns:other", "xmlns:dc"])))
    quote = draw(st.sampled_from(['"', "'"]))
    value = draw(_TEXT)
    if draw(st.integers(0, 9)):  # mostly a value the quote can hold
        value = value.replace(quote, "")
    return f"{draw(_W) or ' '}{name}{draw(_W)}={draw(_W)}{quote}{value}{quote}"


@st.composite
def _item(draw) -> str:
    lang = draw(
        _mostly(
            ["", ' xml:lang="x-default"', " xml:lang='fr'", ' xml:lang=""', ' xml:lang="\tx"'],
            [' rdf:parseType="Resource"', ' xml:lang="a" xml:lang="b"'],
        )
    )
    if draw(st.integers(0, 4)) == 0:
        return f"{draw(_W)}<rdf:li{lang}{draw(_W)}/>"
    return f"{draw(_W)}<rdf:li{lang}>{draw(_TEXT)}</rdf:li{draw(_W)}>"


@st.composite
def _property(draw) -> str:
    name = draw(_PREFIXED)
    shape = draw(_mostly(["simple", "empty", "list", "list"], ["struct", "unclosed"]))
    if shape == "simple":
        return f"{draw(_W)}<{name}>{draw(_TEXT)}</{name}>"
    if shape == "empty":
        return f"{draw(_W)}<{name}{draw(_W)}/>"
    if shape == "struct":
        inner = draw(st.sampled_from(["<a:b>x</a:b>", "<rdf:Description/>", "<dc:title>t"]))
        return f"{draw(_W)}<{name}>{inner}</{name}>"
    if shape == "unclosed":
        return f"{draw(_W)}<{name}>"
    kind = draw(st.sampled_from(["Alt", "Seq", "Bag", "Alt"]))
    items = "".join(draw(st.lists(_item(), max_size=3)))
    before = draw(_mostly(["", " ", "\n  "], ["x"]))
    close = draw(_mostly([kind], ["Seq"]))
    return (
        f"{draw(_W)}<{name}>{before}<rdf:{kind}>{items}{draw(_W)}</rdf:{close}>{draw(_W)}</{name}>"
    )


@st.composite
def _description(draw) -> str:
    pairs = draw(st.lists(_attribute(), max_size=3))
    if draw(st.integers(0, 9)):  # mostly no attribute twice (expat refuses that)
        pairs = list({pair.split("=")[0].strip(): pair for pair in pairs}.values())
    attrs = "".join(pairs)
    declared = draw(_mostly(["", f' xmlns:dc="{NAMESPACES["dc"]}"'], [' xmlns:rdf="urn:x"']))
    if draw(st.integers(0, 5)) == 0:
        return f"{draw(_W)}<rdf:Description{declared}{attrs}{draw(_W)}/>"
    body = "".join(draw(st.lists(_property(), max_size=4)))
    return f"{draw(_W)}<rdf:Description{declared}{attrs}>{body}{draw(_W)}</rdf:Description>"


@st.composite
def packets(draw) -> bytes:
    declarations = "".join(f' xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    where = draw(_mostly(["root", "rdf", "root"], ["nowhere"]))
    root_ns = declarations if where == "root" else ""
    rdf_ns = declarations if where == "rdf" else ""
    rdf = f'<rdf:RDF xmlns:rdf="{RDF}"{rdf_ns}>' + "".join(
        draw(st.lists(_description(), min_size=draw(_mostly(["1"], ["0"])) == "1", max_size=3))
    )
    rdf += f"{draw(_W)}</rdf:RDF>"
    wrapper = draw(_mostly(["x:xmpmeta", "x:xapmeta", ""], ["rdf:RDF", "x:RDF"]))
    if wrapper:
        document = f"<{wrapper} xmlns:x='adobe:ns:meta/'{root_ns}>{draw(_W)}{rdf}{draw(_W)}"
        document += f"</{wrapper}>"
    else:
        document = rdf.replace("<rdf:RDF ", f"<rdf:RDF{root_ns} ", 1)
    if draw(st.booleans()):
        document = f'<?xpacket begin="\ufeff" id="W5M0M"?>{draw(_W)}{document}'
    padding = draw(
        _mostly(["", " " * 40, (" " * 30 + "\n") * 3, "\n"], [" \t ", "\n\x0b", "x", "\r\n"])
    )
    end = draw(_mostly(['<?xpacket end="w"?>', "<?xpacket end='r'?>", ""], ["<?other?>"]))
    return (document + padding + end + draw(_mostly(["", "\n", "  "], ["\x00"]))).encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packets())
@example(xmp_fields(caption="c", byline=["a", "b"], keywords=[], Credit="X & Y"))
def test_generated_packets_read_as_the_full_parser_reads_them(packet):
    assert xmp.parse_xmp(packet) == full(packet)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packets(), st.integers(0, 10_000), st.sampled_from([b"<", b"'", b"/", b"\xff", b"a:"]))
def test_damaged_packets_read_as_the_full_parser_reads_them(packet, at, junk):
    at %= len(packet) + 1
    damaged = packet[:at] + junk + packet[at:]
    assert xmp.parse_xmp(damaged) == full(damaged)


@pytest.mark.corpus
def test_every_corpus_packet_reads_as_the_full_parser_reads_it(corpus):
    compared = quick = 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file():
            continue
        if path.suffix.lower() == ".xmp":
            packet: bytes | None = path.read_bytes()
        else:
            try:
                _, blocks = io_module._read_blocks(path)
            except Exception:  # noqa: BLE001 - unreadable files have no packet to compare
                continue
            packet = blocks.xmp
        if packet is None:
            continue
        compared += 1
        quick += quick_descriptions(packet) is not None
        assert xmp.parse_xmp(packet) == full(packet), path
    assert compared > 200 and quick > 20
