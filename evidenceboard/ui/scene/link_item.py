"""A link on the canvas: an arrow from the evidence to what it bears on.

Styles follow the link kind (colours from the theme): corroborates is a solid green
arrow, contradicts a dashed red one, derived_from a dotted grey one pointing to the
origin, related a plain neutral line without a head. Thickness follows the strength.
Pens are cosmetic, so lines stay crisp and the same width at any zoom.

The path, the hit shape and the bounding rect are computed in :meth:`adjust` (called
when a card at either end moves) and cached; ``paint()`` only draws them. The label
("contradicts") shows on hover, when selected, or when zoomed in.
"""

import math
from typing import Any

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
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget
from typing_extensions import override

from evidenceboard.model.links import Link, LinkKind
from evidenceboard.ui.scene.card_item import META_FONT
from evidenceboard.ui.theme import Theme

#: Zoom from which every link shows its label.
LABEL_LOD = 1.3
ARROW = 11.0
PEN_WIDTH = {"weak": 1.2, "moderate": 2.0, "strong": 3.2}
DASHES: dict[LinkKind, Qt.PenStyle] = {
    LinkKind.CORROBORATES: Qt.PenStyle.SolidLine,
    LinkKind.CONTRADICTS: Qt.PenStyle.DashLine,
    LinkKind.DERIVED_FROM: Qt.PenStyle.DotLine,
    LinkKind.RELATED: Qt.PenStyle.SolidLine,
}


def clip_to_rect(line: QLineF, rect: QRectF) -> QPointF:
    """Where the line from the rect's centre outwards leaves the rect (``line.p1`` inside)."""
    edges = (
        QLineF(rect.topLeft(), rect.topRight()),
        QLineF(rect.topRight(), rect.bottomRight()),
        QLineF(rect.bottomRight(), rect.bottomLeft()),
        QLineF(rect.bottomLeft(), rect.topLeft()),
    )
    for edge in edges:
        kind, point = line.intersects(edge)
        if kind == QLineF.IntersectionType.BoundedIntersection:
            return point
    return line.p2()


def link_pen(link: Link, theme: Theme, *, highlighted: bool = False) -> QPen:
    colour = theme.link_colour(link.kind)
    width = PEN_WIDTH[link.strength.value] + (1.2 if highlighted else 0.0)
    pen = QPen(colour, width, DASHES[link.kind], Qt.PenCapStyle.RoundCap)
    pen.setCosmetic(True)
    if link.kind is LinkKind.CONTRADICTS:
        pen.setDashPattern([5.0, 3.5])
    elif link.kind is LinkKind.DERIVED_FROM:
        pen.setDashPattern([0.5, 2.5])
    return pen


class LinkItem(QGraphicsItem):
    """One link between two card rects supplied by the scene."""

    def __init__(self, link: Link, theme: Theme) -> None:
        super().__init__()
        self.link_id = link.id
        self._link = link
        self._theme = theme
        self._hovered = False
        self._line = QLineF()
        self._path = QPainterPath()
        self._shape = QPainterPath()
        self._head = QPolygonF()
        self._label_rect = QRectF()
        self._bounds = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)
        self.setZValue(5)

    @property
    def link(self) -> Link:
        return self._link

    def set_link(self, link: Link) -> None:
        self._link = link
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def adjust(self, source: QRectF, target: QRectF) -> None:
        """Recompute the arrow between the two cards' scene rects."""
        self.prepareGeometryChange()
        centre = QLineF(source.center(), target.center())
        start = clip_to_rect(centre, source)
        end = clip_to_rect(QLineF(target.center(), source.center()), target)
        self._line = QLineF(start, end)
        self._path = QPainterPath(start)
        self._path.lineTo(end)
        self._head = QPolygonF()
        if self._link.kind is not LinkKind.RELATED and self._line.length() > ARROW:
            angle = math.atan2(start.y() - end.y(), start.x() - end.x())
            spread = math.radians(24)
            self._head = QPolygonF(
                [
                    end,
                    end + QPointF(math.cos(angle + spread), math.sin(angle + spread)) * ARROW,
                    end + QPointF(math.cos(angle - spread), math.sin(angle - spread)) * ARROW,
                ]
            )
        stroker = QPainterPathStroker()
        stroker.setWidth(12)
        self._shape = stroker.createStroke(self._path)
        metrics = QFontMetricsF(META_FONT)
        label = self._link.kind.label
        w, h = metrics.horizontalAdvance(label) + 14, metrics.height() + 4
        mid = self._line.center()
        self._label_rect = QRectF(mid.x() - w / 2, mid.y() - h / 2, w, h)
        self._bounds = (
            self._path.boundingRect()
            .united(self._head.boundingRect())
            .united(self._label_rect)
            .adjusted(-8, -8, 8, 8)
        )

    @override
    def boundingRect(self) -> QRectF:
        return self._bounds

    @override
    def shape(self) -> QPainterPath:
        return self._shape

    @override
    def hoverEnterEvent(self, event: Any) -> None:
        self._hovered = True
        self.update()

    @override
    def hoverLeaveEvent(self, event: Any) -> None:
        self._hovered = False
        self.update()

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        emphasised = self._hovered or self.isSelected()
        if self.isSelected():
            glow = QPen(QColor(self._theme.selection), 7.0)
            glow.setCosmetic(True)
            colour = glow.color()
            colour.setAlphaF(0.25)
            glow.setColor(colour)
            painter.setPen(glow)
            painter.drawLine(self._line)
        pen = link_pen(self._link, self._theme, highlighted=emphasised)
        painter.setPen(pen)
        painter.drawLine(self._line)
        if not self._head.isEmpty():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pen.color())
            painter.drawPolygon(self._head)
        if emphasised or lod >= LABEL_LOD:
            self._paint_label(painter, pen.color())

    def _paint_label(self, painter: QPainter, colour: QColor) -> None:
        painter.setPen(QPen(colour, 0))
        painter.setBrush(QColor(self._theme.card))
        painter.drawRoundedRect(self._label_rect, 8, 8)
        painter.setFont(META_FONT)
        painter.drawText(self._label_rect, Qt.AlignmentFlag.AlignCenter, self._link.kind.label)
