"""What every auto-layout shares: choosing the cards to move and turning positions into one change.

A layout returns a single :class:`MoveCards`, so arranging 10,000 cards is one entry on
the undo stack. Pinned cards are never moved. Frames are not arranged, but each frame
whose cards a layout moves is refitted around them in the same change, so a card is
never carried out of the frame that holds it. New positions are rounded to whole scene
units and kept inside the board's coordinate range.
"""

from collections.abc import Callable, Iterable, Mapping

from evidenceboard.model.board import Board
from evidenceboard.model.cards import MAX_COORDINATE, Card, CardKind, Geometry
from evidenceboard.model.changes import MoveCards
from evidenceboard.model.frames import keep_frames_whole

#: Called between iterations; returning True stops the layout.
CancelCheck = Callable[[], bool]
#: Called with the fraction done, from 0.0 to 1.0.
ProgressCallback = Callable[[float], None]


class LayoutCancelled(Exception):
    """The layout was stopped through its cancel hook; nothing was changed."""


def selected_cards(board: Board, card_ids: Iterable[str] | None) -> list[Card]:
    """The cards to arrange, in id order: the selection, or the whole board."""
    # A frame keeps its place: it is where the analyst put a group of cards.
    if card_ids is None:
        return [c for i in sorted(board.cards) if (c := board.cards[i]).kind is not CardKind.FRAME]
    return [c for i in sorted(set(card_ids)) if (c := board.card(i)).kind is not CardKind.FRAME]


def moves_to(board: Board, top_left: Mapping[str, tuple[float, float]]) -> MoveCards:
    """The change that puts each card's top-left corner at the given point.

    Frames are refitted around their cards in the same change (see
    :func:`~evidenceboard.model.frames.keep_frames_whole`), so one Undo puts them back too.
    """
    targets: dict[str, Geometry] = {}
    for card_id in sorted(top_left):
        card = board.cards[card_id]
        if card.pinned:
            continue
        x, y = (
            float(round(max(-MAX_COORDINATE, min(MAX_COORDINATE, value))))
            for value in top_left[card_id]
        )
        targets[card_id] = card.geometry.moved_to(x, y)
    kept = keep_frames_whole(board, targets)
    moves = [
        (card_id, board.cards[card_id].geometry, kept[card_id])
        for card_id in sorted(kept)
        if kept[card_id] != board.cards[card_id].geometry
    ]
    return MoveCards(tuple(moves))
