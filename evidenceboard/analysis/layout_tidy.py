"""Tidy auto-layout: cards in columns by kind, or in a timeline of columns by month.

By kind, the columns are claims, articles, documents and notes, each sorted by date and
title. By date, each column is one month (the first seven characters of the card's
partial date: published, document date or date claimed), oldest on the left, with cards
of unknown date in a last column. The grid starts at the top-left corner of the
arranged cards' current bounding box, so the selection stays where the user put it.
Pinned cards keep their place and are left out of the grid; the grid may pass under
them, which the user sees at once and can undo.
"""

from collections.abc import Iterable
from enum import StrEnum

from evidenceboard.analysis.layout_moves import moves_to, selected_cards
from evidenceboard.model.board import Board
from evidenceboard.model.cards import (
    ArticleContent,
    Card,
    CardKind,
    ClaimContent,
    DocumentContent,
    EventContent,
)
from evidenceboard.model.changes import MoveCards
from evidenceboard.model.clock import partial_date_sort_key

GAP = 40.0
_KIND_ORDER = (
    CardKind.CLAIM,
    CardKind.ARTICLE,
    CardKind.DOCUMENT,
    CardKind.NOTE,
    CardKind.PERSON,
    CardKind.ORGANISATION,
    CardKind.LOCATION,
    CardKind.EVENT,
)


class TidyOrder(StrEnum):
    KIND = "kind"
    DATE = "date"


def card_date(card: Card) -> str:
    """The partial ISO date a card is about, or "" when it has none."""
    content = card.content
    if isinstance(content, ArticleContent):
        return content.published
    if isinstance(content, DocumentContent):
        return content.date
    if isinstance(content, ClaimContent):
        return content.date_claimed
    if isinstance(content, EventContent):
        return content.start_date
    return ""


def _sort_key(card: Card) -> tuple[str, str, str]:
    return (partial_date_sort_key(card_date(card)), card.display_title.casefold(), card.id)


def _columns(cards: list[Card], order: TidyOrder) -> list[list[Card]]:
    groups: dict[str, list[Card]] = {}
    if order is TidyOrder.KIND:
        for kind in _KIND_ORDER:
            groups[kind.value] = []
        for card in cards:
            groups[card.kind.value].append(card)
    else:
        for card in cards:
            date = card_date(card)
            groups.setdefault(date[:7] if date else "~unknown", []).append(card)
        groups = dict(sorted(groups.items()))
    return [sorted(group, key=_sort_key) for group in groups.values() if group]


def tidy_layout(
    board: Board, card_ids: Iterable[str] | None = None, *, order: TidyOrder = TidyOrder.KIND
) -> MoveCards:
    """Arrange the selected cards (or the whole board) in tidy columns, as one change."""
    cards = [c for c in selected_cards(board, card_ids) if not c.pinned]
    if not cards:
        return MoveCards(())
    left = min(c.geometry.x for c in cards)
    top = min(c.geometry.y for c in cards)
    targets: dict[str, tuple[float, float]] = {}
    x = left
    for column in _columns(cards, order):
        y = top
        for card in column:
            targets[card.id] = (x, y)
            y += card.geometry.height + GAP
        x += max(c.geometry.width for c in column) + GAP
    return moves_to(board, targets)
