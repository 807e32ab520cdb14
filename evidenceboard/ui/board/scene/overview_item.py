"""The whole board in one item, for zoom levels where single cards are specks.

When the view would show more than ``OVERVIEW_CARDS`` cards, or is zoomed out below
``OVERVIEW_SCALE``, the scene hides every card and link item and shows this one
instead: it draws links with one ``drawLines`` per kind and cards with one
``drawRects`` per kind, which is tens of times cheaper than thousands of ``paint()``
calls (see docs/performance.md).

The board is cut into square cells of ``TILE`` scene units (sorted with numpy in
:mod:`overview_grid`, from the board or, while it loads, from its sketch). Each cell is
rendered once per zoom level into a pixmap holding the lines and blocks that touch it,
and frames blit the pixmaps of the cells in view: panning copies pixels instead of
rasterising 20,000 lines again. Near fit-all, where cells shrink to a few dozen pixels
and hundreds of them are in view, the whole board is one pixmap instead (on a board of
100,000 cards: one blit against 700, and each long line drawn once). Qt shapes for a
cell are made when it is first drawn. Pixmaps are kept for a few zoom levels (a zoom
gesture that goes back and forth hits them) within a memory budget, and are dropped
when the board or the theme changes. Nothing is antialiased: at these zooms lines and
blocks are a pixel or a few wide, and antialiased lines cost several times more.

Exports (no widget to paint on) and rotated or sheared views draw directly.
"""

import math
from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from typing_extensions import override

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.collector_pause import collector_paused
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.sketch import BoardSketch
from evidenceboard.ui.board.scene.overview_grid import (
    Cell,
    CellContent,
    Grid,
    Groups,
    Shapes,
    build_grid,
    by_kind,
)
from evidenceboard.ui.common.theme import Theme

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
#: More cells than this in view, or more long lines than ``DIRECT_LONG_LINES`` on the
#: board, and frames draw the board directly instead of from cell pixmaps (board L:
#: at most a few hundred cells in view at the zooms that use cells, 1,207 long lines).
FRAME_CELLS = 1500
DIRECT_LONG_LINES = 20_000

_CARD_KINDS = tuple(CardKind)
_LINK_KINDS = tuple(LinkKind)
_Key = tuple[float, float, float, float, int, int]
#: The key column of a pixmap of the whole board (no cell has this column).
_WHOLE = -(2**62)
#: The whole board goes into one pixmap when it is at most this many times the
#: viewport's pixels: at fit-all one blit beats hundreds of tiny cells, each a few
#: dozen pixels wide, and the lines crossing them drawn once instead of once per cell.
WHOLE_VIEWPORTS = 3.0
#: Nor wider or taller than this, in pixels.
WHOLE_SIDE = 8192


class _Drawn:
    """Qt shapes of one cell (or of the whole board), made when first drawn."""

    __slots__ = ("lines", "rects")

    def __init__(self, shapes: Shapes, rects: Groups, lines: Groups) -> None:
        # Tens of thousands of new objects would set off full collections that walk the
        # whole board model, and none of them can be garbage yet.
        with collector_paused():
            self.rects: dict[CardKind, list[QRectF]] = {
                _CARD_KINDS[kind]: [QRectF(*box) for box in shapes.rects[items].tolist()]
                for kind, items in rects
            }
            self.lines: dict[LinkKind, list[QLineF]] = {
                _LINK_KINDS[kind]: [QLineF(*line) for line in shapes.lines[items].tolist()]
                for kind, items in lines
            }


def _cells(left: float, top: float, right: float, bottom: float) -> list[Cell]:
    c0, c1 = math.floor(left / TILE), math.floor(right / TILE)
    r0, r1 = math.floor(top / TILE), math.floor(bottom / TILE)
    return [(c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)]


class OverviewItem(QGraphicsItem):
    """Batched drawing of every card and link; rebuilt from the board when shown."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self._theme = theme
        self._shapes = Shapes.empty()
        self._grid = Grid({}, [])
        self._drawn: dict[Cell, _Drawn] = {}
        self._everywhere: _Drawn | None = None
        self._all: _Drawn | None = None
        self._bounds = QRectF()
        self._pixmaps: OrderedDict[_Key, QPixmap] = OrderedDict()
        self._cached_bytes = 0
        self.setZValue(1)
        self.setVisible(False)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def rebuild(self, board: Board) -> None:
        """Draw ``board`` from now on; forget rendered cells."""
        with collector_paused():
            shapes = Shapes.from_board(board)
        self._rebuild(shapes)

    def rebuild_from_sketch(self, sketch: BoardSketch) -> None:
        """Draw the board ``sketch`` was read from, before its model is loaded."""
        self._rebuild(Shapes.from_sketch(sketch))

    def _rebuild(self, shapes: Shapes) -> None:
        self.prepareGeometryChange()
        self._shapes = shapes
        self._grid = build_grid(shapes, TILE, SPAN_CELLS)
        self._drawn = {}
        self._everywhere = self._all = None
        box = shapes.bounds()
        if box is None:
            self._bounds = QRectF()
        else:
            left, top, right, bottom = box
            self._bounds = QRectF(left, top, right - left, bottom - top)
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
    def paint(self, painter: QPainter, option: ItemOption, widget: QWidget | None = None) -> None:
        world = painter.worldTransform()
        if widget is None or world.m12() != 0 or world.m21() != 0 or world.m11() <= 0:
            self._draw(painter, (self._whole(),))
            return
        scale_x, scale_y = world.m11(), world.m22()
        dpr = painter.device().devicePixelRatioF()
        exposed = option.exposedRect.intersected(self._bounds)
        if exposed.isEmpty():
            return
        painter.save()
        painter.setWorldTransform(QTransform())
        whole_w, whole_h = self._bounds.width() * scale_x, self._bounds.height() * scale_y
        if (
            whole_w * whole_h <= WHOLE_VIEWPORTS * widget.width() * widget.height()
            and max(whole_w, whole_h) <= WHOLE_SIDE
        ):
            self._blit(painter, world, None, dpr)
        elif self._direct(exposed):
            painter.setWorldTransform(world)
            painter.setClipRect(exposed)
            self._draw(painter, (self._whole(),))
        else:
            long_lines = bool(self._grid.everywhere)
            for cell in _cells(exposed.left(), exposed.top(), exposed.right(), exposed.bottom()):
                if long_lines or cell in self._grid.cells:
                    self._blit(painter, world, cell, dpr)
        painter.restore()

    def _direct(self, exposed: QRectF) -> bool:
        """Whether to draw ``exposed`` directly instead of from cell pixmaps.

        Only on boards no case builds by hand (a board spread over millions of scene
        units, or thousands of lines crossing most of it): there, walking the cells in
        view or drawing every long line into each of them costs more than drawing the
        board once, clipped. Either way a frame stays bounded by the board's size.
        """
        columns = math.floor(exposed.right() / TILE) - math.floor(exposed.left() / TILE) + 1
        rows = math.floor(exposed.bottom() / TILE) - math.floor(exposed.top() / TILE) + 1
        long_lines = sum(len(items) for _kind, items in self._grid.everywhere)
        return columns * rows > FRAME_CELLS or long_lines > DIRECT_LONG_LINES

    def _blit(self, painter: QPainter, world: QTransform, cell: Cell | None, dpr: float) -> None:
        """Draw the pixmap of ``cell`` (None: the whole board) at this zoom, rendered once."""
        if cell is None:
            left, top = self._bounds.left(), self._bounds.top()
            width, height = self._bounds.width(), self._bounds.height()
            column, row = _WHOLE, 0
        else:
            left, top, width, height = cell[0] * TILE, cell[1] * TILE, TILE, TILE
            column, row = cell
        origin = world.map(QPointF(left, top))
        x, y = math.floor(origin.x()), math.floor(origin.y())
        fx, fy = origin.x() - x, origin.y() - y
        key = (world.m11(), world.m22(), round(fx, 3), round(fy, 3), column, row)
        pixmap = self._pixmaps.get(key)
        if pixmap is None:
            pixmap = self._render(QRectF(left, top, width, height), cell, world, fx, fy, dpr)
            self._remember(key, pixmap)
        else:
            self._pixmaps.move_to_end(key)
        painter.drawPixmap(QPointF(x, y), pixmap)

    def _render(
        self,
        area: QRectF,
        cell: Cell | None,
        world: QTransform,
        fx: float,
        fy: float,
        dpr: float,
    ) -> QPixmap:
        """``area`` at this zoom, its scene origin ``(fx, fy)`` pixels into the pixmap."""
        scale_x, scale_y = world.m11(), world.m22()
        width = math.ceil(fx + area.width() * scale_x) + 1
        height = math.ceil(fy + area.height() * scale_y) + 1
        pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.translate(fx, fy)
        painter.scale(scale_x, scale_y)
        painter.translate(-area.left(), -area.top())
        if cell is None:
            self._draw(painter, (self._whole(),))
        else:
            # Only the cell itself: neighbours draw the rest, and translucent blocks drawn
            # twice where two pixmaps overlap would show a darker seam.
            painter.setClipRect(area)
            self._draw(painter, (self._cell(cell), self._long_lines()))
        painter.end()
        return pixmap

    def _cell(self, cell: Cell) -> _Drawn:
        drawn = self._drawn.get(cell)
        if drawn is None:
            content = self._grid.cells.get(cell) or CellContent()
            drawn = self._drawn[cell] = _Drawn(self._shapes, content.rects, content.lines)
        return drawn

    def _long_lines(self) -> _Drawn:
        if self._everywhere is None:
            self._everywhere = _Drawn(self._shapes, [], self._grid.everywhere)
        return self._everywhere

    def _whole(self) -> _Drawn:
        if self._all is None:
            shapes = self._shapes
            self._all = _Drawn(
                shapes,
                by_kind(shapes.rect_kinds, np.arange(len(shapes.rect_kinds)), len(_CARD_KINDS)),
                by_kind(shapes.line_kinds, np.arange(len(shapes.line_kinds)), len(_LINK_KINDS)),
            )
        return self._all

    def _remember(self, key: _Key, pixmap: QPixmap) -> None:
        self._pixmaps[key] = pixmap
        self._cached_bytes += pixmap.width() * pixmap.height() * 4
        while self._cached_bytes > CACHE_BYTES and len(self._pixmaps) > 1:
            _key, old = self._pixmaps.popitem(last=False)
            self._cached_bytes -= old.width() * old.height() * 4

    def _draw(self, painter: QPainter, cells: tuple[_Drawn, ...]) -> None:
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
