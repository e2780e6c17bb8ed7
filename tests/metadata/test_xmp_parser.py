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
    original = xmp._fromstring
    xmp._fromstring = lambda text: SafeET.fromstring(text, forbid_dtd=True)
    try:
        return parse_xmp(packet)
    finally:
        xmp._fromstring = original


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
def test_corpus_packets_and_their_mutants_read_the_same(corpus):
    rng = random.Random(30)
    compared = 0
    for path, packet in _corpus_packets(corpus):
        compared += 1
        assert parse_xmp(packet) == defused_only(packet), path.name
        for mutant in _mutants(packet, rng, 5):
            assert parse_xmp(mutant) == defused_only(mutant), (path.name, mutant)
    assert compared > 100


@pytest.mark.parametrize("depth", [xmp.MAX_XMP_DEPTH - 5, xmp.MAX_XMP_DEPTH + 1])
def test_depth_is_checked_only_when_the_text_could_nest_that_deep(depth):
    """Fewer "<" than the limit skips the walk; at the limit the walk still decides."""
    nested = b"<a>" * depth + b"</a>" * depth
    notes: list[str] = []
    root = parse_packet(nested, notes)
    assert (root is None) == (depth > xmp.MAX_XMP_DEPTH)
