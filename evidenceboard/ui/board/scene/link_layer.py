"""Far out, the links in view drawn by one item instead of one item each.

Below ``THIN_LOD`` a link is a 1 px line without head or label, and a frame at 0.2x on
a board of 10,000 cards shows about 1,400 of them: one ``paint()`` call from C++ into
Python per link (about 16 us each, most of it the call itself) was half the frame.
While the view is that far out the scene hands every link that is not hovered or
selected to this layer: the link item stays in the scene, so hit tests, hover, rubber
band and selection find it as before, but it carries ``ItemHasNoContents`` and Qt never
calls its ``paint()``. The layer draws those lines itself, in the links' own pens and
opacity, into tiles of ``TILE`` device pixels rendered once per zoom level; a pan copies
the tiles already made and renders only those that come into view. A hovered or
selected link paints itself again (with its glow and head), so it is the layer's no
more until it is neither.

A zoom gesture far out is drawn by the view from its last whole frame, scaled
(``zoom_preview.py``); the layer renders the level the gesture stops at.

A link's tiles are dropped when it moves, changes, hides or shows, dims or goes, and
every tile when the theme changes. Anything but a widget's unrotated paint at a thin
zoom (an export, ``scene.render`` at another scale) is drawn by the links' own
``paint()``, so what such a picture shows does not depend on the window's zoom.
"""

import math
from collections import OrderedDict

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem, QWidget
from PySide6.QtWidgets import QStyleOptionGraphicsItem as ItemOption
from typing_extensions import override

from evidenceboard.model.routing import Rect, clip_interval
from evidenceboard.ui.board.scene.link_item import LONG, THIN_LOD, LinkItem, link_pen

#: Side of a tile, in device pixels.
TILE = 256
#: Tiles kept, over every zoom level (256 KB each at a pixel ratio of 1: 64 MB).
MAX_TILES = 256
#: More areas than this to drop before a paint, and the tiles under their union are.
MANY_DIRTY = 64
#: How far past a tile a long line is cut, in device pixels (the pen and its caps).
_CUT_MARGIN = 4.0

_NO_CONTENTS = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
#: A zoom level's tiles: scale x and y, and where the scene origin falls inside a pixel.
_Level = tuple[float, float, float, float]
_Tile = tuple[int, int]


def _dash_period(pen: QPen) -> float:
    """The length of one dash and gap of a cosmetic pen, in device pixels (0: solid)."""
    if pen.style() is Qt.PenStyle.SolidLine:
        return 0.0
    return sum(pen.dashPattern()) * max(pen.widthF(), 1.0)


def cut_line(line: QLineF, rect: QRectF, period: float) -> QLineF | None:
    """The part of ``line`` inside ``rect``, starting on a whole dash period.

    ``period`` is in the line's units; a dashed line cut at any other point would show
    its dashes shifted from one tile to the next. None when the line misses ``rect``.
    """
    x1, y1 = line.x1(), line.y1()
    dx, dy = line.x2() - x1, line.y2() - y1
    # Scene rects grow downwards: the router's bottom is the smaller y, Qt's top().
    inside = clip_interval(
        (x1, y1), (line.x2(), line.y2()), Rect(rect.left(), rect.top(), rect.right(), rect.bottom())
    )
    if inside is None:
        return None
    t0, t1 = inside
    length = math.hypot(dx, dy)
    if period > 0 and length > 0:
        t0 = math.floor(t0 * length / period) * period / length
    return QLineF(x1 + dx * t0, y1 + dy * t0, x1 + dx * t1, y1 + dy * t1)


class LinkLayer(QGraphicsItem):
    """The far-out drawing of every link that does not paint itself."""

    def __init__(self) -> None:
        super().__init__()
        #: Whether links are handed to the layer (the view is far out).
        self._on = False
        self._items: set[LinkItem] = set()
        self._bounds = QRectF()
        self._levels: OrderedDict[_Level, dict[_Tile, QPixmap | None]] = OrderedDict()
        self._dirty: list[QRectF] = []
        # Under the cards, over the frames, with the links that paint themselves.
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.setVisible(False)

    # -- which links the layer draws -------------------------------------------------

    @property
    def on(self) -> bool:
        return self._on

    def set_on(self, on: bool, items: list[LinkItem]) -> None:
        """Take the painting of ``items`` (all link items of the scene) over, or give it back."""
        if on == self._on:
            return
        self._on = on
        for item in items:
            self.refresh(item)
        if not on:
            self._items.clear()
            self.prepareGeometryChange()
            self._bounds = QRectF()
        self.forget()

    def refresh(self, item: LinkItem) -> None:
        """Draw ``item`` here or let it paint itself, as the zoom and its state say."""
        wanted = self._on and not (item.hovered or item.isSelected())
        if wanted == (item in self._items):
            return
        if wanted:
            self._items.add(item)
            item.setFlag(_NO_CONTENTS, True)
            self.link_changed(item.boundingRect())
        else:
            self._items.discard(item)
            item.setFlag(_NO_CONTENTS, False)
            self.dirty(item.boundingRect())
            item.update()

    def drop(self, item: LinkItem) -> None:
        """``item`` leaves the scene."""
        if item in self._items:
            self._items.discard(item)
            item.setFlag(_NO_CONTENTS, False)
            self.dirty(item.boundingRect())

    def draws(self, item: LinkItem) -> bool:
        return item in self._items

    def restyled(self, item: LinkItem) -> None:
        """``item`` was shown, hidden or dimmed."""
        if item in self._items:
            self.dirty(item.boundingRect())

    # -- what must be drawn again ----------------------------------------------------

    def link_changed(self, area: QRectF) -> None:
        """A link drawn here looks different in ``area`` (scene units): moved, shown..."""
        if area.isEmpty():
            return
        if not self._bounds.contains(area):
            self.prepareGeometryChange()
            self._bounds = self._bounds.united(area)
        self.dirty(area)

    def dirty(self, area: QRectF) -> None:
        if area.isEmpty() or not self._levels:
            self.update(area)
            return
        self._dirty.append(QRectF(area))
        self.update(area)

    def forget(self) -> None:
        """Drop every tile (the theme changed, or the overview came or went)."""
        self._levels.clear()
        self._dirty.clear()
        self.update()

    def _drop_dirty(self) -> None:
        dirty, self._dirty = self._dirty, []
        if not dirty:
            return
        if len(dirty) > MANY_DIRTY:
            # Many links made at once as the view moves (at its edges, mostly): each
            # level keeps the tiles away from all of them.
            union = QRectF()
            for area in dirty:
                union = union.united(area)
            for (sx, sy, fx, fy), tiles in self._levels.items():
                grown = union.adjusted(-2 / sx, -2 / sy, 2 / sx, 2 / sy)
                for tile in [t for t in tiles if _tile_rect(t, sx, sy, fx, fy).intersects(grown)]:
                    del tiles[tile]
            return
        for (sx, sy, fx, fy), tiles in self._levels.items():
            for area in dirty:
                grown = area.adjusted(-2 / sx, -2 / sy, 2 / sx, 2 / sy)
                for tile in _tiles_over(grown, sx, sy, fx, fy):
                    tiles.pop(tile, None)

    # -- QGraphicsItem ---------------------------------------------------------------

    @override
    def boundingRect(self) -> QRectF:
        return self._bounds

    @override
    def shape(self) -> QPainterPath:
        # Never hit: presses, hover and the rubber band go to the link items themselves.
        return QPainterPath()

    @override
    def paint(self, painter: QPainter, option: ItemOption, widget: QWidget | None = None) -> None:
        if not self._items:
            return
        world = painter.worldTransform()
        lod = ItemOption.levelOfDetailFromTransform(world)
        if (
            widget is None
            or lod >= THIN_LOD
            or world.m12() != 0
            or world.m21() != 0
            or world.m11() <= 0
            or world.m22() <= 0
        ):
            self._paint_each(painter, option, widget)
            return
        self._drop_dirty()
        sx, sy = world.m11(), world.m22()
        ix, iy = math.floor(world.dx()), math.floor(world.dy())
        fx, fy = round(world.dx() - ix, 3), round(world.dy() - iy, 3)
        level = (sx, sy, fx, fy)
        tiles = self._levels.setdefault(level, {})
        self._levels.move_to_end(level)
        shown = _tiles_over(option.exposedRect, sx, sy, fx, fy)
        missing = [tile for tile in shown if tile not in tiles]
        if missing:
            self._make_room(len(missing), set(shown))
            self._render(tiles, missing, level, painter.device().devicePixelRatioF())
        painter.save()
        painter.setWorldTransform(QTransform())
        for tile in shown:
            pixmap = tiles[tile]
            if pixmap is not None:
                painter.drawPixmap(QPointF(tile[0] * TILE + ix, tile[1] * TILE + iy), pixmap)
        painter.restore()

    def _paint_each(self, painter: QPainter, option: ItemOption, widget: QWidget | None) -> None:
        """Each link drawn by its own ``paint()``, as if it had painted itself."""
        scene = self.scene()
        if scene is None:
            return
        area = option.exposedRect
        for item in scene.items(
            area, Qt.ItemSelectionMode.IntersectsItemBoundingRect, Qt.SortOrder.AscendingOrder
        ):
            if isinstance(item, LinkItem) and item in self._items and item.isVisible():
                painter.save()
                painter.setOpacity(item.opacity())
                item.paint(painter, option, widget)
                painter.restore()

    def _make_room(self, adding: int, shown: set[_Tile]) -> None:
        count = sum(len(tiles) for tiles in self._levels.values())
        while count + adding > MAX_TILES and len(self._levels) > 1:
            _level, tiles = self._levels.popitem(last=False)
            count -= len(tiles)
        if count + adding > MAX_TILES and self._levels:
            # One zoom level panned across many screens: keep what is in view.
            current = next(reversed(self._levels.values()))
            for tile in [t for t in current if t not in shown]:
                del current[tile]

    def _render(
        self,
        tiles: dict[_Tile, QPixmap | None],
        missing: list[_Tile],
        level: _Level,
        dpr: float,
    ) -> None:
        sx, sy, fx, fy = level
        scene = self.scene()
        area = QRectF()
        for tile in missing:
            area = area.united(_tile_rect(tile, sx, sy, fx, fy))
        # Each line goes to the missing tiles its box covers, grouped by pen and opacity.
        wanted = set(missing)
        groups: dict[_Tile, dict[tuple[int, float], tuple[QPen, list[LinkItem]]]] = {}
        found = (
            scene.items(area, Qt.ItemSelectionMode.IntersectsItemBoundingRect)
            if scene is not None
            else []
        )
        for item in found:
            if not isinstance(item, LinkItem) or item not in self._items or not item.isVisible():
                continue
            pen = link_pen(item.link, item.theme, thin=True)
            key = (id(pen), item.opacity())
            box = item.boundingRect()
            for tile in _tiles_over(box, sx, sy, fx, fy):
                if tile in wanted:
                    groups.setdefault(tile, {}).setdefault(key, (pen, []))[1].append(item)
        for tile in missing:
            drawn = groups.get(tile)
            tiles[tile] = None if drawn is None else self._tile(tile, level, dpr, drawn)

    def _tile(
        self,
        tile: _Tile,
        level: _Level,
        dpr: float,
        groups: dict[tuple[int, float], tuple[QPen, list[LinkItem]]],
    ) -> QPixmap:
        sx, sy, fx, fy = level
        pixmap = QPixmap(round(TILE * dpr), round(TILE * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        rect = _tile_rect(tile, sx, sy, fx, fy)
        cut = rect.adjusted(
            -_CUT_MARGIN / sx, -_CUT_MARGIN / sy, _CUT_MARGIN / sx, _CUT_MARGIN / sy
        )
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setTransform(QTransform(sx, 0, 0, sy, fx - tile[0] * TILE, fy - tile[1] * TILE))
        for (_pen_id, opacity), (pen, items) in groups.items():
            painter.setPen(pen)
            painter.setOpacity(opacity)
            period = _dash_period(pen) / sx
            lines: list[QLineF] = []
            polylines: list[QPolygonF] = []
            for item in items:
                polyline = item.polyline()
                if polyline is not None:
                    polylines.append(polyline)
                    continue
                line = item.line()
                if line.length() > LONG:
                    # Qt dashes the whole length of a line, however little of it shows.
                    cut_part = cut_line(line, cut, period)
                    if cut_part is None:
                        continue
                    line = cut_part
                lines.append(line)
            if period == 0:
                painter.drawLines(lines)
            else:
                # One call per line: within one drawLines a dash pattern runs on from
                # the end of one line into the next, where a link's own starts afresh.
                for line in lines:
                    painter.drawLine(line)
            for polyline in polylines:
                painter.drawPolyline(polyline)
        painter.end()
        return pixmap


def _tile_rect(tile: _Tile, sx: float, sy: float, fx: float, fy: float) -> QRectF:
    """The scene area of ``tile`` at this zoom."""
    left = (tile[0] * TILE - fx) / sx
    top = (tile[1] * TILE - fy) / sy
    return QRectF(left, top, TILE / sx, TILE / sy)


def _tiles_over(area: QRectF, sx: float, sy: float, fx: float, fy: float) -> list[_Tile]:
    """The tiles at this zoom that ``area`` (scene units) touches."""
    if area.isEmpty():
        return []
    c0 = math.floor((area.left() * sx + fx) / TILE)
    c1 = math.floor((area.right() * sx + fx) / TILE)
    r0 = math.floor((area.top() * sy + fy) / TILE)
    r1 = math.floor((area.bottom() * sy + fy) / TILE)
    return [(c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)]
