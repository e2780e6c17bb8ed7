"""Batch rules: the same caption, or nearly the same, on different photos of the batch."""

from collections import defaultdict
from collections.abc import Iterator, Sequence

from editor_app.captions.findings import Severity
from editor_app.captions.rules import Photo, RuleContext, batch_rule
from editor_app.captions.similarity import NearPair, near_duplicate_pairs
from editor_app.captions.text import fold, words

_MAX_NAMED = 5


@batch_rule(
    "duplicate-caption",
    Severity.ERROR,
    "The same caption (ignoring case, spacing and the credit) on different photos.",
)
def duplicate_caption(photos: Sequence[Photo], ctx: RuleContext) -> Iterator[tuple[Photo, str]]:
    for group in _groups(photos, ctx):
        if len(group) < 2:
            continue
        for photo in group:
            others = [p for p in group if p is not photo]
            count = f"{len(others)} other photo" + ("s" if len(others) > 1 else "")
            yield photo, f"The same caption is on {count}: {_names(others, group)}."


@batch_rule(
    "near-duplicate-caption",
    Severity.WARNING,
    "Captions that differ by a word or two: a caption copied onto the wrong photo.",
)
def near_duplicate_caption(
    photos: Sequence[Photo], ctx: RuleContext
) -> Iterator[tuple[Photo, str]]:
    groups = _groups(photos, ctx)
    texts = [content_words(group[0]) for group in groups]
    settings = ctx.settings
    pairs = near_duplicate_pairs(
        texts, settings.near_duplicate_threshold, max(settings.near_duplicate_min_words, 1)
    )
    partners: dict[int, list[tuple[int, NearPair]]] = defaultdict(list)
    for pair in pairs:
        partners[pair.first].append((pair.second, pair))
        partners[pair.second].append((pair.first, pair))
    for index, found in sorted(partners.items()):
        others = [p for other, _ in found for p in groups[other]]
        message = near_duplicate_message(others, min(pair.edits for _, pair in found))
        for photo in groups[index]:
            yield photo, message


def near_duplicate_message(others: Sequence[Photo], edits: int) -> str:
    """What a near copy is told: the photos it is close to, and how close the closest is."""
    return (
        f"The caption is nearly the same as the one on {_names(others, others)} "
        f"({_difference(edits)}); was it copied onto the wrong photo?"
    )


def _groups(photos: Sequence[Photo], ctx: RuleContext) -> list[list[Photo]]:
    key = f"caption_groups:{id(photos)}"
    if key not in ctx.memo:
        ctx.memo[key] = caption_groups(photos)
    return ctx.memo[key]  # type: ignore[return-value]


def caption_groups(photos: Sequence[Photo]) -> list[list[Photo]]:
    """Photos grouped by normalised caption (case, spacing, punctuation, credit ignored)."""
    groups: dict[str, list[Photo]] = {}
    for photo in photos:
        key = fold(photo.body)
        if key:
            groups.setdefault(key, []).append(photo)
    return list(groups.values())


def content_words(photo: Photo) -> list[str]:
    """The caption's words without the sports slug, the dates and the record's place names,
    so that captions of one event do not look alike just for sharing a dateline."""
    body = photo.body
    pieces, position = [], 0
    for mention in photo.dates:
        before = body[position : mention.start]
        if position == 0 and before.rstrip().endswith("-") and before.count(" - ") >= 2:
            before = ""  # "Soccer Football - ... - Paris, France - June 28, 2019": the slug
        pieces.append(before)
        position = mention.end
    pieces.append(body[position:])
    record = photo.record
    places = set(words(" ".join((record.city, record.sublocation, record.state, record.country))))
    return [w for w in words(" ".join(pieces)) if w not in places]


def _difference(edits: int) -> str:
    if edits == 0:
        return "only the place or date differs"
    return f"{edits} word{'s' if edits > 1 else ''} changed"


def _names(photos: Sequence[Photo], context: Sequence[Photo]) -> str:
    """File names, or full paths when two photos in ``context`` share a file name."""
    short = len({p.record.path.name for p in context}) == len(context)
    names = [p.record.path.name if short else str(p.record.path) for p in photos]
    shown = ", ".join(names[:_MAX_NAMED])
    return shown if len(names) <= _MAX_NAMED else f"{shown} and {len(names) - _MAX_NAMED} more"
