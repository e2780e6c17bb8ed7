"""The Template tab's behaviour: the catalog's templates applied to the selection, one undo step.

Templates and code replacements come from the catalog (shared by a PostgreSQL desk) on the
database lane; importing a file stores it there. The preview fills the template on the first
selected photo as the editor sees it (unsaved text included). Apply saves every selected photo
the template can fill, drafts included, through the editing controller: one save, so one
Ctrl+Z restores every photo. A photo with problems (a missing {city}, an unknown code) is left
alone and named in the status bar, as ``caption-desk set --template`` does.
"""

import logging
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QListWidgetItem

from editor_app.metadata.fields import FieldValue, label
from editor_app.ops.catalogs import Catalog
from editor_app.ops.desk import DeskPhoto, with_catalog_values
from editor_app.ops.templates import (
    EMPTY_CODES,
    ArrivalTemplate,
    CodeTable,
    Template,
    TemplateResult,
    desk_codes,
    import_codes,
    import_template,
    stored_templates,
    template_results,
)
from editor_app.ops.watch import ArrivalHook
from editor_app.settings import DeskSettings
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.views.template_panel_view import TemplatePanelView
from editor_app.ui.widgets.editing import Editing

log = logging.getLogger(__name__)


class TemplatePanel(QObject):
    """Signals: loaded(): templates and codes came back from the catalog; message(str)."""

    loaded = Signal()
    message = Signal(str)

    def __init__(
        self,
        view: TemplatePanelView,
        editing: Editing,
        runner: TaskRunner,
        catalog: Callable[[], Catalog],
        settings: Callable[[], DeskSettings],
        hold: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.view, self._editing, self._runner = view, editing, runner
        self._catalog, self._settings, self._hold = catalog, settings, hold
        self.templates: list[Template] = []
        self.codes: CodeTable = EMPTY_CODES
        self.photos: list[DeskPhoto] = []
        view.templates.currentIndexChanged.connect(self._on_template_changed)
        view.fields.itemChanged.connect(lambda _item: self._update_preview())
        view.apply_button.clicked.connect(self.apply)
        view.import_button.clicked.connect(self._on_import_clicked)
        view.codes_button.clicked.connect(self._on_codes_clicked)
        view.on_arrivals.toggled.connect(lambda _on: self.refresh_arrivals())
        view.fields.itemChanged.connect(lambda _item: self.refresh_arrivals())
        view.templates.currentIndexChanged.connect(lambda _i: self.refresh_arrivals())
        self._arrivals_to: Callable[[ArrivalHook | None], None] | None = None
        self._show_codes()
        self._update_preview()

    # loading

    def reload(self) -> None:
        """Fetch the catalog's templates and codes (database lane)."""

        def work(_p, _c) -> tuple[list[Template], CodeTable]:
            catalog = self._catalog()
            return stored_templates(catalog), desk_codes(catalog)

        self._runner.submit(work, on_done=self._on_loaded, on_error=self._on_failed, uses_db=True)

    def import_file(self, path: Path, kind: str = "template") -> None:
        """Store a template file (or, ``kind="codes"``, a code file) in the catalog."""

        def work(_p, _c) -> str:
            if kind == "codes":
                done = import_codes(self._catalog(), path)
                return f"Imported {len(done.table)} codes from {path.name}"
            template, _new = import_template(self._catalog(), path)
            return f"Imported the template “{template.name}”"

        def done(text: str) -> None:
            self.message.emit(text)
            self.reload()

        self._runner.submit(work, on_done=done, on_error=self._on_failed, uses_db=True)

    def _on_loaded(self, result: tuple[list[Template], CodeTable]) -> None:
        chosen = self.template()
        self.templates, self.codes = result
        box = self.view.templates
        box.blockSignals(True)
        box.clear()
        for template in self.templates:
            box.addItem(template.name)
        names = [t.name for t in self.templates]
        if chosen is not None and chosen.name in names:
            box.setCurrentIndex(names.index(chosen.name))
        elif names:
            box.setCurrentIndex(0)
        box.blockSignals(False)
        self._on_template_changed(box.currentIndex())
        self._show_codes()
        self.refresh_arrivals()
        self.loaded.emit()

    def _on_failed(self, exc: BaseException) -> None:
        log.info("template panel: %s", exc)
        self.message.emit(f"Templates: {exc}")

    # showing

    def template(self) -> Template | None:
        index = self.view.templates.currentIndex()
        return self.templates[index] if 0 <= index < len(self.templates) else None

    def ticked(self) -> Template | None:
        """The chosen template with only its ticked fields."""
        template = self.template()
        if template is None:
            return None
        fields = self.view.fields
        names = {
            fields.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(fields.count())
            if fields.item(row).checkState() is Qt.CheckState.Checked
        }
        return template.only(names)

    def send_arrivals_to(self, setter: Callable[[ArrivalHook | None], None]) -> None:
        """Give ``setter`` the wire watch's hook whenever "apply to arrivals", the template or
        its ticks change (None: arrivals stay as they come)."""
        self._arrivals_to = setter
        self.refresh_arrivals()

    def refresh_arrivals(self) -> None:
        """Send a new hook (a new snapshot of the template, codes and the hold setting)."""
        if self._arrivals_to is None:
            return
        template = self.ticked() if self.view.on_arrivals.isChecked() else None
        if template is None:
            self._arrivals_to(None)
            return
        # a snapshot taken here, on the GUI thread: the hook runs on the database lane
        settings, codes = self._settings(), self.codes
        editor, write = self._editing.editor_name, not self._hold()

        def hook(catalog: Catalog, ids: Mapping[Path, int]) -> None:
            filler = ArrivalTemplate(template, settings, editor=editor, codes=codes, write=write)
            filler(catalog, ids)
            for path, note in filler.notes.items():
                log.info("template %r on %s: %s", template.name, path, note)

        self._arrivals_to(hook)

    def show_photos(self, photos: list[DeskPhoto]) -> None:
        self.photos = [p for p in photos if p.key > 0]
        self._update_preview()

    def _on_template_changed(self, _index: int) -> None:
        fields = self.view.fields
        fields.blockSignals(True)
        fields.clear()
        template = self.template()
        for name in template.fields if template else ():
            mode = "append" if name in template.append else "set"  # type: ignore[union-attr]
            text = {**template.set, **template.append}[name]  # type: ignore[union-attr]
            shown = "; ".join(text) if isinstance(text, tuple) else text
            item = QListWidgetItem(f"{label(name)} ({mode}): {shown}")
            item.setData(Qt.ItemDataRole.UserRole, name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            fields.addItem(item)
        fields.blockSignals(False)
        self._update_preview()

    def _update_preview(self) -> None:
        view = self.view
        template = self.ticked()
        count = len(self.photos)
        view.apply_button.setEnabled(template is not None and count > 0)
        view.apply_button.setText(
            f"Apply to {count} photo{'s' if count != 1 else ''}" if count else "Apply"
        )
        if template is None or not self.photos:
            view.preview_title.setText("Preview: choose a template and select photos")
            view.preview.setPlainText("")
            view.problems.setText("")
            return
        first = self.photos[0]
        result = self._results([first])[first.key]
        view.preview_title.setText(f"Preview on {first.name}:")
        view.preview.setPlainText(_preview_text(result))
        view.problems.setText("\n".join(str(p) for p in result.problems))

    def _show_codes(self) -> None:
        count = len(self.codes)
        self.view.codes_label.setText(
            f"{count} code replacement{'s' if count != 1 else ''} (type =code= in a field)"
        )

    # applying

    def apply(self) -> bool:
        """Save the ticked fields on every selected photo it can fill; False if none."""
        template = self.ticked()
        if template is None or not self.photos:
            return False
        results = self._results(self.photos)
        good = {key: dict(r.changes) for key, r in results.items() if r.ok}
        bad = [p.name for p in self.photos if not results[p.key].ok]
        if bad:
            self.message.emit(
                f"Template “{template.name}” not applied to {', '.join(bad)}: "
                "see the problems in the Template tab"
            )
        return bool(good) and self._editing.save_values(good, hold=self._hold())

    def _results(self, photos: list[DeskPhoto]) -> dict[int, TemplateResult]:
        template = self.ticked()
        assert template is not None
        drafts = self._editing.drafts
        records = {p.key: with_catalog_values(p.record, drafts.of(p.key)) for p in photos}
        return template_results(template, records, settings=self._settings(), codes=self.codes)

    def _on_import_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self.view, "Import a template", "", "Templates (*.toml);;All files (*)"
        )
        if name:
            self.import_file(Path(name))

    def _on_codes_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self.view, "Import code replacements", "", "Code files (*.txt *.tsv);;All files (*)"
        )
        if name:
            self.import_file(Path(name), "codes")


def _preview_text(result: TemplateResult) -> str:
    lines = []
    for name, value in result.changes.items():
        shown: FieldValue = "; ".join(value) if isinstance(value, tuple) else value
        lines.append(f"{label(name)}: {shown}")
    return "\n".join(lines)
