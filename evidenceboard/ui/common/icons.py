"""SVG icons from ``resources/icons``, recoloured to the theme.

The SVG files are drawn in black strokes; the colour is substituted into the source
before rendering, so one file serves the toolbar, the cards and both themes. Renderers
and icons are cached per (name, colour).
"""

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from evidenceboard.resources_path import resources_dir


@lru_cache(maxsize=128)
def _svg_source(name: str) -> str:
    return (resources_dir() / "icons" / f"{name}.svg").read_text(encoding="utf-8")


@lru_cache(maxsize=256)
def svg_renderer(name: str, colour: str) -> QSvgRenderer:
    """A renderer of the icon ``name`` stroked in ``colour`` (``#rrggbb``)."""
    source = _svg_source(name).replace("#000000", colour)
    return QSvgRenderer(QByteArray(source.encode("utf-8")))


def paint_icon(painter: QPainter, name: str, colour: QColor, rect: QRectF) -> None:
    svg_renderer(name, colour.name()).render(painter, rect)


@lru_cache(maxsize=256)
def icon(name: str, colour: str) -> QIcon:
    """A toolbar/menu icon, rendered crisp at 1x and 2x."""
    result = QIcon()
    for size, ratio in ((16, 1.0), (24, 1.0), (16, 2.0), (24, 2.0)):
        image = QImage(QSize(round(size * ratio), round(size * ratio)), QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        svg_renderer(name, colour).render(painter, QRectF(0, 0, image.width(), image.height()))
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        result.addPixmap(pixmap)
    return result
