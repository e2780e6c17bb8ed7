"""XMP without ``<!`` goes to the standard C parser, the rest to defusedxml: both give the same
values and notes (corpus packets, mutants), and a DTD is still refused."""

import random

import defusedxml.ElementTree as SafeET
import pytest

from editor_app.metadata import jpeg, xmp
from editor_app.metadata.xmp import parse_packet, parse_xmp

PACKET = (
    b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:Credit="REUTERS">'
    b'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">A caption &amp; more &#233;'
    b'</rdf:li><rdf:li xml:lang="fr">Une l\xc3\xa9gende</rdf:li></rdf:Alt></dc:description>'
    b"<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li><rdf:li>Li Ming</rdf:li></rdf:Seq>"
    b"</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
    b'<?xpacket end="w"?>'
)


def defused_only(packet: bytes):
    original, quick, shapes = xmp._fromstring, xmp._quick_tree, xmp.quick_descriptions
    xmp._fromstring = lambda text: SafeET.fromstring(text, forbid_dtd=True)
    xmp._quick_tree = lambda packet: None
    xmp.quick_descriptions = lambda packet: None
    try:
        return parse_xmp(packet)
    finally:
        xmp._fromstring, xmp._quick_tree, xmp.quick_descriptions = original, quick, shapes


def step_by_step(packet: bytes):
    """The reader without the quick paths for plain UTF-8 packets (decode, then parse)."""
    quick, shapes = xmp._quick_tree, xmp.quick_descriptions
    xmp._quick_tree = lambda packet: None
    xmp.quick_descriptions = lambda packet: None
    try:
        return parse_xmp(packet)
    finally:
        xmp._quick_tree, xmp.quick_descriptions = quick, shapes


def test_the_fast_parser_reads_a_packet_as_defusedxml_does():
    values = parse_xmp(PACKET)
    assert values == defused_only(PACKET)
    assert values.text["caption"] == "A caption & more é"
    assert values.lists["byline"] == ["Jane Doe", "Li Ming"]


def test_the_fast_parser_is_used_without_a_dtd(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("defusedxml was asked")

    monkeypatch.setattr(SafeET, "fromstring", refuse)
    assert parse_xmp(PACKET).text["credit"] == "REUTERS"


@pytest.mark.parametrize(
    "dtd",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
        b'<!DOCTYPE x SYSTEM "file:///etc/passwd">',
    ],
)
def test_a_dtd_is_still_refused(dtd):
    packet = PACKET.replace(b"<x:xmpmeta", dtd + b"<x:xmpmeta", 1)
    notes: list[str] = []
    assert parse_packet(packet, notes) is None
    assert notes == ["XMP ignored: it declares a DTD or entities (unsafe XML)"]


_INSERTS = [b"<", b">", b"&", b"&foo;", b"&#0;", b"\x00", b'"', b"<!--", b"]]>", b"\xff"]


def _mutants(seed: bytes, rng: random.Random, count: int):
    for _ in range(count):
        data = bytearray(seed)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            if rng.random() < 0.5:
                data[at] = rng.randrange(256)
            else:
                data[at:at] = rng.choice(_INSERTS)
        yield bytes(data)


def test_mutants_read_the_same():
    rng = random.Random(1130)
    for mutant in _mutants(PACKET, rng, 1500):
        assert parse_xmp(mutant) == defused_only(mutant), mutant


def _corpus_packets(corpus):
    for path in sorted(corpus.rglob("*")):
        if path.suffix.lower() not in (".jpg", ".jpeg"):
            continue
        try:
            with path.open("rb") as fh:
                header = jpeg.read_jpeg_header(fh, strict=False)
        except Exception:  # noqa: BLE001 - not a JPEG this scanner reads: nothing to compare
            continue
        for seg in header.app(jpeg.APP1, jpeg.XMP_HEADER):
            yield path, seg.payload[len(jpeg.XMP_HEADER) :]


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("reference", "seed"),
    [
        pytest.param(defused_only, 30, id="defusedxml alone"),
        pytest.param(step_by_step, 31, id="the steps"),
    ],
)
def test_corpus_packets_and_their_mutants_read_as_the_reference_reads_them(corpus, reference, seed):
    rng = random.Random(seed)
    compared = 0
    for path, packet in _corpus_packets(corpus):
        compared += 1
        assert parse_xmp(packet) == reference(packet), path.name
        for mutant in _mutants(packet, rng, 5):
            assert parse_xmp(mutant) == reference(mutant), (path.name, mutant)
    assert compared > 100


@pytest.mark.parametrize("depth", [xmp.MAX_XMP_DEPTH - 5, xmp.MAX_XMP_DEPTH + 1])
def test_depth_is_checked_only_when_the_text_could_nest_that_deep(depth):
    """Fewer "<" than the limit skips the walk; at the limit the walk still decides."""
    nested = b"<a>" * depth + b"</a>" * depth
    notes: list[str] = []
    root = parse_packet(nested, notes)
    assert (root is None) == (depth > xmp.MAX_XMP_DEPTH)


def test_a_plain_utf8_packet_is_parsed_from_its_bytes(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the packet was decoded")

    monkeypatch.setattr(xmp, "packet_text", refuse)
    assert parse_xmp(PACKET).text["caption"] == "A caption & more é"


# What the quick path must leave to the steps: other encodings, declarations, DTDs, bad UTF-8
_QUICK_INSERTS = [
    *_INSERTS,
    b"<?xml version='1.0' encoding='ISO-8859-1'?>",
    b'<?xml version="1.0"?>',
    b"<!DOCTYPE x>",
    b"\xc3",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"\xef\xbf\xbf",  # U+FFFF
    b"\xef\xbb\xbf",  # a BOM
    b" ",
    b"\x00",
    b"\x0b",
    b"\x0c",
    b"\n" + b" " * 40,
    b'<?xpacket end="w"?>',
]
_END = b'<?xpacket end="w"?>'
_PADDED = PACKET.replace(_END, b"\n" + (b" " * 99 + b"\n") * 20 + _END)
_QUICK_SEEDS = [
    PACKET,
    PACKET.replace(b"?>", b"?>\n<?xml version='1.0' encoding='latin-1'?>", 1),
    b'<?xml version="1.0" encoding="UTF-8"?>' + PACKET,
    b"<?xml version='1.0' encoding='ISO-8859-1'?>" + PACKET.replace(b"\xc3\xa9", b"\xe9"),
    b"\xef\xbb\xbf" + PACKET,
    b'<?xml-stylesheet encoding="latin-1"?>' + PACKET,  # read as Latin-1 by the steps
    b"  \n" + PACKET + b"\x00\x00",
    PACKET.decode("utf-8").encode("utf-16-le"),
    b"<" + b"<a>" * (xmp.MAX_XMP_DEPTH + 1) + b"</a>" * (xmp.MAX_XMP_DEPTH + 1),
    # the padding before the closing instruction, skipped when it is only XML whitespace
    _PADDED,
    _PADDED + b"  \r\n",
    _PADDED.replace(_END, b"\x0c" + _END),
    _PADDED.replace(_END, b"\x00" + _END),
    _PADDED + b"junk",
    _PADDED.replace(_END, b"<?xpacket end='r'?>"),
    _PADDED.replace(b"</x:xmpmeta>", b"").replace(_END, _END + b"</x:xmpmeta>"),
    _PADDED.replace(b"</x:xmpmeta>", b""),
    b"<?xpacket begin='' id=''?>" + _PADDED.split(b"?>", 1)[1],
]


def test_the_quick_path_reads_as_the_steps_do():
    rng = random.Random(1201)
    for seed in _QUICK_SEEDS:
        assert parse_xmp(seed) == step_by_step(seed), seed
        for _ in range(400):
            data = bytearray(seed)
            for _ in range(rng.randint(1, 3)):
                at = rng.randrange(len(data) + 1) if rng.random() < 0.8 else rng.randrange(4)
                if rng.random() < 0.3 and at < len(data):
                    data[at] = rng.randrange(256)
                else:
                    data[at:at] = rng.choice(_QUICK_INSERTS)
            mutant = bytes(data)
            assert parse_xmp(mutant) == step_by_step(mutant), mutant
