"""XMP that is not UTF-8: a packet declaring ISO-8859-1 is read as such and written back
exactly (untouched properties, custom namespaces too); bytes that are no valid text in the
packet's encoding make the writer refuse instead of writing U+FFFD into fields nobody edited."""

import json
import subprocess

import pytest

from editor_app.errors import MetadataWriteError
from editor_app.metadata.io import read_photo
from editor_app.metadata.writer import WriteOptions, write_photo
from tests.factories import app_segment, make_jpeg

LATIN1_PACKET = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
    '  <rdf:Description rdf:about=""\n'
    '    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"\n'
    '    xmlns:desk="http://example.com/desk/1.0/">\n'
    "   <photoshop:City>Málaga</photoshop:City>\n"
    "   <desk:Note>Señal número 5 · ½</desk:Note>\n"
    "  </rdf:Description>\n"
    " </rdf:RDF>\n"
    "</x:xmpmeta>\n"
).encode("iso-8859-1")


def _exiftool_values(exiftool, path) -> dict:
    out = subprocess.run(
        [exiftool, "-j", "-XMP:all", "-config", "/dev/null", str(path)],
        capture_output=True, check=True, text=True, encoding="utf-8",
    ).stdout  # fmt: skip
    return json.loads(out)[0]


def test_a_latin1_sidecar_is_read_and_kept_exactly(tmp_path, exiftool):
    photo = make_jpeg(tmp_path)
    sidecar = photo.with_suffix(".xmp")
    sidecar.write_bytes(LATIN1_PACKET)
    assert read_photo(photo).city == "Málaga"
    write_photo(photo, {"headline": "Fire"}, WriteOptions(sidecar=True))
    text = sidecar.read_bytes().decode("utf-8")  # written back as UTF-8, nothing replaced
    assert "\ufffd" not in text
    assert "Málaga" in text and "Señal número 5 · ½" in text
    record = read_photo(photo)
    assert (record.city, record.headline) == ("Málaga", "Fire")
    values = _exiftool_values(exiftool, sidecar)
    assert values["City"] == "Málaga" and values["Headline"] == "Fire"
    assert values["Note"] == "Señal número 5 · ½"


def test_a_latin1_packet_in_a_jpeg_is_kept_exactly(tmp_path, exiftool):
    segment = app_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + LATIN1_PACKET)
    photo = make_jpeg(tmp_path, extra_segments=segment)
    assert read_photo(photo).city == "Málaga"
    write_photo(photo, {"caption": "Fire"})
    record = read_photo(photo)
    assert (record.city, record.caption) == ("Málaga", "Fire")
    values = _exiftool_values(exiftool, photo)
    assert values["City"] == "Málaga" and values["Note"] == "Señal número 5 · ½"


def test_stray_bytes_are_refused_not_replaced(tmp_path):
    photo = make_jpeg(tmp_path)
    sidecar = photo.with_suffix(".xmp")
    broken = LATIN1_PACKET.replace(b' encoding="ISO-8859-1"', b"")  # now claims UTF-8
    sidecar.write_bytes(broken)
    with pytest.raises(MetadataWriteError, match="not valid utf-8 text .*0xE1"):
        write_photo(photo, {"headline": "Fire"}, WriteOptions(sidecar=True))
    assert sidecar.read_bytes() == broken
