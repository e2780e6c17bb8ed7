"""Layout of the Template tab: pick or import a template, tick its fields, preview, apply.

Widgets only; behaviour lives in widgets/template_panel.py.
"""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class TemplatePanelView(QWidget):
    """``fields`` lists the chosen template's fields, each checkable (Photo Mechanic's
    per-field boxes); ``preview`` shows the result on the first selected photo."""

    def __init__(self) -> None:
        super().__init__()
        self.templates = QComboBox()
        self.templates.setObjectName("template-choice")
        self.templates.setPlaceholderText("No template yet: import one")
        self.import_button = QPushButton("Import template…")
        self.codes_button = QPushButton("Import codes…")
        self.fields = QListWidget()
        self.fields.setObjectName("template-fields")
        self.fields.setMaximumHeight(180)
        self.preview_title = QLabel()
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("template-preview")
        self.preview.setReadOnly(True)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c82828;")
        self.apply_button = QPushButton("Apply to the selection")
        self.apply_button.setObjectName("template-apply")
        self.on_arrivals = QCheckBox("Also apply to wire arrivals (ticked fields)")
        self.on_arrivals.setObjectName("template-arrivals")
        self.on_arrivals.setToolTip(
            "Photos arriving in the open folder get this template before they are checked"
        )
        self.codes_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.templates, 1)
        top.addWidget(self.import_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(QLabel("Fields it sets (untick to leave one alone):"))
        column.addWidget(self.fields)
        column.addWidget(self.preview_title)
        column.addWidget(self.preview, 1)
        column.addWidget(self.problems)
        column.addWidget(self.apply_button)
        column.addWidget(self.on_arrivals)
        codes = QHBoxLayout()
        codes.addWidget(self.codes_label, 1)
        codes.addWidget(self.codes_button)
        column.addLayout(codes)
