"""A Markdown note in the brief: its blocks as paragraphs of our own markup.

The blocks come from :mod:`evidenceboard.model.markdown_text`, which already left raw
HTML as text and images as words. Here every span's text goes through
:meth:`BriefText.inline <evidenceboard.export.brief.text.BriefText.inline>` (cleaned,
escaped, given fonts per script) and only our own tags surround it: ``<b>``, ``<i>``,
``<strike>``, a tinted ``<span>`` for code. A link is its words followed by its target in
brackets as plain text: the brief carries no link a note wrote, so nothing in it leads a
reader's PDF viewer anywhere. The brief embeds no italic face, so emphasis prints upright.
"""

from typing import assert_never

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, HRFlowable

from evidenceboard.export.brief.markup import escape_text
from evidenceboard.export.brief.styles import MUTED, RULE, BriefStyles
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model import markdown_text as md

#: One step of indentation (a list level, a quote level), in points.
INDENT = 12.0
#: The tint behind code, one of our own constants.
CODE_BACK = "#eceff4"
_HEADING_SIZES = {1: 11.5, 2: 10.5}


class MarkdownNotes:
    """Builds the paragraphs of Markdown notes for one brief."""

    def __init__(self, styles: BriefStyles, text: BriefText) -> None:
        self.styles = styles
        self.text = text
        self._styles: dict[tuple[str, int], ParagraphStyle] = {}

    def flowables(self, markdown: str, limit: int, prefix: str = "") -> list[Flowable]:
        """The first ``limit`` characters of ``markdown``; ``prefix`` is our own markup."""
        flowables: list[Flowable] = []
        lead = prefix
        for block in md.parse(markdown, limit):
            made = self._block(block, lead)
            if made is None:
                if lead:
                    flowables.append(self.text.parsed(lead, self.styles.body))
                made = self._block(block, "")
            lead = ""
            if made is not None:
                flowables.append(made)
        if lead:
            flowables.append(self.text.parsed(lead, self.styles.body))
        return flowables

    def _block(self, block: md.Block, lead: str) -> Flowable | None:
        """The block's flowable; None for a block that cannot carry ``lead`` before it."""
        body = self.styles.body
        match block:
            case md.Heading(level=level, spans=spans):
                size = _HEADING_SIZES.get(level)
                markup = f"<b>{self.spans(spans)}</b>"
                if size is not None:
                    markup = f'<font size="{size}">{markup}</font>'
                return self.text.parsed(lead + markup, self._style(body, 0, heading=True))
            case md.Paragraph(spans=spans, depth=depth):
                return self.text.parsed(lead + self.spans(spans), self._style(body, depth))
            case md.ListItem(spans=spans, depth=depth):
                marker = escape_text(block.marker)
                style = self._style(body, depth + 1, hanging=True)
                return self.text.parsed(f"{lead}{marker}\u00a0{self.spans(spans)}", style)
            case md.Quote(spans=spans, depth=depth):
                style = self._style(body, depth, quoted=True)
                return self.text.parsed(lead + self.spans(spans), style)
            case md.CodeBlock(text=text, depth=depth):
                if lead:
                    return None
                lines = [self._code_line(line) for line in text.split("\n")]
                markup = f'<span backColor="{CODE_BACK}">{"<br/>".join(lines)}</span>'
                return self.text.parsed(markup, self._style(body, depth))
            case md.Rule():
                if lead:
                    return None
                return HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=5)
            case _:
                assert_never(block)

    def spans(self, spans: tuple[md.Span, ...]) -> str:
        return "".join(self._span(span) for span in spans)

    def _span(self, span: md.Span) -> str:
        markup = "<br/>".join(self.text.inline(line) for line in span.text.split("\n"))
        if span.code:
            markup = f'<span backColor="{CODE_BACK}">{markup}</span>'
        if span.bold:
            markup = f"<b>{markup}</b>"
        if span.italic:
            markup = f"<i>{markup}</i>"
        if span.strike:
            markup = f"<strike>{markup}</strike>"
        if span.link and span.link.strip() != span.text.strip():
            markup += f" [{self.text.inline(span.link)}]"
        return markup

    def _code_line(self, line: str) -> str:
        # Markup collapses runs of spaces; code keeps its indentation.
        stripped = line.lstrip(" ")
        return "\u00a0" * (len(line) - len(stripped)) + self.text.inline(stripped)

    def _style(
        self,
        base: ParagraphStyle,
        depth: int,
        *,
        hanging: bool = False,
        quoted: bool = False,
        heading: bool = False,
    ) -> ParagraphStyle:
        """``base`` indented ``depth`` steps (one copy per kind, kept for the brief)."""
        variant = "h" if heading else ("l" if hanging else ("q" if quoted else "p"))
        key = (variant, depth)
        style = self._styles.get(key)
        if style is None:
            values: dict[str, object] = {"leftIndent": base.leftIndent + depth * INDENT}
            if hanging:
                values["firstLineIndent"] = -INDENT
                values["spaceAfter"] = 2
            if quoted:
                values["textColor"] = MUTED
            if heading:
                values["keepWithNext"] = 1
                values["spaceBefore"] = 4
            # Paragraphs are parsed once per markup and style name: each copy has its own.
            name = f"{base.name}-markdown-{variant}{depth}"
            style = self._styles[key] = ParagraphStyle(name, parent=base, **values)
        return style
