"""Page furniture and the document template of the brief.

Every page carries the handling marking at the top and bottom, the brief's title, and
"Page N of M". M is not known while pages are laid out, so each footer draws a form
XObject that :class:`BriefCanvas` fills in with the real total just before saving: one
layout pass instead of the two that ``multiBuild`` would need (which doubles the export
time of a large board).

:class:`BriefDocTemplate` also turns :class:`Heading` flowables into PDF bookmarks, and
reports progress and checks for cancellation after every flowable it places.
"""

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from reportlab.platypus.flowables import Spacer

from evidenceboard.export.brief.canvas_text import draw_text, fit_width
from evidenceboard.export.brief.flowables import BriefParagraph
from evidenceboard.export.brief.fonts import BODY_FONT, BOLD_FONT
from evidenceboard.export.brief.options import BriefCancelled, CancelCheck, ProgressCallback
from evidenceboard.export.brief.shaping import ShapingTextObject
from evidenceboard.export.brief.styles import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MARKING_RED,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    BriefStyles,
)
from evidenceboard.export.brief.text import BriefText

_PAGE_COUNT_FORM = "BriefPageCount"
_FOOTER_SIZE = 7.5
_MARKING_SIZE = 8.5
_LINE_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT


class Heading(BriefParagraph):
    """A paragraph that also becomes a bookmark in the PDF outline."""

    def __init__(
        self, markup: str, style: Any, outline_title: str, outline_level: int, key: str
    ) -> None:
        super().__init__(markup, style)
        self.outline_title = outline_title
        self.outline_level = outline_level
        self.outline_key = key


def chapter_heading(title: str, styles: BriefStyles, key: str) -> Heading:
    """The heading of one of the brief's chapters, bookmarked at the top of the outline."""
    return Heading(title, styles.h1, title, 0, key)


def chapter_opening(
    text: BriefText, title: str, key: str, intro: str, space: float
) -> list[Flowable]:
    """A chapter's heading, then ``intro`` (our own markup) saying what it holds, then ``space``."""
    return [
        chapter_heading(title, text.styles, key),
        text.parsed(intro, text.styles.meta),
        Spacer(1, space),
    ]


class BriefCanvas(Canvas):  # type: ignore[misc]
    """A canvas that writes the total page count into every footer when it saves, and
    draws the words of shaped scripts shaped (:mod:`evidenceboard.export.brief.shaping`)."""

    def beginText(
        self, x: float = 0, y: float = 0, direction: str | None = None
    ) -> ShapingTextObject:
        return ShapingTextObject(self, x, y, direction=direction)

    def drawText(self, aTextObject: PDFTextObject) -> None:
        super().drawText(aTextObject)
        # A paragraph with links or underlines gives its text object a method bound to
        # itself, a cycle that held the object and the lines it drew until the next
        # collection; dropped once drawn, they are freed as soon as the paragraph is.
        aTextObject.__dict__.pop("_do_line", None)

    def save(self) -> None:
        total = self.getPageNumber() - 1
        self.beginForm(_PAGE_COUNT_FORM)
        self.setFont(BODY_FONT, _FOOTER_SIZE)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(max(total, 1)))
        self.endForm()
        super().save()
        # The document's objects refer to one another; dropped here, the canvas no
        # longer holds the tens of thousands of them for a collection to find.
        self._doc = None


class PageDecoration:
    """Draws the header and footer of each page."""

    def __init__(self, title: str, marking: str, footer_note: str) -> None:
        # Plain strings drawn with drawString: no markup is ever parsed here.
        self.title = fit_width(title, BODY_FONT, _FOOTER_SIZE, _LINE_WIDTH)
        self.marking = marking
        # A marking is never cut (a dropped caveat would be a downgrade): a long one is
        # drawn smaller so that it fits the line.
        self.marking_size = _MARKING_SIZE
        width = stringWidth(marking, BOLD_FONT, _MARKING_SIZE)
        if width > _LINE_WIDTH:
            self.marking_size = _MARKING_SIZE * _LINE_WIDTH / width
        self.footer_note = footer_note

    def _marking(self, canvas: Canvas, y: float) -> None:
        if self.marking:
            canvas.setFillColor(MARKING_RED)
            draw_text(
                canvas, PAGE_WIDTH / 2, y, self.marking, BOLD_FONT, self.marking_size, "centre"
            )

    def _footer(self, canvas: Canvas) -> None:
        y = MARGIN_BOTTOM - 30
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_LEFT, y + 12, PAGE_WIDTH - MARGIN_RIGHT, y + 12)
        canvas.setFont(BODY_FONT, _FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_LEFT, y, self.footer_note)
        label = f"Page {canvas.getPageNumber()} of "
        reserve = canvas.stringWidth("0000", BODY_FONT, _FOOTER_SIZE)
        right = PAGE_WIDTH - MARGIN_RIGHT - reserve
        canvas.drawRightString(right, y, label)
        canvas.saveState()
        canvas.translate(right, y)
        canvas.doForm(_PAGE_COUNT_FORM)
        canvas.restoreState()
        self._marking(canvas, MARGIN_BOTTOM - 48)

    def cover_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        self._marking(canvas, PAGE_HEIGHT - MARGIN_TOP + 40)
        self._footer(canvas)
        canvas.restoreState()

    def body_page(self, canvas: Canvas, _doc: BaseDocTemplate) -> None:
        canvas.saveState()
        self._marking(canvas, PAGE_HEIGHT - MARGIN_TOP + 40)
        canvas.setFont(BODY_FONT, _FOOTER_SIZE)
        canvas.setFillColor(MUTED)
        draw_text(canvas, MARGIN_LEFT, PAGE_HEIGHT - MARGIN_TOP + 22, self.title, BODY_FONT, 7.5)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        line_y = PAGE_HEIGHT - MARGIN_TOP + 16
        canvas.line(MARGIN_LEFT, line_y, PAGE_WIDTH - MARGIN_RIGHT, line_y)
        self._footer(canvas)
        canvas.restoreState()


class BriefDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """A4 pages with the brief's furniture, bookmarks, progress and cancellation."""

    def __init__(
        self,
        stream: Any,
        decoration: PageDecoration,
        *,
        progress: ProgressCallback | None,
        is_cancelled: CancelCheck | None,
        progress_offset: int,
        **metadata: Any,
    ) -> None:
        super().__init__(
            stream,
            pagesize=(PAGE_WIDTH, PAGE_HEIGHT),
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            creator="EvidenceBoard",
            **metadata,
        )
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=decoration.cover_page),
                PageTemplate(id="body", frames=[frame], onPage=decoration.body_page),
            ]
        )
        self._progress = progress
        self._is_cancelled = is_cancelled
        self._done = progress_offset
        self._total = progress_offset

    def build_story(self, story: list[Flowable]) -> None:
        """Lay out ``story``; raises :class:`BriefCancelled` if the user cancels."""
        self._total = self._done + sum(1 for f in story if not isinstance(f, Spacer))
        self.build(story, canvasmaker=BriefCanvas)

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            key = flowable.outline_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_title, key, level=flowable.outline_level, closed=True
            )
        if isinstance(flowable, Spacer):
            return
        if self._is_cancelled is not None and self._is_cancelled():
            raise BriefCancelled("The export was cancelled.")
        self._done += 1
        if self._progress is not None:
            self._progress(min(self._done, self._total), self._total)
