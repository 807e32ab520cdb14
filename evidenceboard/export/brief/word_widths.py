"""The widths of the words the brief's paragraphs measure, each measured once.

reportlab's line breaking measures every word of every paragraph it wraps, one
``stringWidth`` call each (700,000 in a 1,000-claim brief), and each call goes through
two Python wrappers before it reaches the accelerated measuring. A brief repeats its
words (labels, stock phrases, the words of the language), so a word's width in a font at
a size is remembered.

The width is the measured one: the same call is made for the first use, and its answer
is returned again. Fonts whose words are shaped (:class:`~evidenceboard.export.brief.
shaping.ShapedFont`) are always measured afresh, because shaping adds glyphs to them as
it meets words. The memory is cleared for each brief (a font registered again under a
name would otherwise keep its predecessor's widths) and when it holds
:data:`MAX_WORDS` widths, so a brief of a million different words stays bounded.
"""

from collections.abc import Callable

from reportlab.pdfbase import pdfmetrics

from evidenceboard.export.brief.shaping import ShapedFont

#: Widths remembered at most; past it the memory starts again.
MAX_WORDS = 200_000

_measure: Callable[..., float] = pdfmetrics.stringWidth
_widths: dict[tuple[str, str, float, str], float] = {}
#: Per font name, whether its widths may be remembered.
_fixed: dict[str, bool] = {}


def word_width(
    text: str,
    fontName: str,
    fontSize: float,
    encoding: str = "utf8",
) -> float:
    """``pdfmetrics.stringWidth``, remembered (the signature reportlab calls it with)."""
    key = (text, fontName, fontSize, encoding)
    width = _widths.get(key)
    if width is not None:
        return width
    width = _measure(text, fontName, fontSize, encoding)
    fixed = _fixed.get(fontName)
    if fixed is None:
        fixed = _fixed[fontName] = not isinstance(pdfmetrics.getFont(fontName), ShapedFont)
    if fixed:
        if len(_widths) >= MAX_WORDS:
            _widths.clear()
        _widths[key] = width
    return width


def forget_widths() -> None:
    """Start a new brief's memory of widths."""
    _widths.clear()
    _fixed.clear()
