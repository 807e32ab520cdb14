"""Scripts whose letters change form, order and position when set: Devanagari, Thai.

Drawn one glyph per character, Devanagari shows every virama, puts the vowel sign ि
after the consonant it is written before and never joins a conjunct (क्ष); Thai stacks
its tone marks on top of upper vowels. The fonts of these scripts are
:class:`ShapedFont`: each word in them is shaped with HarfBuzz (``uharfbuzz``, through
reportlab's ``shapeFragWord``), which picks the glyphs, their advances and the offsets of the
marks. Glyphs that have no character of their own (a conjunct, a half form) are given
one from the Private Use Area, which reportlab's subsets need.

Two things make the shaped words fit the rest of the brief:

* the font measures text shaped (:meth:`ShapedFont.stringWidth`), so lines are broken,
  aligned and justified on the widths that are drawn, and a word is shaped once
  (:func:`shaped_word` keeps the recent ones);
* :class:`ShapingTextObject`, the text object of the brief's canvas, draws each shaped
  word inside a marked-content span with an ``ActualText`` of the word as typed. The
  glyphs alone would be read back in visual order (the vowel sign before its consonant)
  and as private characters for the conjuncts; viewers and ``pdftotext`` read the span's
  text instead, so a search for a word as typed finds it. The text is written as a hex
  UTF-16 string, so no board text can end the span or add operators.

Words are cut at spaces, which reportlab's word spacing (``Tw``, justified lines) acts
on: they stay plain spaces, outside the spans.

Readers: poppler (``pdftotext``, Evince, Okular) and PDFium (Chrome, ``pypdfium2``, so
the app's own PDF import) read the spans; pypdf does not, and reads the glyphs. PDFium
reads a word twice when a mark raised apart from the glyphs before it is also pushed
to the right of the word's end (of 45 words in ten scripts tried, one: Khmer ស្ត្រី):
PDFium orders a line's text pieces by where they start and so puts the text after
the word between two pieces of its span.
"""

import re
from functools import lru_cache
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapedStr, TTFont, shapeFragWord
from reportlab.pdfgen.textobject import PDFTextObject

_SPACES = re.compile(r"( +)")
#: Distinct shaped words kept: a brief repeats its words (names, places) across claims.
_CACHE_WORDS = 4096


def shaping_available() -> bool:
    """Whether reportlab found HarfBuzz (it imports ``uharfbuzz`` when it can)."""
    return ttfonts.uharfbuzz is not None


class ShapedFont(TTFont):  # type: ignore[misc]
    """A TrueType font whose words are shaped before they are measured or drawn."""

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding)
        if text.isascii():
            return float(super().stringWidth(text, size, encoding))
        total = 0.0
        for piece in _SPACES.split(text):
            if piece.isascii():
                total += super().stringWidth(piece, size, encoding)
            else:
                total += shaped_width(self.fontName, piece) * size / 1000
        return total


@lru_cache(maxsize=_CACHE_WORDS)
def shaped_word(font_name: str, word: str) -> Any:
    """``word`` shaped in the font: a reportlab ``ShapedStr`` of glyph characters."""
    # The word's width that reportlab's shapeStr would measure first is not used by the
    # shaping, and measuring it here would shape the word again. Advances and offsets
    # come in thousandths of an em, whatever the size given.
    fragment = ABag(fontName=font_name, fontSize=10)
    return shapeFragWord([0, (fragment, word)], force=True)[1][1]


@lru_cache(maxsize=_CACHE_WORDS)
def shaped_width(font_name: str, word: str) -> float:
    """The advance of ``word`` shaped, in thousandths of an em."""
    return float(sum(glyph.x_advance for glyph in shaped_word(font_name, word).__shapeData__))


def actual_text(text: str) -> str:
    """``text`` as a PDF text string: UTF-16 with its byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


class ShapingTextObject(PDFTextObject):  # type: ignore[misc]
    """A text object that draws the words of a :class:`ShapedFont` shaped, with their text."""

    _code: list[str]
    _rise: float
    _y: float

    def _formatText(self, text: str) -> str:
        if text.isascii() or isinstance(text, ShapedStr):
            return str(super()._formatText(text))
        font = pdfmetrics.getFont(self._fontname)
        if not isinstance(font, ShapedFont):
            return str(super()._formatText(text))
        operators: list[str] = []
        for piece in _SPACES.split(text):
            if not piece:
                continue
            if piece.isascii():
                operators.append(super()._formatText(piece))
                continue
            glyphs = super()._formatText(shaped_word(font.fontName, piece))
            operators.append(f"/Span <</ActualText {actual_text(piece)}>> BDC {glyphs} EMC")
        return " ".join(operators)

    def setRise(self, rise: float) -> None:
        # reportlab merges two rises in a row into one operator but then keeps the first
        # as the current rise; a shaped word whose last two marks are raised differently
        # (Khmer, Myanmar) left every later word of the line off its baseline.
        operator = f"{fp_str(rise)} Ts"
        if self._code and self._code[-1].endswith(" Ts"):
            self._y += self._rise
            self._code[-1] = operator
        else:
            self._code.append(operator)
        self._rise = rise
        self._y -= rise
