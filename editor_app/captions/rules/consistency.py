"""Rules about how the text is stored: sources that disagree, IIM length limits, mojibake."""

import re
import unicodedata
from collections.abc import Iterator
from operator import attrgetter

from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, rule
from editor_app.captions.rules.required import TEXT_FIELDS_TO_CHECK
from editor_app.metadata.fields import EMBEDDED_FORMATS, IIM_BY_FIELD, noun
from editor_app.metadata.record import PhotoMetadata

_SOURCE_NAMES = {"iptc": "IPTC", "xmp": "XMP", "exif": "EXIF"}
# UTF-8 read as Latin-1/cp1252 ("MartÃ­n", "â€™"), or the replacement character.
_MOJIBAKE = re.compile(
    r"[ÃÂ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d"
    r"\u017e\u0192\u02c6\u02dc]|â€|\ufffd"
)


@rule(
    "metadata-conflict",
    Severity.WARNING,
    "IPTC, XMP and EXIF carry different captions or credits, so systems show different text.",
)
def metadata_conflict(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    fields = ctx.settings.conflict_fields
    for conflict in photo.record.conflicts:
        values = {s: v for s, v in conflict.values.items()}
        if conflict.field not in fields or len({_plain(v) for v in values.values()}) < 2:
            continue
        label = noun(conflict.field)
        truncated = _truncated_source(conflict.field, values)
        if truncated:
            yield (
                f"The {_SOURCE_NAMES.get(truncated, truncated)} {label} is cut off at the IIM "
                "length limit, so IIM-only systems show a shorter text."
            )
            continue
        names = " and ".join(_SOURCE_NAMES.get(s, s) for s in values)
        chosen = _SOURCE_NAMES.get(conflict.chosen, conflict.chosen)
        yield (
            f"The {label} differs between {names}, so systems show different text "
            f"(this report uses the {chosen} one)."
        )


def _plain(value: str) -> str:
    """What a reader sees: letter case, spacing and Unicode composition are not differences
    ("REUTERS/Jane Doe" in IPTC, "Reuters/Jane  Doe" in XMP)."""
    return unicodedata.normalize("NFC", " ".join(value.split())).casefold()


def _truncated_source(field: str, values: dict[str, str]) -> str | None:
    dataset = IIM_BY_FIELD.get(field)
    iim = values.get("iptc")
    if dataset is None or iim is None:
        return None
    full = [v for s, v in values.items() if s != "iptc"]
    at_limit = len(iim.encode("utf-8")) >= dataset.max_bytes - 3  # a cut may split a character
    return "iptc" if at_limit and full and all(v.startswith(iim) for v in full) else None


@rule(
    "iim-too-long",
    Severity.WARNING,
    "A value is longer than its IPTC-IIM dataset allows, so IIM copies are cut short.",
)
def iim_too_long(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    record = photo.record
    if record.format and record.format not in EMBEDDED_FORMATS and not record.has_iptc:
        return  # a PNG or WebP gets an XMP sidecar: no IIM is written, none is cut short
    values = _iim_values(record)
    if not _may_be_too_long(values):
        return  # nearly every photo: no value near its limit, nothing to encode
    codec = None  # worked out for the first value that needs it
    for (field, dataset), value, sure_to_fit in zip(
        IIM_BY_FIELD.items(), values, _SURE_TO_FIT, strict=True
    ):
        for item in value if isinstance(value, tuple) else (value,):
            if len(item) <= sure_to_fit:
                continue  # fits whatever the encoding
            if item.isascii():  # one byte a character in either encoding
                size = len(item)
            else:
                codec = codec or _iim_codec(record)
                size = len(item.encode(codec))
            if size > dataset.max_bytes:
                yield (
                    f"{_the_value(field)} is {size} bytes, longer than the "
                    f"{dataset.max_bytes} bytes IPTC-IIM allows, so IIM copies are cut short."
                )


_iim_values = attrgetter(*IIM_BY_FIELD)


def _the_value(field: str) -> str:
    """The subject of "is N bytes": "The caption", "A keyword" (one of several, each its own
    IIM dataset), "The instructions text" (one text named by a plural word)."""
    if field in ("keywords", "byline"):
        return f"A {noun(field).removesuffix('s')}"
    name = noun(field)
    return f"The {name} text" if name.endswith("s") else f"The {name}"


# Characters a value may have and still fit its dataset whatever the encoding (UTF-8 uses at
# most four bytes a character).
_SURE_TO_FIT = tuple(dataset.max_bytes // 4 for dataset in IIM_BY_FIELD.values())


_MAX_BYTES = tuple(dataset.max_bytes for dataset in IIM_BY_FIELD.values())


def _may_be_too_long(values: tuple[str | tuple[str, ...], ...]) -> bool:
    """Whether any item of ``values`` (``_iim_values``) may be too long. An ASCII text is one
    byte a character: most by-lines and credits are past the sure length (a quarter of the
    limit), few past the limit itself. One loop, not a call a field: 16 fields a photo."""
    for value, sure_to_fit, max_bytes in zip(values, _SURE_TO_FIT, _MAX_BYTES, strict=True):
        for item in (value,) if isinstance(value, str) else value:
            if len(item) > sure_to_fit and (len(item) > max_bytes or not item.isascii()):
                return True
    return False


def _iim_codec(record: PhotoMetadata) -> str:
    """How the writer will encode this photo's IIM: a Latin (Windows-1252) block stays Latin
    when every value fits it, one byte a character (``iim_write``); else UTF-8."""
    if record.iim_charset != "cp1252":
        return "utf-8"
    try:
        for field in IIM_BY_FIELD:
            value = getattr(record, field)
            for item in value if isinstance(value, tuple) else (value,):
                item.encode("cp1252")
    except UnicodeEncodeError:
        return "utf-8"
    return "cp1252"


@rule("mojibake", Severity.ERROR, "Garbled characters from a wrong text encoding (MartÃ­n).")
def mojibake(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    record = photo.record
    for field in TEXT_FIELDS_TO_CHECK:
        value = getattr(record, field)
        if value.isascii():  # most values: every garbled sequence holds a non-ASCII character
            continue
        match = _MOJIBAKE.search(value)
        if match:
            word = _word_around(value, match.start(), match.end())
            yield (
                f'The {noun(field)} has garbled characters ("{word}"), '
                "probably UTF-8 text decoded with the wrong character set."
            )


def _word_around(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    return text[left : right if right >= 0 else len(text)]
