"""A frame on the canvas: a named, tinted region drawn behind the cards it holds.

A frame is a card (see :mod:`evidenceboard.model.frames`), so selection, the title
editor, resizing, links and undo treat it as one; what differs is its look and where it
takes presses. Only its title band and its edge are hit: a press on the empty inside of
a frame reaches the canvas, so rubber-band selection and panning work in a frame as
anywhere else. A collapsed frame is only its band, with the number of cards it hides.
"""

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from typing_extensions import override

from evidenceboard.model.cards import Card
from evidenceboard.model.frames import TITLE_BAND, frame_content, shown_geometry
from evidenceboard.ui.board.scene.card_item import GRIP, PAD, RADIUS, CardItem
from evidenceboard.ui.board.scene.text_layout import elide
from evidenceboard.ui.common.theme import Theme

#: Frames sit under links (5) and cards (10).
FRAME_Z = 2.0
#: How wide the frame's edge takes presses, in scene units.
EDGE = 8.0

_TITLE_FONT = QFont()
_TITLE_FONT.setPointSizeF(12.0)
_TITLE_FONT.setBold(True)
_COUNT_FONT = QFont()
_COUNT_FONT.setPointSizeF(9.5)


def hidden_words(count: int) -> str:
    return f"{count} card hidden" if count == 1 else f"{count} cards hidden"


class FrameItem(CardItem):
    """One frame; the scene keeps it in step with the model and hides collapsed cards."""

    def __init__(self, card: Card, theme: Theme, moved: Callable[[str], None]) -> None:
        super().__init__(card, theme, moved)
        self.setZValue(FRAME_Z)
        # A frame may be large: a cached pixmap of it would cost more than it saves.
        self.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        self._drop_target = False
        self._hidden_count = 0
        shown = shown_geometry(card)
        self.set_size(shown.width, shown.height)

    @property
    def collapsed(self) -> bool:
        return frame_content(self.card).collapsed

    @property
    def drop_target(self) -> bool:
        return self._drop_target

    def set_drop_target(self, on: bool) -> None:
        """Light the frame while a card dragged over it would join it on release."""
        if on != self._drop_target:
            self._drop_target = on
            self.update()

    def set_hidden_count(self, count: int) -> None:
        if count != self._hidden_count:
            self._hidden_count = count
            self.update()

    @override
    def set_card(self, card: Card) -> None:
        super().set_card(card)
        shown = shown_geometry(card)
        self.set_size(shown.width, shown.height)

    @override
    def title_rect(self) -> QRectF:
        return QRectF(PAD, 4, self.rect().width() - 2 * PAD, TITLE_BAND - 8).translated(self.pos())

    @override
    def _update_geometry(self) -> None:
        super()._update_geometry()
        rect = self.rect()
        # The band and the edge take presses; the inside is left to the canvas.
        hit = QPainterPath()
        hit.setFillRule(Qt.FillRule.OddEvenFill)
        hit.addRect(rect)
        inner = rect.adjusted(EDGE, TITLE_BAND, -EDGE, -EDGE)
        if inner.width() > 0 and inner.height() > 0:
            hit.addRect(inner)
        grip = QPainterPath()
        grip.addRect(QRectF(rect.right() - GRIP, rect.bottom() - GRIP, GRIP, GRIP))
        self._outline = hit.united(grip)

    @override
    def paint(self, painter: QPainter, option: ItemOption, widget: QWidget | None = None) -> None:
        theme, card, rect = self._theme, self.card, self.rect()
        accent = QColor(card.colour) if card.colour else theme.kind_colour(card.kind)
        lod = ItemOption.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor(accent)
        fill.setAlphaF(0.14 if self._drop_target else 0.06)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        band = QColor(accent)
        band.setAlphaF(0.22)
        band_rect = QRectF(0, 0, rect.width(), min(TITLE_BAND, rect.height()))
        path = QPainterPath()
        path.addRoundedRect(rect, RADIUS, RADIUS)
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(band_rect, band)
        painter.restore()
        selected = self.isSelected()
        if selected or self._drop_target:
            pen = QPen(QColor(theme.selection), max(2.0, 2.0 / max(lod, 0.05)))
        else:
            pen = QPen(accent, max(1.5, 1.0 / max(lod, 0.05)))
        if not selected and not self._drop_target and not self.collapsed:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, RADIUS, RADIUS)
        # Far out the name grows so it stays readable, as a card's title does.
        font = QFont(_TITLE_FONT)
        if lod < 1.0:
            font.setPointSizeF(min(12.0 / max(lod, 0.05), TITLE_BAND * 0.9))
        marker = "▸ " if self.collapsed else "▾ "
        painter.setFont(font)
        painter.setPen(QColor(theme.card_text))
        metrics = QFontMetricsF(font)
        width = rect.width() - 2 * PAD
        baseline = min(TITLE_BAND, rect.height()) / 2 + metrics.ascent() / 2 - 2
        painter.drawText(
            QPointF(PAD, baseline), elide(marker + card.display_title, font, max(width, 0))
        )
        if self.collapsed and lod >= 0.4:
            painter.setFont(_COUNT_FONT)
            painter.setPen(QColor(theme.card_muted))
            painter.drawText(
                QPointF(PAD, TITLE_BAND + QFontMetricsF(_COUNT_FONT).ascent()),
                hidden_words(self._hidden_count),
            )
        if self._editable and (self._hovered or selected):
            self._paint_handles(painter)
