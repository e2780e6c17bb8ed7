"""Spelling in the caption: the spelling rule's spans underlined, suggestions on the context menu.

The spans come from the same code the ``spelling`` rule runs (``ops.live_flags.LiveChecker``),
off the GUI thread, for the text as it was when the check started; edits made since shift them (text
after the edit) or drop them (a span the edit touched), so an underline never lands on the
wrong letters.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, QPoint
from PySide6.QtGui import (
    QColor,
    QInputMethodEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import QLineEdit, QMenu, QPlainTextEdit

from editor_app.ops.live_flags import Misspelling

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Span:
    """A flagged word in document positions (UTF-16 code units, as Qt counts)."""

    start: int
    end: int
    word: str
    suggestions: tuple[str, ...]


class SpellingHighlighter(QSyntaxHighlighter):
    """Underlines the flagged words of one QPlainTextEdit's document."""

    def __init__(self, editor: QPlainTextEdit) -> None:
        super().__init__(editor)
        self.spans: list[Span] = []
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QColor(210, 30, 30))
        # Connected before the highlighter's own re-highlighting of the edited block, so that
        # one already sees the spans moved.
        editor.document().contentsChange.connect(self._on_contents_change)
        self.setDocument(editor.document())

    def set_misspellings(self, text: str, found: Sequence[Misspelling]) -> None:
        """Show ``found``, computed for ``text``: only when the document still holds it."""
        if self.document().toPlainText() != text:
            return  # typed on meanwhile: the next check brings spans for the new text
        self._set([_span(text, m) for m in found])

    def clear_spans(self) -> None:
        self._set([])

    def drop_word(self, word: str) -> None:
        """Stop underlining ``word`` at once (added to the desk's names)."""
        self._set([s for s in self.spans if s.word.lower() != word.lower()])

    def span_at(self, position: int) -> Span | None:
        return next((s for s in self.spans if s.start <= position <= s.end), None)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        start = self.currentBlock().position()
        end = start + len(text.encode("utf-16-le")) // 2
        for span in self.spans:
            if span.end > start and span.start < end:
                self.setFormat(span.start - start, span.end - span.start, self._format)

    def _set(self, spans: list[Span]) -> None:
        if spans != self.spans:
            self.spans = spans
            self.rehighlight()

    def _on_contents_change(self, position: int, removed: int, added: int) -> None:
        if not self.spans or removed == added == 0:
            return
        self.spans = _moved(self.spans, position, removed, added)  # re-highlighted next


class LineSpelling(QObject):
    """The same underlines in a one-line field (the Headline). A QLineEdit has no document to
    highlight: the spans are drawn as input-method text formats, the one way Qt offers to
    format a line edit's text. Those formats stay at their positions whatever the text does,
    so an edit moves the spans as the caption's do (those after it) or drops them (a span it
    touched) and draws them again."""

    def __init__(self, line: QLineEdit) -> None:
        super().__init__(line)
        self.line = line
        self.spans: list[Span] = []
        self._text = line.text()  # what the spans were last placed on
        self._format = QTextCharFormat()
        self._format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._format.setUnderlineColor(QColor(210, 30, 30))
        line.textChanged.connect(self._on_text_changed)

    def set_misspellings(self, text: str, found: Sequence[Misspelling]) -> None:
        if self.line.text() == text:
            self._show([_span(text, m) for m in found])

    def clear_spans(self) -> None:
        self._show([])

    def drop_word(self, word: str) -> None:
        self._show([s for s in self.spans if s.word.lower() != word.lower()])

    def span_at(self, position: int) -> Span | None:
        return next((s for s in self.spans if s.start <= position <= s.end), None)

    def _on_text_changed(self, text: str) -> None:
        old, self._text = self._text, text
        if self.spans:
            self._show(_moved(self.spans, *_edit(old, text)))

    def _show(self, spans: list[Span]) -> None:
        if spans == self.spans:
            return  # an edit after every span: the formats are still in place
        self.spans = spans
        self._text = self.line.text()
        at = self.line.cursorPosition()  # format starts are relative to the cursor
        kind = QInputMethodEvent.AttributeType.TextFormat
        attributes = [
            QInputMethodEvent.Attribute(kind, s.start - at, s.end - s.start, self._format)
            for s in spans
        ]
        QCoreApplication.sendEvent(self.line, QInputMethodEvent("", attributes))


def spelling_menu(
    editor: QPlainTextEdit,
    highlighter: SpellingHighlighter,
    pos: QPoint,
    add_name: Callable[[str], None],
) -> QMenu:
    """The caption's context menu at ``pos`` (viewport coordinates): the suggestions for the
    flagged word there and "Add to the desk's names" above Qt's own entries."""
    menu = editor.createStandardContextMenu(pos)
    span = highlighter.span_at(editor.cursorForPosition(pos).position())
    if span is not None:
        _add_entries(menu, span, lambda text: _replace(editor, span, text), add_name)
    return menu


def line_spelling_menu(
    line: QLineEdit, spelling: LineSpelling, pos: QPoint, add_name: Callable[[str], None]
) -> QMenu:
    """The same menu for a one-line field (``pos`` in the field's coordinates)."""
    menu = line.createStandardContextMenu()
    span = spelling.span_at(line.cursorPositionAt(pos))
    if span is not None:
        _add_entries(menu, span, lambda text: _replace_in_line(line, span, text), add_name)
    return menu


def _add_entries(
    menu: QMenu, span: Span, replace: Callable[[str], None], add_name: Callable[[str], None]
) -> None:
    first = menu.actions()[0] if menu.actions() else None
    entries = []
    for suggestion in span.suggestions:
        action = menu.addAction(suggestion)
        font = action.font()
        font.setBold(True)
        action.setFont(font)
        action.triggered.connect(lambda _=False, s=suggestion: replace(s))
        entries.append(action)
    if not span.suggestions:
        none = menu.addAction("No suggestion")
        none.setEnabled(False)
        entries.append(none)
    add = menu.addAction(f"Add “{span.word}” to the desk's names")
    add.triggered.connect(lambda: add_name(span.word))
    entries.append(add)
    if first is not None:  # ours above Qt's own entries
        for action in entries:
            menu.removeAction(action)
            menu.insertAction(first, action)
        menu.insertSeparator(first)


def _replace_in_line(line: QLineEdit, span: Span, text: str) -> None:
    if line.text()[span.start : span.end] != span.word:
        log.info("the word %r moved before its suggestion was picked", span.word)
        return
    line.setSelection(span.start, span.end - span.start)
    line.insert(text)  # as typed: one undo step, textEdited, a draft


def _replace(editor: QPlainTextEdit, span: Span, text: str) -> None:
    cursor = QTextCursor(editor.document())
    cursor.setPosition(span.start)
    cursor.setPosition(span.end, QTextCursor.MoveMode.KeepAnchor)
    if cursor.selectedText() != span.word:
        log.info("the word %r moved before its suggestion was picked", span.word)
        return
    cursor.insertText(text)  # one undo step in the field, a draft like typing
    editor.setTextCursor(cursor)


def _moved(spans: list[Span], position: int, removed: int, added: int) -> list[Span]:
    """The spans after an edit at ``position``: those before it kept, those after it shifted,
    those it touched dropped (the next check brings them back if still wrong)."""
    shift = added - removed
    kept = []
    for span in spans:
        if span.end < position:
            kept.append(span)
        elif span.start > position + removed:
            kept.append(Span(span.start + shift, span.end + shift, *_rest(span)))
    return kept


def _edit(old: str, new: str) -> tuple[int, int, int]:
    """Where ``old`` became ``new`` (position, removed, added, in UTF-16 units): a line edit
    says only that its text changed, so the edit is what lies between their common ends."""
    size = min(len(old), len(new))
    head = 0
    while head < size and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < size - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return (
        _utf16(old[:head]),
        _utf16(old[head : len(old) - tail]),
        _utf16(new[head : len(new) - tail]),
    )


def _span(text: str, found: Misspelling) -> Span:
    start = _utf16(text[: found.start])
    return Span(start, start + _utf16(found.word), found.word, found.suggestions)


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _rest(span: Span) -> tuple[str, tuple[str, ...]]:
    return span.word, span.suggestions
