"""A link on the canvas: an arrow from the evidence to what it bears on.

Styles follow the link kind (colours from the theme): corroborates is a solid green
arrow, contradicts a dashed red one, derived_from a dotted grey one pointing to the
origin, related a plain neutral line without a head. Thickness follows the strength.
A related link's own words ("owns", "met") are its label, shown on the line at every
zoom where a line has detail (they say what the line means); kinds' names show only
close up or on hover. Words are drawn as plain text, cut to ``LABEL_CHARS``.
Pens are cosmetic, so lines stay crisp and the same width at any zoom.

Cost matters here: a board of 10,000 cards has 20,000 of these items, so

* :meth:`LinkItem.adjust` (run for every link on open and for the links of a dragged
  card on every mouse move) only computes the two end points and the bounding rect in
  plain arithmetic; the arrow head and the hit shape (a ``QPainterPathStroker``
  outline) are built on first use and dropped when the ends move;
* pens are shared per (theme, kind, strength, emphasis) rather than built per paint;
* pens use square caps: an antialiased 2 px cosmetic line with round caps costs about
  100-250 us to rasterise, with square caps 12-35 us, and at 2-3 px the two look the
  same (a dot of the dotted style is 1.5 pen widths long either way);
* a long link (one that crosses much of the board) is cut to the exposed area before
  it is drawn: Qt dashes and rasterises the whole length otherwise, which made a
  frame with a few long dashed links cost tens of milliseconds;
* far out (level of detail below ``THIN_LOD``) a link is a 1 px line without its head,
  the cheapest antialiased line the raster engine draws.
"""

import itertools
import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QWidget
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from typing_extensions import override

from evidenceboard.model.links import Link, LinkKind
from evidenceboard.model.routing import Rect, clip_interval
from evidenceboard.ui.board.scene.card_item import META_FONT, adopt_application_font
from evidenceboard.ui.common.theme import Theme

if TYPE_CHECKING:
    from evidenceboard.ui.board.scene.link_layer import LinkLayer

#: Zoom from which every link shows its label.
LABEL_LOD = 1.3
#: Zoom below which links are drawn as thin lines without heads.
THIN_LOD = 0.4
ARROW = 11.0
PEN_WIDTH = {"weak": 1.2, "moderate": 2.0, "strong": 3.2}
DASHES: dict[LinkKind, Qt.PenStyle] = {
    LinkKind.CORROBORATES: Qt.PenStyle.SolidLine,
    LinkKind.CONTRADICTS: Qt.PenStyle.DashLine,
    LinkKind.DERIVED_FROM: Qt.PenStyle.DotLine,
    LinkKind.RELATED: Qt.PenStyle.SolidLine,
}
_SPREAD = math.radians(24)
#: Room around the line for the head, the selection glow and antialiasing.
_PAD = 8.0
#: Links longer than this (scene units) are cut to the exposed area before drawing.
LONG = 1500.0

#: Longest words shown on a line; the inspector shows them whole.
LABEL_CHARS = 40

_pens: dict[tuple[int, LinkKind, str, bool, bool], QPen] = {}
_label_sizes: dict[str, tuple[float, float]] = {}


def label_text(link: Link) -> str:
    """What the line says: the link's own words (cut short), else its kind."""
    words = link.label
    if not words:
        return link.kind.label
    return words if len(words) <= LABEL_CHARS else words[: LABEL_CHARS - 1].rstrip() + "…"


def clip_to_rect(line: QLineF, rect: QRectF) -> QPointF:
    """Where the line from the rect's centre outwards leaves the rect (``line.p1`` inside)."""
    x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
    return QPointF(*_leave(x1, y1, x2 - x1, y2 - y1, rect))


def _leave(x: float, y: float, dx: float, dy: float, rect: QRectF) -> tuple[float, float]:
    """The point where the ray from (x, y) along (dx, dy) leaves ``rect``, capped at t=1."""
    t = 1.0
    if dx > 0:
        t = min(t, (rect.right() - x) / dx)
    elif dx < 0:
        t = min(t, (rect.left() - x) / dx)
    if dy > 0:
        t = min(t, (rect.bottom() - y) / dy)
    elif dy < 0:
        t = min(t, (rect.top() - y) / dy)
    t = max(t, 0.0)
    return x + dx * t, y + dy * t


def clip_line(line: QLineF, rect: QRectF) -> QLineF | None:
    """The part of ``line`` inside ``rect``, or None when it misses."""
    a, b = (line.x1(), line.y1()), (line.x2(), line.y2())
    # The router's rectangles are either way up: its bottom is the least y, Qt's top.
    inside = clip_interval(a, b, Rect(rect.left(), rect.top(), rect.right(), rect.bottom()))
    if inside is None:
        return None
    return QLineF(line.pointAt(inside[0]), line.pointAt(inside[1]))


def _halfway(points: list[QPointF]) -> QPointF:
    """The point half way along a line through ``points``, measured along the line."""
    pairs = list(itertools.pairwise(points))
    lengths = [QLineF(a, b).length() for a, b in pairs]
    left = sum(lengths) / 2
    for (a, b), length in zip(pairs, lengths, strict=True):
        if left <= length and length > 0:
            return QLineF(a, b).pointAt(left / length)
        left -= length
    return points[-1]


def link_pen(link: Link, theme: Theme, *, highlighted: bool = False, thin: bool = False) -> QPen:
    """The shared pen for a link (do not modify it)."""
    key = (id(theme), link.kind, link.strength.value, highlighted, thin)
    pen = _pens.get(key)
    if pen is None:
        colour = theme.link_colour(link.kind)
        width = 1.0 if thin else PEN_WIDTH[link.strength.value] + (1.2 if highlighted else 0.0)
        pen = QPen(colour, width, DASHES[link.kind], Qt.PenCapStyle.SquareCap)
        pen.setCosmetic(True)
        if link.kind is LinkKind.CONTRADICTS:
            pen.setDashPattern([5.0, 3.5])
        elif link.kind is LinkKind.DERIVED_FROM:
            pen.setDashPattern([0.5, 2.5])
        _pens[key] = pen
    return pen


def _label_size(text: str) -> tuple[float, float]:
    size = _label_sizes.get(text)
    if size is None:
        metrics = QFontMetricsF(META_FONT)
        size = (metrics.horizontalAdvance(text) + 14, metrics.height() + 4)
        # Words are the user's: a hostile board could hold a million different ones.
        if len(_label_sizes) > 4096:
            _label_sizes.clear()
        _label_sizes[text] = size
    return size


class LinkItem(QGraphicsItem):
    """One link between two card rects supplied by the scene."""

    def __init__(self, link: Link, theme: Theme) -> None:
        super().__init__()
        adopt_application_font()
        self.link_id = link.id
        self._link = link
        self._theme = theme
        self._hovered = False
        self._line = QLineF()
        #: The corners of a link routed around cards in its way (empty: straight).
        self._bends: tuple[QPointF, ...] = ()
        #: The drawn line of a routed link, made when its ends or bends move.
        self._polyline: QPolygonF | None = None
        self._bounds = QRectF()
        self._shape: QPainterPath | None = None
        self._head: QPolygonF | None = None
        self._long = False
        #: The pen of the link at rest, looked up once per link or theme change.
        self._pen: QPen | None = None
        #: The scene's far-out drawing of links, which may be drawing this one.
        self._layer: LinkLayer | None = None
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(5)

    @property
    def link(self) -> Link:
        return self._link

    @property
    def theme(self) -> Theme:
        return self._theme

    @property
    def hovered(self) -> bool:
        return self._hovered

    def set_layer(self, layer: "LinkLayer") -> None:
        """Far out, let ``layer`` draw this link while it is neither hovered nor selected."""
        self._layer = layer
        layer.refresh(self)

    def polyline(self) -> QPolygonF | None:
        """The drawn line of a routed link (None: straight, see :meth:`line`)."""
        return self._polyline

    def line(self) -> QLineF:
        """From the edge of the source card to the edge of the target (the ends drawn)."""
        return QLineF(self._line)

    def bends(self) -> tuple[QPointF, ...]:
        """Where the drawn line turns to go around cards in its way (none: straight)."""
        return self._bends

    def points(self) -> list[QPointF]:
        """The drawn line's ends and bends, from the source to the target."""
        return [self._line.p1(), *self._bends, self._line.p2()]

    def set_link(self, link: Link) -> None:
        self._link = link
        self._head = None
        self._pen = None
        self._changed()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._pen = None
        self._changed()

    def _changed(self) -> None:
        layer = self._layer
        if layer is not None and layer.draws(self):
            layer.link_changed(self._bounds)
        else:
            self.update()

    def adjust(self, source: QRectF, target: QRectF, bends: tuple[QPointF, ...] = ()) -> None:
        """Recompute the arrow between the two cards' scene rects, through ``bends``."""
        sx, sy = source.center().x(), source.center().y()
        tx, ty = target.center().x(), target.center().y()
        # Each end leaves its card towards the next point of the line.
        ax, ay = (bends[0].x(), bends[0].y()) if bends else (tx, ty)
        bx, by = (bends[-1].x(), bends[-1].y()) if bends else (sx, sy)
        x1, y1 = _leave(sx, sy, ax - sx, ay - sy, source)
        x2, y2 = _leave(tx, ty, bx - tx, by - ty, target)
        line = QLineF(x1, y1, x2, y2)
        w, h = _label_size(label_text(self._link))
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        if bends:
            mid = _halfway([line.p1(), *bends, line.p2()])
            mx, my = mid.x(), mid.y()
        xs = [x1, x2, mx - w / 2, mx + w / 2, *(b.x() for b in bends)]
        ys = [y1, y2, my - h / 2, my + h / 2, *(b.y() for b in bends)]
        left, top = min(xs) - _PAD, min(ys) - _PAD
        bounds = QRectF(left, top, max(xs) + _PAD - left, max(ys) + _PAD - top)
        layer = self._layer
        if bounds != self._bounds:
            self.prepareGeometryChange()
            if layer is not None and layer.draws(self):
                # Qt repaints nothing for an item without contents: the layer must.
                layer.dirty(self._bounds)
                layer.link_changed(bounds)
            self._bounds = bounds
        elif line == self._line and bends == self._bends:
            return
        else:
            self._changed()
        self._line = line
        self._bends = bends
        self._polyline = QPolygonF([line.p1(), *bends, line.p2()]) if bends else None
        self._shape = None
        self._head = None
        # Only long links need the exposed rect (to be cut to it); Qt computes it per
        # paint for items with this flag, so short links go without. A routed link is
        # drawn whole.
        long = line.length() > LONG and not bends
        self._long = long
        flag = QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption
        if long != bool(self.flags() & flag):
            self.setFlag(flag, long)

    def head(self) -> QPolygonF:
        """The arrow head at the target end (empty for related links and short links)."""
        if self._head is None:
            line = self._last_segment()
            self._head = QPolygonF()
            if self._link.kind is not LinkKind.RELATED and line.length() > ARROW:
                start, end = line.p1(), line.p2()
                angle = math.atan2(start.y() - end.y(), start.x() - end.x())
                self._head = QPolygonF(
                    [
                        end,
                        end + QPointF(math.cos(angle + _SPREAD), math.sin(angle + _SPREAD)) * ARROW,
                        end + QPointF(math.cos(angle - _SPREAD), math.sin(angle - _SPREAD)) * ARROW,
                    ]
                )
        return self._head

    def _last_segment(self) -> QLineF:
        if self._bends:
            return QLineF(self._bends[-1], self._line.p2())
        return self._line

    def _label_rect(self) -> QRectF:
        w, h = _label_size(label_text(self._link))
        mid = _halfway(self.points()) if self._bends else self._line.center()
        return QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)

    @override
    def boundingRect(self) -> QRectF:
        return self._bounds

    @override
    def shape(self) -> QPainterPath:
        # Built on demand: only hit tests and selection need it, and most links are
        # never hit-tested between two moves of their cards.
        if self._shape is None:
            path = QPainterPath(self._line.p1())
            for point in (*self._bends, self._line.p2()):
                path.lineTo(point)
            stroker = QPainterPathStroker()
            stroker.setWidth(12)
            self._shape = stroker.createStroke(path)
        return self._shape

    @override
    def hoverEnterEvent(self, event: Any) -> None:
        self._hovered = True
        self._emphasis_changed()

    @override
    def hoverLeaveEvent(self, event: Any) -> None:
        self._hovered = False
        self._emphasis_changed()

    def _emphasis_changed(self) -> None:
        # A hovered link paints itself, with its head and label; the layer draws it
        # again once the pointer has left.
        if self._layer is not None:
            self._layer.refresh(self)
        self.update()

    @override
    def paint(self, painter: QPainter, option: ItemOption, widget: QWidget | None = None) -> None:
        # Every link in view is painted on each zoom step: Python work here is kept to
        # what changes between paints.
        line = self._line
        if self._long:
            clipped = clip_line(line, option.exposedRect.adjusted(-20, -20, 20, 20))
            if clipped is None:
                return
            line = clipped
        lod = ItemOption.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = self.isSelected()
        emphasised = self._hovered or selected
        if lod < THIN_LOD and not emphasised:
            painter.setPen(link_pen(self._link, self._theme, thin=True))
            self._draw(painter, line)
            return
        if selected:
            glow = QPen(QColor(self._theme.selection), 7.0)
            glow.setCosmetic(True)
            colour = glow.color()
            colour.setAlphaF(0.25)
            glow.setColor(colour)
            painter.setPen(glow)
            self._draw(painter, line)
        if emphasised:
            pen = link_pen(self._link, self._theme, highlighted=True)
        elif self._pen is not None:
            pen = self._pen
        else:
            pen = self._pen = link_pen(self._link, self._theme)
        painter.setPen(pen)
        self._draw(painter, line)
        head = self._head if self._head is not None else self.head()
        if head:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(head)
        if emphasised or lod >= LABEL_LOD or self._link.label:
            self._paint_label(painter, pen.color())

    def _draw(self, painter: QPainter, line: QLineF) -> None:
        if self._polyline is not None:
            painter.drawPolyline(self._polyline)
        else:
            painter.drawLine(line)

    def _paint_label(self, painter: QPainter, colour: QColor) -> None:
        rect = self._label_rect()
        painter.setPen(QPen(colour, 0))
        painter.setBrush(QColor(self._theme.card))
        painter.drawRoundedRect(rect, 8, 8)
        painter.setFont(META_FONT)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label_text(self._link))
