"""The index of cards and links without an item misses nothing that lies in a rect."""

import random

from PySide6.QtCore import QLineF, QRectF

from evidenceboard.model.board import Board
from evidenceboard.model.cards import MAX_COORDINATE, CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.ui.board.scene.pending_items import CELL, PendingItems


def _board(seed: int) -> Board:
    rng = random.Random(seed)
    board = Board()
    cards = [
        make_card(
            CardKind.NOTE,
            f"card {i}",
            "tester",
            x=rng.uniform(-20 * CELL, 20 * CELL),
            y=rng.uniform(-20 * CELL, 20 * CELL),
            width=rng.uniform(80, 3 * CELL),
            height=rng.uniform(60, 2 * CELL),
        )
        for i in range(300)
    ]
    board.apply(AddCards(tuple(cards)))
    links = [
        make_link(a.id, b.id, LinkKind.RELATED, "tester")
        for a, b in (rng.sample(cards, 2) for _ in range(600))
    ]
    board.apply(AddLinks(tuple(links)))
    return board


def _rect(board: Board, card_id: str) -> QRectF:
    g = board.cards[card_id].geometry
    return QRectF(g.x, g.y, g.width, g.height)


def _crosses(line: QLineF, rect: QRectF) -> bool:
    """Whether the segment has a point in the rect (exact: an end inside, or an edge cut)."""
    if rect.contains(line.p1()) or rect.contains(line.p2()):
        return True
    corners = (rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft())
    bounded = QLineF.IntersectionType.BoundedIntersection
    return any(
        line.intersects(QLineF(corners[i], corners[(i + 1) % 4]))[0] == bounded for i in range(4)
    )


def test_every_card_and_link_in_a_rect_is_handed_out() -> None:
    for seed in range(3):
        board = _board(seed)
        rng = random.Random(100 + seed)
        for _query in range(20):
            index = PendingItems(board)
            left, top = rng.uniform(-22 * CELL, 20 * CELL), rng.uniform(-22 * CELL, 20 * CELL)
            rect = QRectF(left, top, rng.uniform(10, 4 * CELL), rng.uniform(10, 3 * CELL))
            cards, links = map(
                set, index.take(rect.left(), rect.top(), rect.right(), rect.bottom())
            )
            for card_id in board.cards:
                if _rect(board, card_id).intersects(rect):
                    assert card_id in cards
            for link in board.links.values():
                line = QLineF(
                    _rect(board, link.source).center(), _rect(board, link.target).center()
                )
                if _crosses(line, rect):
                    assert link.id in links


def test_a_place_is_handed_out_once_and_far_places_not_at_all() -> None:
    board = _board(7)
    index = PendingItems(board)
    centre = QRectF(-CELL / 2, -CELL / 2, CELL, CELL)
    cards, links = index.take(centre.left(), centre.top(), centre.right(), centre.bottom())
    assert cards and links
    assert index.take(centre.left(), centre.top(), centre.right(), centre.bottom()) == ([], [])
    # Only the neighbourhood: most of a board 40 cells wide stays pending.
    assert len(set(cards)) < len(board.cards) / 2


def test_links_across_the_largest_board_are_found_without_sampling_them() -> None:
    # Opposite corners of the largest extent a board may have: sampled every half cell,
    # these 400 links would have made over 30 million index entries.
    board = Board()
    far = MAX_COORDINATE - 200
    corners = [
        make_card(CardKind.NOTE, f"corner {i}", "tester", x=x, y=y)
        for i, (x, y) in enumerate(((-far, -far), (far, far), (-far, far), (far, -far)))
    ]
    board.apply(AddCards(tuple(corners)))
    ids = [c.id for c in corners]
    links = [
        make_link(ids[a], ids[b], LinkKind.RELATED, "tester")
        for _ in range(100)
        for a, b in ((0, 1), (2, 3), (0, 2), (1, 3))
    ]
    board.apply(AddLinks(tuple(links)))
    index = PendingItems(board)
    # Near the centre only the two diagonals pass; the edges of the square do not.
    _cards, found = index.take(-CELL, -CELL, CELL, CELL)
    diagonal = {x.id for x in links if {x.source, x.target} in ({ids[0], ids[1]}, {ids[2], ids[3]})}
    assert set(found) == diagonal
    # Handed out once.
    assert index.take(-CELL, -CELL, CELL, CELL) == ([], [])
