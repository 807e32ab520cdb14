"""The rows of the timeline: one graphics item per lane, drawing all of its entries.

The scene's x axis is in days since 1970 and the view scales it (zoom is a horizontal
scale); y is in pixels. Spans (a month, a year) are bars as long as the time they
cover; days and instants are dots of a fixed size, whatever the zoom.

A lane draws its entries itself rather than through one item per entry, for the
reason the canvas has its overview item: ten thousand ``paint()`` calls a frame cost
far more than a handful of batched ones. Each lane keeps its shapes in scene units,
made once (the view's transform scales them; pens are cosmetic, so dots stay round and
borders a pixel wide), in chunks of ``CHUNK`` along time: a frame draws only the chunks
that reach into view, each with one ``drawPoints`` (dots, through a wide pen) and one
``drawRects`` (bars). Smooth round dots cost ten times square ones (100 ms for
10,000, against 6 ms), so when more than ``ROUND_DOTS`` are in view, where they merge
into clusters anyway, they are drawn square and without antialiasing.

Within a lane, entries that overlap in time go on separate rows (up to ``MAX_ROWS``;
beyond that they share the row that frees first), so a cluster shows as a stack.
"""

import bisect
import math
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from typing_extensions import override

from evidenceboard.model.chronology import ChronologyEntry
from evidenceboard.ui.common.theme import Theme

if TYPE_CHECKING:
    from evidenceboard.model.cards import CardKind

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ROW_HEIGHT = 14.0
BAR_HEIGHT = 8.0
#: Diameter of a dot, in pixels.
DOT = 8.0
LANE_PADDING = 10.0
MAX_ROWS = 8
#: Shapes per chunk: a frame draws the chunks that reach into view.
CHUNK = 64
#: Dots in view up to which they are drawn round and smooth.
ROUND_DOTS = 800
#: Width of a tile, in pixels, and how many tiles a lane keeps (for one zoom).
TILE = 512
MAX_TILES = 12


def days(moment: datetime) -> float:
    """``moment`` as days since 1970 (the scene's x unit)."""
    return (moment - EPOCH) / timedelta(days=1)


def moment_of(day: float) -> datetime:
    return EPOCH + timedelta(days=day)


class _Chunk:
    """Up to ``CHUNK`` shapes of one kind, with the days they reach, to skip unseen ones."""

    __slots__ = ("bars", "dots", "left", "right")

    def __init__(self) -> None:
        self.dots: list[QPointF] = []
        self.bars: list[QRectF] = []
        self.left = math.inf
        self.right = -math.inf

    def add(self, left: float, right: float) -> None:
        self.left = min(self.left, left)
        self.right = max(self.right, right)


class _Drawing:
    """A lane's shapes in scene units, by kind, in chunks along time; and the selection."""

    __slots__ = ("chunks", "selected_bars", "selected_dots")

    def __init__(self) -> None:
        self.chunks: dict[CardKind, list[tuple[_Chunk, QPolygonF]]] = {}
        self.selected_dots = QPolygonF()
        self.selected_bars: list[QRectF] = []


class LaneItem(QGraphicsItem):
    """The entries of one lane, drawn in batches."""

    def __init__(
        self, name: str, entries: list[ChronologyEntry], left: float, right: float
    ) -> None:
        super().__init__()
        self.name = name
        self.entries = entries
        self.starts = [days(e.start) for e in entries]
        self.ends = [days(e.end) for e in entries]
        #: The latest end up to each entry: entries before the first that reaches x all
        #: end before x (entries are sorted by start, not by end).
        self._reach = list(accumulate(self.ends, max))
        self.rows = self._pack()
        self.row_count = max(self.rows, default=0) + 1
        self.height = self.row_count * ROW_HEIGHT + LANE_PADDING
        self._left, self._right = left, right
        self._selected: set[str] = set()
        self._drawing: _Drawing | None = None
        self._theme: Theme | None = None
        self._dot_total = sum(1 for e in entries if not e.is_span)
        #: Rendered tiles by column, for the zoom, offsets and style in ``_tile_key``.
        self._tiles: OrderedDict[int, QPixmap] = OrderedDict()
        self._tile_key: tuple[object, ...] | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def _pack(self) -> list[int]:
        row_ends: list[float] = []
        rows: list[int] = []
        for start, end in zip(self.starts, self.ends, strict=True):
            free = next((r for r, last in enumerate(row_ends) if last < start), None)
            if free is None and len(row_ends) < MAX_ROWS:
                free = len(row_ends)
                row_ends.append(end)
            elif free is None:
                free = min(range(len(row_ends)), key=row_ends.__getitem__)
            row_ends[free] = max(row_ends[free], end) if free < len(row_ends) else end
            rows.append(free)
        return rows

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._tiles.clear()
        self.update()

    def set_selected(self, card_ids: set[str]) -> None:
        """Show these cards as selected (only those in this lane matter)."""
        mine = {e.card_id for e in self.entries if e.card_id in card_ids}
        if mine != self._selected:
            self._selected = mine
            if self._drawing is not None:
                self._select_shapes(self._drawing)
            self._tiles.clear()
            self.update()

    @override
    def boundingRect(self) -> QRectF:
        return QRectF(self._left, 0.0, self._right - self._left, self.height)

    def row_centre(self, row: int) -> float:
        return LANE_PADDING / 2 + row * ROW_HEIGHT + ROW_HEIGHT / 2

    def entry_at(self, x: float, y: float, tolerance: float) -> ChronologyEntry | None:
        """The entry drawn at ``(x, y)`` (item units), within ``tolerance`` days."""
        row = int((y - LANE_PADDING / 2) // ROW_HEIGHT)
        if not 0 <= row < self.row_count:
            return None
        first = bisect.bisect_left(self._reach, x - tolerance)
        last = bisect.bisect_right(self.starts, x + tolerance)
        best: tuple[float, int] | None = None
        for index in range(first, last):
            if self.rows[index] != row:
                continue
            start, end = self.starts[index], self.ends[index]
            if self.entries[index].is_span:
                distance = 0.0 if start <= x <= end else min(abs(x - start), abs(x - end))
            else:
                distance = abs(x - (start + end) / 2)
            if distance <= tolerance and (best is None or distance < best[0]):
                best = (distance, index)
        return None if best is None else self.entries[best[1]]

    def entries_between(self, left: float, right: float) -> list[ChronologyEntry]:
        """The entries that touch the days from ``left`` to ``right``."""
        first = bisect.bisect_left(self._reach, left)
        last = bisect.bisect_right(self.starts, right)
        return [self.entries[i] for i in range(first, last) if self.ends[i] >= left]

    def _shapes(self) -> _Drawing:
        drawing = self._drawing
        if drawing is not None:
            return drawing
        drawing = _Drawing()
        open_chunks: dict[CardKind, _Chunk] = {}
        chunks: dict[CardKind, list[_Chunk]] = {}
        for index, entry in enumerate(self.entries):
            start, end = self.starts[index], self.ends[index]
            chunk = open_chunks.get(entry.kind)
            if chunk is None or len(chunk.dots) + len(chunk.bars) >= CHUNK:
                chunk = open_chunks[entry.kind] = _Chunk()
                chunks.setdefault(entry.kind, []).append(chunk)
            chunk.add(start, end)
            if entry.is_span:
                chunk.bars.append(self._bar(index))
            else:
                chunk.dots.append(self._dot(index))
        drawing.chunks = {
            kind: [(chunk, QPolygonF(chunk.dots)) for chunk in kind_chunks]
            for kind, kind_chunks in chunks.items()
        }
        self._select_shapes(drawing)
        self._drawing = drawing
        return drawing

    def _bar(self, index: int) -> QRectF:
        start, end = self.starts[index], self.ends[index]
        top = self.row_centre(self.rows[index]) - BAR_HEIGHT / 2
        return QRectF(start, top, end - start, BAR_HEIGHT)

    def _dot(self, index: int) -> QPointF:
        middle = (self.starts[index] + self.ends[index]) / 2
        return QPointF(middle, self.row_centre(self.rows[index]))

    def _select_shapes(self, drawing: _Drawing) -> None:
        indices = [i for i, e in enumerate(self.entries) if e.card_id in self._selected]
        spans = [i for i in indices if self.entries[i].is_span]
        drawing.selected_bars = [self._bar(i) for i in spans]
        drawing.selected_dots = QPolygonF([self._dot(i) for i in indices if i not in spans])

    @override
    def paint(self, painter: QPainter, option: ItemOption, widget: QWidget | None = None) -> None:
        if self._theme is None or not self.entries:
            return
        world = painter.worldTransform()
        scale = world.m11()
        width = widget.width() if widget is not None else 1000
        in_view = self._dot_total * min(1.0, width / max((self._right - self._left) * scale, 1))
        smooth = in_view <= ROUND_DOTS
        if widget is None or world.m12() != 0 or world.m21() != 0 or scale <= 0:
            exposed = option.exposedRect
            self._draw(painter, exposed.left(), exposed.right(), scale, smooth)
            return
        dpr = painter.device().devicePixelRatioF()
        tile_days = TILE / scale
        exposed = option.exposedRect
        first = math.floor(exposed.left() / tile_days)
        last = math.floor(exposed.right() / tile_days)
        origin_y = world.map(QPointF(0.0, 0.0)).y()
        fraction = (round(world.dx() % 1, 3), round(origin_y % 1, 3))
        key = (scale, world.m22(), fraction, dpr, smooth)
        if key != self._tile_key:
            self._tiles.clear()
            self._tile_key = key
        painter.save()
        painter.setWorldTransform(QTransform())
        for column in range(first, last + 1):
            tile = self._tiles.get(column)
            if tile is None:
                tile = self._render_tile(column, world, fraction, dpr, smooth)
                self._tiles[column] = tile
                while len(self._tiles) > MAX_TILES:
                    self._tiles.popitem(last=False)
            else:
                self._tiles.move_to_end(column)
            x = world.map(QPointF(column * tile_days, 0.0)).x()
            painter.drawPixmap(QPointF(math.floor(x), math.floor(origin_y)), tile)
        painter.restore()

    def _render_tile(
        self,
        column: int,
        world: QTransform,
        fraction: tuple[float, float],
        dpr: float,
        smooth: bool,
    ) -> QPixmap:
        """The lane from ``column * TILE`` pixels on, at this zoom, drawn once."""
        scale = world.m11()
        tile_days = TILE / scale
        height = math.ceil(self.height * world.m22() + fraction[1]) + 1
        pixmap = QPixmap(round((TILE + 2) * dpr), round(height * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        left = column * tile_days
        painter.translate(fraction[0], fraction[1])
        painter.scale(scale, world.m22())
        painter.translate(-left, 0.0)
        # The tile and a pixel beyond: its neighbours draw the rest of a dot on their
        # edge, and without the overlap the rounding of the clip left a blank column
        # between two tiles (every colour here is opaque, so drawing it twice is safe).
        pixel = 1.0 / scale
        area = QRectF(left - pixel, 0.0, tile_days + 2 * pixel, self.height)
        painter.setClipRect(area)
        self._draw(painter, area.left(), area.right(), scale, smooth)
        painter.end()
        return pixmap

    def _draw(
        self, painter: QPainter, left: float, right: float, scale: float, smooth: bool
    ) -> None:
        theme = self._theme
        if theme is None:
            return
        drawing = self._shapes()
        # Dots reach DOT / 2 pixels beyond their day, bars a pen's width.
        reach = DOT / max(scale, 1e-9)
        left, right = left - reach, right + reach
        shown = {
            kind: [(c, dots) for c, dots in kind_chunks if c.right >= left and c.left <= right]
            for kind, kind_chunks in drawing.chunks.items()
        }
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        selection = QColor(theme.selection)
        if drawing.selected_bars:
            outline = QPen(selection, 4)
            outline.setCosmetic(True)
            painter.setPen(outline)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(drawing.selected_bars)
        for kind, kind_chunks in shown.items():
            colour = theme.kind_colour(kind)
            fill = _mixed(colour, QColor(theme.canvas), 0.45)
            border = QPen(colour, 1)
            border.setCosmetic(True)
            painter.setPen(border)
            painter.setBrush(fill)
            for chunk, _dots in kind_chunks:
                if chunk.bars:
                    painter.drawRects(chunk.bars)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        cap = Qt.PenCapStyle.RoundCap if smooth else Qt.PenCapStyle.SquareCap
        if not drawing.selected_dots.isEmpty():
            ring = QPen(selection, DOT + 6)
            ring.setCosmetic(True)
            ring.setCapStyle(cap)
            painter.setPen(ring)
            painter.drawPoints(drawing.selected_dots)
        for kind, kind_chunks in shown.items():
            pen = QPen(theme.kind_colour(kind), DOT if smooth else DOT - 2)
            pen.setCosmetic(True)
            pen.setCapStyle(cap)
            painter.setPen(pen)
            for chunk, dots in kind_chunks:
                if chunk.dots:
                    painter.drawPoints(dots)


def _mixed(colour: QColor, canvas: QColor, share: float) -> QColor:
    """``colour`` laid at ``share`` over ``canvas``, as an opaque colour.

    Bars overlap by the hundred far out; opaque fills are copied, translucent ones
    blended pixel by pixel, which cost a frame several milliseconds.
    """
    return QColor.fromRgbF(
        colour.redF() * share + canvas.redF() * (1 - share),
        colour.greenF() * share + canvas.greenF() * (1 - share),
        colour.blueF() * share + canvas.blueF() * (1 - share),
    )
