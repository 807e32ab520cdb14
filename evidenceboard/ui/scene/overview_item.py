"""The whole board in one item, for zoom levels where single cards are specks.

When the view would show more than ``OVERVIEW_CARDS`` cards, or is zoomed out below
``OVERVIEW_SCALE``, the scene hides every card and link item and shows this one
instead: it draws links with one ``drawLines`` per kind and cards with one
``drawRects`` per kind, which is tens of times cheaper than thousands of ``paint()``
calls (see docs/performance.md).

The drawing is split into square tiles of the board so that a view showing part of a
large board only submits the tiles it sees. Card blocks are drawn without
antialiasing (at this size they are a few pixels, and antialiased fills of 100,000
rects cost several times more); links keep it. No item cache: at the zooms where the
overview shows, a device-coordinate cache would hold a pixmap of the whole board.
"""

import math
from dataclasses import dataclass, field

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
#: Estimated number of cards in view above which the overview replaces the items.
OVERVIEW_CARDS = 450
#: Side of a tile, in scene units (about 10 x 20 cards of a dense board).
TILE = 3000.0


@dataclass
class _Tile:
    bounds: QRectF = field(default_factory=QRectF)
    rects: dict[CardKind, list[QRectF]] = field(default_factory=dict)
    lines: dict[LinkKind, list[QLineF]] = field(default_factory=dict)


class OverviewItem(QGraphicsItem):
    """Batched drawing of every card and link; rebuilt from the board when shown."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._tiles: list[_Tile] = []
        self._bounds = QRectF()
        self.setZValue(1)
        self.setVisible(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def rebuild(self, board: Board) -> None:
        self.prepareGeometryChange()
        tiles: dict[tuple[int, int], _Tile] = {}
        # Links longer than a tile, and cards wider or taller than one, go to a tile of
        # their own that is always drawn; everything else stays within one tile of its
        # tile's square, so that square grown by a tile on each side bounds it.
        spanning = _Tile()
        centres: dict[str, tuple[float, float, _Tile]] = {}
        left = top = math.inf
        right = bottom = -math.inf
        for card in board.cards.values():
            g = card.geometry
            if g.width >= TILE or g.height >= TILE:
                tile = spanning
            else:
                key = (math.floor(g.x / TILE), math.floor(g.y / TILE))
                tile = tiles.get(key) or tiles.setdefault(key, _Tile())
            tile.rects.setdefault(card.kind, []).append(QRectF(g.x, g.y, g.width, g.height))
            centres[card.id] = (g.x + g.width / 2, g.y + g.height / 2, tile)
            left, top = min(left, g.x), min(top, g.y)
            right, bottom = max(right, g.x + g.width), max(bottom, g.y + g.height)
        for link in board.links.values():
            ax, ay, tile = centres[link.source]
            bx, by, _ = centres[link.target]
            if abs(bx - ax) >= TILE or abs(by - ay) >= TILE:
                tile = spanning
            tile.lines.setdefault(link.kind, []).append(QLineF(ax, ay, bx, by))
        for (col, row), tile in tiles.items():
            tile.bounds = QRectF((col - 1) * TILE, (row - 1) * TILE, 3 * TILE, 3 * TILE)
        self._bounds = QRectF(left, top, right - left, bottom - top) if centres else QRectF()
        spanning.bounds = QRectF(self._bounds)
        self._tiles = [*tiles.values(), spanning]
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
        exposed = option.exposedRect
        tiles = [t for t in self._tiles if t.bounds.intersects(exposed)]
        theme = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for link_kind in LinkKind:
            pen = QPen(theme.link_colour(link_kind), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for tile in tiles:
                if lines := tile.lines.get(link_kind):
                    painter.drawLines(lines)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for card_kind in CardKind:
            colour = theme.kind_colour(card_kind)
            painter.setPen(QPen(colour, 0))
            fill = QColor(colour)
            fill.setAlphaF(0.55)
            painter.setBrush(fill)
            for tile in tiles:
                if rects := tile.rects.get(card_kind):
                    painter.drawRects(rects)
