"""Board text to flowables: cleaned, escaped, chunked, shaped and given fonts per script.

This is the one door through which board text enters the brief's paragraphs. Long texts
are capped (with a visible note saying how much was left out) and cut into chunks of at
most :data:`~evidenceboard.export.brief.markup.CHUNK_CHARS` characters. Arabic is shaped (in
logical order), runs of characters the body font lacks get a fallback font
(:mod:`fonts`; the words of Indic, Thai and other such scripts are shaped when they are
measured and drawn, :mod:`shaping`), and a short field placed inside our own markup is isolated
(:func:`~evidenceboard.export.brief.bidi_text.isolate`) so a right-to-left title neither
captures nor reorders the words around it. Paragraphs are broken into lines in logical
order and each line is reordered for display when it is drawn (:mod:`bidi_lines`).
"""

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from evidenceboard.export.brief.bidi_text import (
    base_is_rtl,
    has_rtl,
    isolate,
    shape,
    without_controls,
)
from evidenceboard.export.brief.flowables import (
    BriefParagraph,
    LineBreaks,
    ParsedParagraphs,
    PlainParagraphs,
)
from evidenceboard.export.brief.fonts import missing_scripts, needs_fallback, run_markup
from evidenceboard.export.brief.markup import chunk_text, clean, escape_text, paragraph_markup
from evidenceboard.export.brief.styles import BriefStyles

#: Default cap on one text field in the brief (a claim statement, a quote...).
DEFAULT_MAX_TEXT_CHARS = 100_000


class BriefText:
    """Builds paragraphs and inline markup from untrusted board text."""

    def __init__(self, styles: BriefStyles, max_chars: int = DEFAULT_MAX_TEXT_CHARS) -> None:
        self.styles = styles
        self.max_chars = max_chars
        #: Paragraphs of the same content share their line breaking at a width.
        self.breaks = LineBreaks()
        self.plain = PlainParagraphs(self.breaks)
        #: Every paragraph of markup in the brief goes through this parse cache.
        self.parsed = ParsedParagraphs(self.breaks)
        #: Scripts met in board text that no font on this system can draw.
        self.unprintable: set[str] = set()

    def inline(self, text: str) -> str:
        """Escaped markup for a short field (a name, a title) placed inside our own markup."""
        text = printable(text).replace("\n", " ")
        if text.isascii():
            return escape_text(text)
        self.unprintable.update(missing_scripts(text))
        return run_markup(escape_text(isolate(shape(text))))

    def paragraphs(
        self, text: str, style: ParagraphStyle, width: float, prefix: str = ""
    ) -> list[Flowable]:
        """Paragraphs for a long field; ``prefix`` is our own markup put before the first one."""
        text = printable(text).strip()
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
        if chunk.isascii() or not (has_rtl(chunk) or needs_fallback(chunk)):
            if not lead and self.plain.accepts(chunk):
                return self.plain(chunk, style)
            return self.parsed(lead + paragraph_markup(chunk), style)
        self.unprintable.update(missing_scripts(chunk))
        # Lines are broken in logical order and reordered when drawn; only the alignment
        # of a right-to-left paragraph is chosen here.
        chosen = self.styles.rtl_variant(style) if base_is_rtl(chunk) and not lead else style
        markup = run_markup(paragraph_markup(shape(chunk)))
        return self.parsed((lead + "<br/>" + markup) if lead else markup, chosen)


def printable(text: str) -> str:
    """Cleaned board text without emoji presentation selectors (no font draws them) and
    without bidi controls (the brief isolates fields itself)."""
    text = clean(text)
    if text.isascii():
        return text
    return without_controls(text.replace("\ufe0f", "").replace("\ufe0e", ""))
