"""Drawing a board (or part of it) to a PNG or SVG file.

The scene is rendered with the selection cleared and the grid off, at full detail
(the export's own scale decides the level of detail, not the window's zoom). The image
is written to a temporary file beside the target and moved into place, so a failed
export never leaves a broken file under the chosen name.

Qt's SVG generator writes text as it is, and board text may hold characters XML cannot
carry (a NUL, a terminal escape, U+FFFE), which would make the file unreadable. The written
SVG is therefore passed through :func:`evidenceboard.model.xml_text.xml_safe` before it
takes its name: each such character becomes U+FFFD, one for one, so the drawing is
unchanged.
"""

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from evidenceboard.model.xml_text import xml_safe
from evidenceboard.ui.board.scene.board_scene import BoardScene

MARGIN = 40.0
#: Largest PNG side in pixels; larger boards are drawn at a smaller scale.
MAX_PIXELS = 12_000


def export_rect(scene: BoardScene, card_ids: list[str] | None = None) -> QRectF:
    rect = scene.cards_rect(card_ids)
    if rect.isNull():
        rect = QRectF(0, 0, 400, 300)
    # Links and their labels reach a little outside the cards.
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def render_board(
    scene: BoardScene,
    path: Path,
    card_ids: list[str] | None = None,
    scale: float = 2.0,
) -> QSize:
    """Write the board (or the given cards) to ``path``; PNG or SVG by its suffix."""
    source = export_rect(scene, card_ids)
    scale = min(scale, MAX_PIXELS / max(source.width(), source.height()))
    size = QSize(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)))
    selected = scene.selectedItems()
    hidden = []
    if card_ids is not None:
        keep = set(card_ids)
        for card_item in scene.card_items():
            if card_item.card_id not in keep and card_item.isVisible():
                card_item.hide()
                hidden.append(card_item)
    scene.clearSelection()
    scene.show_grid = False
    scene.set_overview(False)
    suffix = path.suffix.lower()
    temp = path.with_name(f".{path.name}.writing{suffix}")
    try:
        if suffix == ".svg":
            _write_svg(scene, source, size, temp)
        else:
            _write_png(scene, source, size, temp)
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
        scene.show_grid = True
        for card in hidden:
            card.show()
        for item in selected:
            item.setSelected(True)
    return size


def _write_png(scene: BoardScene, source: QRectF, size: QSize, temp: Path) -> None:
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(scene.theme.canvas))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    scene.render(painter, QRectF(0, 0, size.width(), size.height()), source)
    painter.end()
    if not image.save(str(temp)):
        raise OSError(f"The image could not be written to {temp.parent}.")


def _write_svg(scene: BoardScene, source: QRectF, size: QSize, temp: Path) -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(temp))
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(scene.board.info.title)
    # Cards keep a pixel cache for the screen; an SVG given that cache would hold
    # pictures of the cards instead of their text and shapes.
    cached = [
        (item, item.cacheMode())
        for item in scene.items()
        if item.cacheMode() is not QGraphicsItem.CacheMode.NoCache
    ]
    for item, _mode in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    painter = QPainter(generator)
    try:
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor(scene.theme.canvas))
        scene.render(
            painter,
            QRectF(0, 0, size.width(), size.height()),
            source,
            Qt.AspectRatioMode.KeepAspectRatio,
        )
    finally:
        painter.end()
        for item, mode in cached:
            item.setCacheMode(mode)
    # Qt's own markup never holds such characters, so only board text is changed.
    written = temp.read_bytes().decode("utf-8", errors="replace")
    temp.write_bytes(xml_safe(written).encode("utf-8"))
