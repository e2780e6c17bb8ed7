"""Paints one contact-sheet tile: thumbnail, file name, capture time, problem badges, markers."""

import contextlib
import time
from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QImage,
    QPainter,
    QPalette,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from editor_app.captions.findings import Finding, Severity
from editor_app.ops.desk import DeskPhoto
from editor_app.ui.models.sheet import ContactSheetModel, Tile
from editor_app.ui.widgets.tile_cache import TileCache

_Index = QModelIndex | QPersistentModelIndex

# problem kinds in badge order: (label, rules); desk-ux.md's "one badge per problem kind"
BADGE_KINDS = (
    ("unreadable", ("unreadable-file",)),
    ("caption", ("missing-caption", "placeholder-text")),
    ("dup", ("duplicate-caption", "near-duplicate-caption")),
    (
        "credit",
        (
            "missing-credit",
            "credit-format",
            "credit-agency-unknown",
            "credit-byline-mismatch",
            "caption-credit-mismatch",
        ),
    ),
    ("date", ("caption-date-mismatch", "weekday-style")),
    ("conflict", ("metadata-conflict",)),
    ("field", ("missing-field", "iim-too-long")),
    ("text", ("mojibake", "spelling", "name-spelling")),
)
_KIND_OF = {rule: label for label, rules in BADGE_KINDS for rule in rules}
ERROR_COLOUR = QColor(200, 40, 40)
# Tiles drawn anew per turn of the event loop, in seconds; beyond it a tile drawn before keeps
# its last look one more turn. A burst of thumbnails, or the rows or badges replacing every tile
# on screen, made one paint draw 20-40 tiles, each ~50 Qt calls that wait for the GIL while the
# load runs Python: stalls of 50-60 ms at 1-2.6 ms a tile.
RENDER_BUDGET_S = 0.008
WARNING_COLOUR = QColor(215, 140, 0)
_MARGIN, _GAP = 6, 3


def badges(findings: tuple[Finding, ...]) -> list[tuple[str, Severity]]:
    """One badge per kind of problem, the worst severity of that kind; in a fixed order."""
    worst: dict[str, Severity] = {}
    for finding in findings:
        kind = _KIND_OF.get(finding.rule, "other")
        if worst.get(kind) is not Severity.ERROR:
            worst[kind] = finding.severity
    order = [label for label, _ in BADGE_KINDS] + ["other"]
    return [(kind, worst[kind]) for kind in order if kind in worst]


def short_time(captured: str | None) -> str:
    """'2024-11-09 14:02' from an ISO 8601 capture time; '' when unknown."""
    if not captured:
        return ""
    text = captured.replace("T", " ")
    return text[:16] if len(text) >= 16 else text[:10]


class SheetDelegate(QStyledItemDelegate):
    """The thumbnail size follows the window's slider (``thumb_size``). Tiles are drawn once
    into ``tiles`` and blitted from there (tile_cache.py says why)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.thumb_size = 160
        self.tiles = TileCache()
        self._strips = TileCache(4 * 1024 * 1024)  # rows of badges, shared by many tiles
        self._last = TileCache(16 * 1024 * 1024)  # each photo's last tile, by path and geometry
        self._spent = 0.0  # drawing tiles in this turn of the event loop
        self._turn_ends = False  # a zero timer ends the turn
        self._behind: list = []  # views where a tile kept its last look: paint them next turn
        # Per view, for this turn: device pixel ratio, palette, colour group, font. The same for
        # every tile a paint draws; asked per tile they were 7 of a cached tile's ~15 Qt calls,
        # each a chance for the GIL to go to the load's Python. They change only with an event,
        # and the repaint that follows comes in a later turn.
        self._styles: dict = {}

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = QFontMetrics(option.font).height()
        return QSize(self.thumb_size + 2 * _MARGIN, self.thumb_size + 3 * line + 3 * _MARGIN)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        tile = _tile(index)
        x, y, width, height = cast(tuple[int, int, int, int], option.rect.getRect())
        view = option.widget
        style = self._styles.get(view)
        if style is None:
            palette = option.palette
            style = (
                painter.device().devicePixelRatioF(),
                palette.cacheKey(),
                palette.currentColorGroup(),
                option.font.key(),
            )
            self._styles[view] = style
            if not self._turn_ends:  # the styles, the budget and the tiles left behind
                self._turn_ends = True
                QTimer.singleShot(0, self, self._end_turn)
        dpr = style[0]
        key = self._key(option, tile, width, height, style)
        pixmap = self.tiles.get(key)
        if pixmap is None:
            look = (str(tile.photo.path), width, height, dpr, self.thumb_size)
            pixmap = self._last.get(look) if self._spent >= RENDER_BUDGET_S else None
            if pixmap is not None:
                self._behind.append(view)
            else:
                start = time.perf_counter()
                pixmap = self._render(option, tile, width, height, dpr)
                self._spent += time.perf_counter() - start
                size = round(width * dpr), round(height * dpr)
                self.tiles.put(key, pixmap, *size)
                self._last.put(look, pixmap, *size)
        painter.drawPixmap(x, y, pixmap)

    def _end_turn(self) -> None:
        self._spent, self._turn_ends = 0.0, False
        self._styles = {}
        behind, self._behind = {v for v in self._behind if v is not None}, []
        for view in behind:
            with contextlib.suppress(RuntimeError):  # a view closed meanwhile
                view.viewport().update()

    def draw_tile(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Paint the tile straight onto ``painter``, without the cache: the look it keeps."""
        self._draw(painter, option.rect, option, _tile(index))

    def _key(self, option, tile: Tile, width: int, height: int, style: tuple) -> tuple:
        """Every value the tile shows: a change of any of them is another tile. ``style``:
        the view's device pixel ratio, palette, colour group and font (``paint``)."""
        photo, image = tile.photo, tile.thumb
        return (
            tile.label,
            short_time(photo.captured),
            photo.record.error if photo.unreadable else tile.picture_error,
            image.cacheKey() if isinstance(image, QImage) else None,
            tuple(badges(tile.findings)),
            photo.pending_write,
            tile.unsaved,
            bool(option.state & QStyle.StateFlag.State_Selected),
            width,
            height,
            self.thumb_size,
            style,
        )

    def _render(self, option, tile: Tile, width: int, height: int, dpr: float) -> QPixmap:
        pixmap = QPixmap(round(width * dpr), round(height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self._draw(painter, QRect(0, 0, width, height), option, tile, strips=True)
        painter.end()
        return pixmap

    def _draw(self, painter: QPainter, area: QRect, option, tile: Tile, strips=False) -> None:
        """``strips``: the badges as one blit from ``_strips`` (drawing a tile for the cache);
        without, drawn one by one, the reference look the tests compare the cache with."""
        photo = tile.photo
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(option.font)
        rect = area.adjusted(2, 2, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        box = QRect(rect.left() + _MARGIN - 2, rect.top() + _MARGIN - 2, 0, 0)
        box.setSize(QSize(self.thumb_size, self.thumb_size))
        box.moveLeft(rect.left() + (rect.width() - self.thumb_size) // 2)
        self._paint_picture(painter, box, photo, tile.thumb, tile.picture_error)
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        self._paint_text(painter, option, rect, box, photo, tile.label, text_colour)
        self._paint_badges(painter, option, rect, photo, tile.findings, tile.unsaved, strips)
        painter.restore()

    def _paint_picture(
        self, painter: QPainter, box: QRect, photo: DeskPhoto, image, picture_error: str | None
    ) -> None:
        reason = photo.record.error if photo.unreadable else picture_error
        if photo.unreadable or (picture_error and not isinstance(image, QImage)):
            painter.fillRect(box, QColor(150, 150, 150))
            painter.setPen(QColor(255, 255, 255))
            painter.drawText(
                box.adjusted(8, 8, -8, -8),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                f"⚠\n{reason or 'cannot be shown'}",
            )
            return
        if not isinstance(image, QImage) or image.isNull():
            painter.fillRect(box, QColor(225, 225, 225))  # still decoding
            return
        pixmap = _scaled(image, self.thumb_size)
        x = box.left() + (box.width() - pixmap.width()) // 2
        y = box.top() + (box.height() - pixmap.height()) // 2
        painter.drawPixmap(x, y, pixmap)

    def _paint_text(self, painter, option, rect, box, photo: DeskPhoto, label: str, colour) -> None:
        metrics = QFontMetrics(option.font)
        line = metrics.height()
        top = box.bottom() + _MARGIN
        width = rect.width() - 2 * _MARGIN
        painter.setPen(colour)
        name = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, width)
        painter.drawText(QRect(rect.left() + _MARGIN, top, width, line), 0, name)
        captured = metrics.elidedText(
            short_time(photo.captured), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(QRect(rect.left() + _MARGIN, top + line, width, line), 0, captured)

    def _paint_badges(self, painter, option, rect, photo, findings, unsaved: bool, strip: bool):
        """``strip``: blit the row of badges from ``_strips`` (a folder has few distinct rows,
        and each badge drawn is five Qt calls)."""
        font = QFont(option.font)
        font.setPointSizeF(max(6.0, font.pointSizeF() * 0.8))
        painter.setFont(font)
        metrics = QFontMetrics(font)
        height = metrics.height() + 2
        x = rect.left() + _MARGIN
        y = rect.bottom() - _MARGIN - height + 2
        marks = [
            (k, ERROR_COLOUR if s is Severity.ERROR else WARNING_COLOUR)
            for k, s in badges(findings)
        ]
        if photo.pending_write:
            marks.append(("not written", QColor(60, 110, 200)))
        if unsaved:
            marks.append(("✎ unsaved", QColor(90, 90, 90)))
        limit = rect.right() - _MARGIN - x
        if not strip or not marks:
            _draw_marks(painter, metrics, marks, x, y, height, limit)
            return
        dpr = painter.device().devicePixelRatioF()
        key = (tuple((label, c.rgba()) for label, c in marks), font.key(), limit, height, dpr)
        pixmap = self._strips.get(key)
        if pixmap is None:
            width = rect.right() + 3 - x  # to the tile's edge: a last "…" may pass the limit
            pixmap = QPixmap(round(width * dpr), round(height * dpr))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            on_strip = QPainter(pixmap)
            on_strip.setRenderHint(QPainter.RenderHint.Antialiasing)
            on_strip.setFont(font)
            _draw_marks(on_strip, metrics, marks, 0, 0, height, limit)
            on_strip.end()
            self._strips.put(key, pixmap, round(width * dpr), round(height * dpr))
        painter.drawPixmap(x, y, pixmap)


def _draw_marks(painter, metrics, marks, x: int, y: int, height: int, limit: int) -> None:
    """Badges from ``x``; one that would pass ``x + limit`` is a last "…"."""
    right = x + limit
    for label, colour in marks:
        width = metrics.horizontalAdvance(label) + 8
        if x + width > right:
            label, width = "…", metrics.horizontalAdvance("…") + 8
        badge = QRect(x, y, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(badge, 4, 4)
        painter.setPen(QColor(255, 255, 255))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, label)
        x += width + _GAP
        if label == "…":
            break


def _tile(index: _Index) -> Tile:
    return cast(ContactSheetModel, index.model()).tile(index.row())


def _scaled(image: QImage, size: int) -> QPixmap:
    # Keyed by the image alone (its cacheKey is unique in the process): a photo's key changes
    # when the catalog's rows replace a new folder's listing, and every tile on screen then
    # scaled its thumbnail again in the paint that was already the slowest.
    cache_key = f"sheet:{size}:{image.cacheKey()}"
    pixmap = QPixmap()
    if QPixmapCache.find(cache_key, pixmap):
        return pixmap
    scaled = image.scaled(
        size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
    pixmap = QPixmap.fromImage(scaled)
    QPixmapCache.insert(cache_key, pixmap)
    return pixmap
