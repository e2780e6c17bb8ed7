"""Live flags for the desk window: one folder's rules engine, the speller, the desk's names.

``LiveChecker`` holds the incremental ``RulesEngine`` of the open folder (loaded once from the
folder's records) and brings it up to date one edited photo at a time, so a pause in typing
re-checks that photo and its duplicate neighbourhood, not the whole folder. It is not thread
safe: the window runs one update at a time, in order, off the GUI thread.
"""

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from editor_app import paths
from editor_app.captions.credit_offers import photographer_credits
from editor_app.captions.dictionary import prepare_suggestions
from editor_app.captions.engine import OwnAhead, RulesEngine
from editor_app.captions.findings import Finding
from editor_app.captions.rules import RuleContext
from editor_app.captions.rules.spelling import text_misspellings
from editor_app.captions.spelling import Misspelling
from editor_app.captions.validate import agency_table
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto
from editor_app.settings import DESK_NAMES_FILE, DeskSettings

__all__ = [
    "LiveChecker",
    "Misspelling",
    "OwnAhead",
    "RulesEngine",
    "add_desk_name",
    "desk_engine",
]

log = logging.getLogger(__name__)


def desk_engine(
    photos: Iterable[DeskPhoto],
    settings: DeskSettings,
    today: date | None = None,
    ahead: OwnAhead | None = None,
) -> RulesEngine:
    """A rules engine loaded with the folder's records, keyed by tile key; ``ahead``: the
    own findings of some of them, worked out on worker processes (``ops.rules_ahead``)."""
    engine = RulesEngine(settings, today=today)
    engine.load({p.key: p.record for p in photos if p.key != 0}, ahead)
    return engine


class LiveChecker:
    """The open folder's engine and speller; ``update`` returns the findings that changed."""

    def __init__(
        self,
        photos: Iterable[DeskPhoto],
        settings: DeskSettings,
        today: date | None = None,
        *,
        suggestions: bool = True,
        ahead: OwnAhead | None = None,
    ) -> None:
        """``suggestions=False``: leave ``prepare_suggestions`` to the caller (the window runs
        it after the badges are shown; with the word lists stored ready-made it is cheap now,
        but whatever a list still builds then waits until the badges are up). ``ahead``: see
        ``desk_engine``."""
        self.settings = settings
        self.engine = desk_engine(photos, settings, today, ahead)
        self._ctx = RuleContext(settings, agency_table(settings), today or date.today())
        house = self._house = self._ctx.agencies.get(settings.agency)
        leads = [a.lead for a in self._ctx.agencies.agencies]
        # What the Credit combo offers: the house agency first, then the table's order.
        self.credits = list(dict.fromkeys([*([house.lead] if house else []), *leads]))
        if suggestions:
            self.prepare_suggestions()

    def prepare_suggestions(self) -> None:
        """Build what the spelling suggestions need in the word lists the check loaded, so the
        first typo an editor types does not wait for it; off the GUI thread."""
        prepare_suggestions()

    def credit_offers(self, records: Sequence[PhotoMetadata]) -> list[str]:
        """The Credit combo's entries for the photos shown (drafts included): each by-line
        name joined to the photo's agency ("REUTERS/Jane Smith"), then the agency table's."""
        offers = photographer_credits(records, self._ctx.agencies, self._house)
        return list(dict.fromkeys([*offers, *self.credits]))

    def findings(self) -> dict[int, tuple[Finding, ...]]:
        """Every photo's findings, by tile key (photos without any left out)."""
        grouped: dict[int, list[Finding]] = {}
        for finding in self.engine.all_findings():
            grouped.setdefault(finding.photo_id or 0, []).append(finding)
        return {key: tuple(found) for key, found in grouped.items()}

    def update(self, records: Mapping[int, PhotoMetadata]) -> dict[int, tuple[Finding, ...]]:
        """Set these photos' records (drafts included), in order; the new findings of every
        photo whose findings changed (the edited ones and their duplicate neighbours)."""
        touched: set[int] = set()
        for key, record in records.items():
            touched |= {int(k) for k in self.engine.update(key, record).photo_ids}  # type: ignore[call-overload]
        return {key: tuple(self.engine.findings(key)) for key in touched}

    def misspellings(self, record: PhotoMetadata, text: str) -> list[Misspelling]:
        """The spans the spelling rule flags in ``text`` typed into ``record``'s caption or
        headline: the same code the rule (and ``check``) runs."""
        return text_misspellings(text, record, self._ctx)


def add_desk_name(word: str) -> Path:
    """Add ``word`` to the desk's names (``names.txt`` in the home's config folder), which every
    ``check`` and window of this home reads; returns that file."""
    word = word.strip()
    target = paths.ensure(paths.config_dir()) / DESK_NAMES_FILE
    known = target.read_text(encoding="utf-8").splitlines() if target.is_file() else []
    if word and word not in (line.strip() for line in known):
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        partial.write_text("".join(f"{line}\n" for line in [*known, word]), encoding="utf-8")
        os.replace(partial, target)  # whole or not at all: a crash never truncates the list
        log.info("added %r to the desk's names (%s)", word, target)
    return target
