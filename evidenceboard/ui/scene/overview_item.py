"""The whole board in one item, for zoom levels where single cards are specks.

Below ``OVERVIEW_SCALE`` the scene hides every card and link item and shows this one
instead: it draws all links with one ``drawLines`` per kind and all cards with one
``drawRects`` per kind, which is tens of times cheaper than thousands of ``paint()``
calls (see the canvas measurements in the performance notes).
"""

from PySide6.QtCore import QLineF, QRectF
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.theme import Theme

#: View scale below which the overview replaces the card and link items.
OVERVIEW_SCALE = 0.1


class OverviewItem(QGraphicsItem):
    """Batched drawing of every card and link; rebuilt from the board when shown."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._rects: dict[CardKind, list[QRectF]] = {}
        self._lines: dict[LinkKind, list[QLineF]] = {}
        self._bounds = QRectF()
        self.setZValue(1)
        self.setVisible(False)

    def rebuild(self, board: Board) -> None:
        self.prepareGeometryChange()
        self._rects = {kind: [] for kind in CardKind}
        self._lines = {kind: [] for kind in LinkKind}
        bounds = QRectF()
        for card in board.cards.values():
            g = card.geometry
            rect = QRectF(g.x, g.y, g.width, g.height)
            self._rects[card.kind].append(rect)
            bounds = bounds.united(rect)
        for link in board.links.values():
            a, b = board.cards[link.source].geometry, board.cards[link.target].geometry
            self._lines[link.kind].append(
                QLineF(a.x + a.width / 2, a.y + a.height / 2, b.x + b.width / 2, b.y + b.height / 2)
            )
        self._bounds = bounds
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    @override
    def boundingRect(self) -> QRectF:
        return self._bounds

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        for link_kind, lines in self._lines.items():
            pen = QPen(self._theme.link_colour(link_kind), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines(lines)
        for card_kind, rects in self._rects.items():
            colour = self._theme.kind_colour(card_kind)
            painter.setPen(QPen(colour, 0))
            fill = QColor(colour)
            fill.setAlphaF(0.55)
            painter.setBrush(fill)
            painter.drawRects(rects)
