"""What exiftool's reading of a corpus file (``exiftool -j -G1 -n``) says our record should hold.

ExifTool reports each source separately; this applies the same MWG rules our reader follows
(see editor_app/metadata/reconcile.py) to ExifTool's per-source values.
"""

import re

_SPACES = re.compile(r"\s+")
BOILERPLATE_CHECK = None  # set by the test module to metadata.reconcile.is_boilerplate


def norm(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    return _SPACES.sub(" ", str(value)).strip()


def _as_list(value) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _first(entry: dict, *keys: str):
    for key in keys:
        if key in entry and norm(entry[key]):
            return entry[key]
    return None


# field -> (IPTC key, XMP key, EXIF key or None, is list)
FIELDS = {
    "caption": ("IPTC:Caption-Abstract", "XMP-dc:Description", "IFD0:ImageDescription", False),
    "byline": ("IPTC:By-line", "XMP-dc:Creator", "IFD0:Artist", True),
    "credit": ("IPTC:Credit", "XMP-photoshop:Credit", None, False),
    "headline": ("IPTC:Headline", "XMP-photoshop:Headline", None, False),
    "city": ("IPTC:City", "XMP-photoshop:City", None, False),
    "country": ("IPTC:Country-PrimaryLocationName", "XMP-photoshop:Country", None, False),
}


def expected(entry: dict, is_boilerplate) -> dict[str, str]:
    """Normalized expected values for the compared fields."""
    in_sync = (
        "File:CurrentIPTCDigest" not in entry
        or "Photoshop:IPTCDigest" not in entry
        or entry["File:CurrentIPTCDigest"] == entry["Photoshop:IPTCDigest"]
    )
    out: dict[str, str] = {}
    for name, (iptc_key, xmp_key, exif_key, is_list) in FIELDS.items():
        exif = entry.get(exif_key) if exif_key else None
        boilerplate = name == "caption" and is_boilerplate(str(exif))
        if exif is not None and norm(exif) and not boilerplate:
            if is_list:
                out[name] = norm([a.strip() for a in str(exif).split(";") if a.strip()])
            else:
                out[name] = norm(exif)
            continue
        iptc = _first(entry, iptc_key, *(iptc_key.replace("IPTC:", f"IPTC{n}:") for n in (2, 3, 4)))
        xmp = entry.get(xmp_key)
        order = (xmp, iptc) if in_sync else (iptc, xmp)
        value = next((v for v in order if norm(v)), None)
        out[name] = norm(_as_list(value) if is_list else value)
    out["make"] = norm(_first(entry, "IFD0:Make"))
    out["model"] = norm(_first(entry, "IFD0:Model"))
    dto = norm(_first(entry, "ExifIFD:DateTimeOriginal"))
    out["datetime_original"] = dto[:19].replace(":", "-", 2).replace(" ", "T") if dto else ""
    return out


def ours(record) -> dict[str, str]:
    dto = record.exif.datetime_original or ""
    return {
        "caption": norm(record.caption),
        "byline": norm(list(record.byline)),
        "credit": norm(record.credit),
        "headline": norm(record.headline),
        "city": norm(record.city),
        "country": norm(record.country),
        "make": norm(record.exif.make),
        "model": norm(record.exif.model),
        "datetime_original": dto[:19],
    }


def same(expected_value: str, our_value: str) -> bool:
    """Equal, where ExifTool's "?" (its stand-in for bytes that are not UTF-8) matches any
    non-ASCII character we decoded from Windows-1252."""
    if expected_value == our_value:
        return True
    if "?" not in expected_value or len(expected_value) != len(our_value):
        return False
    pairs = zip(expected_value, our_value, strict=True)
    return all(a == b or (a == "?" and not b.isascii()) for a, b in pairs)
