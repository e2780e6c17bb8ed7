"""The rules, live: findings kept per photo id and brought up to date one edit at a time.

``RulesEngine`` holds the records of a folder (or a catalog), runs ``validate()``'s rules once on
``load``, and on ``update`` re-runs only the edited photo's own rules and its duplicate and
near-duplicate neighbourhood: the photos whose normalised caption it leaves or joins, and the
caption groups the near-duplicate index says may have gained or lost a partner. After any
sequence of updates ``all_findings()`` equals ``validate()`` of the current records (with photo
ids on the findings); a batch rule the engine does not know re-runs on the whole batch.
"""

import gc
import logging
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from editor_app.captions.findings import Finding
from editor_app.captions.near_index import NearIndex
from editor_app.captions.rules import Photo, Rule, RuleContext, prepare
from editor_app.captions.rules.duplicates import (
    SameEvent,
    content_words,
    near_duplicate_message_for,
)
from editor_app.captions.text import fold
from editor_app.captions.validate import rule_set
from editor_app.gcpause import gc_paused
from editor_app.metadata.record import PhotoMetadata, with_values
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)

PhotoId = Hashable
OwnMessages = tuple[tuple[int, str], ...]  # (rank among the per-photo rules, message)
_DUPLICATE = "duplicate-caption"
_NEAR = "near-duplicate-caption"


@dataclass(frozen=True, slots=True)
class OwnFindings:
    """The per-photo rules' messages of some photos, worked out elsewhere (``own_messages``,
    in a worker process) for an engine's ``load``."""

    rule_ids: tuple[str, ...]  # the per-photo rules in order: what the ranks refer to
    messages: Mapping[PhotoId, OwnMessages]  # photos without any left out


class OwnAhead(Protocol):
    """Own findings on their way for the photos ``ids``, with the settings and day they were
    worked out for; ``result()`` waits for them (it may raise: the engine then runs them)."""

    @property
    def settings(self) -> DeskSettings: ...

    @property
    def today(self) -> date: ...

    @property
    def ids(self) -> Collection[PhotoId]: ...

    def result(self) -> OwnFindings: ...


def own_messages(
    records: Mapping[PhotoId, PhotoMetadata], settings: DeskSettings, today: date
) -> OwnFindings:
    """The per-photo rules of ``records`` as ``RulesEngine.load`` runs them (the same code),
    for an engine loaded with the same records, settings and day: picklable both ways."""
    rules, ctx = rule_set(settings, (), (), today)
    photo_rules = [r for r in rules if r.check is not None]
    prepared = {i: prepare(r, ctx.agencies) for i, r in records.items() if r.ok}
    found = _run_own(photo_rules, ctx, records, prepared, list(records))
    return OwnFindings(tuple(r.id for r in photo_rules), {i: m for i, m in found.items() if m})


def _run_own(
    photo_rules: Sequence[Rule],
    ctx: RuleContext,
    records: Mapping[PhotoId, PhotoMetadata],
    photos: Mapping[PhotoId, Photo],
    photo_ids: list[PhotoId],
) -> dict[PhotoId, OwnMessages]:
    """The photos' own rules, one rule over every photo before the next (as ``validate``
    runs them): a folder's load took 1.5x as long photo by photo, each rule's tables and
    code pushed out of the CPU's caches by the fifteen others."""
    found: dict[PhotoId, list[tuple[int, str]]] = {i: [] for i in photo_ids}
    for rank, rule in enumerate(photo_rules):
        check = rule.check
        assert check is not None
        unreadable = rule.id == "unreadable-file"
        for photo_id in photo_ids:
            if unreadable:
                record = records[photo_id]
                target = None if record.ok else Photo(record, "", None, None, ())
            else:
                target = photos.get(photo_id)
            if target is None:
                continue
            for message in check(target, ctx):
                found[photo_id].append((rank, message))
    return {i: tuple(m) for i, m in found.items()}


@dataclass(frozen=True, slots=True)
class FindingChanges:
    """What an update changed: findings that appeared and findings that went away."""

    added: tuple[Finding, ...] = ()
    removed: tuple[Finding, ...] = ()

    @property
    def photo_ids(self) -> set[PhotoId]:
        return {f.photo_id for f in (*self.added, *self.removed)}

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


class RulesEngine:
    """Incremental ``validate()`` keyed by photo id: records in, findings out (no catalog)."""

    def __init__(
        self,
        settings: DeskSettings | None = None,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        today: date | None = None,
    ) -> None:
        self._rules, self._ctx = rule_set(settings, select, ignore, today)
        settings = self._ctx.settings
        self._context = (settings, self._ctx.agencies, self._ctx.today)
        self._photo_rules = [r for r in self._rules if r.check is not None]
        batch = {r.id: r for r in self._rules if r.check_batch is not None}
        self._duplicate = batch.pop(_DUPLICATE, None)
        self._near = batch.pop(_NEAR, None)
        self._other_batch = list(batch.values())  # unknown batch rules: whole batch each time
        self._index = NearIndex(
            settings.near_duplicate_threshold, max(settings.near_duplicate_min_words, 1)
        )
        self._records: dict[PhotoId, PhotoMetadata] = {}  # in batch order
        self._position: dict[PhotoId, int] = {}
        self._next_position = 0
        self._photos: dict[PhotoId, Photo] = {}  # readable records, prepared
        self._group_of: dict[PhotoId, str] = {}
        self._groups: dict[str, list[tuple[int, PhotoId]]] = {}  # members in batch order
        self._texts: dict[str, tuple[tuple[str, ...], tuple[int, int]]] = {}
        self._found: dict[PhotoId, dict[str, tuple[Finding, ...]]] = {}
        self._before: dict[PhotoId, tuple[Finding, ...]] = {}
        self._loading = False  # ``load`` reports no changes: nothing to remember before

    # -- reading ---------------------------------------------------------------------------

    def findings(self, photo_id: PhotoId) -> list[Finding]:
        """The photo's findings in rule order (empty for an unknown id)."""
        found = self._found.get(photo_id)
        if not found:
            return []
        if len(found) == 1:  # most photos with a finding: one rule's (no order to restore)
            return [*next(iter(found.values()))]
        return [f for rule in self._rules for f in found.get(rule.id, ())]

    def all_findings(self) -> list[Finding]:
        """Every finding, in batch order then rule order: ``validate()``'s order."""
        return [f for photo_id in self._records for f in self.findings(photo_id)]

    def record(self, photo_id: PhotoId) -> PhotoMetadata:
        return self._records[photo_id]

    def __len__(self) -> int:
        return len(self._records)

    # -- changing --------------------------------------------------------------------------

    def load(self, records: Mapping[PhotoId, PhotoMetadata], ahead: OwnAhead | None = None) -> None:
        """Start over with these records (their order is the batch order). ``ahead``: the
        own findings of some of them, worked out elsewhere meanwhile (``own_messages``); used
        when made with this engine's settings and day, else the engine runs them."""
        self._reset()
        if ahead is not None and not self._fits(ahead):
            log.info("own findings made for other settings or another day: run here")
            ahead = None
        self._loading = True
        try:
            self._load(records, ahead)
        finally:
            self._loading = False
        self._before.clear()
        # The loaded batch lives as long as the window. Left to the collector, its full passes
        # over ~100 objects per photo take hundreds of ms in the middle of someone's typing;
        # frozen, they are skipped (they are still freed normally when dropped).
        gc.freeze()

    def _load(self, records: Mapping[PhotoId, PhotoMetadata], ahead: OwnAhead | None) -> None:
        with gc_paused():
            for photo_id, record in records.items():
                self._set_record(photo_id, record)
            covered = ahead.ids if ahead is not None else ()
            self._found.update(self._own_findings_of([i for i in records if i not in covered]))
            for photo_id in records:
                key = self._group_key(photo_id)
                if key is not None:
                    self._group_of[photo_id] = key
                    self._groups.setdefault(key, []).append((self._position[photo_id], photo_id))
            for key in self._groups:
                self._refresh_duplicates(key)
            self._load_near()
            self._run_other_batch_rules()
            if ahead is not None:
                self._take_own(ahead, [i for i in records if i in covered])

    def update(
        self, photo_id: PhotoId, value: PhotoMetadata | Mapping[str, object]
    ) -> FindingChanges:
        """Set a photo's record, or overlay field values on its current record; return the
        findings that changed (on this photo and on its duplicate neighbours)."""
        if not isinstance(value, PhotoMetadata):
            value = with_values(self._records[photo_id], value)
        return self._change(photo_id, value)

    def remove(self, photo_id: PhotoId) -> FindingChanges:
        """Drop a photo from the batch (an unknown id changes nothing)."""
        if photo_id not in self._records:
            return FindingChanges()
        return self._change(photo_id, None)

    # -- internals -------------------------------------------------------------------------

    def _reset(self) -> None:
        settings = self._context[0]
        self._index = NearIndex(
            settings.near_duplicate_threshold, max(settings.near_duplicate_min_words, 1)
        )
        for table in (self._records, self._position, self._photos, self._group_of):
            table.clear()
        self._groups.clear()
        self._texts.clear()
        self._found.clear()

    def _change(self, photo_id: PhotoId, record: PhotoMetadata | None) -> FindingChanges:
        self._before.clear()
        self._touch(photo_id)
        old_key = self._group_of.pop(photo_id, None)
        if record is None:
            self._records.pop(photo_id)
            self._photos.pop(photo_id, None)
            self._found.pop(photo_id, None)
        else:
            self._set_record(photo_id, record)
            self._found[photo_id] = self._own_findings(photo_id)
        new_key = self._group_key(photo_id) if record is not None else None
        moved = {k for k in (old_key, new_key) if k is not None}
        if old_key is not None:
            self._leave(old_key, photo_id)
        if new_key is not None:
            self._group_of[photo_id] = new_key
            self._join(new_key, photo_id)
        for key in moved:
            self._refresh_duplicates(key)
        self._refresh_near(moved, photo_id)
        self._run_other_batch_rules()
        changes = self._diff()
        if record is None:
            self._position.pop(photo_id)
        return changes

    def _set_record(self, photo_id: PhotoId, record: PhotoMetadata) -> None:
        if photo_id not in self._position:
            self._position[photo_id] = self._next_position
            self._next_position += 1
        self._records[photo_id] = record
        if record.ok:
            self._photos[photo_id] = prepare(record, self._ctx.agencies)
        else:
            self._photos.pop(photo_id, None)

    def _own_findings(self, photo_id: PhotoId) -> dict[str, tuple[Finding, ...]]:
        return self._own_findings_of([photo_id])[photo_id]

    def _own_findings_of(
        self, photo_ids: list[PhotoId]
    ) -> dict[PhotoId, dict[str, tuple[Finding, ...]]]:
        ran = _run_own(self._photo_rules, self._ctx, self._records, self._photos, photo_ids)
        return {i: self._own_table(i, messages) for i, messages in ran.items()}

    def _own_table(
        self, photo_id: PhotoId, messages: OwnMessages
    ) -> dict[str, tuple[Finding, ...]]:
        table: dict[str, list[Finding]] = {}
        record = self._records[photo_id]
        for rank, message in messages:
            rule = self._photo_rules[rank]
            table.setdefault(rule.id, []).append(_finding(rule, record, message, photo_id))
        return {rule_id: tuple(found) for rule_id, found in table.items()}

    def _fits(self, ahead: OwnAhead) -> bool:
        return ahead.settings == self._ctx.settings and ahead.today == self._ctx.today

    def _take_own(self, ahead: OwnAhead, photo_ids: list[PhotoId]) -> None:
        """The own findings ``ahead`` worked out; the engine runs them itself if it failed."""
        try:
            own = ahead.result()
        except Exception:  # a worker process that died: the rules are still ours to run
            log.warning("own findings worked out elsewhere failed: run here", exc_info=True)
            own = None
        if own is None or own.rule_ids != tuple(r.id for r in self._photo_rules):
            own = OwnFindings(
                tuple(r.id for r in self._photo_rules),
                _run_own(self._photo_rules, self._ctx, self._records, self._photos, photo_ids),
            )
        messages = own.messages
        for photo_id in photo_ids:
            found = messages.get(photo_id)
            if found:
                self._found.setdefault(photo_id, {}).update(self._own_table(photo_id, found))

    def _group_key(self, photo_id: PhotoId) -> str | None:
        photo = self._photos.get(photo_id)
        return (fold(photo.body) or None) if photo is not None else None

    def _join(self, key: str, photo_id: PhotoId) -> None:
        members = self._groups.setdefault(key, [])
        for _, member in members:
            self._touch(member)
        members.append((self._position[photo_id], photo_id))
        members.sort()

    def _leave(self, key: str, photo_id: PhotoId) -> None:
        members = self._groups[key]
        members[:] = [m for m in members if m[1] != photo_id]
        for _, member in members:
            self._touch(member)
        if not members:
            del self._groups[key]

    def _members(self, key: str) -> list[Photo]:
        return [self._photos[m] for _, m in self._groups.get(key, ())]

    def _refresh_duplicates(self, key: str) -> None:
        """A photo's duplicate finding depends on its caption group alone."""
        if self._duplicate is None or key not in self._groups:
            return
        members = self._groups[key]
        if len(members) == 1:  # most captions: one photo is no duplicate (a load's 10,000)
            self._set(members[0][1], self._duplicate.id, ())
            return
        self._set_batch_findings(self._duplicate, members, self._members(key))

    def _set_batch_findings(
        self, rule: Rule, members: Iterable[tuple[int, PhotoId]], photos: list[Photo]
    ) -> None:
        assert rule.check_batch is not None
        ids = {id(self._photos[m]): m for _, m in members}
        results: dict[PhotoId, list[Finding]] = {m: [] for m in ids.values()}
        ctx = RuleContext(*self._context)  # a fresh memo: batch rules cache by id(photos)
        for photo, message in rule.check_batch(photos, ctx):
            photo_id = ids[id(photo)]
            results[photo_id].append(_finding(rule, photo.record, message, photo_id))
        for photo_id, found in results.items():
            self._set(photo_id, rule.id, tuple(found))

    def _refresh_near(self, moved: set[str], photo_id: PhotoId) -> None:
        if self._near is None:
            return
        index = self._index
        affected = set(moved)
        texts: dict[Hashable, tuple[Sequence[str], tuple[int, int]] | None] = {}
        for key in moved:
            affected.update(str(k) for k, _ in index.partners(key))  # they name its photos
            text = self._group_text(key)
            if text != self._texts.get(key):
                texts[key] = text
                if text is None:
                    self._texts.pop(key, None)
                else:
                    self._texts[key] = text
        if texts:
            affected |= index.change(texts)  # type: ignore[arg-type]
        if photo_id in self._records:
            self._set(photo_id, _NEAR, ())  # it may have left every group
        for key in affected:
            if isinstance(key, str) and key in self._groups:
                self._set_near(key)

    def _group_text(self, key: str) -> tuple[tuple[str, ...], tuple[int, int]] | None:
        members = self._groups.get(key)
        if not members:
            return None
        position, first = members[0]
        words = tuple(content_words(self._photos[first]))
        return words, (len(words), position)

    def _set_near(self, key: str) -> None:
        partners = self._index.partners(key)
        members = self._groups[key]
        if not partners:
            for _, member in members:
                self._set(member, _NEAR, ())
            return
        assert self._near is not None
        groups = [(self._members(str(other)), edits) for other, edits in partners]
        facts = SameEvent(self._context[0].near_duplicate_same_event_hours)
        for _, member in members:
            message = near_duplicate_message_for(self._photos[member], groups, facts)
            record = self._records[member]
            found = () if message is None else (_finding(self._near, record, message, member),)
            self._set(member, _NEAR, found)

    def _load_near(self) -> None:
        if self._near is None:
            return
        for key in self._groups:
            text = self._group_text(key)
            assert text is not None
            self._texts[key] = text
        self._index.load((key, words, order) for key, (words, order) in self._texts.items())
        for key in self._groups:
            self._set_near(key)

    def _run_other_batch_rules(self) -> None:
        if not self._other_batch:
            return
        members = [(self._position[i], i) for i in self._photos]
        for rule in self._other_batch:
            for _, photo_id in members:
                self._touch(photo_id)
            self._set_batch_findings(rule, members, list(self._photos.values()))

    def _touch(self, photo_id: PhotoId) -> None:
        if not self._loading and photo_id not in self._before:
            self._before[photo_id] = tuple(self.findings(photo_id))

    def _set(self, photo_id: PhotoId, rule_id: str, found: tuple[Finding, ...]) -> None:
        self._touch(photo_id)
        table = self._found.setdefault(photo_id, {})
        if found:
            table[rule_id] = found
        else:
            table.pop(rule_id, None)

    def _diff(self) -> FindingChanges:
        added: list[Finding] = []
        removed: list[Finding] = []
        for photo_id, before in self._before.items():
            after = tuple(self.findings(photo_id)) if photo_id in self._records else ()
            if after != before:
                added.extend(f for f in after if f not in before)
                removed.extend(f for f in before if f not in after)
        self._before.clear()
        return FindingChanges(tuple(added), tuple(removed))


def _finding(rule: Rule, record: PhotoMetadata, message: str, photo_id: PhotoId) -> Finding:
    return Finding(rule.id, rule.severity, record.path, message, photo_id)  # type: ignore[arg-type]
