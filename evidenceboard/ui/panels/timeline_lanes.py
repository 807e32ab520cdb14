"""The rows of the timeline: one graphics item per lane, drawing all of its entries.

The scene's x axis is in days since 1970 and the view scales it (zoom is a horizontal
scale); y is in pixels. Spans (a month, a year) are bars as long as the time they
cover; days and instants are dots of a fixed size, whatever the zoom.

A lane draws its entries itself rather than through one item per entry, for the
reason the canvas has its overview item: ten thousand ``paint()`` calls a frame cost
far more than a handful of batched ones. Each lane keeps, per zoom level, its dots
as one polygon per kind (drawn with one ``drawPoints`` through a round pen) and its
bars as one list of rectangles per kind, in pixels at that zoom; scrolling only moves
the painter, so a frame is a few calls per lane however many entries it holds.

Within a lane, entries that overlap in time go on separate rows (up to ``MAX_ROWS``;
beyond that they share the row that frees first), so a cluster shows as a stack.
"""

import bisect
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from typing_extensions import override

from evidenceboard.model.chronology import ChronologyEntry
from evidenceboard.ui.theme import Theme

if TYPE_CHECKING:
    from evidenceboard.model.cards import CardKind

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ROW_HEIGHT = 14.0
BAR_HEIGHT = 8.0
#: Diameter of a dot, in pixels.
DOT = 8.0
LANE_PADDING = 10.0
MAX_ROWS = 8
#: A bar is drawn at least this wide, in pixels, so a month stays visible far out.
MIN_BAR = 3.0


def days(moment: datetime) -> float:
    """``moment`` as days since 1970 (the scene's x unit)."""
    return (moment - EPOCH) / timedelta(days=1)


def moment_of(day: float) -> datetime:
    return EPOCH + timedelta(days=day)


class _Drawing:
    """A lane's shapes at one zoom level, in pixels, by kind."""

    __slots__ = ("bars", "dots", "scale", "selected_bars", "selected_dots")

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.dots: dict[CardKind, QPolygonF] = {}
        self.bars: dict[CardKind, list[QRectF]] = {}
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
        self._drawing = None
        self.update()

    def set_selected(self, card_ids: set[str]) -> None:
        """Show these cards as selected (only those in this lane matter)."""
        mine = {e.card_id for e in self.entries if e.card_id in card_ids}
        if mine != self._selected:
            self._selected = mine
            self._drawing = None
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

    def _draw_at(self, scale: float) -> _Drawing:
        drawing = self._drawing
        if drawing is not None and drawing.scale == scale:
            return drawing
        drawing = _Drawing(scale)
        dots: dict[CardKind, list[QPointF]] = {}
        selected_dots: list[QPointF] = []
        for index, entry in enumerate(self.entries):
            start, end = self.starts[index] * scale, self.ends[index] * scale
            centre_y = self.row_centre(self.rows[index])
            chosen = entry.card_id in self._selected
            if entry.is_span:
                width = max(end - start, MIN_BAR)
                bar = QRectF(start, centre_y - BAR_HEIGHT / 2, width, BAR_HEIGHT)
                drawing.bars.setdefault(entry.kind, []).append(bar)
                if chosen:
                    drawing.selected_bars.append(bar)
            else:
                point = QPointF((start + end) / 2, centre_y)
                dots.setdefault(entry.kind, []).append(point)
                if chosen:
                    selected_dots.append(point)
        drawing.dots = {kind: QPolygonF(points) for kind, points in dots.items()}
        drawing.selected_dots = QPolygonF(selected_dots)
        self._drawing = drawing
        return drawing

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        theme = self._theme
        if theme is None or not self.entries:
            return
        world = painter.worldTransform()
        drawing = self._draw_at(world.m11())
        painter.save()
        # The shapes are in pixels at this zoom: keep the scroll, drop the scale.
        painter.setTransform(QTransform(1, 0, 0, world.m22(), world.dx(), world.dy()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        selection = QColor(theme.selection)
        if drawing.selected_bars:
            painter.setPen(QPen(selection, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(drawing.selected_bars)
        if not drawing.selected_dots.isEmpty():
            ring = QPen(selection, DOT + 6)
            ring.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(ring)
            painter.drawPoints(drawing.selected_dots)
        for kind, bars in drawing.bars.items():
            colour = theme.kind_colour(kind)
            fill = QColor(colour)
            fill.setAlphaF(0.45)
            painter.setPen(QPen(colour, 1))
            painter.setBrush(fill)
            painter.drawRects(bars)
        for kind, dots in drawing.dots.items():
            pen = QPen(theme.kind_colour(kind), DOT)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPoints(dots)
        painter.restore()
