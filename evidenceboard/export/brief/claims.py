"""The claim sections and the sources appendix of the brief.

Each claim gets its statement, who made it and when, the computed assessment (status
label, reasons in words, a warning when its support is not independent), and one table
each for the corroborating and the contradicting evidence. Each row cites its source by
an ``[S n]`` label that is an internal link to the full citation in the appendix.

Table cells hold shortened passages (:data:`CELL_CHARS`): a table row cannot break
across pages, and a row taller than a page stops the layout.
"""

import re
from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from evidenceboard.analysis import ClaimAssessment, EvidenceEntry, FindingKind
from evidenceboard.export.brief.flowables import (
    AccentBlock,
    LabelLine,
    RoomFor,
    StatusLabel,
    StatusLine,
    kept_together,
)
from evidenceboard.export.brief.markdown_note import MarkdownNotes
from evidenceboard.export.brief.markup import anchor_name, escape_text, link_markup, shorten
from evidenceboard.export.brief.page import Heading, chapter_opening
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.export.brief.styles import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    KIND_STROKE,
    LINK_HEX,
    LINK_STYLES,
    PANEL,
    RULE,
    BriefStyles,
)
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model.cards import (
    ArticleContent,
    Card,
    CardKind,
    ClaimContent,
    DocumentContent,
    NoteContent,
)
from evidenceboard.model.claimants import claimant_of, claimant_words
from evidenceboard.model.clock import format_timestamp
from evidenceboard.model.judgement import likelihood_words
from evidenceboard.model.links import LinkKind
from evidenceboard.model.markings import highest

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
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
        self.markdown = MarkdownNotes(styles, text)
        # BoardAnalysis.claim() searches its list; one lookup table serves the whole brief.
        self._assessments = {a.claim_id: a for a in scope.analysis.claims}
        # Grouped once: looking through every finding for every claim grows with the
        # square of the board and took most of a second on a 1,000-claim brief.
        self._circular_reporting: dict[str, list[str]] = {}
        for finding in scope.analysis.findings:
            if finding.kind is FindingKind.CIRCULAR_REPORTING and finding.card_ids:
                self._circular_reporting.setdefault(finding.card_ids[0], []).append(finding.message)
        self.labels = {card.id: f"S{n}" for n, card in enumerate(scope.sources, start=1)}
        #: The number of every card the text names: S for sources, C for claims, N for
        #: the notes linked to claims; the diagram draws the same numbers.
        self.card_labels = dict(self.labels)
        self.card_labels.update({c.id: f"C{n}" for n, c in enumerate(scope.claims, start=1)})
        for claim in scope.claims:
            for note in self._notes_of(claim):
                self.card_labels.setdefault(note.id, f"N{len(self.card_labels) + 1}")
        notes = [i for i, label in self.card_labels.items() if label.startswith("N")]
        self.card_labels.update({i: f"N{n}" for n, i in enumerate(notes, start=1)})

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

    def portion(self, card_id: str) -> str:
        """The card's portion mark as markup to put before its words ("" when unmarked)."""
        mark = self.scope.portions.get(card_id)
        return f"<b>{escape_text(mark)}</b> " if mark else ""

    def combined_portion(self, card_ids: Iterable[str]) -> str:
        """The portion mark of a passage naming these cards: the highest of theirs."""
        ids = [i for i in card_ids if i in self.scope.portions]
        if not ids:
            return ""
        known = [self.scope.markings[i] for i in ids if i in self.scope.markings]
        top = highest(known) if len(known) == len(ids) else None
        mark = top.portion if top is not None else self.scope.portions[ids[0]]
        return f"<b>{escape_text(mark)}</b> "

    def _assessment_ids(self, claim: Card, a: ClaimAssessment) -> list[str]:
        entries = (*a.supporting, *a.contradicting, *a.inferred_support, *a.inferred_contradiction)
        ids = [claim.id, *(e.card_id for e in entries)]
        ids += [o for e in entries for o in e.origin_ids]
        return ids

    def claim_reference(self, card: Card, limit: int | None = None) -> str:
        """The claim's title as markup, linked to its section when it has one."""
        shown = card.display_title if limit is None else shorten(card.display_title, limit)
        title = self.text.inline(shown)
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
            f'<a name="{anchor_name("claim", claim.id)}"/>C{number}. '
            f"{self.portion(claim.id)}{self.text.inline(claim.display_title)}",
            styles.h2,
            f"C{number}. {plain_title}",
            1,
            anchor_name("claim", claim.id),
        )
        status = StatusLine(
            StatusLabel(assessment.status.value),
            self.para(self._claim_meta(claim, content), styles.meta),
        )
        flowables: list[Flowable] = [
            *kept_together(heading, status, Spacer(1, 6)),
            *self._statement(content.statement, self.portion(claim.id)),
        ]
        reasons: list[Flowable] = []
        # The reasons name the evidence by title: marked as the highest card they name.
        named = self.combined_portion(self._assessment_ids(claim, assessment))
        for reason in assessment.reasons:
            reasons += self.text.paragraphs(reason, styles.body, FRAME_WIDTH, prefix=named)
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
        flowables += self._notes_block(claim)
        flowables.append(Spacer(1, 14))
        return flowables

    def _statement(self, statement: str, portion: str) -> list[Flowable]:
        """The statement beside an accent bar, one block per chunk so it can break pages."""
        style = self.styles.statement
        chunks = self._marked_paragraphs(statement, style, FRAME_WIDTH - 14, portion)
        if not chunks:
            chunks = [self.para("No statement recorded.", self.styles.meta)]
        return [AccentBlock(chunk, KIND_STROKE[CardKind.CLAIM]) for chunk in chunks]

    def _marked_paragraphs(
        self, text: str, style: ParagraphStyle, width: float, portion: str
    ) -> list[Flowable]:
        """Paragraphs of a card's text, each one led by the card's portion mark."""
        if not portion:
            return self.text.paragraphs(text, style, width)
        flowables: list[Flowable] = []
        for block in _PARAGRAPH_BREAK.split(text.strip()):
            flowables += self.text.paragraphs(block, style, width, prefix=portion)
        return flowables

    def _notes_of(self, claim: Card) -> list[Card]:
        notes: dict[str, Card] = {}
        for link in self.board.links_of(claim.id):
            other = link.source if link.target == claim.id else link.target
            card = self.board.cards.get(other)
            if card is not None and card.kind is CardKind.NOTE:
                notes.setdefault(card.id, card)
        return list(notes.values())

    def _notes_block(self, claim: Card) -> list[Flowable]:
        """The analyst's notes linked to the claim, in their own words."""
        notes = self._notes_of(claim)
        if not notes:
            return []
        flowables: list[Flowable] = [self.para("Analyst notes", self.styles.h3)]
        for note in notes:
            label = f"<b>[{escape_text(self.card_labels[note.id])}]</b> "
            content = note.content
            if isinstance(content, NoteContent) and content.markdown and note.text.strip():
                # The same share of a long note as a plain one gets, formatted.
                prefix = label + self.portion(note.id)
                flowables += self.markdown.flowables(note.text, CELL_CHARS * 2, prefix)
                continue
            body = shorten(note.text, CELL_CHARS * 2) or note.display_title
            flowables += self._marked_paragraphs(
                body, self.styles.body, FRAME_WIDTH, label + self.portion(note.id)
            )
        return flowables

    def _claim_meta(self, claim: Card, content: ClaimContent) -> str:
        parts = []
        maker = claimant_of(self.board, claim)
        words = claimant_words(self.board, claim)
        if words:
            # The maker's card may be marked above the claim: its name carries its mark.
            mark = self.combined_portion([claim.id, maker.id]) if maker else ""
            parts.append(f"{mark}Claimed by <b>{self.text.inline(words)}</b>")
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
            origins = len(a.support_origins)
            warnings.append(
                f"{len(a.supporting)} supporting items trace back to only {origins} "
                f"independent origin{'s' if origins != 1 else ''}."
            )
        flowables: list[Flowable] = []
        named = self.combined_portion(self._assessment_ids(claim, a))
        for message in warnings:
            flowables += self.text.paragraphs(
                message,
                self.styles.warning,
                FRAME_WIDTH - 12,
                prefix=named + "<b>Corroboration is not independent.</b> ",
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
            self.para(self.portion(card.id) + self.source_reference(card), styles.cell),
            self.para("<br/>".join(details), styles.cell_muted),
        ]
        right: list[Flowable] = []
        if link.quote.strip():
            page = f" (p. {link.page})" if link.page else ""
            quote = "“" + shorten(link.quote, CELL_CHARS) + "”"
            right += self.text.paragraphs(
                quote, styles.quote, _RIGHT_WIDTH - 12, prefix=self.portion(card.id)
            )
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
            markup = self.portion(other.id)
            markup += f"The claim {self.claim_reference(other)} {verb} this one"
            if link.rationale.strip():
                markup += ": " + escape_text(shorten(link.rationale, CELL_CHARS))
            flowables.append(
                self.para(markup + " (an inference, not a second source).", self.styles.body)
            )
        return flowables

    # -- appendix --------------------------------------------------------------------

    def sources_appendix(self) -> list[Flowable]:
        styles = self.styles
        flowables = chapter_opening(
            self.text,
            "Sources",
            "sources",
            "Every article and document the brief relies on, with what is needed to find "
            "and verify it. Every item with a captured file (a document, a saved web "
            "page) shows the SHA-256 digest of the exact file kept in the board.",
            6,
        )
        if not self.scope.sources:
            flowables.append(self.para("No articles or documents are cited.", styles.body))
        for card in self.scope.sources:
            flowables.append(self.para(self._citation(card), styles.citation))
        return flowables

    def _citation(self, card: Card) -> str:
        esc = self.text.inline
        parts = [f'<a name="{anchor_name("src", card.id)}"/><b>[{self.labels[card.id]}]</b>']
        if self.portion(card.id):
            parts.append(self.portion(card.id).strip())
        content = card.content
        if isinstance(content, ArticleContent):
            if content.author:
                parts.append(esc(sentence(content.author)))
            parts.append(f"“{esc(sentence(card.display_title))}”")
            outlet = sentence(content.outlet, ",") if content.outlet else "Outlet not recorded,"
            parts.append(f"{esc(outlet)} {escape_text(content.published or 'undated')}.")
            if content.url:
                url = esc(content.url)
                parts.append(link_markup(content.url, url, LINK_HEX) + ".")
                if content.captured_at is not None:
                    accessed = content.captured_at.strftime("%d %B %Y")
                    parts.append(f"Accessed {escape_text(accessed)}.")
            if content.language:
                parts.append(f"Language: {esc(sentence(content.language))}")
        elif isinstance(content, DocumentContent):
            parts.append(f"“{esc(sentence(card.display_title))}”")
            details = [esc(x) for x in (content.file_name, content.media_type) if x]
            if content.page_count:
                details.append(f"{content.page_count} pages")
            if details:
                parts.append(", ".join(details) + ".")
            if content.origin:
                parts.append(f"Origin: {esc(sentence(content.origin))}")
            parts.append(f"Dated {escape_text(content.date or 'undated')}.")
        if card.grading is not None:
            parts.append(f"Grade {escape_text(card.grading.describe())}.")
        return " ".join(parts) + self._fingerprint(card)

    def _fingerprint(self, card: Card) -> str:
        """The attached file's SHA-256, capture time and who added the item (small print)."""
        content = card.content
        sha = getattr(content, "attachment", None)
        lines: list[str] = []
        if isinstance(sha, str) and sha:
            attachment = self.board.attachments.get(sha)
            size = f" ({attachment.size:,} bytes)" if attachment else ""
            what = "saved page" if isinstance(content, ArticleContent) else "file"
            lines.append(f"SHA-256 of the {what} {escape_text(sha)}{size}")
        elif isinstance(content, DocumentContent):
            lines.append("No file attached.")
        captured = getattr(content, "captured_at", None)
        who = self.text.inline(card.created_by) if card.created_by.strip() else "not recorded"
        added = f"dded by {who} {escape_text(format_timestamp(card.created_at))}"
        if captured is not None:
            lines.append(f"Captured {escape_text(format_timestamp(captured))} · a{added}")
        else:
            lines.append("A" + added)
        return '<br/><font size="7.5">' + "<br/>".join(lines) + "</font>"


def sentence(text: str, end: str = ".") -> str:
    """``text`` ending in ``end``, without doubling the punctuation it already ends with."""
    text = " ".join(text.split()).rstrip(" .,;:")
    if not text:
        return ""
    return text if text[-1] in "?!…" else text + end
