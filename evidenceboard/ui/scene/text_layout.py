"""Plain-text line breaking for cards: wrap, cap the number of lines, elide the last.

Board text is hostile, so it is only ever laid out as plain text with ``QTextLayout``
(never a rich-text document). Results are cached by the card item, so ``paint()`` only
draws finished lines.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption


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
