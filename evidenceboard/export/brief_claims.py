"""The claim sections and the sources appendix of the brief.

Each claim gets its statement, who made it and when, the computed assessment (status
label, reasons in words, a warning when its support is not independent), and one table
each for the corroborating and the contradicting evidence. Each row cites its source by
an ``[S n]`` label that is an internal link to the full citation in the appendix.

Table cells hold shortened passages (:data:`CELL_CHARS`): a table row cannot break
across pages, and a row taller than a page stops the layout.
"""

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from evidenceboard.analysis import ClaimAssessment, EvidenceEntry, FindingKind
from evidenceboard.export.brief_flowables import (
    AccentBlock,
    LabelLine,
    RoomFor,
    StatusLabel,
    StatusLine,
    kept_together,
)
from evidenceboard.export.brief_page import Heading
from evidenceboard.export.brief_scope import BriefScope
from evidenceboard.export.brief_styles import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    KIND_STROKE,
    LINK_HEX,
    LINK_STYLES,
    PANEL,
    RULE,
    BriefStyles,
)
from evidenceboard.export.brief_text import BriefText
from evidenceboard.export.markup import anchor_name, escape_text, link_markup, shorten
from evidenceboard.model.cards import (
    ArticleContent,
    Card,
    CardKind,
    ClaimContent,
    DocumentContent,
)
from evidenceboard.model.clock import format_timestamp
from evidenceboard.model.judgement import likelihood_words
from evidenceboard.model.links import LinkKind

#: Longest passage or rationale shown in an evidence table cell.
CELL_CHARS = 1_200
_LEFT_WIDTH = FRAME_WIDTH * 0.38
_RIGHT_WIDTH = FRAME_WIDTH - _LEFT_WIDTH
#: Cell padding of the evidence tables: left and right, top and bottom.
_CELL_PAD_X = 6
_CELL_PAD_TOP = 4
_CELL_PAD_BOTTOM = 5


def _table_start_height(heading: Flowable, rows: list[list[object]], width: float) -> float:
    """Height of ``heading`` and the first two rows of its evidence table at ``width``.

    The cells are wrapped at the widths the table gives them, so the table reuses these
    line breaks when it lays itself out.
    """
    height = heading.getSpaceBefore() + heading.wrap(width, FRAME_HEIGHT)[1]
    height += heading.getSpaceAfter()
    widths = (width * _LEFT_WIDTH / FRAME_WIDTH, width * _RIGHT_WIDTH / FRAME_WIDTH)
    for row in rows[:2]:
        cells = []
        for cell, column in zip(row, widths, strict=True):
            parts = cell if isinstance(cell, list) else [cell]
            inner = column - 2 * _CELL_PAD_X
            cells.append(
                sum(float(f.wrap(inner, FRAME_HEIGHT)[1]) for f in parts if isinstance(f, Flowable))
            )
        height += max(cells) + _CELL_PAD_TOP + _CELL_PAD_BOTTOM
    return float(height)


class ClaimSections:
    """Builds the per-claim sections and the appendix for one brief."""

    def __init__(self, scope: BriefScope, styles: BriefStyles, text: BriefText) -> None:
        self.scope = scope
        self.board = scope.board
        self.styles = styles
        self.text = text
        #: The brief's parse cache: a source cited by many claims is parsed once.
        self.para = text.parsed
        # BoardAnalysis.claim() searches its list; one lookup table serves the whole brief.
        self._assessments = {a.claim_id: a for a in scope.analysis.claims}
        # Grouped once: looking through every finding for every claim grows with the
        # square of the board and took most of a second on a 1,000-claim brief.
        self._circular_reporting: dict[str, list[str]] = {}
        for finding in scope.analysis.findings:
            if finding.kind is FindingKind.CIRCULAR_REPORTING and finding.card_ids:
                self._circular_reporting.setdefault(finding.card_ids[0], []).append(finding.message)
        self.labels = {card.id: f"S{n}" for n, card in enumerate(scope.sources, start=1)}

    def assessment(self, claim_id: str) -> ClaimAssessment:
        """The analysis' assessment of a claim of this brief."""
        known = self._assessments.get(claim_id)
        return known if known is not None else self.scope.analysis.claim(claim_id)

    # -- references ------------------------------------------------------------------

    def source_reference(self, card: Card) -> str:
        """``[S3] Title`` as markup, linked to the appendix when the source is there."""
        title = self.text.inline(card.display_title)
        label = self.labels.get(card.id)
        if label is None:
            return f"<b>{title}</b>"
        inner = f"<b>[{label}]</b> {title}"
        if card.id in self.scope.anchored_sources:
            return f'<a href="#{anchor_name("src", card.id)}" color="{LINK_HEX}">{inner}</a>'
        return inner

    def claim_reference(self, card: Card) -> str:
        title = self.text.inline(card.display_title)
        if card.id in self.scope.anchored_claims:
            return f'<a href="#{anchor_name("claim", card.id)}" color="{LINK_HEX}">{title}</a>'
        return title

    # -- claim sections --------------------------------------------------------------

    def claim_section(self, number: int, claim: Card) -> list[Flowable]:
        styles = self.styles
        content = claim.content
        assert isinstance(content, ClaimContent)
        assessment = self.assessment(claim.id)
        plain_title = shorten(claim.display_title, 200)
        heading = Heading(
            f'<a name="{anchor_name("claim", claim.id)}"/>{number}. '
            f"{self.text.inline(claim.display_title)}",
            styles.h2,
            f"{number}. {plain_title}",
            1,
            anchor_name("claim", claim.id),
        )
        status = StatusLine(
            StatusLabel(assessment.status.value),
            self.para(self._claim_meta(claim, content), styles.meta),
        )
        flowables: list[Flowable] = [
            *kept_together(heading, status, Spacer(1, 6)),
            *self._statement(content.statement),
        ]
        reasons: list[Flowable] = []
        for reason in assessment.reasons:
            reasons += self.text.paragraphs(reason, styles.body, FRAME_WIDTH)
        flowables += kept_together(self.para("Assessment", styles.h3), *reasons[:1])
        flowables += reasons[1:]
        flowables += self._independence_warnings(claim, assessment)
        flowables += self._evidence_block(
            "Corroborating evidence", assessment.supporting, LinkKind.CORROBORATES
        )
        flowables += self._evidence_block(
            "Contradicting evidence", assessment.contradicting, LinkKind.CONTRADICTS
        )
        flowables += self._inferred_block(assessment)
        flowables.append(Spacer(1, 14))
        return flowables

    def _statement(self, statement: str) -> list[Flowable]:
        """The statement beside an accent bar, one block per chunk so it can break pages."""
        chunks = self.text.paragraphs(statement, self.styles.statement, FRAME_WIDTH - 14)
        if not chunks:
            chunks = [self.para("No statement recorded.", self.styles.meta)]
        return [AccentBlock(chunk, KIND_STROKE[CardKind.CLAIM]) for chunk in chunks]

    def _claim_meta(self, claim: Card, content: ClaimContent) -> str:
        parts = []
        if content.attributed_to:
            parts.append(f"Claimed by <b>{self.text.inline(content.attributed_to)}</b>")
        else:
            parts.append("Claimed by: not recorded")
        parts.append(f"on {escape_text(content.date_claimed)}" if content.date_claimed else "")
        if content.is_hypothesis:
            parts.append("· Hypothesis")
        parts.append(f"· Analyst confidence: {escape_text(content.confidence.value)}")
        # The analyst's likelihood stands beside the computed status, never inside it.
        likelihood = likelihood_words(content.likelihood) or "not given"
        parts.append(f"· Analyst likelihood: {escape_text(likelihood)}")
        if content.is_key_judgement:
            parts.append("· Key judgement")
        if content.is_assumption:
            parts.append("· Key assumption")
        if claim.tags:
            parts.append("· Tags: " + ", ".join(self.text.inline(t) for t in claim.tags))
        return " ".join(p for p in parts if p)

    def _independence_warnings(self, claim: Card, a: ClaimAssessment) -> list[Flowable]:
        warnings = list(self._circular_reporting.get(claim.id, ()))
        if not warnings and len(a.supporting) > len(a.support_origins) > 0:
            warnings.append(
                f"{len(a.supporting)} supporting items trace back to only "
                f"{len(a.support_origins)} independent origin(s)."
            )
        flowables: list[Flowable] = []
        for message in warnings:
            flowables += self.text.paragraphs(
                message,
                self.styles.warning,
                FRAME_WIDTH - 12,
                prefix="<b>Corroboration is not independent.</b> ",
            )
        return flowables

    def _evidence_block(
        self, title: str, entries: tuple[EvidenceEntry, ...], kind: LinkKind
    ) -> list[Flowable]:
        heading = self.para(f"{title} ({len(entries)})", self.styles.h3)
        if not entries:
            return [heading, self.para("None on the board.", self.styles.meta)]
        # Keeping the heading with a whole table would lay the table out twice; asking
        # for room for the heading and the first two rows keeps them together as well.
        heading.keepWithNext = 0
        cells = self.styles
        rows: list[list[object]] = [
            [
                LabelLine("SOURCE", cells.cell_head),
                LabelLine("PASSAGE AND RATIONALE", cells.cell_head),
            ]
        ]
        for entry in entries:
            rows.append(self._evidence_row(entry))
        table = Table(rows, colWidths=[_LEFT_WIDTH, _RIGHT_WIDTH], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), PANEL),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.2, LINK_STYLES[kind].colour),
                    ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
                    ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PAD_X),
                    ("TOPPADDING", (0, 0), (-1, -1), _CELL_PAD_TOP),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), _CELL_PAD_BOTTOM),
                ]
            )
        )
        room = RoomFor(lambda width: _table_start_height(heading, rows, width))
        return [room, heading, table]

    def _evidence_row(self, entry: EvidenceEntry) -> list[object]:
        styles = self.styles
        card = self.board.cards[entry.card_id]
        link = self.board.links[entry.link_id]
        # The muted details share one paragraph, a line each: the same look as one
        # paragraph per line (no spacing between them) at a fraction of the layout cost.
        details: list[str] = []
        if card.source_line:
            details.append(self.text.inline(card.source_line))
        grade = card.grading.describe() if card.grading else "Not graded"
        details.append(f"Grade: {escape_text(grade)}")
        origins = [o for o in entry.origin_ids if o != card.id]
        if origins:
            names = ", ".join(self.source_reference(self.board.cards[o]) for o in origins)
            details.append(f"Repeats: {names}")
        details.append(f"Link strength: {escape_text(link.strength.value)}")
        left: list[Flowable] = [
            self.para(self.source_reference(card), styles.cell),
            self.para("<br/>".join(details), styles.cell_muted),
        ]
        right: list[Flowable] = []
        if link.quote.strip():
            page = f" (p. {link.page})" if link.page else ""
            quote = "“" + shorten(link.quote, CELL_CHARS) + "”"
            right += self.text.paragraphs(quote, styles.quote, _RIGHT_WIDTH - 12)
            if page:
                right.append(self.para(escape_text(page.strip()), styles.cell_muted))
        if link.rationale.strip():
            right += self.text.paragraphs(
                shorten(link.rationale, CELL_CHARS),
                styles.cell,
                _RIGHT_WIDTH - 12,
                prefix="<b>Why it matters:</b> ",
            )
        if not right:
            right.append(self.para("No passage or rationale recorded.", styles.cell_muted))
        return [left, right]

    def _inferred_block(self, a: ClaimAssessment) -> list[Flowable]:
        entries = [("supports", e) for e in a.inferred_support]
        entries += [("disputes", e) for e in a.inferred_contradiction]
        if not entries:
            return []
        flowables: list[Flowable] = [self.para("Inferred from other claims", self.styles.h3)]
        for verb, entry in entries:
            other = self.board.cards[entry.card_id]
            link = self.board.links[entry.link_id]
            markup = f"The claim {self.claim_reference(other)} {verb} this one"
            if link.rationale.strip():
                markup += ": " + escape_text(shorten(link.rationale, CELL_CHARS))
            flowables.append(
                self.para(markup + " (an inference, not a second source).", self.styles.body)
            )
        return flowables

    # -- appendix --------------------------------------------------------------------

    def sources_appendix(self) -> list[Flowable]:
        styles = self.styles
        flowables: list[Flowable] = [
            Heading("Sources", styles.h1, "Sources", 0, "sources"),
            self.para(
                "Every article and document the brief relies on, with what is needed to find "
                "and verify it. SHA-256 digests identify the exact file kept in the board.",
                styles.meta,
            ),
            Spacer(1, 6),
        ]
        if not self.scope.sources:
            flowables.append(self.para("No articles or documents are cited.", styles.body))
        for card in self.scope.sources:
            flowables.append(self.para(self._citation(card), styles.citation))
        return flowables

    def _citation(self, card: Card) -> str:
        esc = self.text.inline
        parts = [f'<a name="{anchor_name("src", card.id)}"/><b>[{self.labels[card.id]}]</b>']
        content = card.content
        if isinstance(content, ArticleContent):
            if content.author:
                parts.append(esc(content.author) + ".")
            parts.append(f"“{esc(card.display_title)}.”")
            outlet = esc(content.outlet) if content.outlet else "Outlet not recorded"
            parts.append(f"{outlet}, {escape_text(content.published or 'undated')}.")
            if content.url:
                url = esc(content.url)
                parts.append(link_markup(content.url, url, LINK_HEX) + ".")
            if content.captured_at is not None:
                parts.append(f"Captured {escape_text(format_timestamp(content.captured_at))}.")
            if content.language:
                parts.append(f"Language: {esc(content.language)}.")
        elif isinstance(content, DocumentContent):
            parts.append(f"“{esc(card.display_title)}.”")
            details = [esc(x) for x in (content.file_name, content.media_type) if x]
            if content.page_count:
                details.append(f"{content.page_count} pages")
            if details:
                parts.append(", ".join(details) + ".")
            if content.origin:
                parts.append(f"Origin: {esc(content.origin)}.")
            parts.append(f"Dated {escape_text(content.date or 'undated')}.")
            if content.attachment:
                attachment = self.board.attachments.get(content.attachment)
                size = f" ({attachment.size:,} bytes)" if attachment else ""
                parts.append(
                    f'<br/><font size="7.5">SHA-256 {escape_text(content.attachment)}{size}</font>'
                )
            else:
                parts.append("No file attached.")
        if card.grading is not None:
            parts.append(f"Grade {escape_text(card.grading.describe())}.")
        return " ".join(parts)
