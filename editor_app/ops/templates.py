"""Templates and code replacements for the shells: found by file or name, kept in the catalog.

``caption-desk set --template``, ``template show`` and the desk's template panel all go through
these functions; filling a template is :func:`editor_app.captions.templates.apply_template`.
"""

import dataclasses
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from editor_app.captions.codes import CODE, EMPTY, CodeTable, load_codes, table_of
from editor_app.captions.templates import (
    Template,
    TemplateError,
    TemplateResult,
    apply_template,
    load_template,
    template_from_json,
)
from editor_app.catalog import Catalog
from editor_app.metadata.io import read_photo
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import with_catalog_values
from editor_app.ops.read import read_photos
from editor_app.settings import DeskSettings

log = logging.getLogger(__name__)

__all__ = [
    "ArrivalTemplate",
    "EMPTY_CODES",
    "CodeTable",
    "CodesImport",
    "Template",
    "TemplateError",
    "TemplateResult",
    "code_before",
    "desk_codes",
    "find_template",
    "import_codes",
    "import_template",
    "photo_record",
    "photo_records",
    "save_template",
    "stored_templates",
    "template_results",
    "with_desk_names",
]

EMPTY_CODES = EMPTY
_CODE_AT_END = re.compile(CODE.pattern + "$")


@dataclass(frozen=True, slots=True)
class CodesImport:
    """What importing a code file did: the table read and how many codes the catalog holds."""

    table: CodeTable
    stored: int


def code_before(codes: CodeTable, text: str) -> tuple[int, str] | None:
    """A known ``=code=`` that ends ``text`` (what the editor typed up to the cursor): where
    it starts and its replacement. None when ``text`` does not end with one."""
    match = _CODE_AT_END.search(text)
    if match is None:
        return None
    found = codes.lookup(match[1], int(match[2] or 1))
    return None if found is None else (match.start(), found)


def find_template(file_or_name: str, catalog: Catalog | None = None) -> Template:
    """The template in the file ``file_or_name``, else the catalog's template of that name.

    Raises TemplateError when it is neither (naming the templates the catalog has).
    """
    path = Path(file_or_name)
    if path.is_file():
        return load_template(path)
    stored = catalog.templates() if catalog is not None else {}
    if file_or_name in stored:
        return template_from_json(file_or_name, stored[file_or_name])
    known = ", ".join(sorted(stored)) or "none yet (caption-desk template import FILE)"
    raise TemplateError(
        f"{file_or_name}: no such template file, and no template of that name in the "
        f"catalog (templates: {known})"
    )


def import_template(catalog: Catalog, path: Path) -> tuple[Template, bool]:
    """Store the template file in the catalog under its name; True when the name was new."""
    template = load_template(path)
    return template, catalog.save_template(template.name, template.as_json())


def save_template(catalog: Catalog, template: Template) -> bool:
    return catalog.save_template(template.name, template.as_json())


def stored_templates(catalog: Catalog) -> list[Template]:
    """The catalog's templates, by name."""
    return [template_from_json(name, text) for name, text in catalog.templates().items()]


def import_codes(catalog: Catalog, path: Path) -> CodesImport:
    """Add a Photo Mechanic code file's codes to the catalog (a code already there is
    replaced). Raises OSError or ValueError when the file cannot be read."""
    table = load_codes(path)
    catalog.save_codes(table.codes)
    return CodesImport(table, len(catalog.codes()))


def desk_codes(catalog: Catalog | None, *files: Path) -> CodeTable:
    """The catalog's codes, with those of ``files`` on top (a later file wins a code)."""
    table = table_of(catalog.codes().items()) if catalog is not None else EMPTY
    for path in files:
        table = table.merged(load_codes(path))
    return table


def photo_records(catalog: Catalog, photo_ids: list[int]) -> dict[int, PhotoMetadata]:
    """What a template reads for each photo: its file (camera, capture time) with the
    catalog's current values (pending edits included)."""
    rows = catalog.photos_by_id(photo_ids)
    files = read_photos([Path(row.path) for row in rows.values()])  # processes for many
    return {
        pid: with_catalog_values(record, row.fields)
        for (pid, row), record in zip(rows.items(), files, strict=True)
    }


def photo_record(path: Path, catalog: Catalog | None = None) -> PhotoMetadata:
    """One photo as a template reads it: the file, with the catalog's current values when
    the catalog knows it."""
    record = read_photo(path)
    known = catalog.photo(os.path.abspath(path)) if catalog is not None else None
    return record if known is None else with_catalog_values(record, known.fields)


def template_results(
    template: Template,
    records: Mapping[int, PhotoMetadata],
    *,
    settings: DeskSettings,
    codes: CodeTable = EMPTY,
) -> dict[int, TemplateResult]:
    """The template filled for each photo (the desk's {date} style)."""
    style = settings.caption_date_style
    return {
        key: apply_template(template, record, codes=codes, date_style=style)
        for key, record in records.items()
    }


def with_desk_names(settings: DeskSettings, catalog: Catalog) -> DeskSettings:
    """The settings with the catalog's code replacements added to the spelling names (the
    ``spelling`` and ``name-spelling`` rules know them, as a code file named in the config)."""
    texts = desk_codes(catalog).texts()
    if not texts:
        return settings
    return dataclasses.replace(settings, spelling_names=(*settings.spelling_names, *texts))


class ArrivalTemplate:
    """The wire watch's ``on_arrival`` hook: fills the template for each arriving photo and saves
    it (catalog revision, then the file) before the photo is checked, so the check sees the
    result. A photo the template cannot fill is left as it arrived; ``notes`` says why, by path."""

    def __init__(
        self,
        template: Template,
        settings: DeskSettings,
        *,
        editor: str,
        codes: CodeTable = EMPTY,
        write: bool = True,
    ) -> None:
        self.template = template
        self.write = write  # False: the desk holds file writes until "Write to files"
        self.settings = settings
        self.editor = editor
        self.codes = codes
        self.notes: dict[Path, str] = {}  # path -> why the template is not (fully) applied
        self.applied: set[Path] = set()

    def __call__(self, catalog: Catalog, ids: Mapping[Path, int]) -> None:
        from editor_app.ops.edit import save_changes  # the watch without a template needs none

        paths = {photo_id: path for path, photo_id in ids.items()}
        records = photo_records(catalog, list(paths))
        results = template_results(self.template, records, settings=self.settings, codes=self.codes)
        todo: dict[int, Mapping[str, object]] = {}
        for photo_id, result in results.items():
            if result.ok:
                todo[photo_id] = result.changes
            else:
                problems = "; ".join(str(p) for p in result.problems)
                self.notes[paths[photo_id]] = f"not applied: {problems}"
        if not todo:
            return
        try:
            saved = save_changes(catalog, todo, editor=self.editor, write=self.write)
        except ValueError as exc:  # a value one of the photos cannot hold: none is saved
            for photo_id in todo:
                self.notes[paths[photo_id]] = f"not applied: {exc}"
            return
        for outcome in saved:
            path = paths[outcome.photo_id]
            self.applied.add(path)
            if outcome.write_error:
                self.notes[path] = f"saved in the catalog, file not written ({outcome.write_error})"
