"""Board text to flowables: cleaned, escaped, chunked and put in right-to-left order.

This is the one door through which board text enters the brief's paragraphs. Long texts
are capped (with a visible note saying how much was left out) and cut into chunks of at
most :data:`~evidenceboard.export.markup.CHUNK_CHARS` characters; text with Arabic or
Hebrew letters is wrapped and reordered line by line (see :mod:`bidi_text`).
"""

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from evidenceboard.export.bidi_text import has_rtl, visual_line, visual_lines
from evidenceboard.export.brief_flowables import (
    BriefParagraph,
    ParsedParagraphs,
    PlainParagraphs,
)
from evidenceboard.export.brief_styles import BriefStyles
from evidenceboard.export.markup import chunk_text, clean, escape_text, paragraph_markup

#: Default cap on one text field in the brief (a claim statement, a quote...).
DEFAULT_MAX_TEXT_CHARS = 100_000


class BriefText:
    """Builds paragraphs and inline markup from untrusted board text."""

    def __init__(self, styles: BriefStyles, max_chars: int = DEFAULT_MAX_TEXT_CHARS) -> None:
        self.styles = styles
        self.max_chars = max_chars
        self.plain = PlainParagraphs()
        #: Every paragraph of markup in the brief goes through this parse cache.
        self.parsed = ParsedParagraphs()

    def inline(self, text: str) -> str:
        """Escaped markup for a short field (a name, a title) placed inside our own markup.

        Right-to-left runs are reordered as one line; a title that wraps keeps its words in
        display order within each run, which reads correctly for the short fields used here.
        """
        return escape_text(visual_line(clean(text).replace("\n", " ")))

    def paragraphs(
        self, text: str, style: ParagraphStyle, width: float, prefix: str = ""
    ) -> list[Flowable]:
        """Paragraphs for a long field; ``prefix`` is our own markup put before the first one."""
        text = clean(text).strip()
        omitted = 0
        if len(text) > self.max_chars:
            omitted = len(text) - self.max_chars
            text = text[: self.max_chars]
        flowables: list[Flowable] = []
        for chunk in chunk_text(text):
            lead = prefix if not flowables else ""
            flowables.append(self._chunk_paragraph(chunk, style, width, lead))
        if not flowables and prefix:
            flowables.append(BriefParagraph(prefix, style))
        if omitted:
            note = (
                f"[The brief shows the first {self.max_chars:,} characters of this text; "
                f"{omitted:,} more are in the board.]"
            )
            flowables.append(BriefParagraph(note, self.styles.meta))
        return flowables

    def _chunk_paragraph(
        self, chunk: str, style: ParagraphStyle, width: float, lead: str
    ) -> BriefParagraph:
        if not has_rtl(chunk):
            if not lead and self.plain.accepts(chunk):
                return self.plain(chunk, style)
            return self.parsed(lead + paragraph_markup(chunk), style)
        usable = width - style.leftIndent - style.rightIndent - 2
        lines: list[str] = []
        rtl_any = False
        for line in chunk.split("\n"):
            visual, rtl = visual_lines(line, style.fontName, style.fontSize, usable)
            rtl_any = rtl_any or rtl
            lines.extend(escape_text(v) for v in visual or [""])
        chosen = self.styles.rtl_variant(style) if rtl_any else style
        markup = "<br/>".join(lines)
        return self.parsed((lead + "<br/>" + markup) if lead else markup, chosen)
