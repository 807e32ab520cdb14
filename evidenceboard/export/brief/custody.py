"""The chain-of-custody appendix: who added or changed each item the brief cites, and when.

It is read from the board's history (one row per change: who, when, what kind, which
items), oldest first. Moves on the canvas change nothing a reader relies on and are left
out. A card the history does not mention (a board imported from another tool, or a
shared copy that lists only what it kept) is shown with the stamps the card carries.
"""

from collections.abc import Sequence

from reportlab.platypus import Flowable, Table

from evidenceboard.export.brief.markup import escape_text, shorten
from evidenceboard.export.brief.page import chapter_opening
from evidenceboard.export.brief.scope import BriefScope
from evidenceboard.export.brief.styles import FRAME_WIDTH, grid_style
from evidenceboard.export.brief.text import BriefText
from evidenceboard.model.cards import Card
from evidenceboard.model.clock import format_timestamp
from evidenceboard.model.history import HistoryEntry

#: Most history rows listed for one item (the latest are kept; the rest are counted).
MAX_ROWS_PER_ITEM = 12
_WORDS = {
    "AddCards": "Added",
    "EditCards": "Changed",
    "RemoveCards": "Removed",
    "AddAttachment": "File attached",
    "RemoveAttachment": "File removed",
    "Batch": "Added or changed (with other items)",
}


def _cited(scope: BriefScope) -> list[tuple[str, Card]]:
    labels = {card.id: f"S{n}" for n, card in enumerate(scope.sources, start=1)}
    items = [(labels[c.id], c) for c in scope.sources]
    items += [(f"C{n}", c) for n, c in enumerate(scope.claims, start=1)]
    return items


def _rows_by_item(
    history: Sequence[HistoryEntry], wanted: dict[str, str]
) -> dict[str, list[HistoryEntry]]:
    """History rows per card id; ``wanted`` maps the attachment hashes to their cards too."""
    rows: dict[str, list[HistoryEntry]] = {}
    for entry in history:
        if entry.change_type not in _WORDS:
            continue
        for item in entry.item_ids & wanted.keys():
            rows.setdefault(wanted[item], []).append(entry)
    return rows


def custody_appendix(
    scope: BriefScope, text: BriefText, history: Sequence[HistoryEntry]
) -> list[Flowable]:
    styles = text.styles
    items = _cited(scope)
    flowables = chapter_opening(
        text,
        "Chain of custody",
        "custody",
        "Who added or changed each cited item, and when, from the board's history "
        "(times in UTC). Moving a card on the canvas is not listed.",
        6,
    )
    if not items:
        flowables.append(text.parsed("The brief cites no items.", styles.body))
        return flowables
    wanted = {card.id: card.id for _label, card in items}
    for _label, card in items:
        sha = getattr(card.content, "attachment", None)
        if isinstance(sha, str) and sha:
            wanted.setdefault(sha, card.id)
    by_item = _rows_by_item(history, wanted)
    head = ["ITEM", "WHEN", "WHO", "WHAT"]
    rows: list[list[object]] = [[text.parsed(h, styles.cell_head) for h in head]]
    for label, card in items:
        entries = by_item.get(card.id, [])
        first = f"<b>[{label}]</b> {text.inline(shorten(card.display_title, 80))}"
        lines = [
            (e.at, e.author, _WORDS[e.change_type])
            for e in (entries[-MAX_ROWS_PER_ITEM:] if entries else [])
        ]
        if not lines:
            lines = [(format_timestamp(card.created_at), card.created_by, "Added")]
            if card.modified_at != card.created_at:
                lines.append((format_timestamp(card.modified_at), card.modified_by, "Changed"))
        if len(entries) > MAX_ROWS_PER_ITEM:
            earlier = len(entries) - MAX_ROWS_PER_ITEM
            first += f"<br/><font size='7'>{earlier} earlier changes not listed</font>"
        for n, (at, who, what) in enumerate(lines):
            rows.append(
                [
                    text.parsed(first if n == 0 else "", styles.cell),
                    text.parsed(escape_text(at), styles.cell_muted),
                    text.parsed(text.inline(shorten(who, 60)) or "not recorded", styles.cell),
                    text.parsed(escape_text(what), styles.cell),
                ]
            )
    widths = [FRAME_WIDTH - 100 - 100 - 95, 100, 100, 95]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(grid_style(top=3, bottom=4))
    flowables.append(table)
    return flowables
