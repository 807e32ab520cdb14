"""Pre-rendered pieces of cards ("stamps"), shared between cards and blitted.

Every zoom step throws away the device cache of each card in view, so each card is
drawn again from its parts. Most of those parts look the same on many cards: the frame
of a card (shadow, fill, colour strip, outline, kind icon and label) depends only on its
size, kind and colours, a grade badge only on its code, a tag chip only on its tag. A
stamp is such a part rendered once per zoom level into an image, then copied onto each
card that shows it, which costs a few microseconds instead of the hundreds that the
translucent shadow fills and the text cost.

A stamp is placed on whole device pixels, so it may sit up to half a pixel away from
where drawing it directly would have put it; at the sizes involved that does not show.
Stamps are only used where they give the same picture as drawing: a raster target
under a plain scale. A rotated or sheared painter, or a vector target (SVG export),
gets the parts drawn directly.

The images are kept in one least-recently-used cache bounded in bytes; colours are
part of the key, so a theme change simply stops using the old stamps.
"""

import atexit
import math
from collections import OrderedDict
from collections.abc import Callable, Hashable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPaintEngine, QPainter, QPixmap, QTransform

#: Room around a stamp's rect, in device pixels, for antialiased edges.
MARGIN = 2
#: Parts larger than this on screen (pixels) are drawn directly: few cards fit in
#: view at such zooms, and their images would crowd the cache.
MAX_PIXELS = 1_000_000

Render = Callable[[QPainter], None]


class StampCache:
    """Images of parts, per (part key, device scale, render hints), least recent first."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self._images: OrderedDict[Hashable, QPixmap] = OrderedDict()
        self._bytes = 0
        self.renders = 0

    def __len__(self) -> int:
        return len(self._images)

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def clear(self) -> None:
        self._images.clear()
        self._bytes = 0

    def begin(self, painter: QPainter) -> "StampBlitter | None":
        """A blitter onto ``painter``, or None when it cannot take stamps.

        Until :meth:`StampBlitter.end`, the painter is in device coordinates: only
        stamps may be drawn. The caller then draws the parts itself.
        """
        transform = painter.worldTransform()
        if transform.type().value > QTransform.TransformationType.TxScale.value:
            return None
        engine = painter.paintEngine()
        if engine is None or engine.type() != QPaintEngine.Type.Raster:
            return None
        if painter.viewTransformEnabled():
            return None
        device = painter.device()
        ratio = device.devicePixelRatio() if device is not None else 1.0
        if transform.m11() <= 0 or transform.m22() <= 0:
            return None
        return StampBlitter(self, painter, transform, ratio)

    def pixmap(
        self,
        key: Hashable,
        rect: QRectF,
        sx: float,
        sy: float,
        ratio: float,
        hints: QPainter.RenderHint,
        render: Render,
    ) -> QPixmap | None:
        """The stamp ``key`` at device scale (sx, sy), rendered if need be; None if too big."""
        full_key = (key, sx, sy, hints.value)
        pixmap = self._images.get(full_key)
        if pixmap is not None:
            self._images.move_to_end(full_key)
            return pixmap
        width = math.ceil(rect.width() * sx) + 2 * MARGIN
        height = math.ceil(rect.height() * sy) + 2 * MARGIN
        if width * height > MAX_PIXELS:
            return None
        pixmap = self._render(rect, sx, sy, ratio, width, height, hints, render)
        self._store(full_key, pixmap)
        return pixmap

    def _render(
        self,
        rect: QRectF,
        sx: float,
        sy: float,
        ratio: float,
        width: int,
        height: int,
        hints: QPainter.RenderHint,
        render: Render,
    ) -> QPixmap:
        self.renders += 1
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(hints)
        # The rect's corner lands exactly on the pixel MARGIN, MARGIN.
        painter.setWorldTransform(
            QTransform(sx, 0, 0, sy, MARGIN - rect.left() * sx, MARGIN - rect.top() * sy)
        )
        render(painter)
        painter.end()
        # A pixmap, not the image: PySide's drawImage() costs about ten times as much as
        # drawPixmap() for the same copy (30 against 3 us for a card at 0.7x).
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        return pixmap

    def _store(self, key: Hashable, image: QPixmap) -> None:
        self._images[key] = image
        self._bytes += _bytes_of(image)
        while self._bytes > self.budget_bytes and len(self._images) > 1:
            _old_key, old = self._images.popitem(last=False)
            self._bytes -= _bytes_of(old)


def _bytes_of(pixmap: QPixmap) -> int:
    return pixmap.width() * pixmap.height() * 4


class StampBlitter:
    """Copies stamps onto one painter under one transform (see :meth:`StampCache.begin`)."""

    __slots__ = (
        "_cache",
        "_dx",
        "_dy",
        "_hints",
        "_m11",
        "_m22",
        "_painter",
        "_ratio",
        "_smooth",
        "_sx",
        "_sy",
        "_transform",
    )

    def __init__(
        self, cache: StampCache, painter: QPainter, transform: QTransform, ratio: float
    ) -> None:
        self._cache = cache
        self._painter = painter
        self._transform = transform
        self._ratio = ratio
        # Plain floats: each call into the transform from Python costs a microsecond.
        self._m11, self._m22 = transform.m11(), transform.m22()
        self._dx, self._dy = transform.dx(), transform.dy()
        self._sx, self._sy = self._m11 * ratio, self._m22 * ratio
        self._hints = painter.renderHints()
        # Without smooth pixmap transforms for the copies: with the hint on, the raster
        # engine leaves its fast blending path even for an unscaled copy (40 against
        # 6 us for a card at 0.7x).
        self._smooth = bool(self._hints & QPainter.RenderHint.SmoothPixmapTransform)
        if self._smooth:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.setWorldTransform(QTransform())

    def draw(self, key: Hashable, rect: QRectF, render: Render) -> bool:
        """Copy the stamp ``key`` covering ``rect`` (item coordinates).

        ``render`` draws the part in item coordinates; it is called only when the stamp
        is not cached at this scale. Returns False, drawing nothing, when the part is
        too large to stamp; the caller then draws it after :meth:`end`.
        """
        pixmap = self._cache.pixmap(key, rect, self._sx, self._sy, self._ratio, self._hints, render)
        if pixmap is None:
            return False
        ratio = self._ratio
        x = round((self._m11 * rect.left() + self._dx) * ratio) - MARGIN
        y = round((self._m22 * rect.top() + self._dy) * ratio) - MARGIN
        self._painter.drawPixmap(QPointF(x / ratio, y / ratio), pixmap)
        return True

    def end(self) -> None:
        """Give the painter back its transform and hints."""
        self._painter.setWorldTransform(self._transform)
        if self._smooth:
            self._painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)


#: Shared by every card of every board: about a hundred card frames at a few zoom
#: levels, plus badges and chips, fit in it.
STAMPS = StampCache(48 * 1024 * 1024)
# Drop the pixmaps at exit while the application object still exists: exit handlers
# run last-registered first, and PySide's own (which tears the application down) was
# registered when PySide6 was imported, before this module.
atexit.register(STAMPS.clear)
