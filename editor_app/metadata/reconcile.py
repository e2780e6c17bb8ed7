"""MWG reconciliation: which of EXIF, IPTC-IIM and XMP gives each field of the record.

Reading rules (MWG 2.0, as ExifTool's MWG module implements them):
1. Description, Creator and Copyright: a non-blank EXIF value wins (camera boilerplate such as
   "OLYMPUS DIGITAL CAMERA" is not a caption and never wins).
2. Otherwise XMP wins when it is known to be in sync with the IIM: there is no IIM, or no stored
   IPTC digest, or the stored digest equals the MD5 of the current IIM block.
3. Otherwise (digest mismatch: the IIM was edited by an IIM-only tool) the IIM wins, except that an
   IIM value cut at its byte limit that is a prefix of the XMP value gives the full XMP value.
4. A source without the field never wins over one that has it.
Dates: IIM/XMP DateCreated by rules 2-3; EXIF DateTimeOriginal only when neither has one.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, cast

from editor_app.metadata.datetimes import normalize_date
from editor_app.metadata.fields import (
    EXIF_ARTIST,
    EXIF_COPYRIGHT,
    EXIF_FIELDS,
    EXIF_IMAGE_DESCRIPTION,
    IIM_BY_FIELD,
    LIST_FIELDS,
    TEXT_FIELDS,
    is_camera_boilerplate,
)
from editor_app.metadata.iptc import IimValues
from editor_app.metadata.record import Conflict, ExifData
from editor_app.metadata.xmp import XmpValues

_SPACES = re.compile(r"\s+")
_EXIF_FIRST = frozenset(EXIF_FIELDS)
_EXIF_ATTRIBUTES = {  # the ExifData attribute that holds each MWG-mapped tag
    EXIF_IMAGE_DESCRIPTION: "image_description",
    EXIF_ARTIST: "artist",
    EXIF_COPYRIGHT: "copyright",
}
_TRUNCATION_SLACK = 3  # a UTF-8 cut on a character boundary may stop up to 3 bytes short


@dataclass(slots=True)
class Reconciled:
    values: dict[str, object] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)


is_boilerplate = is_camera_boilerplate  # the name the corpus tests know


def exif_candidates(exif: ExifData) -> dict[str, object]:
    """The MWG-mapped EXIF values; Artist holds several creators separated by "; "."""
    found: dict[str, object] = {}
    for name, tag in EXIF_FIELDS.items():
        text = getattr(exif, _EXIF_ATTRIBUTES[tag])
        if not text.strip() or (tag == EXIF_IMAGE_DESCRIPTION and is_camera_boilerplate(text)):
            continue
        if name in LIST_FIELDS:
            found[name] = [a for a in (s.strip() for s in text.split(";")) if a]
        else:
            found[name] = text
    return found


def reconcile(
    exif: ExifData,
    iim: IimValues | None,
    xmp: XmpValues | None,
    xmp_in_sync: bool,
    *,
    xmp_first: bool = False,
) -> Reconciled:
    """Choose each field's value and source; record conflicts between sources.

    ``xmp_first``: XMP wins over EXIF and IIM whatever the digest says (a PNG's or WebP's
    sidecar, where the desk writes: the file's own EXIF and IIM it cannot reach)."""
    xmp_in_sync = xmp_in_sync or xmp_first
    result = Reconciled()
    by_source: dict[str, dict[str, Any]] = {
        "exif": exif_candidates(exif),
        "iptc": _iim_candidates(iim) if iim else {},
        "xmp": {**(xmp.text if xmp else {}), **(xmp.lists if xmp else {})},
    }
    xmp_creators = by_source["xmp"].get("byline")
    if isinstance(xmp_creators, list) and "; ".join(xmp_creators) == exif.artist:
        by_source["exif"]["byline"] = xmp_creators  # the same list, with its exact spacing
    somewhere = by_source["exif"].keys() | by_source["iptc"].keys() | by_source["xmp"].keys()
    for name, order in _XMP_FIRST if xmp_first else _ORDERS[xmp_in_sync]:
        if name not in somewhere:  # most fields are missing from most sources
            continue
        present = {}
        for source in order:
            value = by_source[source].get(name)
            if value and (not value.isspace() if type(value) is str else _has(value)):
                present[source] = value
        if not present:
            continue
        chosen = next(iter(present))
        value = present[chosen]
        if chosen == "iptc" and "xmp" in present and _truncated(name, value, present["xmp"]):
            chosen, value = "xmp", present["xmp"]
        result.values[name] = value
        result.sources[name] = chosen
        if len(present) > 1:
            conflict = _conflict(name, present, chosen)
            if conflict:
                result.conflicts.append(conflict)
    _reconcile_date(result, exif, iim, xmp, xmp_in_sync)
    return result


def _iim_candidates(iim: IimValues) -> dict[str, object]:
    return {**iim.text, **iim.lists}


def _order(name: str, xmp_in_sync: bool) -> tuple[str, ...]:
    legacy = ("xmp", "iptc") if xmp_in_sync else ("iptc", "xmp")
    return ("exif", *legacy) if name in _EXIF_FIRST else legacy


# Each field with its sources in order of precedence, for the XMP in sync and not
_ORDERS = {
    in_sync: tuple((name, _order(name, in_sync)) for name in (*TEXT_FIELDS, *LIST_FIELDS))
    for in_sync in (True, False)
}
_XMP_FIRST = tuple(
    (name, ("xmp", *(s for s in order if s != "xmp"))) for name, order in _ORDERS[True]
)


def _has(value: object) -> bool:
    if isinstance(value, list):
        return any(v.strip() for v in value)
    return isinstance(value, str) and bool(value.strip())


def _truncated(name: str, iim_value: object, xmp_value: object) -> bool:
    """The IIM copy was cut at the dataset's byte limit from the longer XMP text."""
    spec = IIM_BY_FIELD.get(name)
    if spec is None:
        return False
    if isinstance(iim_value, list) and isinstance(xmp_value, list):
        if len(iim_value) != len(xmp_value):
            return False
        pairs = list(zip(iim_value, xmp_value, strict=True))
        cut = [_cut(spec.max_bytes, a, b) for a, b in pairs]
        return any(cut) and all(c or a == b for c, (a, b) in zip(cut, pairs, strict=True))
    return (
        isinstance(iim_value, str)
        and isinstance(xmp_value, str)
        and _cut(spec.max_bytes, iim_value, xmp_value)
    )


def _cut(limit: int, short: str, full: str) -> bool:
    # Bytes in UTF-8, or one per character in a Latin (Windows-1252) block the writer kept
    sizes = (len(short.encode("utf-8")), len(short))
    return (
        any(limit - _TRUNCATION_SLACK <= size <= limit for size in sizes)
        and len(full) > len(short)
        and (full.startswith(short))
    )


def _normal(value: object) -> str:
    """For comparing sources: spacing and Unicode composition (NFC vs NFD) do not count."""
    if isinstance(value, list):
        value = "; ".join(v.strip() for v in value)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", str(value)).strip())


def _conflict(name: str, present: dict[str, object], chosen: str) -> Conflict | None:
    if len(present) < 2:
        return None
    values = list(present.values())
    if values.count(values[0]) == len(values):
        return None  # the usual case, the same text everywhere: no need to normalise
    normal = {s: _normal(v) for s, v in present.items()}
    if "iptc" in present and "xmp" in present and _truncated(name, present["iptc"], present["xmp"]):
        normal["iptc"] = normal["xmp"]  # a cut at the IIM limit is expected, not a conflict
    if len(set(normal.values())) < 2:
        return None
    shown = {
        s: v if isinstance(v, str) else "; ".join(cast(list[str], v)) for s, v in present.items()
    }
    return Conflict(field=name, values=shown, chosen=chosen)


def _reconcile_date(
    result: Reconciled,
    exif: ExifData,
    iim: IimValues | None,
    xmp: XmpValues | None,
    xmp_in_sync: bool,
) -> None:
    candidates = {
        "xmp": normalize_date(xmp.text.get("date_created") or "") or "" if xmp else "",
        "iptc": (iim.date_created or "") if iim else "",
    }
    order = ("xmp", "iptc") if xmp_in_sync else ("iptc", "xmp")
    for source in order:
        if candidates[source]:
            result.values["date_created"] = candidates[source]
            result.sources["date_created"] = source
            break
    else:
        if exif.datetime_original:
            result.values["date_created"] = exif.datetime_original
            result.sources["date_created"] = "exif"
    days = {s: v[:10] for s, v in candidates.items() if v}
    if len(set(days.values())) > 1:
        result.conflicts.append(
            Conflict("date_created", dict(candidates), result.sources["date_created"])
        )
