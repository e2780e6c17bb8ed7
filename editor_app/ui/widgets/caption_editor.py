"""The Caption tab's behaviour: show the selected photos' fields, turn typing into drafts.

A draft is what the editor typed and has not saved, per photo and field. Drafts outlive the
selection (the window never drops typed text): going to another photo keeps them, marks the
tile *unsaved*, and coming back shows them again. With several photos selected, a field whose
values differ shows *(several values)*; only a field the editor types in is changed, on every
selected photo.
"""

import html
import logging
from collections.abc import Callable, Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCompleter,
    QLineEdit,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)

from editor_app.captions.countries import countries
from editor_app.captions.findings import Finding, Severity
from editor_app.metadata.fields import FieldKind, FieldValue
from editor_app.metadata.record import PhotoMetadata
from editor_app.ops.desk import DeskPhoto, with_catalog_values
from editor_app.ops.drafts import (
    Drafts,
    capture_times,
    code_for_country,
    country_for_code,
    current_value,
    list_value,
    typed_after,
    typed_over_several,
)
from editor_app.ops.templates import EMPTY_CODES, CodeTable, code_before
from editor_app.ui.views.caption_editor_view import LIST_SEPARATOR, SEVERAL, CaptionEditorView
from editor_app.ui.widgets.tokens import TokenEdit

log = logging.getLogger(__name__)


class CaptionEditor(QObject):
    """Signals: edited(list[int]): drafts of these photo keys changed (typing, a pick)."""

    edited = Signal(list)
    left = Signal()  # Esc in a field: the editor goes back to the sheet (or the preview)

    def __init__(self, view: CaptionEditorView, drafts: Drafts, parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.drafts = view, drafts
        self.photos: list[DeskPhoto] = []
        self._loading = False
        self._code_before: dict[int, FieldValue] | None = None  # before a code was filled in
        self.unreadable: list[DeskPhoto] = []
        self._field_of: dict[QObject, str] = {}  # each field's typing widget -> its name
        # Fields showing *(several values)*: each photo's value when the form was filled.
        self._mixed: dict[str, dict[int, FieldValue]] = {}
        self.codes: CodeTable = EMPTY_CODES  # the desk's =code= replacements (template panel)
        # The Credit combo's entries for the photos shown (the open folder's LiveChecker).
        self._credit_offers: Callable[[list[PhotoMetadata]], list[str]] | None = None
        self._kinds = {f.name: f for f in view.fields}
        for name, widget in view.inputs.items():
            if isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda n=name: self._on_text_changed(n))
            else:
                widget.textEdited.connect(lambda _t, n=name: self._on_text_changed(n))
            view.markers[name].clicked.connect(lambda _=False, n=name: self._on_marker_clicked(n))
            typed_in = widget.input if isinstance(widget, TokenEdit) else widget
            typed_in.installEventFilter(self)  # Esc and Ctrl+Z: see eventFilter
            self._field_of[typed_in] = name
        view.from_capture.clicked.connect(self._on_from_capture_clicked)
        # A credit picked from the combo's list is typed as far as the drafts are concerned.
        view.credit_box.textActivated.connect(lambda _t: self._on_text_changed("credit"))
        self._country_completers()
        self.show_photos([])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Esc leaves the fields. Ctrl+Z in a field undoes what was typed there; with nothing
        typed left to undo, and no unsaved text in that field, it is the window's Ctrl+Z,
        which undoes the last save (the keyboard contract: undo "also after saving"). Qt's
        text fields claim the key even with nothing to undo."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            self.left.emit()  # drafts stay: leaving a field loses nothing
            return True
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            for key, redo in (
                (QKeySequence.StandardKey.Undo, False),
                (QKeySequence.StandardKey.Redo, True),
            ):
                if event.matches(key):  # True: the window takes it
                    return not _undo_available(watched, redo=redo) and not self._typed(watched)
        return super().eventFilter(watched, event)

    def _typed(self, widget: QObject) -> bool:
        """Whether a shown photo has unsaved text in this widget's field: a refilled field has
        no undo history of its own, and the window's undo would then take back another
        photo's save under the editor's typing."""
        name = self._field_of.get(widget)
        return name is not None and self._drafted(name)

    def _drafted(self, name: str) -> bool:
        """Whether a shown photo has unsaved text in field ``name``."""
        return any(name in self.drafts.of(p.key) for p in self.photos)

    def _country_completers(self) -> None:
        """Country and Country code complete from the ISO 3166 table as the editor types (the
        design's combo): "Germ" offers Germany, "IT" offers "ITA — Italy"; a pick counts as
        typed, and each field then fills the other."""
        table = countries()
        for name, shown, value in (
            ("country", lambda c: c.name, lambda c: c.name),
            ("country_code", lambda c: f"{c.code} — {c.name}", lambda c: c.code),
        ):
            widget = self.view.inputs.get(name)
            if not isinstance(widget, QLineEdit):
                continue
            model = QStandardItemModel(self)
            for country in sorted(table, key=value):
                item = QStandardItem(shown(country))
                item.setData(value(country), Qt.ItemDataRole.UserRole)
                model.appendRow(item)
            completer = QCompleter(model, widget)
            completer.setCompletionRole(Qt.ItemDataRole.UserRole)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            widget.setCompleter(completer)
            completer.activated.connect(lambda _t, n=name: self._on_text_changed(n))

    # showing

    def show_photos(self, photos: list[DeskPhoto]) -> None:
        """Fill the form from these photos' drafts and saved values."""
        self.photos = [p for p in photos if p.key > 0]
        self.unreadable = [p for p in photos if p.unreadable]  # said in the title
        self._code_before = None
        self._loading = True
        try:
            for name in self.view.inputs:
                self._fill(name)
        finally:
            self._loading = False
        self.view.setEnabled(bool(self.photos))
        self._update_title()
        self._update_counter()
        self._update_markers()
        self._update_credit_choices()

    def set_credit_offers(self, offers: Callable[[list[PhotoMetadata]], list[str]]) -> None:
        """Where the Credit combo's entries come from: given the shown photos as the editor
        sees them (drafts included), the credits to offer."""
        self._credit_offers = offers
        self._update_credit_choices()

    def show_findings(self, findings: Iterable[Finding]) -> None:
        found = list(findings)
        count = len(found)
        self.view.findings_title.setText(
            "── this photo: no problems ──"
            if not count
            else f"── {'these photos' if len(self.photos) > 1 else 'this photo'}: "
            f"{count} problem{'s' if count != 1 else ''} ──"
        )
        self.view.findings.clear()
        for finding in found:
            item = QListWidgetItem(finding.message)
            colour = (
                QColor(200, 40, 40) if finding.severity is Severity.ERROR else QColor(190, 120, 0)
            )
            item.setForeground(colour)
            item.setToolTip(f"{finding.rule}: {finding.message}")
            self.view.findings.addItem(item)
        self.view.fit_findings()

    def take_typed_after(self, photo: DeskPhoto, sent: FieldValue | None) -> str:
        """What was typed on ``photo``'s caption after its text ``sent`` was saved (Ctrl+Enter
        while the save ran), taken off it: it is for the next photo."""
        after = typed_after(self.drafts.of(photo.key).get("caption"), sent)
        if after and isinstance(sent, str):
            self.drafts.set(self._current(photo), "caption", sent)
        return after

    def type_in_caption(self, text: str) -> None:
        """``text`` typed at the caption's cursor, as keys would be."""
        widget = self.view.inputs["caption"]
        if text and isinstance(widget, QPlainTextEdit) and self.photos:
            widget.textCursor().insertText(text)

    def _current(self, photo: DeskPhoto) -> DeskPhoto:
        return next((p for p in self.photos if p.key == photo.key), photo)

    def focus_caption(self, *, at_end: bool = False) -> None:
        """Into the caption with the cursor after its text: an editor coming from the sheet
        goes on writing (a new caption's text put the cursor before its first word, so what
        was typed ran into the lede). Already there: the cursor stays where the editor put it."""
        widget = self.view.inputs["caption"]
        _bring_forward(widget)  # the Info or History tab may be showing: never type unseen
        if (at_end or not widget.hasFocus()) and isinstance(widget, QPlainTextEdit):
            widget.moveCursor(QTextCursor.MoveOperation.End)
        widget.setFocus()

    # reading the form

    def text(self, name: str) -> str:
        widget = self.view.inputs[name]
        return widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()

    def value(self, name: str) -> FieldValue:
        text = self.text(name)
        return list_value(text) if self._kinds[name].kind is FieldKind.LIST else text

    # editing

    def set_field(
        self, name: str, value: FieldValue, photos: list[DeskPhoto] | None = None
    ) -> None:
        """Set a field as if typed (a pick from a marker, "from capture time", a template)."""
        for photo in self.photos if photos is None else photos:
            self.drafts.set(photo, name, value)
        self._refresh(name)
        if name == "byline":
            self._update_credit_choices()
        self._after_edit()

    def _refresh(self, name: str) -> None:
        self._loading = True
        try:
            self._fill(name)
        finally:
            self._loading = False

    def _on_text_changed(self, name: str) -> None:
        if self._loading or not self.photos:
            return
        if self.codes and self._expand_code(name):
            return  # the replacement changed the text again: that change records the draft
        value = self.value(name)
        mixed = self._mixed.get(name)
        each = typed_over_several(name, value, mixed) if mixed is not None else None
        if each is not None:  # typed over *(several values)*: each photo its own (ops.drafts)
            for photo in self.photos:
                self.drafts.set(photo, name, each[photo.key])
            if not value:  # emptied again: untouched, so it says *(several values)* again
                self._placeholder(name, SEVERAL)
                if name == "country":
                    self._fill_code_from_country()  # a code filled in on the way goes too
            self._after_edit()
            return
        for photo in self.photos:
            self.drafts.set(photo, name, value)
        self._placeholder(name, "")
        if name == "country":
            self._fill_code_from_country()
        elif name == "country_code":
            self._fill_country_from_code()
        elif name == "byline":
            self._update_credit_choices()  # "REUTERS/<the name typed>", before any save
        self._after_edit()

    def _expand_code(self, name: str) -> bool:
        """Replace a known ``=code=`` the editor just closed (before the cursor), as Photo
        Mechanic does. True when the text was changed."""
        widget = self.view.inputs[name]
        if isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            found = code_before(self.codes, widget.toPlainText()[: cursor.position()])
            if found is None:
                return False
            start, text = found
            cursor.setPosition(start, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text)
            widget.setTextCursor(cursor)
            return True
        if not isinstance(widget, QLineEdit):
            return False  # keyword tokens: a code is one keyword, typed whole
        position = widget.cursorPosition()
        found = code_before(self.codes, widget.text()[:position])
        if found is None:
            return False
        start, text = found
        widget.setSelection(start, position - start)
        widget.insert(text)
        self._on_text_changed(name)  # insert() is not a user edit: no textEdited follows
        return True

    def _after_edit(self) -> None:
        self._update_counter()
        self._update_markers()
        self.edited.emit([p.key for p in self.photos])

    def _fill_code_from_country(self) -> None:
        """The code of the country typed; taken back when the name stops being one ("Niger"
        on the way to "Nigerx"). Two or three letters are the start of a name, not a code:
        "Ca" on the way to "Catalonia" is no Canada."""
        code = code_for_country(self.text("country"))
        if code is not None:
            if self.text("country_code") != code:
                if self._code_before is None:
                    self._code_before = {
                        p.key: current_value(p, self.drafts, "country_code") for p in self.photos
                    }
                self.set_field("country_code", code)
        elif self._code_before is not None:
            before, self._code_before = self._code_before, None
            for photo in self.photos:
                self.drafts.set(photo, "country_code", before.get(photo.key, ""))
            self._refresh("country_code")

    def _fill_country_from_code(self) -> None:
        name = country_for_code(self.text("country_code"))
        if name is not None and not self.text("country").strip():
            self.set_field("country", name)

    def _on_from_capture_clicked(self) -> None:
        """Each selected photo gets its own capture time (EXIF DateTimeOriginal)."""
        captured = capture_times(self.photos)
        for photo in self.photos:
            if photo.key in captured:
                self.drafts.set(photo, "date_created", captured[photo.key])
        self._refresh("date_created")
        self._after_edit()

    def _on_marker_clicked(self, name: str) -> None:
        if len(self.photos) != 1:
            return
        conflict = next((c for c in self.photos[0].record.conflicts if c.field == name), None)
        if conflict is None:
            return
        menu = QMenu(self.view)
        for source, text in conflict.values.items():
            shown = text if len(text) < 90 else text[:87] + "…"
            action = menu.addAction(f"{source.upper()}: {shown}")
            value: FieldValue = (
                list_value(text) if self._kinds[name].kind is FieldKind.LIST else text
            )
            action.triggered.connect(lambda _=False, v=value: self.set_field(name, v))
        marker = self.view.markers[name]
        menu.popup(marker.mapToGlobal(QPoint(0, marker.height())))

    # internals

    def _fill(self, name: str) -> None:
        current = {p.key: current_value(p, self.drafts, name) for p in self.photos}
        values = {_shown(value) for value in current.values()}
        widget = self.view.inputs[name]
        text = values.pop() if len(values) == 1 else ""
        several = len(values) > 0
        typed = self._drafted(name)
        if several:
            self._mixed[name] = current
        elif not (typed and self._mixed.get(name, {}).keys() == current.keys()):
            # kept while the same photos show what was typed over their several values (a
            # save, undo or colleague's change refills the form meanwhile)
            self._mixed.pop(name, None)
        if isinstance(widget, QPlainTextEdit):
            if widget.toPlainText() != text:
                widget.setPlainText(text)
                widget.moveCursor(QTextCursor.MoveOperation.End)  # go on writing after it
            if not typed:  # Ctrl+Z there now undoes the last save, not typing before it
                widget.document().clearUndoRedoStacks()
        elif widget.text() != text:
            widget.setText(text)  # a line edit's undo history goes with its old text
            if isinstance(widget, QLineEdit) and not widget.hasFocus():
                widget.setCursorPosition(0)  # a long headline shows its start, not its end
        elif not typed and isinstance(widget, QLineEdit) and widget.isUndoAvailable():
            at = widget.cursorPosition()
            widget.setText(text)
            widget.setCursorPosition(at)
        self._placeholder(name, SEVERAL if several else "")

    def _update_credit_choices(self) -> None:
        if self._credit_offers is None:
            return
        seen = []
        for photo in self.photos:
            draft = self.drafts.of(photo.key)
            seen.append(with_catalog_values(photo.record, draft) if draft else photo.record)
        self.view.set_credit_choices(self._credit_offers(seen))

    def _placeholder(self, name: str, text: str) -> None:
        widget = self.view.inputs[name]
        widget.setPlaceholderText(text)

    def _update_title(self) -> None:
        if not self.photos and len(self.unreadable) == 1:
            photo = self.unreadable[0]
            self.view.title.setText(
                f"<b>{html.escape(photo.name)}</b> cannot be read: "
                f"{html.escape(photo.record.error or 'unknown reason')}"
            )
        elif not self.photos:
            self.view.title.setText("No photo selected")
        elif len(self.photos) == 1:
            self.view.title.setText(f"<b>{html.escape(self.photos[0].name)}</b>")
        else:
            self.view.title.setText(
                f"<b>{len(self.photos)} photos</b> — a field you change is changed on all of them"
            )

    def _update_counter(self) -> None:
        limit = next((f.max_bytes for f in self.view.fields if f.name == "caption"), None) or 2000
        used = len(self.text("caption").encode("utf-8"))
        label = self.view.byte_counter
        label.setText(f"{used:,} / {limit:,} bytes")
        palette = label.palette()
        colour = (
            QColor(200, 40, 40)
            if used > limit
            else self.view.palette().color(QPalette.ColorRole.WindowText)
        )
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)

    def _update_markers(self) -> None:
        conflicts: Mapping[str, object] = {}
        if len(self.photos) == 1:
            drafted = self.drafts.of(self.photos[0].key)
            conflicts = {
                c.field: c for c in self.photos[0].record.conflicts if c.field not in drafted
            }
        for name, marker in self.view.markers.items():
            marker.setVisible(name in conflicts)


def _bring_forward(widget: QWidget) -> None:
    """Make every tab page ``widget`` lies on the current one of its tab widget."""
    chain: list[QWidget] = []
    at: QWidget | None = widget
    while at is not None:
        if isinstance(at, QTabWidget):
            page = next((w for w in chain if at.indexOf(w) >= 0), None)
            if page is not None:
                at.setCurrentWidget(page)
        chain.append(at)
        at = at.parentWidget()


def _undo_available(widget: QObject, *, redo: bool) -> bool:
    if isinstance(widget, QPlainTextEdit):
        document = widget.document()
        return document.isRedoAvailable() if redo else document.isUndoAvailable()
    if isinstance(widget, QLineEdit):
        return widget.isRedoAvailable() if redo else widget.isUndoAvailable()
    return True


def _shown(value: FieldValue) -> str:
    return LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value
