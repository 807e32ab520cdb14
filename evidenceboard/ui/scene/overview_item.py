"""The whole board in one item, for zoom levels where single cards are specks.

When the view would show more than ``OVERVIEW_CARDS`` cards, or is zoomed out below
``OVERVIEW_SCALE``, the scene hides every card and link item and shows this one
instead: it draws links with one ``drawLines`` per kind and cards with one
``drawRects`` per kind, which is tens of times cheaper than thousands of ``paint()``
calls (see docs/performance.md).

The board is cut into square cells of ``TILE`` scene units. Each cell is rendered
once per zoom level into a pixmap holding the lines and blocks that touch it, and
frames blit the pixmaps of the cells in view: panning at fit-all copies pixels instead
of rasterising 20,000 lines again. Pixmaps are kept for a few zoom levels (a zoom
gesture that goes back and forth hits them) within a memory budget, and are dropped
when the board or the theme changes. Nothing is antialiased: at these zooms lines and
blocks are a pixel or a few wide, and antialiased lines cost several times more.

Exports (no widget to paint on) and rotated or sheared views draw directly.
"""

import gc
import math
from collections import OrderedDict
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QTransform
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
#: Side of a cell, in scene units (about 10 x 20 cards of a dense board).
TILE = 3000.0
#: Memory the cell pixmaps may take, in bytes (about 20 full-HD screens).
CACHE_BYTES = 160 * 1024 * 1024
#: A line whose bounding box covers more cells than this is drawn into every cell.
SPAN_CELLS = 64

Cell = tuple[int, int]


@dataclass
class _Cell:
    rects: dict[CardKind, list[QRectF]] = field(default_factory=dict)
    lines: dict[LinkKind, list[QLineF]] = field(default_factory=dict)


def _cells(left: float, top: float, right: float, bottom: float) -> list[Cell]:
    c0, c1 = math.floor(left / TILE), math.floor(right / TILE)
    r0, r1 = math.floor(top / TILE), math.floor(bottom / TILE)
    return [(c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)]


class OverviewItem(QGraphicsItem):
    """Batched drawing of every card and link; rebuilt from the board when shown."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._grid: dict[Cell, _Cell] = {}
        self._everywhere = _Cell()
        self._all = _Cell()
        self._bounds = QRectF()
        self._pixmaps: OrderedDict[tuple[float, float, float, float, int, int], QPixmap] = (
            OrderedDict()
        )
        self._cached_bytes = 0
        self.setZValue(1)
        self.setVisible(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def rebuild(self, board: Board) -> None:
        """Sort every card and link into the cells it touches; forget rendered cells.

        This runs on open, before the first frame, for every card and link, so the loop
        stays flat: most cards and links lie in one cell and take the short path. The
        cyclic garbage collector is paused meanwhile: the tens of thousands of objects
        made here would set off full collections that walk the whole board model
        (measured: 0.14 s against up to 0.36 s on board M), and nothing made here is
        garbage.
        """
        paused = gc.isenabled()
        gc.disable()
        try:
            self._rebuild(board)
        finally:
            if paused:
                gc.enable()

    def _rebuild(self, board: Board) -> None:
        self.prepareGeometryChange()
        grid: dict[Cell, _Cell] = {}
        everywhere, whole = _Cell(), _Cell()
        centres: dict[str, tuple[float, float]] = {}
        floor, inv = math.floor, 1.0 / TILE
        xs: list[float] = []
        ys: list[float] = []
        for card in board.cards.values():
            g = card.geometry
            x, y, w, h = g.x, g.y, g.width, g.height
            kind = card.kind
            rect = QRectF(x, y, w, h)
            whole.rects.setdefault(kind, []).append(rect)
            c0, r0, c1, r1 = (
                floor(x * inv),
                floor(y * inv),
                floor((x + w) * inv),
                floor((y + h) * inv),
            )
            cells = [(c0, r0)] if c0 == c1 and r0 == r1 else _cells(x, y, x + w, y + h)
            for cell in cells:
                target = grid.get(cell)
                if target is None:
                    target = grid[cell] = _Cell()
                target.rects.setdefault(kind, []).append(rect)
            centres[card.id] = (x + w / 2, y + h / 2)
            xs += (x, x + w)
            ys += (y, y + h)
        for link in board.links.values():
            ax, ay = centres[link.source]
            bx, by = centres[link.target]
            link_kind = link.kind
            line = QLineF(ax, ay, bx, by)
            whole.lines.setdefault(link_kind, []).append(line)
            c0, r0, c1, r1 = floor(ax * inv), floor(ay * inv), floor(bx * inv), floor(by * inv)
            if c0 == c1 and r0 == r1:
                cells = [(c0, r0)]
            elif (abs(c1 - c0) + 1) * (abs(r1 - r0) + 1) > SPAN_CELLS:
                everywhere.lines.setdefault(link_kind, []).append(line)
                continue
            else:
                cells = _cells(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
            for cell in cells:
                target = grid.get(cell)
                if target is None:
                    target = grid[cell] = _Cell()
                target.lines.setdefault(link_kind, []).append(line)
        bounds = QRectF()
        if xs:
            left, top = min(xs), min(ys)
            bounds = QRectF(left, top, max(xs) - left, max(ys) - top)
        if everywhere.lines:
            for cell in _cells(bounds.left(), bounds.top(), bounds.right(), bounds.bottom()):
                grid.setdefault(cell, _Cell())
        self._bounds = bounds
        self._grid, self._everywhere, self._all = grid, everywhere, whole
        self._forget()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._forget()

    def _forget(self) -> None:
        self._pixmaps.clear()
        self._cached_bytes = 0
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
        world = painter.worldTransform()
        if widget is None or world.m12() != 0 or world.m21() != 0 or world.m11() <= 0:
            self._draw(painter, (self._all,))
            return
        scale_x, scale_y = world.m11(), world.m22()
        dpr = painter.device().devicePixelRatioF()
        exposed = option.exposedRect.intersected(self._bounds)
        if exposed.isEmpty():
            return
        painter.save()
        painter.setWorldTransform(QTransform())
        for cell in _cells(exposed.left(), exposed.top(), exposed.right(), exposed.bottom()):
            if cell not in self._grid:
                continue
            origin = world.map(QPointF(cell[0] * TILE, cell[1] * TILE))
            x, y = math.floor(origin.x()), math.floor(origin.y())
            fx, fy = origin.x() - x, origin.y() - y
            key = (scale_x, scale_y, round(fx, 3), round(fy, 3), *cell)
            pixmap = self._pixmaps.get(key)
            if pixmap is None:
                pixmap = self._render(cell, scale_x, scale_y, fx, fy, dpr)
                self._remember(key, pixmap)
            else:
                self._pixmaps.move_to_end(key)
            painter.drawPixmap(QPointF(x, y), pixmap)
        painter.restore()

    def _render(
        self, cell: Cell, scale_x: float, scale_y: float, fx: float, fy: float, dpr: float
    ) -> QPixmap:
        """The cell at this zoom, its scene origin ``(fx, fy)`` pixels into the pixmap."""
        width = math.ceil(fx + TILE * scale_x) + 1
        height = math.ceil(fy + TILE * scale_y) + 1
        pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.translate(fx, fy)
        painter.scale(scale_x, scale_y)
        painter.translate(-cell[0] * TILE, -cell[1] * TILE)
        # Only the cell itself: neighbours draw the rest, and translucent blocks drawn
        # twice where two pixmaps overlap would show a darker seam.
        painter.setClipRect(QRectF(cell[0] * TILE, cell[1] * TILE, TILE, TILE))
        self._draw(painter, (self._grid[cell], self._everywhere))
        painter.end()
        return pixmap

    def _remember(self, key: tuple[float, float, float, float, int, int], pixmap: QPixmap) -> None:
        self._pixmaps[key] = pixmap
        self._cached_bytes += pixmap.width() * pixmap.height() * 4
        while self._cached_bytes > CACHE_BYTES and len(self._pixmaps) > 1:
            _key, old = self._pixmaps.popitem(last=False)
            self._cached_bytes -= old.width() * old.height() * 4

    def _draw(self, painter: QPainter, cells: tuple[_Cell, ...]) -> None:
        theme = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for link_kind in LinkKind:
            pen = QPen(theme.link_colour(link_kind), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            for cell in cells:
                if lines := cell.lines.get(link_kind):
                    painter.drawLines(lines)
        for card_kind in CardKind:
            colour = theme.kind_colour(card_kind)
            painter.setPen(QPen(colour, 0))
            fill = QColor(colour)
            fill.setAlphaF(0.55)
            painter.setBrush(fill)
            for cell in cells:
                if rects := cell.rects.get(card_kind):
                    painter.drawRects(rects)
