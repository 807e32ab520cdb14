"""Plain-text line breaking for cards: wrap, cap the number of lines, elide the last.

Board text is hostile, so it is only ever laid out as plain text with ``QTextLayout``
(never a rich-text document). Results are cached by the card item, so ``paint()`` only
draws finished lines.

:func:`glyph_runs` shapes finished lines once into glyph runs: drawing a run skips the
shaping that ``drawText`` repeats on every call, which halves the cost of a card's text
each time a zoom step repaints it.
"""

from collections.abc import Sequence

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGlyphRun,
    QGuiApplication,
    QTextLayout,
    QTextOption,
)

#: Ends each line in :func:`glyph_runs`' layout (Unicode LINE SEPARATOR).
_SEPARATOR = "\u2028"


def resolved(font: QFont) -> QFont:
    """``font`` with what it leaves unset (such as the family) taken from the application.

    That is what a painter does with the font it is given, so glyphs shaped with the
    result are those ``drawText`` draws. A layout does not: it would shape with the
    system's fallback family.
    """
    return font.resolve(QGuiApplication.font())


def _line_starts(paragraph: str, font: QFont, width: float, limit: int) -> list[int]:
    layout = QTextLayout(paragraph, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    starts: list[int] = []
    while len(starts) < limit:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    return starts


def wrap_lines(text: str, font: QFont, width: float, max_lines: int) -> list[str]:
    """Break ``text`` into at most ``max_lines`` lines of ``width``; elide what is left."""
    if max_lines <= 0 or width <= 4:
        return []
    metrics = QFontMetricsF(font)
    paragraphs = [p for p in text.split("\n") if p.strip()]
    lines: list[str] = []
    for p_index, paragraph in enumerate(paragraphs):
        starts = _line_starts(paragraph, font, width, max_lines - len(lines) + 1)
        for s_index, start in enumerate(starts):
            end = starts[s_index + 1] if s_index + 1 < len(starts) else len(paragraph)
            more = s_index + 1 < len(starts) or p_index + 1 < len(paragraphs)
            if len(lines) == max_lines - 1 and more:
                rest = paragraph[start:].rstrip()
                if s_index + 1 == len(starts):
                    rest += " …"
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
                return lines
            lines.append(paragraph[start:end].rstrip())
    return lines


def elide(text: str, font: QFont, width: float) -> str:
    """One line of ``text`` cut with an ellipsis to fit ``width``."""
    return QFontMetricsF(font).elidedText(
        text.replace("\n", " "), Qt.TextElideMode.ElideRight, max(width, 0.0)
    )


def glyph_runs(lines: Sequence[tuple[QPointF, str]], font: QFont) -> list[QGlyphRun]:
    """``lines`` (baseline origin, text) shaped once, for ``QPainter.drawGlyphRun``.

    Draws as ``drawText(origin, text)`` for each line does. The lines share one layout,
    so the glyphs of one font come back as one run, whatever the number of lines.
    """
    if not lines:
        return []
    # A separator inside a line would start an extra line and shift those after it.
    texts = [text.replace(_SEPARATOR, " ").replace("\u2029", " ") for _, text in lines]
    layout = QTextLayout(_SEPARATOR.join(texts), resolved(font))
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    for origin, _text in lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(1_000_000)
        line.setPosition(QPointF(origin.x(), origin.y() - line.ascent()))
    layout.endLayout()
    return layout.glyphRuns()
