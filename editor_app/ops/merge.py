"""Resolving an edit conflict field by field: mine, theirs and the common ancestor.

When a save is refused because someone saved first, :func:`plan_merge` lines up, per field,
the value the editor started from (the ancestor: the photo at the version the editor opened,
rebuilt from the catalog's revisions), theirs (the catalog now) and mine (the draft). The
editor picks per field; :func:`save_merge` saves the picks as ONE new revision on top of
theirs, expecting their version, so a third save landing meanwhile is a conflict again, never
lost.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from editor_app.catalog import Catalog, FieldValue
from editor_app.errors import UserError
from editor_app.ops.edit import EditChanges, save_changes
from editor_app.ops.revert import values_at

log = logging.getLogger(__name__)


class Side(StrEnum):
    MINE = "mine"
    THEIRS = "theirs"


@dataclass(frozen=True, slots=True)
class FieldMerge:
    """One field of a conflict; ``base`` is the ancestor (what both started from)."""

    name: str
    base: FieldValue
    mine: FieldValue
    theirs: FieldValue

    @property
    def changed_by_me(self) -> bool:
        return self.mine != self.base

    @property
    def changed_by_them(self) -> bool:
        return self.theirs != self.base

    @property
    def clash(self) -> bool:
        """Both changed it, to different values: the editor should look."""
        return self.changed_by_me and self.changed_by_them and self.mine != self.theirs

    @property
    def default(self) -> Side:
        """Mine where only I changed it (or both did: my text stays), theirs where only they did."""
        return Side.THEIRS if self.changed_by_them and not self.changed_by_me else Side.MINE

    def value(self, side: Side) -> FieldValue:
        return self.mine if side is Side.MINE else self.theirs


@dataclass(frozen=True, slots=True)
class MergePlan:
    photo_id: int
    path: str
    base_version: int  # the version the editor started from
    their_version: int  # the catalog's version now
    their_editor: str  # who saved the latest version
    their_at: datetime | None
    fields: tuple[FieldMerge, ...]  # every field either side changed, in field order

    def defaults(self) -> dict[str, Side]:
        return {f.name: f.default for f in self.fields}

    def resolve(self, choices: Mapping[str, Side] | None = None) -> dict[str, FieldValue]:
        """The changes to save on top of theirs: chosen values that differ from theirs."""
        picked = {**self.defaults(), **(choices or {})}
        return {
            f.name: f.value(picked[f.name])
            for f in self.fields
            if f.value(picked[f.name]) != f.theirs
        }


def plan_merge(
    catalog: Catalog, photo_id: int, base_version: int, mine: Mapping[str, FieldValue]
) -> MergePlan:
    """Line up ancestor, theirs and mine for every field changed on either side.

    ``mine`` is the editor's draft (only the fields they typed in). Raises UserError for a
    photo that is not in the catalog or a version it never had.
    """
    photo = catalog.photo_by_id(photo_id)
    if photo is None:
        raise UserError(f"photo {photo_id}", "not in the catalog")
    if not 1 <= base_version <= photo.version:
        raise UserError(photo.path, f"has no version {base_version}")
    history = catalog.history(photo_id)
    base = {**photo.fields, **values_at(photo.fields, history, base_version)}
    theirs = photo.fields
    names = [n for n in theirs if n in mine or base[n] != theirs[n]]
    fields = tuple(
        FieldMerge(n, base[n], _as_stored(mine.get(n, base[n])), theirs[n]) for n in names
    )
    latest = history[-1] if history else None
    return MergePlan(
        photo_id=photo_id,
        path=photo.path,
        base_version=base_version,
        their_version=photo.version,
        their_editor=latest.editor if latest else "",
        their_at=latest.at if latest else None,
        fields=fields,
    )


def save_merge(
    catalog: Catalog,
    plan: MergePlan,
    choices: Mapping[str, Side] | None = None,
    *,
    editor: str,
    **save: Any,
) -> EditChanges:
    """Save the chosen values as one new revision on top of their version.

    Nothing to save (every pick is theirs) makes no revision. ``save`` takes
    :func:`~editor_app.ops.edit.save_changes`'s options (``write=False`` holds the file).
    """
    changes = plan.resolve(choices)
    return save_changes(
        catalog,
        {plan.photo_id: changes},
        editor=editor,
        expected_versions={plan.photo_id: plan.their_version},
        **save,
    )


def _as_stored(value: FieldValue) -> FieldValue:
    return tuple(value) if isinstance(value, list) else value
