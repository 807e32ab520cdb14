"""The minimap: the whole board in a corner of the canvas, with the visible area on it.

It draws the board through the scene's own overview item
(:meth:`BoardScene.current_overview`: every card as a block, every link as a line, in
a few batched calls), once into a pixmap, and repaints from that pixmap: scrolling or
zooming the canvas only moves the rectangle. The pixmap is drawn again a moment after
the board's drawing changed (cards added, moved, resized or removed, links added or
removed; a rename does not), so a burst of edits redraws it once; on a board of
100,000 cards that is one pass over the overview's arrays, not one per frame.

Dragging the rectangle, or pressing anywhere on the map, moves the canvas there.

The map is a child of the view, not of its viewport: the view scrolls its viewport's
children along with the scene.
"""

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget
from typing_extensions import override

from evidenceboard.ui.board.scene.board_scene import BoardScene, redraws_overview
from evidenceboard.ui.board.scene.board_view import BoardView
from evidenceboard.ui.common.theme import Theme

SIZE = QSize(220, 150)
#: Distance from the canvas's corner, and between the map's edge and the board in it.
MARGIN = 12
INSET = 6
#: Wait after an edit before drawing the map again, so a burst of edits draws it once.
REDRAW_DELAY_MS = 250


class Minimap(QWidget):
    """An overview of the board with a draggable rectangle for the canvas's view."""

    def __init__(self, view: BoardView, theme: Theme) -> None:
        super().__init__(view)
        self.setObjectName("minimap")
        self.setFixedSize(SIZE)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.setToolTip("The whole board: drag the rectangle to move the canvas")
        self._view = view
        self._scene: BoardScene = view.board_scene
        self._theme = theme
        self._pixmap: QPixmap | None = None
        #: Scene to map coordinates, for the board as the pixmap shows it.
        self._to_map = QTransform()
        #: Where the press landed inside the view rectangle, in scene units.
        self._grab: QPointF | None = None
        self.redraws = 0
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_DELAY_MS)
        self._redraw.timeout.connect(self._forget)
        self._scene.board.changed.connect(self._board_changed)
        view.horizontalScrollBar().valueChanged.connect(self.update)
        view.verticalScrollBar().valueChanged.connect(self.update)
        view.zoom_changed.connect(self.update)
        view.viewport().installEventFilter(self)
        self._place()

    def detach(self) -> None:
        self._scene.board.changed.disconnect(self._board_changed)
        self._view.viewport().removeEventFilter(self)
        self._redraw.stop()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._forget()

    def _board_changed(self, change: object) -> None:
        if redraws_overview(change):
            self._redraw.start()

    def _forget(self) -> None:
        self._pixmap = None
        self.update()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Only the viewport is watched: the view's own resize comes before the viewport
        # takes its new size.
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        area = self._view.viewport().geometry()
        self.move(area.right() - SIZE.width() - MARGIN, area.bottom() - SIZE.height() - MARGIN)
        self.raise_()

    # -- drawing ---------------------------------------------------------------------

    def _board_rect(self) -> QRectF:
        return self._scene.cards_rect()

    def _render(self) -> QPixmap:
        self.redraws += 1
        board = self._board_rect()
        inner = QRectF(self.rect()).adjusted(INSET, INSET, -INSET, -INSET)
        dpr = self.devicePixelRatioF()
        pixmap = QPixmap(round(SIZE.width() * dpr), round(SIZE.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        if board.isEmpty():
            self._to_map = QTransform()
            return pixmap
        scale = min(inner.width() / board.width(), inner.height() / board.height())
        offset_x = inner.left() + (inner.width() - board.width() * scale) / 2
        offset_y = inner.top() + (inner.height() - board.height() * scale) / 2
        self._to_map = QTransform(
            scale, 0, 0, scale, offset_x - board.left() * scale, offset_y - board.top() * scale
        )
        painter = QPainter(pixmap)
        painter.setTransform(self._to_map)
        # No widget: the overview draws the whole board directly, not from its cells.
        self._scene.current_overview().paint(painter, QStyleOptionGraphicsItem(), None)
        painter.end()
        return pixmap

    def visible_rect(self) -> QRectF:
        """The canvas's visible area, in map coordinates."""
        view = self._view
        seen = view.mapToScene(view.viewport().rect()).boundingRect()
        return self._to_map.mapRect(seen)

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        if self._pixmap is None:
            self._pixmap = self._render()
        theme = self._theme
        painter = QPainter(self)
        background = QColor(theme.panel)
        painter.setPen(QPen(QColor(theme.border), 1))
        painter.setBrush(background)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        painter.drawPixmap(0, 0, self._pixmap)
        if self._board_rect().isEmpty():
            painter.end()
            return
        painter.setClipRect(self.rect().adjusted(1, 1, -1, -1))
        shown = self.visible_rect()
        fill = QColor(theme.accent)
        fill.setAlphaF(0.15)
        painter.setBrush(fill)
        painter.setPen(QPen(QColor(theme.accent), 1.5))
        painter.drawRect(shown.adjusted(0, 0, -1, -1))
        painter.end()

    # -- dragging --------------------------------------------------------------------

    def _scene_point(self, point: QPointF) -> QPointF:
        inverse, ok = self._to_map.inverted()
        return inverse.map(point) if ok else QPointF()

    @override
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._pixmap is None:
            event.ignore()
            return
        point = event.position()
        view = self._view
        centre = view.mapToScene(view.viewport().rect().center())
        if self.visible_rect().contains(point):
            # Keep the rectangle where it was grabbed.
            self._grab = centre - self._scene_point(point)
        else:
            self._grab = QPointF()
            view.centerOn(self._scene_point(point))
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    @override
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._grab is None:
            event.ignore()
            return
        self._view.centerOn(self._scene_point(event.position()) + self._grab)
        event.accept()

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._grab is None:
            event.ignore()
            return
        self._grab = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        event.accept()
