"""Right-to-left text (Arabic, Hebrew) for reportlab, which draws glyphs left to right.

reportlab shapes and reorders only with ``rlbidi``, which is not on PyPI. So the brief
does it itself: ``arabic-reshaper`` picks the joined letter forms and ``python-bidi``
applies the Unicode Bidirectional Algorithm. The algorithm reorders *per line*, after
line breaking, so text with right-to-left runs is wrapped here (in logical order, with
the shaped widths) and each line is reordered on its own; reordering a whole paragraph
first would put the end of a long Arabic sentence on its first line.
"""

import re
import unicodedata

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase.pdfmetrics import stringWidth

_RTL_RE = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC_RE = re.compile(r"[\u0600-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    """Tell whether ``text`` holds any Hebrew or Arabic letter."""
    return _RTL_RE.search(text) is not None


def base_is_rtl(text: str) -> bool:
    """The paragraph direction under the bidi algorithm: that of its first strong letter."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def _shape(text: str) -> str:
    if _ARABIC_RE.search(text) is None:
        return text
    return str(arabic_reshaper.reshape(text))


def visual_line(text: str, rtl_base: bool | None = None) -> str:
    """One line of text, shaped and put in display (left-to-right drawing) order."""
    if not has_rtl(text):
        return text
    if rtl_base is None:
        rtl_base = base_is_rtl(text)
    return str(get_display(_shape(text), base_dir="R" if rtl_base else "L"))


def _split_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and stringWidth(_shape(current + char), font, size) > width:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def visual_lines(text: str, font: str, size: float, width: float) -> tuple[list[str], bool]:
    """Wrap one paragraph to ``width`` points and return its lines in display order.

    Also returns whether the paragraph runs right to left (so the caller aligns it right).
    """
    rtl_base = base_is_rtl(text)
    space = stringWidth(" ", font, size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for raw in text.split():
        words = [raw]
        if stringWidth(_shape(raw), font, size) > width:
            words = _split_word(raw, font, size, width)
        for word in words:
            word_width = stringWidth(_shape(word), font, size)
            if current and used + space + word_width > width:
                lines.append(" ".join(current))
                current, used = [], 0.0
            used += (space if current else 0.0) + word_width
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return [visual_line(line, rtl_base) for line in lines], rtl_base
