"""The spelling rule: words of the caption and headline that may be misspelt, with suggestions."""

from collections.abc import Iterator

from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, rule
from editor_app.captions.spelling import Misspelling, Speller, misspellings, words_of
from editor_app.metadata.record import PhotoMetadata

_MEMO_KEY = "spelling.speller"


@rule(
    "spelling",
    Severity.WARNING,
    "A word of the caption or headline may be misspelt (names, codes and URLs are skipped).",
)
def spelling(photo: Photo, ctx: RuleContext) -> Iterator[str]:
    seen: set[str] = set()
    for found in photo_misspellings(photo.record, ctx, photo.body):
        if found.word.lower() not in seen:
            seen.add(found.word.lower())
            yield _message(found)


def photo_misspellings(
    record: PhotoMetadata, ctx: RuleContext, caption: str | None = None
) -> list[Misspelling]:
    """The misspellings of the caption (``caption``: its text without the credit, when the
    caller has it) and then of the headline; spans are offsets into each text."""
    text = record.caption if caption is None else caption
    return [*text_misspellings(text, record, ctx), *text_misspellings(record.headline, record, ctx)]


def text_misspellings(text: str, record: PhotoMetadata, ctx: RuleContext) -> list[Misspelling]:
    """The spans to underline in ``text`` as the editor types it into ``record``'s caption:
    checked with the desk's words and the photo's own names, as the rule checks it."""
    if not text:  # an empty headline, most often: nothing to look up
        return []
    hint = next((lang for lang in record.caption_languages if lang != "x-default"), "")
    found = misspellings(text, desk_speller(ctx), hint)
    if not found:  # the common case: the photo's names need not be split into words
        return found
    names = words_of(_names_of(record))
    return [m for m in found if m.word.replace("’", "'") not in names]


def desk_speller(ctx: RuleContext) -> Speller:
    """The desk's speller (language, names, allow list, agency names), built once per context."""
    speller = ctx.memo.get(_MEMO_KEY)
    if not isinstance(speller, Speller):
        settings = ctx.settings
        agency_names = [
            name
            for agency in ctx.agencies.agencies
            for name in (agency.name, *agency.correct, *agency.aliases)
        ]
        speller = Speller(settings.spelling_language, settings.spelling_languages).with_known(
            [*settings.spelling_names, *settings.spelling_allow, *agency_names]
        )
        ctx.memo[_MEMO_KEY] = speller
    return speller


def _names_of(record: PhotoMetadata) -> list[str]:
    """The photo's own names: photographer, credit, places, copyright holder."""
    return [
        *record.byline,
        record.exif.artist,
        record.credit,
        record.source,
        record.copyright,
        record.city,
        record.sublocation,
        record.state,
        record.country,
        record.caption_writer,
    ]


def _message(found: Misspelling) -> str:
    if found.suggestions:
        return f'"{found.word}" may be misspelt: did you mean "{found.suggestions[0]}"?'
    return f'"{found.word}" may be misspelt.'
