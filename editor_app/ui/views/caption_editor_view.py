"""Layout of the Caption tab: one row per field of the field table, in the desk's typing order.

Widgets only; behaviour lives in widgets/caption_editor.py. Built from ``editor_fields()``, so a
field added to the table appears here without an edit.
"""

from PySide6.QtCore import QEvent, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor_app.metadata.fields import Field, FieldKind, editor_fields
from editor_app.ui.widgets.tokens import TokenEdit

SEVERAL = "(several values)"
LIST_SEPARATOR = "; "  # by-lines and keywords are typed as "Ann Lee; Bo Chan"


_FOOT_MARGIN = 9
_ROW_SLACK = 3  # under the last whole row of fields: its frame and a hair of air
_NO_LIMIT = 16_777_215  # QWIDGETSIZE_MAX


class CaptionEditorView(QWidget):
    """``inputs[name]`` is a QLineEdit (Credit's is the line edit of ``credit_box``, an editable
    combo of the photo's photographer credits and the agency table's), the caption's
    QPlainTextEdit, or the keywords' TokenEdit; ``markers[name]`` is the amber button shown
    when the photo's sources disagree on that field."""

    def __init__(self, fields: tuple[Field, ...] | None = None) -> None:
        super().__init__()
        self.fields = fields or editor_fields()
        self.inputs: dict[str, QLineEdit | QPlainTextEdit | TokenEdit] = {}
        self.credit_box = QComboBox()  # made here, placed in its row (never reparented)
        self.markers: dict[str, QToolButton] = {}
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.notice = QLabel()  # "Changed by NAME at TIME" when a colleague saved this photo
        self.notice.setObjectName("changed-notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background: #fff3cd; color: #5c4400; padding: 4px;")
        self.notice.hide()
        form = self._form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field in self.fields:
            form.addRow(field.label, self._row(field))
            if field.kind is FieldKind.MULTILINE:
                self.byte_counter = QLabel()
                self.byte_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
                form.addRow("", self.byte_counter)
        self.findings_title = QLabel()
        self.findings = QListWidget()
        self._fitted_width = -1  # the width fit_findings wrapped the messages at
        self.findings.setWordWrap(True)
        self.save_button = QPushButton("Save (Ctrl+S)")
        self.next_button = QPushButton("Save and next (Ctrl+Enter)")
        self.hold_writes = QCheckBox("Hold file writes until “Write to files”")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        body = self._body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addWidget(self.notice)
        column.addLayout(form)
        column.addStretch(1)
        self._snap_due = False
        self._lay_out(body, buttons)
        body.installEventFilter(self)  # a title or notice of another height moves the rows

    def _lay_out(self, body: QWidget, buttons: QHBoxLayout) -> None:
        # The fields scroll; the buttons and this photo's problems stay in sight under them,
        # so the live flags show whichever field the editor is typing in.
        scroll = self._scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        foot = self._foot = QVBoxLayout()
        foot.setContentsMargins(_FOOT_MARGIN, 0, _FOOT_MARGIN, _FOOT_MARGIN)
        foot.addLayout(buttons)
        foot.addWidget(self.hold_writes)
        foot.addWidget(self.findings_title)
        foot.addWidget(self.findings)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(foot)
        outer.addStretch(0)  # what the snapped fields leave goes here, not between the buttons

    def fit_findings(self) -> None:
        """The problems list as tall as its lines (at most ~5), none when there are none: the
        fields above keep the room. A long message wraps: each row is as tall as its text at
        the list's width (Qt's own row height is one line, which cut the second off)."""
        box = self.findings
        box.setVisible(box.count() > 0)
        width = max(self.width() - 2 * _FOOT_MARGIN - 2 * box.frameWidth() - 8, 80)
        metrics = box.fontMetrics()
        heights = []
        for row in range(box.count()):
            item = box.item(row)
            text = metrics.boundingRect(
                QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text()
            )
            heights.append(text.height() + 4)
            item.setSizeHint(QSize(width, heights[-1]))
        self._fitted_width = self.width()
        box.setFixedHeight(sum(heights[:5]) + 2 * box.frameWidth() + 4)
        self._snap_later()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.findings.count() and self.width() != self._fitted_width:
            self.fit_findings()  # narrower or wider: the messages wrap anew
        self._snap_later()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._body and event.type() == QEvent.Type.LayoutRequest:
            self._snap_later()
        return False

    def _snap_later(self) -> None:
        if not self._snap_due:
            self._snap_due = True
            QTimer.singleShot(0, self, self._snap_fields)

    def _snap_fields(self) -> None:
        """End the fields' view under a whole row, not through one (a label cut in half read
        as a broken window); the pixels left over go under the buttons. The rows keep their
        places whatever the view's height: the fields are laid out from the top."""
        self._snap_due = False
        items = (
            self._form.itemAt(i, QFormLayout.ItemRole.FieldRole)
            for i in range(self._form.rowCount())
        )
        widgets = [w for item in items if item is not None and (w := item.widget()) is not None]
        bottoms = [w.geometry().bottom() + 1 for w in widgets]
        outer = self.layout()
        room = (
            self.height() - self._foot.sizeHint().height() - max(outer.spacing() if outer else 0, 0)
        )
        content = self._body.sizeHint().height()
        fits = [b for b in bottoms if b + _ROW_SLACK <= room]
        if content <= room or not fits:
            self._scroll.setMaximumHeight(_NO_LIMIT)
        else:
            self._scroll.setMaximumHeight(max(fits) + _ROW_SLACK)

    def set_credit_choices(self, credits: list[str]) -> None:
        """The credits the combo offers (this photo's photographer credits, then the agency
        table's); the typed text stays as it is."""
        box = self.credit_box
        if [box.itemText(i) for i in range(box.count())] == credits:
            return  # an open list is not rebuilt under the editor
        text = box.currentText()
        box.clear()
        box.addItems(credits)
        box.setCurrentIndex(-1)
        box.setEditText(text)

    def _row(self, field: Field) -> QWidget:
        widget: QLineEdit | QPlainTextEdit | TokenEdit
        shown: QWidget
        if field.kind is FieldKind.MULTILINE:
            widget = shown = QPlainTextEdit()
            widget.setTabChangesFocus(True)  # Tab moves on, as in every other field
            widget.setMinimumHeight(120)
        elif field.name == "keywords":
            widget = shown = TokenEdit()
        elif field.name == "credit":
            shown = self.credit_box
            self.credit_box.setEditable(True)
            self.credit_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)  # free text stays free
            self.credit_box.setToolTip("An agency credit from the list, or any text")
            line_edit = self.credit_box.lineEdit()
            assert line_edit is not None
            line_edit.setClearButtonEnabled(True)
            widget = line_edit
        else:
            widget = shown = QLineEdit()
            widget.setClearButtonEnabled(True)
        widget.setObjectName(f"field-{field.name}")
        self.inputs[field.name] = widget
        marker = QToolButton()
        marker.setText("⚠")
        marker.setToolTip("The file's sources disagree on this field: click to choose")
        marker.setStyleSheet("color: #c08000;")
        marker.hide()
        self.markers[field.name] = marker
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(shown, 1)
        line.addWidget(marker)
        if field.kind is FieldKind.DATE:
            self.from_capture = QPushButton("From capture time")
            line.addWidget(self.from_capture)
        return row
