"""The conflict dialog: a refused save shown field by field (ancestor, theirs, mine), the editor
choosing per field. Layout and choices only; ``widgets/conflicts.py`` runs the merge.

Keyboard: Tab moves through the choices, Space/arrow keys pick, Enter saves the merge, Esc
cancels (the typed text stays in the editor).
"""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from editor_app.metadata.fields import editor_fields
from editor_app.ops.merge import FieldMerge, MergePlan, Side

_LABELS = {f.name: f.label for f in editor_fields()}
_CLASH = "#c08000"


RETURN_ARMS_AFTER_MS = 600  # a look at the dialog, not a keystroke already on its way


class ConflictDialog(QDialog):
    """``choices()`` after it is accepted: field -> Side. ``radios[name][side]`` are the buttons."""

    def __init__(self, plan: MergePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Someone saved this photo first")
        self.radios: dict[str, dict[Side, QRadioButton]] = {}
        self._groups: list[QButtonGroup] = []
        who = plan.their_editor or "another editor"
        when = plan.their_at.strftime("%H:%M:%S UTC") if plan.their_at else "meanwhile"
        intro = QLabel(
            f"<b>{_name(plan.path)}</b>: {who} saved it at {when}, after you started "
            f"(version {plan.base_version} → {plan.their_version}). Choose per field; the "
            "result is saved as one new version. Reload theirs drops your text; Cancel keeps "
            "it in the editor."
        )
        intro.setWordWrap(True)
        grid = QGridLayout()
        for column, title in enumerate(
            ("Field", "Before (both started here)", f"Theirs ({who})", "Mine")
        ):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, merge in enumerate(plan.fields, 1):
            self._add_row(grid, row, merge)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        self.buttons = QDialogButtonBox()
        # The dialog opens while the editor may still be typing: a Return meant as a new line
        # must not merge a conflict they have not looked at, so Return saves the merge only a
        # moment after it shows (an action, not the accept role: the box would make its first
        # accept button the default at once).
        self.save_button = self.buttons.addButton(
            "Save merged", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.save_button.clicked.connect(self.accept)
        # Theirs in every field: nothing is saved, the drafts go, the fields show their version.
        self.reload_button = self.buttons.addButton(
            "Reload theirs", QDialogButtonBox.ButtonRole.ResetRole
        )
        self.reload_button.setToolTip("Drop your text for this photo and show their version")
        self.reload_button.clicked.connect(self._take_theirs)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in self.buttons.findChildren(QPushButton):
            button.setAutoDefault(False)  # else Return clicks the first of them at once
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.buttons)
        self.resize(900, min(700, 160 + 110 * len(plan.fields)))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        QTimer.singleShot(RETURN_ARMS_AFTER_MS, self, lambda: self.save_button.setDefault(True))

    def choices(self) -> dict[str, Side]:
        return {
            name: Side.MINE if buttons[Side.MINE].isChecked() else Side.THEIRS
            for name, buttons in self.radios.items()
        }

    def _take_theirs(self) -> None:
        for buttons in self.radios.values():
            buttons[Side.THEIRS].setChecked(True)
        self.accept()

    def _add_row(self, grid: QGridLayout, row: int, merge: FieldMerge) -> None:
        label = QLabel(_LABELS.get(merge.name, merge.name))
        if merge.clash:
            label.setText(f"<span style='color:{_CLASH}'>⚠ {label.text()}</span>")
            label.setToolTip("Both of you changed this field")
        grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_text(merge.base, ancestor=True), row, 1)
        group = QButtonGroup(self)
        self._groups.append(group)
        self.radios[merge.name] = {}
        for column, side in ((2, Side.THEIRS), (3, Side.MINE)):
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            radio = QRadioButton("keep theirs" if side is Side.THEIRS else "keep mine")
            radio.setObjectName(f"{merge.name}-{side}")
            radio.setChecked(merge.default is side)
            group.addButton(radio)
            self.radios[merge.name][side] = radio
            box.addWidget(radio)
            box.addWidget(_text(merge.value(side)))
            grid.addWidget(cell, row, column)


def _text(value, *, ancestor: bool = False) -> QPlainTextEdit:
    shown = "; ".join(value) if isinstance(value, tuple) else str(value)
    edit = QPlainTextEdit(shown or "")
    edit.setPlaceholderText("(empty)")
    edit.setReadOnly(True)
    edit.setTabChangesFocus(True)
    edit.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    edit.setMaximumHeight(80)
    if ancestor:  # readable, but plainly not a choice
        edit.setStyleSheet("QPlainTextEdit { background: #f2f2f2; color: #444; }")
    return edit


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]
