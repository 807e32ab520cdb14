"""Small flowables of the brief that are cheaper than the tables they replace.

A 1,000-claim brief places tens of thousands of flowables, so per-flowable overhead is
what decides its export time. Three things here keep it down without changing the look:

* :class:`BriefParagraph` remembers its last line breaking. A table wraps every cell
  paragraph once to size its rows and again when it draws them, and a keep-together
  group wraps its content twice; line breaking is the single most expensive step of
  the layout, so the second wrap at the same width reuses the first.
* :class:`StatusLabel`, :class:`StatusLine` and :class:`AccentBlock` draw a status label,
  the label-beside-metadata row and the statement's accent bar directly on the canvas,
  where the first version nested two or three reportlab tables per claim. They keep
  the geometry of those tables (paddings, vertical centring, the bar's width).
* :class:`ParsedParagraphs` parses each distinct piece of markup once per brief (our
  constant labels such as "SOURCE", and the citation of a source cited by many claims)
  and gives every use its own paragraph built from the parsed fragments; markup of a
  shape it has parsed before (the same tags around other words and link targets) is
  filled in from that parse instead (:mod:`~evidenceboard.export.brief.markup_shapes`); and
  :class:`PlainParagraphs` builds the one fragment of a text without any markup
  directly (still cleaned of control characters): parsing markup costs about as much as
  laying it out.
  A plain paragraph gets exactly the fragment reportlab's parser would produce (the
  parser's own whitespace cleaning, then a copy of the style's fragment with the text),
  which a test checks against the parser.

* :class:`LineBreaks` lets paragraphs of the same markup and style, wrapped at the same
  width, share one line breaking: a brief repeats much of its text (the labels of every
  claim, reasons and passages in the same words), and the breaking is the same each time.
  A paragraph that is split across pages first breaks its own lines again, so what the
  split does to them stays its own.

Fragments are shared only between paragraphs of identical markup and style, which
reportlab itself does when it repeats a table's header rows. Board text reaches markup
only escaped, through :class:`~evidenceboard.export.brief.text.BriefText`, which sends
only text free of ``<``, ``>``, ``&`` and line breaks to :class:`PlainParagraphs`.
"""

import re
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

from evidenceboard.analysis import ClaimStatus
from evidenceboard.export.brief.bidi_lines import needs_reordering, visual_lines
from evidenceboard.export.brief.bidi_text import has_rtl
from evidenceboard.export.brief.fonts import BOLD_FONT
from evidenceboard.export.brief.markup import clean, paragraph_markup
from evidenceboard.export.brief.markup_shapes import MarkupShapes, read_shape
from evidenceboard.export.brief.styles import FRAME_HEIGHT, STATUS_COLOURS, STATUS_FALLBACK

_MARKUP_CHARS = re.compile(r"[<>&\n]")
#: Height of a status label: a 10 pt line and 2 + 3 pt of padding.
LABEL_HEIGHT = 15.0
_LABEL_FONT_SIZE = 7.5
#: Baseline of the label text above the label's bottom edge (padding 3, leading 10).
_LABEL_BASELINE = 5.5


#: What :meth:`Paragraph.wrap` (with its ``breakLines``) leaves on a paragraph.
_WRAP_STATE = (
    "width",
    "height",
    "blPara",
    "frags",
    "_wrapWidths",
    "_width_max",
    "_splitLongWordCount",
    "_hyphenations",
)


class LineBreaks:
    """The line breaking of each markup, style and width, shared by a brief's paragraphs."""

    def __init__(self) -> None:
        self._states: dict[tuple[str, str, str, float], dict[str, Any]] = {}

    def get(self, key: tuple[str, str, str], width: float) -> dict[str, Any] | None:
        return self._states.get((*key, width))

    def put(self, key: tuple[str, str, str], width: float, state: dict[str, Any]) -> None:
        self._states[(*key, width)] = state


class BriefParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph that reuses its line breaking when wrapped again at the same width.

    Its lines are broken in logical order; one with right-to-left text or bidi controls
    draws each line in display order (:mod:`evidenceboard.export.brief.bidi_lines`).
    Given ``breaks`` and ``content`` (what its fragments were made from: the kind, the
    text or markup, the style's name), it shares its line breaking with the paragraphs of
    the same content (:class:`LineBreaks`).
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        breaks: LineBreaks | None = None,
        content: tuple[str, str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(text, style, **kwargs)
        frags = kwargs.get("frags")
        # Decided once, on the markup: a scan of every line at each draw cost a 1,000-claim
        # brief seconds. Pieces of a split paragraph are built from fragments.
        self._bidi = (
            has_rtl(text) if frags is None else any(has_rtl(getattr(f, "text", "")) for f in frags)
        )
        # A right-to-left style reverses the words of the lines it draws, in place.
        self._shared: tuple[LineBreaks, tuple[str, str, str], list[Any]] | None = None
        if breaks is not None and content is not None and not style.wordWrap:
            self._shared = (breaks, content, self.frags)

    def draw(self) -> None:
        logical: Any = self.__dict__["blPara"]
        if not self._bidi or not needs_reordering(logical):
            super().draw()
            return
        self.blPara = visual_lines(logical)
        try:
            super().draw()
        finally:
            self.blPara = logical

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        cached = self.__dict__.get("_wrap_cache")
        # split() deletes or replaces blPara; the cache holds only while it is ours.
        if (
            cached is not None
            and cached[0] == availWidth
            and cached[1] is self.__dict__.get("blPara")
        ):
            return self.width, self.height
        shared = self._shared
        if shared is not None:
            state = shared[0].get(shared[1], availWidth)
            if state is not None:
                self.__dict__.update(state)
                self._wrap_cache = (availWidth, state["blPara"])
                return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrap_cache = (availWidth, self.__dict__.get("blPara"))
        if shared is not None and "blPara" in self.__dict__:
            state = {name: self.__dict__[name] for name in _WRAP_STATE if name in self.__dict__}
            shared[0].put(shared[1], availWidth, state)
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        shared = self._shared
        if shared is not None:
            # The pieces are made from this paragraph's lines and fragments: broken again
            # from its own fragments, they are no other paragraph's.
            self._shared = None
            self.frags = list(shared[2])
            self.__dict__.pop("blPara", None)
            self.__dict__.pop("_wrap_cache", None)
        pieces: list[Flowable] = super().split(availWidth, availHeight)
        return pieces


class ParsedParagraphs:
    """Paragraphs of markup, each distinct markup and style parsed once per brief."""

    def __init__(self, breaks: LineBreaks | None = None) -> None:
        self._frags: dict[tuple[str, str], tuple[ParagraphStyle, list[Any]]] = {}
        self._shapes = MarkupShapes()
        self.breaks = breaks if breaks is not None else LineBreaks()

    def __call__(self, markup: str, style: ParagraphStyle) -> BriefParagraph:
        key = (markup, style.name)
        content = ("markup", markup, style.name)
        known = self._frags.get(key)
        if known is None:
            shape = read_shape(markup, style.name)
            known = self._shapes.fill(shape) if shape is not None else None
            if known is None:
                paragraph = BriefParagraph(markup, style, breaks=self.breaks, content=content)
                if shape is not None:
                    self._shapes.learn(shape, paragraph.style, paragraph.frags)
                self._frags[key] = (paragraph.style, list(paragraph.frags))
                return paragraph
            self._frags[key] = known
        return BriefParagraph(
            markup, known[0], frags=list(known[1]), breaks=self.breaks, content=content
        )


class PlainParagraphs:
    """Paragraphs of text without markup, built without running the markup parser."""

    def __init__(self, breaks: LineBreaks | None = None) -> None:
        self._templates: dict[str, Any] = {}
        self.breaks = breaks if breaks is not None else LineBreaks()

    @staticmethod
    def accepts(text: str) -> bool:
        """Whether ``text`` would mean the same as markup (no tags, entities or breaks)."""
        return _MARKUP_CHARS.search(text) is None

    def __call__(self, text: str, style: ParagraphStyle) -> BriefParagraph:
        """The paragraph of ``text`` (plain, untrusted) with its line breaks kept."""
        text = clean(text)
        cleaned = cleanBlockQuotedText(text) if self.accepts(text) else ""
        if not cleaned:
            markup = paragraph_markup(text)
            content = ("markup", markup, style.name)
            return BriefParagraph(markup, style, breaks=self.breaks, content=content)
        template = self._templates.get(style.name)
        if template is None:
            # The parser's fragment for one plain word carries every style attribute.
            template = BriefParagraph("x", style).frags[0]
            self._templates[style.name] = template
        return BriefParagraph(
            cleaned,
            style,
            frags=[template.clone(text=cleaned)],
            breaks=self.breaks,
            content=("plain", cleaned, style.name),
        )


class RoomFor(CondPageBreak):  # type: ignore[misc]
    """A conditional page break whose height is measured when it is laid out.

    It keeps a heading with the start of a table without the cost of ``KeepTogether``,
    which lays the whole table out an extra time. The height is capped below a page so
    that a break at the top of a page can never repeat forever.
    """

    # Transparent to spacing: the space after the flowable before it still collapses
    # with the space before the flowable after it, as if this one were not there.
    _ZEROSIZE = True
    _SPACETRANSFER = True

    def __init__(self, measure: Callable[[float], float]) -> None:
        super().__init__(0)
        self._measure = measure

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = min(self._measure(availWidth), FRAME_HEIGHT * 0.9)
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        return size


def kept_together(*flowables: Flowable) -> list[Flowable]:
    """``flowables`` preceded by a :class:`RoomFor` that keeps them on one page.

    For a heading and the line after it this does what ``keepWithNext`` does, without
    the copy of the frame and the second layout that reportlab's keep-together group
    costs for every claim.
    """
    for flowable in flowables:
        flowable.keepWithNext = 0

    def measure(width: float) -> float:
        total = 0.0
        for flowable in flowables:
            total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
            total += flowable.wrap(width, FRAME_HEIGHT)[1]
        return total

    return [RoomFor(measure), *flowables]


class LabelLine(Flowable):  # type: ignore[misc]
    """One line of our own constant text in a paragraph style, drawn without a paragraph.

    For column headings repeated on every evidence table: the same line as a one-line
    paragraph of the style (baseline, font, colour) without parsing, line breaking and
    paragraph drawing. Only for short constants that never need to wrap.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = float(self.style.leading)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        canvas.saveState()
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        # Paragraph puts a first line's baseline one font size below its top.
        canvas.drawString(style.leftIndent, self.height - style.fontSize, self.text)
        canvas.restoreState()


class StatusLabel(Flowable):  # type: ignore[misc]
    """A coloured label with the status in words (colour is never the only signal)."""

    def __init__(self, status: str, width: float = 92) -> None:
        super().__init__()
        background, ink = STATUS_COLOURS.get(status, STATUS_FALLBACK)
        # Drawn with drawCentredString, never parsed as markup: board text cannot get here
        # anyway (statuses are the analysis' own words), and this way it never could.
        known = {s.value: s.words for s in ClaimStatus}
        self.text = known.get(status, status).upper()
        self.background = colors.HexColor(background)
        self.ink = colors.HexColor(ink)
        self.width = width
        self.height = LABEL_HEIGHT

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(self.background)
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(self.ink)
        canvas.setFont(BOLD_FONT, _LABEL_FONT_SIZE)
        canvas.drawCentredString(self.width / 2, _LABEL_BASELINE, self.text)
        canvas.restoreState()


class StatusLine(Flowable):  # type: ignore[misc]
    """A status label beside a paragraph of metadata, both centred on the row."""

    #: Room given to the label column (the label and a gap).
    label_column = 100.0
    #: Space above and below the row, as the table it replaces had.
    padding = 3.0

    def __init__(self, label: StatusLabel, meta: Paragraph) -> None:
        super().__init__()
        self.label = label
        self.meta = meta
        self._content_height = LABEL_HEIGHT
        self._meta_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _width, self._meta_height = self.meta.wrap(availWidth - self.label_column, availHeight)
        self._content_height = max(LABEL_HEIGHT, self._meta_height)
        self.width = availWidth
        self.height = self._content_height + 2 * self.padding
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        # A row that fits a page goes whole to the next one; metadata taller than a page
        # (thousands of tags) is given up as a row and flows as label then paragraph.
        self.wrap(availWidth, availHeight)
        if self.height <= FRAME_HEIGHT:
            return []
        return [self.label, self.meta]

    def draw(self) -> None:
        middle = self.padding + self._content_height / 2
        self.label.drawOn(self.canv, 0, middle - LABEL_HEIGHT / 2)
        self.meta.drawOn(self.canv, self.label_column, middle - self._meta_height / 2)


class AccentBlock(Flowable):  # type: ignore[misc]
    """A paragraph beside a vertical accent bar; splits across pages like the paragraph.

    Consecutive blocks touch, so the chunks of one long statement share one unbroken bar.
    """

    def __init__(
        self,
        paragraph: Paragraph,
        colour: colors.Color,
        *,
        bar_width: float = 2.5,
        indent: float = 10.0,
        right: float = 6.0,
        pad: float = 1.0,
    ) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.colour = colour
        self.bar_width = bar_width
        self.indent = indent
        self.right = right
        self.pad = pad

    def _inner_width(self, availWidth: float) -> float:
        return availWidth - self.indent - self.right

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        _width, height = self.paragraph.wrap(self._inner_width(availWidth), availHeight)
        self.width = availWidth
        self.height = height + 2 * self.pad
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        parts = self.paragraph.split(self._inner_width(availWidth), availHeight - 2 * self.pad)
        return [self._twin(part) for part in parts]

    def _twin(self, paragraph: Paragraph) -> "AccentBlock":
        return AccentBlock(
            paragraph,
            self.colour,
            bar_width=self.bar_width,
            indent=self.indent,
            right=self.right,
            pad=self.pad,
        )

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(self.bar_width)
        canvas.line(0, 0, 0, self.height)
        canvas.restoreState()
        self.paragraph.drawOn(canvas, self.indent, self.pad)
