"""Batch rules: the same caption, or nearly the same, on different photos of the batch."""

import functools
from collections import defaultdict
from collections.abc import Iterator, Sequence

from editor_app.captions.events import EventFacts, different_events, event_facts
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
        frames = [_frame_of(photo) for photo in group]
        for photo, frame in zip(group, frames, strict=True):
            # versions of one frame (a JPEG and its TIFF, a small copy) share their caption
            others = [p for p, f in zip(group, frames, strict=True) if f is None or f != frame]
            others = [p for p in others if p is not photo]
            if not others:
                continue
            count = f"{len(others)} other photo" + ("s" if len(others) > 1 else "")
            yield photo, f"The same caption is on {count}: {_names(others, group)}."


def _frame_of(photo: Photo) -> tuple[str, ...] | None:
    """What tells one frame from another, so that copies of one picture (another format or
    size of the same frame) are no duplicate caption: the camera's time to the fraction of a
    second, with the by-line. None when the time has no fraction: frames of one second (a
    burst, a camera whose clock was never set) cannot be told apart, so each counts as its
    own frame and a caption repeated on them is still flagged."""
    record = photo.record
    taken = record.exif.datetime_original
    if taken and taken[19:20] == ".":  # "2004-06-21T23:37:53.06"
        return (taken, *record.byline)
    return None


@batch_rule(
    "near-duplicate-caption",
    Severity.WARNING,
    "Captions that differ by a word or two on photos of one event: a caption copied onto the "
    "wrong photo.",
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
    facts = SameEvent(settings.near_duplicate_same_event_hours)
    known: dict[int, list[tuple[Photo, EventFacts]]] = {}  # a group's photos with their facts
    for index, found in sorted(partners.items()):
        partner_groups = []
        for other, pair in found:
            if other not in known:
                known[other] = facts.with_facts(groups[other])
            partner_groups.append((known[other], pair.edits))
        for photo in groups[index]:
            near = facts.near(facts.of(photo), partner_groups)
            if near is not None:
                yield photo, near_duplicate_message(*near)


def near_duplicate_message_for(
    photo: Photo, partners: Sequence[tuple[Sequence[Photo], int]], facts: "SameEvent"
) -> str | None:
    """The message of one photo whose caption group is close to ``partners`` (each a caption
    group and its word edits), or None: stock wording on another event is no copy, so only
    the partners of the same event count (captions/events.py)."""
    near = facts.partners_of_event(photo, partners)
    return None if near is None else near_duplicate_message(*near)


def near_duplicate_message(others: Sequence[Photo], edits: int) -> str:
    """What a near copy is told: the photos it is close to, and how close the closest is."""
    return (
        f"The caption is nearly the same as the one on {_names(others, others)} "
        f"({_difference(edits)}); was it copied onto the wrong photo?"
    )


class SameEvent:
    """Whether two photos may be of one event; each photo's facts worked out once
    (captions/events.py), and photos with equal facts share one instance, so a batch compares
    each pair of distinct facts once. Keyed by object identity: make one per batch or update."""

    def __init__(self, hours: float) -> None:
        self.hours = hours
        self._known: dict[int, EventFacts] = {}
        self._canonical: dict[EventFacts, EventFacts] = {}
        # whether two facts may be of one event, by the facts' ids, filled in both directions
        self._same: dict[int, dict[int, bool]] = {}

    def same_event(self, a: Photo, b: Photo) -> bool:
        return self.partners_of_event(a, (((b,), 0),)) is not None

    def partners_of_event(
        self, photo: Photo, partners: Sequence[tuple[Sequence[Photo], int]]
    ) -> tuple[list[Photo], int] | None:
        """The photos of ``partners`` (photo groups, each with a number: its word edits) that
        may be of ``photo``'s event, and the smallest number among their groups; None when
        none may."""
        listed = [(self.with_facts(group), edits) for group, edits in partners]
        return self.near(self.of(photo), listed)

    def of(self, photo: Photo) -> EventFacts:
        """``photo``'s facts (the one instance of equal facts)."""
        return self._known.get(id(photo)) or self._of(photo)

    def with_facts(self, photos: Sequence[Photo]) -> list[tuple[Photo, EventFacts]]:
        of = self.of
        return [(photo, of(photo)) for photo in photos]

    def near(
        self, mine: EventFacts, partners: Sequence[tuple[Sequence[tuple[Photo, EventFacts]], int]]
    ) -> tuple[list[Photo], int] | None:
        """``partners_of_event`` for a photo with the facts ``mine``, the partners' facts given
        (``with_facts``): one loop over every partner photo, which a batch runs tens of
        thousands of times."""
        hours = self.hours
        row = self._same.setdefault(id(mine), {})
        found: list[Photo] = []
        fewest = -1
        for group, edits in partners:
            before = len(found)
            for other, theirs in group:
                if theirs is not mine:
                    answer = row.get(id(theirs))
                    if answer is None:  # symmetric: asked once per pair of facts
                        answer = row[id(theirs)] = not different_events(mine, theirs, hours)
                        self._same.setdefault(id(theirs), {})[id(mine)] = answer
                    if not answer:
                        continue
                found.append(other)
            if len(found) > before and (fewest < 0 or edits < fewest):
                fewest = edits
        return (found, fewest) if found else None

    def _of(self, photo: Photo) -> EventFacts:
        found = self._known.get(id(photo))
        if found is None:
            facts = event_facts(photo.record, _slug(photo), _photographer(photo))
            found = self._known[id(photo)] = self._canonical.setdefault(facts, facts)
        return found


def _photographer(photo: Photo) -> str | None:
    for credit in (photo.field_credit, photo.caption_credit):
        if credit and credit.photographer:
            return credit.photographer
    return next(iter(photo.record.byline), None)


def _groups(photos: Sequence[Photo], ctx: RuleContext) -> list[list[Photo]]:
    key = f"caption_groups:{id(photos)}"
    if key not in ctx.memo:
        ctx.memo[key] = caption_groups(photos)
    return ctx.memo[key]  # type: ignore[return-value]


def caption_groups(photos: Sequence[Photo]) -> list[list[Photo]]:
    """Photos grouped by normalised caption (case, spacing, punctuation, credit ignored), in
    the order of each group's first photo.

    Folding every caption cost a second per 100,000: the photos are first put in buckets by a
    cheap key that equal folds share (``_rough_key``), and only the captions of a bucket with
    more than one photo are folded.
    """
    buckets: dict[bytes | str, list[Photo]] = {}
    for photo in photos:
        rough = _rough_key(photo.body)
        if rough:
            buckets.setdefault(rough, []).append(photo)
    groups: list[list[Photo]] = []
    split = False
    for bucket in buckets.values():
        if len(bucket) == 1:
            groups.append(bucket)
            continue
        folded: dict[str, list[Photo]] = {}
        for photo in bucket:
            folded.setdefault(fold(photo.body), []).append(photo)
        groups += folded.values()
        split = split or len(folded) > 1
    if split:  # a bucket's later groups go where their first photo is
        first: dict[int, int] = {}
        for n, photo in enumerate(photos):
            first.setdefault(id(photo), n)
        groups.sort(key=lambda group: first[id(group[0])])
    return groups


_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_JOINERS = str.maketrans("", "", " '’-")


def _rough_key(body: str) -> bytes | str:
    """The letters and digits of ``fold(body)``, in order: equal folds have equal keys; empty
    when the fold is. An ASCII caption's key is worked out without folding."""
    if body.isascii():
        return body.encode().translate(None, _NOT_ALNUM).lower()
    key = fold(body).translate(_JOINERS)  # the fold holds only words, joiners and spaces
    return key.encode() if key.isascii() else key


def content_words(photo: Photo) -> list[str]:
    """The caption's words without the sports slug, the dates and the record's place names,
    so that captions of one event do not look alike just for sharing a dateline."""
    body = photo.body
    pieces, position = [], 0
    for mention in photo.dates:
        before = body[position : mention.start]
        if position == 0 and _is_slug(before):
            before = ""  # "Soccer Football - ... - Paris, France - June 28, 2019": the slug
        pieces.append(before)
        position = mention.end
    pieces.append(body[position:])
    record = photo.record
    places = _place_words(record.city, record.sublocation, record.state, record.country)
    return [w for w in words(" ".join(pieces)) if w not in places]


@functools.lru_cache(maxsize=4096)  # a desk's photos come from a few places
def _place_words(*places: str) -> frozenset[str]:
    return frozenset(words(" ".join(places)))


def _is_slug(text: str) -> bool:
    return text.count(" - ") >= 2 and text.rstrip().endswith("-")  # the count copies nothing


def _slug(photo: Photo) -> str:
    """The event a sports slug names, without its date; "" when the caption has no slug."""
    if not photo.dates:
        return ""
    before = photo.body[: photo.dates[0].start]
    return before if _is_slug(before) else ""


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
