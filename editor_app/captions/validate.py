"""``validate()``: run the enabled rules over a batch of records; the GUI and ``check`` share it."""

import logging
from collections.abc import Iterable, Sequence
from datetime import date

from editor_app.captions.agencies import agency_table
from editor_app.captions.findings import Finding, Severity
from editor_app.captions.rules import Photo, Rule, RuleContext, all_rules, prepare
from editor_app.errors import ConfigError
from editor_app.gcpause import gc_paused
from editor_app.metadata.record import PhotoMetadata
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)


def validate(
    records: Iterable[PhotoMetadata],
    settings: DeskSettings | None = None,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: date | None = None,
) -> list[Finding]:
    """Findings for every record, in record order, then rule order.

    ``select``/``ignore`` come from the command line: ``select`` replaces the config's list,
    ``ignore`` adds to it; ``unreadable-file`` stays on unless ignored by name. A record with
    ``error`` set gets one ``unreadable-file`` finding and takes no part in the other rules.
    Raises ConfigError for unknown rule ids or agencies.
    """
    validation = Validation(settings, select=select, ignore=ignore, today=today)
    with gc_paused():  # without it, 100k records take superlinear time
        for record in records:
            validation.add(record)
        return validation.finish()


class Validation:
    """``validate()`` one record at a time: each record's own rules run as it is added, the
    batch rules at ``finish()``, which returns exactly what ``validate()`` of the records added
    would. ``check`` runs ``own_messages`` in the worker process that reads alongside it and
    hands each result to ``add``.

    Raises ConfigError for unknown rule ids or agencies.
    """

    def __init__(
        self,
        settings: DeskSettings | None = None,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        today: date | None = None,
    ) -> None:
        self.rules, self._ctx = rule_set(settings, select, ignore, today)
        photo_rules = [(n, r.check) for n, r in enumerate(self.rules) if r.check is not None]
        self._unreadable = [t for t in photo_rules if self.rules[t[0]].id == "unreadable-file"]
        self._photo_rules = [t for t in photo_rules if self.rules[t[0]].id != "unreadable-file"]
        self._batch = any(_is_batch(r) for r in self.rules)
        self._records: list[PhotoMetadata] = []
        self._photos: list[Photo] = []
        # per record with findings (by identity, as a record added twice shares one list):
        # (rule rank, finding)
        self._found: dict[int, list[tuple[int, Finding]]] = {}

    def own_messages(self, record: PhotoMetadata) -> list[tuple[int, str]]:
        """``(rule rank, message)`` of the record's own (per-photo) rules, in rule order."""
        return self._own(self._prepared(record), record)

    def add(self, record: PhotoMetadata, own: Sequence[tuple[int, str]] | None = None) -> None:
        """Add a record; its own rules run now unless ``own`` is their ``own_messages``
        already (worked out in another process). It joins the batch rules at ``finish()``."""
        self._records.append(record)
        if own is None or (record.ok and self._batch):
            photo = self._prepared(record)
            if record.ok and self._batch:
                self._photos.append(photo)
            if own is None:
                own = self._own(photo, record)
        if own:  # most records of a big batch have none: no list for them
            rules = self.rules
            found = self._found.setdefault(id(record), [])
            found += [(rank, _finding(rules[rank], record, message)) for rank, message in own]

    def finish(self) -> list[Finding]:
        """Every finding, in record order then rule order (batch rules run now)."""
        found = self._found
        for rank, rule in enumerate(self.rules):
            check_batch = rule.check_batch
            if rule.check is None and check_batch is not None:
                for photo, message in check_batch(self._photos, self._ctx):
                    record = photo.record
                    listed = found.setdefault(id(record), [])
                    listed.append((rank, _finding(rule, record, message)))
        if self._batch:  # stable: one rule's findings keep their order
            for listed in found.values():
                listed.sort(key=_rank_of)
        return [f for r in self._records for _, f in found.get(id(r), ())]

    def _prepared(self, record: PhotoMetadata) -> Photo:
        if record.ok:
            return prepare(record, self._ctx.agencies)
        return Photo(record, "", None, None, ())  # only unreadable-file looks at it

    def _own(self, photo: Photo, record: PhotoMetadata) -> list[tuple[int, str]]:
        rules = self._photo_rules if record.ok else self._unreadable
        ctx = self._ctx
        return [(rank, message) for rank, check in rules for message in check(photo, ctx)]


def rule_set(
    settings: DeskSettings | None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    today: date | None = None,
) -> tuple[list[Rule], RuleContext]:
    """The enabled rules (``active_rules``) and the context they run in; what ``Validation``
    and the desk's ``RulesEngine`` both start from. ConfigError for unknown ids or agencies."""
    settings = settings or DeskSettings()
    rules = active_rules(settings, select, ignore)
    return rules, RuleContext(settings, agency_table(settings), today or date.today())


def _is_batch(rule: Rule) -> bool:
    return rule.check is None and rule.check_batch is not None


def _rank_of(item: tuple[int, Finding]) -> int:
    return item[0]


def _finding(rule: Rule, record: PhotoMetadata, message: str) -> Finding:
    return Finding(rule.id, rule.severity, record.path, message)


def active_rules(
    settings: DeskSettings, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[Rule]:
    """The enabled rules with the configured severities; ConfigError names unknown ids."""
    known = all_rules()
    _check_ids(known, "--select", select)
    _check_ids(known, "--ignore", ignore)
    where = settings.source or "caption-desk.toml"
    _check_ids(known, f"{where}: [rules] select", settings.select)
    _check_ids(known, f"{where}: [rules] ignore", settings.ignore)
    _check_ids(known, f"{where}: [rules.severity]", tuple(settings.severities))
    # A file that cannot be read is always reported unless its rule is ignored by name.
    chosen = {*(select or settings.select or known), "unreadable-file"}
    off = (k for k, v in settings.severities.items() if v == "off")
    dropped = {*ignore, *settings.ignore, *off}
    rules = []
    for rule_id in known:
        if rule_id in chosen and rule_id not in dropped:
            rule = known[rule_id]
            level = settings.severities.get(rule_id)
            rules.append(_with_severity(rule, Severity(level)) if level else rule)
    return rules


def _with_severity(rule: Rule, severity: Severity) -> Rule:
    return Rule(rule.id, severity, rule.summary, rule.check, rule.check_batch)


def _check_ids(known: dict[str, Rule], where: str, ids: Iterable[str]) -> None:
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise ConfigError(
            f"{where}: unknown rule {', '.join(unknown)}; the rules are {', '.join(known)}"
        )
