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
    settings = settings or DeskSettings()
    rules = active_rules(settings, select, ignore)
    with gc_paused():  # without it, 100k records take superlinear time
        return _validate(list(records), rules, settings, today)


def _validate(
    records: list[PhotoMetadata], rules: list[Rule], settings: DeskSettings, today: date | None
) -> list[Finding]:
    ctx = RuleContext(settings, agency_table(settings), today or date.today())
    photos = [prepare(r, ctx.agencies) for r in records if r.ok]
    by_path: dict[int, list[Finding]] = {id(r): [] for r in records}
    for rule in rules:
        if rule.check is not None:
            _run_photo_rule(rule, records, photos, ctx, by_path)
        elif rule.check_batch is not None:
            for photo, message in rule.check_batch(photos, ctx):
                by_path[id(photo.record)].append(_finding(rule, photo.record, message))
    return [f for r in records for f in by_path[id(r)]]


def _run_photo_rule(
    rule: Rule,
    records: list[PhotoMetadata],
    photos: list[Photo],
    ctx: RuleContext,
    out: dict[int, list[Finding]],
) -> None:
    if rule.id == "unreadable-file":
        targets = [Photo(r, "", None, None, ()) for r in records if not r.ok]
    else:
        targets = photos
    check = rule.check
    assert check is not None
    for photo in targets:
        for message in check(photo, ctx):
            out[id(photo.record)].append(_finding(rule, photo.record, message))


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
