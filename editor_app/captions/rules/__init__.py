"""The rule registry: each rule has a stable id, a default severity and a one-line summary.

Per-photo rules yield message sentences about one photo; batch rules see the whole batch and yield
``(photo, message)`` pairs. ``validate()`` (captions/validate.py) runs both kinds.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import import_module

from editor_app.captions.agencies import AgencyTable
from editor_app.captions.credit import Credit, parse_credit, split_caption_credit
from editor_app.captions.dates import DateMention, find_dates
from editor_app.captions.findings import Severity
from editor_app.metadata.fastinit import quick_init
from editor_app.metadata.record import PhotoMetadata
from editor_app.settings import DeskSettings


@dataclass(frozen=True, slots=True)
class Photo:
    """A record with what several rules need worked out once."""

    record: PhotoMetadata
    body: str  # the caption without its trailing credit and desk notes
    caption_credit: Credit | None
    field_credit: Credit | None
    dates: tuple[DateMention, ...]  # dates stated in ``body``


@dataclass(frozen=True, slots=True)
class RuleContext:
    settings: DeskSettings
    agencies: AgencyTable
    today: date
    memo: dict[str, object] = field(default_factory=dict)  # batch-wide results rules share


PhotoCheck = Callable[[Photo, RuleContext], Iterable[str]]
BatchCheck = Callable[[Sequence[Photo], RuleContext], Iterable[tuple[Photo, str]]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    summary: str
    check: PhotoCheck | None = None
    check_batch: BatchCheck | None = None


_RULES: dict[str, Rule] = {}
# The order findings are listed in for one photo: the worst and most basic problems first.
RULE_ORDER = (
    "unreadable-file",
    "missing-caption",
    "placeholder-text",
    "missing-credit",
    "credit-format",
    "credit-agency-unknown",
    "credit-byline-mismatch",
    "caption-credit-mismatch",
    "caption-date-mismatch",
    "weekday-style",
    "duplicate-caption",
    "near-duplicate-caption",
    "metadata-conflict",
    "mojibake",
    "spelling",
    "name-spelling",
    "iim-too-long",
    "missing-field",
)


def rule(rule_id: str, severity: Severity, summary: str) -> Callable[[PhotoCheck], PhotoCheck]:
    """Register a per-photo rule."""

    def register(func: PhotoCheck) -> PhotoCheck:
        _add(Rule(rule_id, severity, summary, check=func))
        return func

    return register


def batch_rule(
    rule_id: str, severity: Severity, summary: str
) -> Callable[[BatchCheck], BatchCheck]:
    """Register a rule that compares the photos of a batch with each other."""

    def register(func: BatchCheck) -> BatchCheck:
        _add(Rule(rule_id, severity, summary, check_batch=func))
        return func

    return register


def _add(new: Rule) -> None:
    if new.id in _RULES:
        raise ValueError(f"duplicate rule id {new.id!r}")
    _RULES[new.id] = new


# The modules whose import registers the rules (``all_rules`` imports them on first use).
RULE_MODULES = tuple(
    f"{__name__}.{name}"
    for name in ("consistency", "credit", "dates", "duplicates", "names", "required", "spelling")
)


def all_rules() -> dict[str, Rule]:
    """Every rule by id, in ``RULE_ORDER`` (rules missing from it come last)."""
    for module in RULE_MODULES:
        import_module(module)  # importing registers the rules

    rank = {rule_id: n for n, rule_id in enumerate(RULE_ORDER)}
    ordered = sorted(_RULES, key=lambda r: rank.get(r, len(rank)))
    return {rule_id: _RULES[rule_id] for rule_id in ordered}


def prepare(record: PhotoMetadata, agencies: AgencyTable) -> Photo:
    body, caption_credit, dates = _caption_parts(record.caption, agencies)
    return _quick_photo(record, body, caption_credit, parse_credit(record.credit, agencies), dates)


_quick_photo = quick_init(Photo)  # a check of 100,000 records prepares each


# A batch repeats its captions (a photographer's series, a caption pasted on a set), and the
# desk's engine prepares a photo again after each edit; the parts are immutable.
@lru_cache(maxsize=4096)
def _caption_parts(
    caption: str, agencies: AgencyTable
) -> tuple[str, Credit | None, tuple[DateMention, ...]]:
    body, caption_credit = split_caption_credit(caption, agencies)
    return body, caption_credit, tuple(find_dates(body))
