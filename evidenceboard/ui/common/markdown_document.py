"""A Markdown note as a Qt text document, built from its blocks through ``QTextCursor``.

The blocks come from :mod:`evidenceboard.model.markdown_text`; here each span's text goes
in with ``insertText`` and a character format, so board text is never read as HTML or
Markdown by Qt (``setHtml``/``setMarkdown`` would load the images an ``<img>`` names and
follow the rest of HTML). A link is words in the link colour, underlined, with its target
kept as the format's anchor for a view that asks before opening it (the inspector); the
canvas only draws it.

Documents are cached per text, width and look (:func:`cached_document`), so a card that is
laid out again (selected, graded, themed) reuses its document.
"""

from collections import OrderedDict
from dataclasses import dataclass
from typing import assert_never

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPainter,
    QPalette,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
)

from evidenceboard.model import markdown_text as md

#: How much larger than the text a heading of each level is set.
HEADING_SCALE = {1: 1.36, 2: 1.22, 3: 1.12}
#: Documents kept by :func:`cached_document` (one per Markdown card on screen, and then some).
CACHE_SIZE = 256
#: Line and paragraph breaks inside a block's text; a new block would lose its format.
_BREAKS = str.maketrans({"\n": "\u2028", "\r": "\u2028", "\u2029": "\u2028"})


@dataclass(frozen=True, slots=True)
class MarkdownLook:
    """The fonts and colours a Markdown document is set in (``#rrggbb`` colours)."""

    font: QFont
    text: str
    strong: str
    muted: str
    link: str
    code_fill: str

    def key(self) -> tuple[object, ...]:
        return (self.font.key(), self.text, self.strong, self.muted, self.link, self.code_fill)


def _pixels(font: QFont) -> float:
    if font.pixelSize() > 0:
        return float(font.pixelSize())
    return QFontMetricsF(font).height() / 1.2


def _sized(font: QFont, scale: float) -> QFont:
    sized = QFont(font)
    if font.pixelSize() > 0:
        sized.setPixelSize(max(1, round(font.pixelSize() * scale)))
    else:
        sized.setPointSizeF(font.pointSizeF() * scale)
    return sized


def _monospace(font: QFont) -> QFont:
    mono = QFont(font)
    mono.setFamilies(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).families())
    mono.setStyleHint(QFont.StyleHint.Monospace)
    return _sized(mono, 0.92)


class _Builder:
    def __init__(self, look: MarkdownLook) -> None:
        self.look = look
        self.document = QTextDocument()
        self.document.setUndoRedoEnabled(False)
        self.document.setDocumentMargin(0)
        self.document.setDefaultFont(look.font)
        self.cursor = QTextCursor(self.document)
        self.first = True
        line = _pixels(look.font)
        #: One step of indentation (a list level, a quote level) and the gap after a block.
        self.indent = round(line * 1.3)
        self.gap = round(line * 0.45)
        self.mono = _monospace(look.font)

    def char_format(self, colour: str, font: QFont | None = None) -> QTextCharFormat:
        char = QTextCharFormat()
        char.setFont(font or self.look.font)
        char.setForeground(QBrush(QColor(colour)))
        return char

    def start(self, block: QTextBlockFormat, char: QTextCharFormat) -> None:
        if self.first:
            self.cursor.setBlockFormat(block)
            self.cursor.setBlockCharFormat(char)
            self.first = False
        else:
            self.cursor.insertBlock(block, char)

    def spans(self, spans: tuple[md.Span, ...], base: QTextCharFormat) -> None:
        for span in spans:
            char = QTextCharFormat(base)
            if span.bold:
                char.setFontWeight(QFont.Weight.Bold)
            if span.italic:
                char.setFontItalic(True)
            if span.strike:
                char.setFontStrikeOut(True)
            if span.code:
                char.setFontFamilies(self.mono.families())
                char.setBackground(QBrush(QColor(self.look.code_fill)))
            if span.link:
                char.setForeground(QBrush(QColor(self.look.link)))
                char.setFontUnderline(True)
                char.setAnchor(True)
                char.setAnchorHref(span.link)
            self.cursor.insertText(span.text.translate(_BREAKS), char)

    def add(self, block: md.Block) -> None:
        look, fmt = self.look, QTextBlockFormat()
        fmt.setBottomMargin(self.gap)
        match block:
            case md.Heading(level=level, spans=spans):
                font = _sized(look.font, HEADING_SCALE.get(level, 1.0))
                font.setBold(True)
                fmt.setTopMargin(0 if self.first else self.gap)
                fmt.setHeadingLevel(level)
                char = self.char_format(look.strong, font)
                self.start(fmt, char)
                self.spans(spans, char)
            case md.Paragraph(spans=spans, depth=depth):
                fmt.setLeftMargin(depth * self.indent)
                char = self.char_format(look.text)
                self.start(fmt, char)
                self.spans(spans, char)
            case md.ListItem(spans=spans, depth=depth):
                char = self.char_format(look.text)
                lead = block.marker + " "
                width = max(QFontMetricsF(look.font).horizontalAdvance(lead), self.indent)
                # A hanging indent: the marker stands out, wrapped lines align with the text.
                fmt.setLeftMargin(depth * self.indent + width)
                fmt.setTextIndent(-width)
                fmt.setBottomMargin(round(self.gap / 3))
                self.start(fmt, char)
                self.cursor.insertText(lead, char)
                self.spans(spans, char)
            case md.Quote(spans=spans, depth=depth):
                fmt.setLeftMargin(depth * self.indent)
                char = self.char_format(look.muted)
                char.setFontItalic(True)
                self.start(fmt, char)
                self.spans(spans, char)
            case md.CodeBlock(text=text, depth=depth):
                fmt.setLeftMargin(depth * self.indent)
                fmt.setBackground(QBrush(QColor(look.code_fill)))
                char = self.char_format(look.text, self.mono)
                self.start(fmt, char)
                self.cursor.insertText(text.translate(_BREAKS), char)
            case md.Rule():
                fmt.setProperty(
                    QTextFormat.Property.BlockTrailingHorizontalRulerWidth,
                    QTextLength(QTextLength.Type.PercentageLength, 100),
                )
                char = self.char_format(look.muted)
                self.start(fmt, char)
            case _:
                assert_never(block)


def markdown_document(
    blocks: tuple[md.Block, ...], look: MarkdownLook, width: float
) -> QTextDocument:
    """A new document of ``blocks`` set in ``look``, laid out ``width`` wide."""
    builder = _Builder(look)
    for block in blocks:
        builder.add(block)
    document = builder.document
    document.setTextWidth(max(width, 1.0))
    return document


_cache: OrderedDict[tuple[object, ...], QTextDocument] = OrderedDict()


def cached_document(text: str, look: MarkdownLook, width: float, limit: int) -> QTextDocument:
    """The document of the Markdown ``text`` (its first ``limit`` characters), shared.

    Callers only read and draw it; it is made again when the text, width or look change.
    """
    key = (text, round(width, 2), limit, *look.key())
    document = _cache.get(key)
    if document is not None:
        _cache.move_to_end(key)
        return document
    document = markdown_document(md.parse(text, limit), look, width)
    _cache[key] = document
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)
    return document


def fitting_height(document: QTextDocument, room: float) -> float:
    """The height of the lines of ``document`` that fit whole in ``room``, from its top."""
    layout = document.documentLayout()
    fitted = 0.0
    block = document.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for index in range(lines.lineCount()):
            line = lines.lineAt(index)
            bottom = top + line.y() + line.height()
            if bottom > room:
                return fitted
            fitted = bottom
        block = block.next()
    return fitted


def draw_document(painter: QPainter, document: QTextDocument, height: float, rule: str) -> None:
    """Draw the top ``height`` of ``document`` at the painter's origin.

    ``rule`` is the colour of horizontal rules, which Qt takes from the palette it paints
    with rather than from any format; every text has its own colour in its format.
    """
    context = QAbstractTextDocumentLayout.PaintContext()
    context.clip = QRectF(0, 0, document.textWidth(), height)
    palette = QPalette()
    # Qt draws a rule in the window text colour of the palette it is handed.
    palette.setColor(QPalette.ColorRole.WindowText, QColor(rule))
    context.palette = palette
    painter.save()
    painter.setClipRect(context.clip, Qt.ClipOperation.IntersectClip)
    document.documentLayout().draw(painter, context)
    painter.restore()
