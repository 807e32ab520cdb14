"""The cover, the executive summary, the board diagram and the ACH matrix of the brief.

The summary and the ACH matrix show the analysis (``evidenceboard.analysis``) as it is;
nothing here decides a status. Every board string goes through :class:`BriefText`.
"""

from collections import Counter
from datetime import datetime

from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from evidenceboard.analysis import ClaimStatus, Consistency, FindingKind
from evidenceboard.analysis.report import next_steps, row_grade
from evidenceboard.analysis.standing import threshold_lines
from evidenceboard.analysis.wording import labelled
from evidenceboard.export.brief.claims import ClaimSections
from evidenceboard.export.brief.diagram import MAX_DIAGRAM_CARDS, BoardDiagram, legend
from evidenceboard.export.brief.flowables import StatusLabel
from evidenceboard.export.brief.markup import escape_text, shorten
from evidenceboard.export.brief.neighbourhood import Neighbourhood
from evidenceboard.export.brief.page import chapter_heading, chapter_opening
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.export.brief.styles import (
    ACCENT,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    RULE,
    grid_style,
)
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model.cards import CardKind
from evidenceboard.model.markings import Scheme
from evidenceboard.model.short_text import plural

#: Most findings listed in the summary; the rest are counted.
MAX_SUMMARY_FINDINGS = 12
#: Longest claim title in a summary cell (the claim's section has it in full).
SUMMARY_TITLE_CHARS = 240
#: Most hypotheses drawn as columns of the ACH matrix.
MAX_ACH_COLUMNS = 6
#: Most linchpins and gaps listed in the summary (the strongest first).
MAX_NEXT_STEPS = 5
#: Findings worth the summary; single-source and the like already show in the table.
_SUMMARY_FINDINGS = frozenset(
    {
        FindingKind.DERIVED_FROM_CYCLE,
        FindingKind.CIRCULAR_REPORTING,
        FindingKind.ONE_ACTOR,
        FindingKind.CONTESTED,
        FindingKind.DUPLICATE_LINK,
    }
)
_ACH_COLOURS = {
    Consistency.CONSISTENT: colors.HexColor("#e3f1e4"),
    Consistency.INCONSISTENT: colors.HexColor("#f8e0e0"),
    Consistency.NEUTRAL: colors.white,
    Consistency.NOT_APPLICABLE: colors.white,
    Consistency.UNASSESSED: colors.HexColor("#f1f2f4"),
}


class BriefParts:
    """Builds the brief's front matter and overview sections."""

    def __init__(self, scope: BriefScope, text: BriefText, claims: ClaimSections) -> None:
        self.scope = scope
        self.text = text
        self.styles = text.styles
        self.claims = claims

    def cover(
        self,
        title: str,
        author: str,
        marking: str,
        date: datetime,
        left_note: str = "",
        scheme: Scheme | None = None,
    ) -> list[Flowable]:
        styles = self.styles
        board = self.scope.board
        flowables: list[Flowable] = [
            Spacer(1, 70),
            self.text.parsed("EVIDENCE BRIEF", styles.h3),
            *self.text.paragraphs(title, styles.cover_title, FRAME_WIDTH),
            Spacer(1, 4),
            *self.text.paragraphs(board.info.description, styles.cover_lead, FRAME_WIDTH),
            Spacer(1, 26),
        ]
        kinds = Counter(card.kind for card in board.cards.values())
        rows = [
            ("Prepared by", self.text.inline(author) if author else "Not stated"),
            ("Date", escape_text(date.strftime("%d %B %Y"))),
            ("Handling", self._handling(marking, scheme)),
            *([("Left out", escape_text(left_note))] if left_note else []),
            (
                "Covers",
                f"{plural(len(self.scope.claims), 'claim')}, "
                f"{plural(len(self.scope.sources), 'cited source')} "
                f"(board: {plural(kinds[CardKind.CLAIM], 'claim')}, "
                f"{plural(kinds[CardKind.ARTICLE], 'article')}, "
                f"{plural(kinds[CardKind.DOCUMENT], 'document')}, "
                f"{plural(len(board.links), 'link')})",
            ),
            ("Board id", escape_text(board.info.id)),
        ]
        table = Table(
            [
                [self.text.parsed(k, styles.cell_head), self.text.parsed(v, styles.cell)]
                for k, v in rows
            ],
            colWidths=[90, FRAME_WIDTH - 90],
        )
        table.setStyle(
            TableStyle(
                [
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        flowables += [
            table,
            Spacer(1, 30),
            self.text.parsed(
                "Statuses are computed by EvidenceBoard from the links on the board, counting "
                "independent origins rather than reports: a story repeated by several outlets "
                "counts once, at the grade of its origin. They describe the evidence gathered, "
                "not the truth of a claim. How grades count: "
                + escape_text(" ".join(threshold_lines(self.scope.analysis.thresholds))),
                styles.meta,
            ),
            NextPageTemplate("body"),
            PageBreak(),
        ]
        return flowables

    def _handling(self, marking: str, scheme: Scheme | None) -> str:
        if not marking:
            return "No marking"
        words = f" ({escape_text(scheme.name.words)})" if scheme is not None else ""
        note = ""
        if self.scope.portions:
            note = (
                "<br/><font size='7.5'>The page marking is the highest of what the brief "
                "holds; each passage from a marked card carries its own portion mark, "
                "e.g. (S).</font>"
            )
        return self.text.inline(marking) + words + note

    def summary(self) -> list[Flowable]:
        styles = self.styles
        claims = self.scope.claims
        statuses = Counter(self.claims.assessment(c.id).status for c in claims)
        counts = (
            ", ".join(f"{statuses[s]} {s.words.lower()}" for s in ClaimStatus if statuses[s])
            or "none assessed"
        )
        flowables: list[Flowable] = [
            chapter_heading("Executive summary", styles, "summary"),
            self.text.parsed(
                f"This brief covers <b>{len(claims)}</b> claim{'s' if len(claims) != 1 else ''}"
                f": {counts}.",
                styles.body,
            ),
            Spacer(1, 4),
        ]
        if claims:
            head = ["#", "CLAIM", "ASSESSMENT", "FOR", "AGAINST"]
            rows: list[list[object]] = [[self.text.parsed(h, styles.cell_head) for h in head]]
            for number, claim in enumerate(claims, start=1):
                a = self.claims.assessment(claim.id)
                hypothesis = " <font size='7'>(hypothesis)</font>" if a.is_hypothesis else ""
                support = (
                    f"{len(a.supporting)} item{'s' if len(a.supporting) != 1 else ''}<br/>"
                    f"<font size='7'>{a.independent_origin_count} independent origin"
                    f"{'s' if a.independent_origin_count != 1 else ''}</font>"
                )
                rows.append(
                    [
                        self.text.plain(f"C{number}", styles.cell_muted),
                        self.text.parsed(
                            self.claims.portion(claim.id)
                            + self.claims.claim_reference(claim, SUMMARY_TITLE_CHARS)
                            + hypothesis,
                            styles.cell,
                        ),
                        StatusLabel(a.status.value, 84),
                        self.text.parsed(support, styles.cell),
                        self.text.parsed(f"{len(a.contradicting)}", styles.cell),
                    ]
                )
            widths = [30, FRAME_WIDTH - 30 - 96 - 86 - 50, 96, 86, 50]
            table = Table(rows, colWidths=widths, repeatRows=1)
            table.setStyle(grid_style())
            flowables.append(table)
        flowables += self._next_steps()
        flowables += self._findings()
        flowables.append(PageBreak())
        return flowables

    def _next_steps(self) -> list[Flowable]:
        """Linchpins and gaps, in the words of ``analyze`` and the Analysis dock."""
        steps = [
            (text, ids)
            for text, ids in next_steps(self.scope.board, self.scope.analysis)
            if self.scope.names_only_cards_within(ids)
        ]
        if not steps:
            return []
        flowables: list[Flowable] = [self.text.parsed("Look at next", self.styles.h3)]
        for text, ids in steps[:MAX_NEXT_STEPS]:
            named = self.claims.combined_portion(ids)
            flowables += self.text.paragraphs(text, self.styles.body, FRAME_WIDTH, prefix=named)
        return flowables

    def _findings(self) -> list[Flowable]:
        in_scope = {c.id for c in self.scope.claims}
        findings = [
            f
            for f in self.scope.analysis.findings
            if f.kind in _SUMMARY_FINDINGS
            and (not f.card_ids or f.card_ids[0] in in_scope)
            and self.scope.names_only_cards_within(f.card_ids)
        ]
        if not findings:
            return []
        flowables: list[Flowable] = [self.text.parsed("Points to note", self.styles.h3)]
        for finding in findings[:MAX_SUMMARY_FINDINGS]:
            flowables += self.text.paragraphs(
                finding.message,
                self.styles.body,
                FRAME_WIDTH,
                prefix=self.claims.combined_portion(finding.card_ids)
                + f"<b>{escape_text(finding.severity.value.capitalize())}:</b> ",
            )
        if len(findings) > MAX_SUMMARY_FINDINGS:
            more = len(findings) - MAX_SUMMARY_FINDINGS
            flowables.append(
                self.text.parsed(f"… and {more} more; see the claim sections.", self.styles.meta)
            )
        return flowables

    def diagram(self) -> list[Flowable]:
        styles = self.styles
        labels = self._diagram_labels()
        diagram = BoardDiagram(self.scope.board, self.scope.diagram_ids, labels)
        flowables: list[Flowable] = [chapter_heading("Board diagram", styles, "diagram")]
        room = FRAME_HEIGHT - 140
        if diagram.too_large:
            flowables.append(
                self.text.parsed(
                    f"The selection holds {len(diagram.cards):,} cards, more than the "
                    f"{MAX_DIAGRAM_CARDS} that can be drawn legibly on a page. Export a "
                    "selection of the board to include its diagram.",
                    styles.body,
                )
            )
        elif not diagram.cards:
            flowables.append(self.text.parsed("There are no cards to draw.", styles.body))
        elif diagram.legible(FRAME_WIDTH, room) or not self.scope.claims:
            drawing = diagram.drawing(FRAME_WIDTH, room)
            flowables += [drawing, Spacer(1, 10), legend(FRAME_WIDTH)]
        else:
            flowables += self._neighbourhoods(len(diagram.cards))
        flowables.append(PageBreak())
        return flowables

    def _diagram_labels(self) -> dict[str, str]:
        """The text's number of each card, followed by its portion mark: "S3 (S)"."""
        labels = dict(self.claims.card_labels)
        for card_id, mark in self.scope.portions.items():
            labels[card_id] = f"{labels.get(card_id, '')} {mark}".strip()
        return labels

    def _neighbourhoods(self, card_count: int) -> list[Flowable]:
        """Each claim with the cards linked to it, when the whole board is too dense."""
        styles = self.styles
        flowables: list[Flowable] = [
            self.text.parsed(
                f"The {card_count} cards cannot all be drawn legibly on one page, so each "
                "claim is drawn with the cards linked to it: evidence for it on the left, "
                "against it on the right, other linked cards beneath. Numbers are those of "
                "the text.",
                styles.meta,
            ),
            legend(FRAME_WIDTH),
            Spacer(1, 6),
        ]
        labels = self._diagram_labels()
        for claim in self.scope.claims:
            area = Neighbourhood(self.scope.board, claim.id)
            title = (
                f"<b>{escape_text(self.claims.card_labels[claim.id])}</b> "
                f"{self.text.inline(shorten(claim.display_title, 120))}"
            )
            parts: list[Flowable] = [
                self.text.parsed(title, styles.h3),
                area.diagram(self.scope.board, labels).drawing(FRAME_WIDTH, FRAME_HEIGHT - 80),
            ]
            if area.left_out:
                parts.append(
                    self.text.parsed(
                        f"{area.left_out} more linked card{'s' if area.left_out != 1 else ''} "
                        "not drawn here; the claim's section lists them.",
                        styles.meta,
                    )
                )
            flowables.append(KeepTogether(parts))
        return flowables

    def ach(self) -> list[Flowable]:
        matrix = self.scope.analysis.ach
        if not matrix.hypothesis_ids or not matrix.rows:
            return []
        styles = self.styles
        board = self.scope.board
        shown = matrix.hypothesis_ids[:MAX_ACH_COLUMNS]
        flowables = chapter_opening(
            self.text,
            "Competing hypotheses",
            "ach",
            "Each row is one origin with the reports that repeat it; each column a "
            "hypothesis, in ranked order. CC/C: consistent (strong/other), II/I: "
            "inconsistent, N: neutral, NA: not applicable, ?: unassessed (no link yet); "
            "*: set by the analyst over what the links say. Following Heuer's "
            "method, hypotheses are ranked by how much evidence contradicts them, weighted "
            "by grade, least first; ties go to the one with fewer unassessed cells, and a "
            "hypothesis nobody has assessed comes last.",
            4,
        )
        for rank, score in enumerate(matrix.ranking, start=1):
            card = board.cards[score.hypothesis_id]
            items = "item" if score.inconsistent_count == 1 else "items"
            flowables.append(
                self.text.parsed(
                    f"{rank}. {self.claims.portion(card.id)}"
                    f"{label_prefix(score.label, card.display_title)}"
                    f"{self.claims.claim_reference(card)} — "
                    f"{score.inconsistent_count} inconsistent {items}, "
                    f"{score.unassessed} of {len(matrix.rows)} unassessed",
                    styles.body,
                )
            )
        column = (FRAME_WIDTH - 150 - 90) / len(shown)
        head: list[object] = [self.text.parsed("EVIDENCE", styles.cell_head)]
        head += [
            self.text.parsed(
                self.claims.portion(h)
                + label_prefix(matrix.labels[h], board.cards[h].display_title)
                + self.text.inline(shorten(board.cards[h].display_title, 60)),
                styles.cell_head,
            )
            for h in shown
        ]
        head.append(self.text.parsed("GRADE · DIAGNOSTICITY", styles.cell_head))
        rows: list[list[object]] = [head]
        commands: list[tuple[object, ...]] = []
        for r, row in enumerate(matrix.rows, start=1):
            card = board.cards[row.evidence_id]
            # A row speaks for every report that repeats its origin: the highest mark.
            title = self.claims.combined_portion(row.evidence_ids) + self.text.inline(
                shorten(card.display_title, 90)
            )
            if len(row.evidence_ids) > 1:
                title += f" <font size='7'>(+{len(row.evidence_ids) - 1} repeating it)</font>"
            cells: list[object] = [self.text.parsed(title, styles.cell)]
            for c, cell in enumerate(row.cells[: len(shown)], start=1):
                code = cell.code + ("*" if cell.marked else "")  # * set by the analyst
                cells.append(self.text.parsed(f"<b>{escape_text(code)}</b>", styles.cell))
                commands.append(("BACKGROUND", (c, r), (c, r), _ACH_COLOURS[cell.consistency]))
            grade = escape_text(f"{row_grade(board, row)} · {row.diagnosticity_words}")
            cells.append(self.text.parsed(f"<font size='7'>{grade}</font>", styles.cell))
            rows.append(cells)
        table = Table(rows, colWidths=[150] + [column] * len(shown) + [90], repeatRows=1)
        table.setStyle(grid_style(extra=[("ALIGN", (1, 1), (-1, -1), "CENTER"), *commands]))
        flowables += [Spacer(1, 6), KeepTogether([table]) if len(rows) < 25 else table]
        if len(matrix.hypothesis_ids) > len(shown):
            flowables.append(
                self.text.parsed(
                    f"{len(matrix.hypothesis_ids) - len(shown)} more hypotheses are on the board "
                    "and not shown here.",
                    styles.meta,
                )
            )
        flowables.append(PageBreak())
        return flowables


def label_prefix(label: str, title: str) -> str:
    """``<b>H2</b> `` before a hypothesis, unless its title already starts with the label."""
    return "" if labelled(label, title) == title else f"<b>{escape_text(label)}</b> "
