"""The brief's Chronology section: the dated items of the brief in time order.

The same chronology as the Timeline dock and ``evidenceboard timeline``
(:mod:`evidenceboard.model.chronology`), limited to what the brief covers: its claims
and its sources. Each row gives the date as written and how precise it is (a year
covers the whole year), the item (linked to its claim section or its entry in the
sources appendix when the brief has one) and its source; the items without a date are
counted under the table, with the longest stretches nothing covers.

Every board string goes through :meth:`BriefText.inline` (escaped) before it reaches
reportlab markup.
"""

from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from evidenceboard.export.brief.claims import ClaimSections
from evidenceboard.export.brief.markup import shorten
from evidenceboard.export.brief.page import chapter_opening
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.export.brief.styles import FRAME_WIDTH, BriefStyles, grid_style
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.chronology import chronology_of_cards

#: Rows beyond this are left out (a note says how many): a brief is read, not searched.
MAX_ROWS = 500
# The precision column fits its heading, "PRECISION", on one line.
_WIDTHS = (78, 62, FRAME_WIDTH - 78 - 62 - 150, 150)


def _count(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def chronology_section(
    scope: BriefScope, styles: BriefStyles, text: BriefText, claims: ClaimSections
) -> list[Flowable]:
    """The Chronology heading, table and notes; nothing when no item of the brief is dated."""
    cards: dict[str, Card] = {c.id: c for c in (*scope.claims, *scope.sources)}
    found = chronology_of_cards(cards.values())
    if not found.entries:
        return []
    flowables = chapter_opening(
        text,
        "Chronology",
        "chronology",
        "The dated claims and sources of this brief in time order. A date known only "
        "to the month or the year covers all of it and is listed at its start.",
        4,
    )
    rows: list[list[object]] = [
        [text.parsed(head, styles.cell_head) for head in ("DATE", "PRECISION", "ITEM", "SOURCE")]
    ]
    for entry in found.entries[:MAX_ROWS]:
        card = cards[entry.card_id]
        if card.kind is CardKind.CLAIM:
            item = claims.claim_reference(card)
        else:
            item = claims.source_reference(card)
        captured = " (captured)" if entry.field.value == "captured_at" else ""
        rows.append(
            [
                text.parsed(text.inline(entry.date_text), styles.cell),
                text.parsed(entry.precision.value + captured, styles.cell_muted),
                text.parsed(f"{item} <font size='7'>· {entry.kind.value}</font>", styles.cell),
                text.parsed(text.inline(shorten(entry.source, 120)), styles.cell_muted),
            ]
        )
    table = Table(rows, colWidths=list(_WIDTHS), repeatRows=1)
    # reportlab's own top and bottom padding, 3 points.
    table.setStyle(grid_style(sides=4, top=3, bottom=3))
    flowables.append(table)
    notes = []
    if len(found.entries) > MAX_ROWS:
        notes.append(f"{_count(len(found.entries) - MAX_ROWS, 'later dated item')} not listed.")
    notes.append(f"{_count(found.undated_count, 'item')} of this brief without a date.")
    quiet = found.quiet_periods()
    if quiet:
        spans = "; ".join(
            f"{p.start.date().isoformat()} to {p.end.date().isoformat()}" for p in quiet
        )
        notes.append(f"Longest stretches with nothing dated: {spans}.")
    flowables.append(Spacer(1, 4))
    flowables += [text.parsed(text.inline(note), styles.meta) for note in notes]
    # The sources appendix starts on a page of its own, as after the other sections.
    flowables.append(PageBreak())
    return flowables
