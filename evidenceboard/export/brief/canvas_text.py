"""One line of board text drawn straight on the canvas (page headers and footers).

The same treatment as the brief's paragraphs, for a single line: Arabic shaped,
right-to-left runs in display order, each run in a font that has its characters. Drawn
with ``drawString`` run by run, never parsed as markup.
"""

from typing import Literal

from reportlab.lib.fonts import tt2ps
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from evidenceboard.export.brief.bidi_text import visual_line, without_controls
from evidenceboard.export.brief.fonts import BODY_FONT, BOLD_FONT, font_runs
from evidenceboard.export.brief.markup import clean


def line_runs(text: str, font: str) -> list[tuple[str, str]]:
    """One line of board text as ``(font, text)`` runs in display order, ready to draw."""
    bold = font == BOLD_FONT
    return [
        (font if name == BODY_FONT else str(tt2ps(name, int(bold), 0)), run)
        for name, run in font_runs(visual_line(without_controls(clean(text).replace("\n", " "))))
    ]


def text_width(text: str, font: str, size: float) -> float:
    """The width of ``text`` as :func:`draw_text` draws it."""
    return float(sum(stringWidth(run, name, size) for name, run in line_runs(text, font)))


def fit_width(text: str, font: str, size: float, width: float, *, cut: bool = False) -> str:
    """``text`` made to fit ``width`` points, ending in an ellipsis when anything is left out.

    Whole words go first, so a line never ends mid-word unless its first word alone is
    too wide. ``cut`` says that something after ``text`` was left out already, so it
    ends in an ellipsis even when it fits.
    """
    if not cut and stringWidth(text, font, size) <= width:
        return text
    # An ellipsis the text already ends in is not doubled.
    words = text.rstrip("…").split()
    while len(words) > 1 and stringWidth(" ".join(words) + "…", font, size) > width:
        words.pop()
    shown = " ".join(words)
    while shown and stringWidth(shown + "…", font, size) > width:
        shown = shown[:-1]
    return shown.rstrip(" ,;:.-") + "…"


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    align: Literal["left", "centre", "right"] = "left",
) -> None:
    """Draw ``text`` with its baseline at ``y``, starting, centred or ending at ``x``."""
    runs = line_runs(text, font)
    widths = [stringWidth(run, name, size) for name, run in runs]
    match align:
        case "left":
            start = x
        case "centre":
            start = x - sum(widths) / 2
        case "right":
            start = x - sum(widths)
    for (name, run), width in zip(runs, widths, strict=True):
        canvas.setFont(name, size)
        canvas.drawString(start, y, run)
        start += width
