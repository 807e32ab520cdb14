"""While a zoom gesture goes on far out, frames scaled from the last one drawn whole.

A pinch or a run of wheel steps asks for a new zoom level every frame. Far out, a
frame at a level the view has not drawn is the dearest the canvas has: every card in
view paints its cache again, the link layer and the overview render their tiles again,
and where the overview gives way to single cards the items are made (15-55 ms a frame
on a board of 10,000 cards, where 60 frames a second leave 16.7). So while zoom levels
follow each other within ``GESTURE_S``, below ``PREVIEW_SCALE``, a frame is the last
frame drawn whole, scaled to where its scene area now falls, as a browser or a map
scales the page under a pinch. What the scaled frame does not cover (a zoom out, a pan
during the gesture) is drawn at the new level, a strip at a time.

The last frame is scaled only within ``PREVIEW_RATIO`` of its own zoom and while it
covers at least ``MIN_COVER`` of the view; past that, and for the first frame at a new
level, the frame is drawn whole into a pixmap (``QGraphicsView.render``) and copied onto
the view, and later frames scale that. ``render`` paints the cards without their device
caches, which at a new level would have to be painted anyway, but which make it look a
little different from the view's own paint (the antialiasing of a line, a badge): so
``SETTLE_MS`` after the last frame drawn this way the view paints itself, crisp, at the
level it stopped at. A pan, a hover or an edit at that level is painted as it always
was, and so is everything at ``PREVIEW_SCALE`` and closer.
"""

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QRectF, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QGraphicsView

if TYPE_CHECKING:
    from collections.abc import Callable

#: Zoom levels painted less than this apart (seconds) are one gesture.
GESTURE_S = 0.3
#: How long after a gesture's last new level the view is drawn whole again (ms).
SETTLE_MS = 150
#: Zoom below which gesture frames may be scaled (card text is 7 px high or less).
PREVIEW_SCALE = 0.6
#: How far a frame may be scaled from the one drawn whole (each way).
PREVIEW_RATIO = 2.0
#: The least part of the view the scaled frame must cover.
MIN_COVER = 0.5


@dataclass(frozen=True)
class _Whole:
    """A frame drawn whole: its pixels, the scene area they show, and their zoom."""

    pixmap: QPixmap
    area: QRectF
    scale: float


class ZoomPreview:
    """Decides how each paint of ``view`` is drawn while its zoom changes."""

    def __init__(self, view: QGraphicsView) -> None:
        self._view = view
        #: What tells one gesture's frames from zoom steps apart (seconds; tests set it).
        self.clock: Callable[[], float] = time.monotonic
        self._level: tuple[float, float] | None = None
        self._level_at = float("-inf")
        self._in_gesture = False
        self._whole: _Whole | None = None
        #: The level the view last painted itself at once a gesture or zoom step settled.
        self._settled_at: tuple[float, float] | None = None
        self._settle = QTimer(view)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)

    @property
    def settling(self) -> bool:
        """Whether the view will paint itself again in a moment (see the module notes)."""
        return self._settle.isActive()

    def forget(self) -> None:
        """Drop the last whole frame (the view was resized)."""
        self._whole = None

    def paint(self, event: QPaintEvent) -> bool:
        """Draw the frame ``event`` asks for if a zoom's frame is drawn here; False if not."""
        view = self._view
        world = view.transform()
        if world.m12() != 0 or world.m21() != 0 or world.m11() <= 0 or world.m22() <= 0:
            return False
        scale = world.m11()
        if scale >= PREVIEW_SCALE or not view.rubberBandRect().isNull():
            return False
        level = (world.m11(), world.m22())
        if self._note_painted(level) and self._paint_scaled(event, scale):
            # Only a new level puts the settling off (it stops the timer): the same
            # frame painted again (a hover, a card that changed) leaves the time as it is.
            if not self._settle.isActive():
                self._settle.start()
            return True
        # Only the first paint of the whole view at a new level is drawn whole: once
        # settled, and at the level last drawn whole, the view paints itself.
        whole = self._whole
        if (
            level == self._settled_at
            or self._settle.isActive()
            or (whole is not None and whole.scale == scale)
            or not event.rect().contains(view.viewport().rect())
        ):
            return False
        self._paint_whole(scale)
        self._settle.start()
        return True

    def _note_painted(self, level: tuple[float, float]) -> bool:
        """Remember that ``level`` is painted; whether it followed another within a gesture.

        Every paint at the level gets the same answer (a frame may come in parts) until
        the gesture has settled.
        """
        if level != self._level:
            self._settle.stop()
            now = self.clock()
            self._in_gesture = now - self._level_at < GESTURE_S
            self._level, self._level_at = level, now
            self._settled_at = None
        return self._in_gesture

    def _paint_scaled(self, event: QPaintEvent, scale: float) -> bool:
        whole = self._whole
        if whole is None:
            return False
        ratio = scale / whole.scale
        if not 1 / PREVIEW_RATIO <= ratio <= PREVIEW_RATIO:
            return False
        view = self._view
        viewport = view.viewport().rect()
        target = view.viewportTransform().mapRect(whole.area)
        covered = target.intersected(QRectF(viewport))
        if covered.width() * covered.height() < MIN_COVER * viewport.width() * viewport.height():
            return False
        # Out to whole pixels: the pixmap stretched by less than a pixel, rather than a
        # sliver at the edge drawn by the view.
        left, top = math.floor(target.left()), math.floor(target.top())
        right, bottom = math.ceil(target.right()), math.ceil(target.bottom())
        target = QRectF(left, top, right - left, bottom - top)
        painter = QPainter(view.viewport())
        painter.setRenderHints(view.renderHints())
        for part in _around(event.rect(), target.toRect()):
            # What the last frame did not show, drawn at this level, a strip at a time
            # (the view looks up items in the box around what it is asked to draw).
            view.render(painter, QRectF(part), part)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawPixmap(target, whole.pixmap, QRectF(whole.pixmap.rect()))
        painter.end()
        return True

    def _paint_whole(self, scale: float) -> None:
        view = self._view
        viewport = view.viewport()
        dpr = viewport.devicePixelRatioF()
        rect = viewport.rect()
        pixmap = QPixmap(round(rect.width() * dpr), round(rect.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        painter = QPainter(pixmap)
        painter.setRenderHints(view.renderHints())
        view.render(painter, QRectF(rect), rect)
        painter.end()
        area = view.mapToScene(rect).boundingRect()
        self._whole = _Whole(pixmap, area, scale)
        painter = QPainter(viewport)
        painter.drawPixmap(0, 0, pixmap)
        painter.end()

    def _settled(self) -> None:
        self._in_gesture = False
        self._settled_at = self._level
        self._view.viewport().update()


def _around(area: QRect, hole: QRect) -> list[QRect]:
    """``area`` less ``hole``: the strips above, below, left and right of it."""
    inner = area.intersected(hole)
    if inner.isEmpty():
        return [area]
    strips = [
        QRect(area.left(), area.top(), area.width(), inner.top() - area.top()),
        QRect(area.left(), inner.bottom() + 1, area.width(), area.bottom() - inner.bottom()),
        QRect(area.left(), inner.top(), inner.left() - area.left(), inner.height()),
        QRect(inner.right() + 1, inner.top(), area.right() - inner.right(), inner.height()),
    ]
    return [strip for strip in strips if not strip.isEmpty()]
