"""Keywords as tokens (chips): type a keyword and press Enter or a comma; Backspace in the empty
box removes the last one; each chip's × removes it.

``TokenEdit`` speaks a QLineEdit's language to the caption editor (``text()``, ``setText()``,
``textEdited``, ``setPlaceholderText``): its text is the tokens joined by ``; `` — what the
field is typed as elsewhere — so the value stays a list field and drafts, saves and the
several-values placeholder work as for every other field. A keyword typed but not yet
committed counts too: nothing the editor typed is lost by saving without Enter.
"""

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QLineEdit,
    QStyle,
    QStyleOptionFrame,
    QToolButton,
    QWidget,
    QWidgetItem,
)

SEPARATOR = "; "


class TokenEdit(QWidget):
    """Signals: textEdited(str): the editor added, removed or typed a token (as QLineEdit's)."""

    textEdited = Signal(str)  # noqa: N815 - QLineEdit's name: the caption editor treats both alike

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tokens: list[str] = []
        self._chips: list[QToolButton] = []
        self.input = QLineEdit()
        self.input.setFrame(False)
        self.input.setMinimumWidth(80)
        self.input.installEventFilter(self)
        self.input.textEdited.connect(self._on_input_edited)
        self._row = FlowLayout(self)
        self._row.addWidget(self.input)
        self.setFocusProxy(self.input)
        self.setMinimumHeight(self.input.sizeHint().height() + 4)

    # the QLineEdit-like surface

    def text(self) -> str:
        pending = self.input.text().strip().strip(",;").strip()
        return SEPARATOR.join([*self.tokens, *([pending] if pending else [])])

    def setText(self, text: str) -> None:  # noqa: N802 - QLineEdit's name
        self.input.setText("")  # its undo history goes too (another photo's typing)
        self._set_tokens([t.strip() for t in text.split(";") if t.strip()])

    def setPlaceholderText(self, text: str) -> None:  # noqa: N802 - QLineEdit's name
        self.input.setPlaceholderText(text)

    # editing

    def add_pending(self) -> bool:
        """Turn what is typed into tokens (a comma or semicolon separates several)."""
        typed = [t.strip() for t in self.input.text().replace(",", ";").split(";") if t.strip()]
        # setText, not clear: clear is undoable, and Ctrl+Z would type the token in again
        # (a keyword twice); the tokens have their own way back (the chip's x, Backspace)
        self.input.setText("")
        new = [t for t in typed if t not in self.tokens]
        if new:
            self._set_tokens([*self.tokens, *new])
        self.textEdited.emit(self.text())
        return bool(typed)

    def remove(self, index: int) -> None:
        del self.tokens[index]
        self._set_tokens(self.tokens)
        self.textEdited.emit(self.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.input and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        if watched is self.input and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()  # the frame shows the focus, as a line edit's does
        return super().eventFilter(watched, event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """A line edit's frame around the chips and the typing box: it looks like its fields."""
        option = QStyleOptionFrame()
        option.initFrom(self)
        style = self.style()
        option.lineWidth = style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, self)
        option.state |= QStyle.StateFlag.State_Sunken
        if self.input.hasFocus():
            option.state |= QStyle.StateFlag.State_HasFocus
        painter = QPainter(self)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, option, painter, self)

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            return self.add_pending()  # an empty box lets Enter through (the window's own keys)
        if key == Qt.Key.Key_Comma or event.text() == ";":
            self.add_pending()
            return True
        if key == Qt.Key.Key_Backspace and not self.input.text() and self.tokens:
            self.remove(len(self.tokens) - 1)
            return True
        return False

    def _on_input_edited(self, _text: str) -> None:
        self.textEdited.emit(self.text())

    def _set_tokens(self, tokens: list[str]) -> None:
        self.tokens = list(tokens)
        for chip in self._chips:
            self._row.removeWidget(chip)
            chip.deleteLater()
        self._chips = []
        for i, token in enumerate(self.tokens):
            chip = QToolButton()
            chip.setText(f"{token}  ×")
            chip.setToolTip(f"Remove “{token}”")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field, as elsewhere
            chip.setObjectName("token")
            chip.setStyleSheet(
                "QToolButton#token { border: 1px solid palette(mid); border-radius: 8px;"
                " padding: 0 6px; background: palette(alternate-base); }"
            )
            chip.clicked.connect(lambda _=False, at=i: self.remove(at))
            self._row.insertWidget(i, chip)
            self._chips.append(chip)


class FlowLayout(QLayout):
    """Items left to right, wrapping onto a new line (Qt's flow-layout example, trimmed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(2, 2, 2, 2)
        self.setSpacing(3)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def insertWidget(self, index: int, widget: QWidget) -> None:  # noqa: N802 - QBoxLayout's
        self.addChildWidget(widget)
        self._items.insert(index, QWidgetItem(widget))
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        last = self._last_widget()
        for item in self._items:
            hint = item.sizeHint()
            if item.widget() is last:  # the typing box: its minimum, then the rest of the line
                hint.setWidth(item.minimumSize().width())
            if x + hint.width() > area.right() and line > 0:
                x, y, line = area.x(), y + line + self.spacing(), 0
            if move:
                width = max(hint.width(), area.right() - x) if item.widget() is last else None
                item.setGeometry(QRect(QPoint(x, y), QSize(width or hint.width(), hint.height())))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()

    def _last_widget(self) -> QWidget | None:
        return self._items[-1].widget() if self._items else None
