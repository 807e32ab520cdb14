"""Links on the canvas go around the cards they do not join, and follow when cards move."""

import itertools

from PySide6.QtCore import QLineF, QPointF, QRectF
from pytestqt.qtbot import QtBot

from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards, MoveCards
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.model.routing import Rect, segment_hits
from evidenceboard.ui.board.scene.board_scene import BoardScene
from evidenceboard.ui.board.scene.link_item import clip_line
from evidenceboard.ui.common.theme import LIGHT
from evidenceboard.ui.window.main_window import MainWindow


def _rect(card: Card) -> Rect:
    g = card.geometry
    return Rect(g.x, g.y, g.x + g.width, g.y + g.height)


def _centre(card: Card) -> tuple[float, float]:
    g = card.geometry
    return g.x + g.width / 2, g.y + g.height / 2


def _crossed(board: Board, link_id: str, points: list[tuple[float, float]]) -> int:
    """How many cards the line through ``points`` passes, other than the link's own two."""
    link = board.links[link_id]
    others = [_rect(c) for i, c in board.cards.items() if i not in (link.source, link.target)]
    pairs = list(itertools.pairwise(points))
    return sum(any(segment_hits(a, b, r) for a, b in pairs) for r in others)


def _drawn(scene: BoardScene, link_id: str) -> list[tuple[float, float]]:
    item = scene.link_item(link_id)
    assert item is not None
    return [(p.x(), p.y()) for p in item.points()]


def _row() -> tuple[Board, Card, Card, Card, str]:
    """Three cards in a row and a link from the first to the third, across the middle."""
    board = Board(BoardInfo(title="Row"))
    left = make_card(CardKind.CLAIM, "Left", "ana", x=0, y=0)
    middle = make_card(CardKind.NOTE, "Middle", "ana", x=400, y=0)
    right = make_card(CardKind.CLAIM, "Right", "ana", x=800, y=0)
    link = make_link(left.id, right.id, LinkKind.CORROBORATES, "ana")
    board.apply(AddCards((left, middle, right), (link,)))
    return board, left, middle, right, link.id


def test_a_link_goes_around_a_card_in_its_way_and_straightens_when_it_moves(
    qtbot: QtBot,
) -> None:
    board, left, middle, right, link_id = _row()
    scene = BoardScene(board, LIGHT)
    straight = [_centre(left), _centre(right)]
    assert _crossed(board, link_id, straight) == 1
    item = scene.link_item(link_id)
    assert item is not None and len(item.bends()) >= 1
    assert _crossed(board, link_id, _drawn(scene, link_id)) == 0

    g = middle.geometry
    board.apply(MoveCards(((middle.id, g, g.moved_to(g.x, g.y + 900)),)))
    assert item.bends() == ()
    assert _crossed(board, link_id, _drawn(scene, link_id)) == 0

    # A card dropped into the way of a straight link turns it again.
    board.apply(MoveCards(((middle.id, g.moved_to(g.x, g.y + 900), g),)))
    assert len(item.bends()) >= 1
    assert _crossed(board, link_id, _drawn(scene, link_id)) == 0
    scene.detach()


def test_a_new_card_in_the_way_of_a_link_turns_it(qtbot: QtBot) -> None:
    board = Board(BoardInfo(title="Two"))
    a = make_card(CardKind.CLAIM, "A", "ana", x=0, y=0)
    b = make_card(CardKind.CLAIM, "B", "ana", x=900, y=0)
    link = make_link(a.id, b.id, LinkKind.RELATED, "ana")
    board.apply(AddCards((a, b), (link,)))
    scene = BoardScene(board, LIGHT)
    item = scene.link_item(link.id)
    assert item is not None and item.bends() == ()
    board.apply(AddCards((make_card(CardKind.NOTE, "In the way", "ana", x=450, y=0),)))
    assert item.bends() != ()
    assert _crossed(board, link.id, _drawn(scene, link.id)) == 0
    scene.detach()


def test_the_demo_reads_with_fewer_lines_behind_cards(window: MainWindow) -> None:
    assert window.session is not None
    scene, board = window.session.scene, window.session.document.board
    straight = drawn = 0
    for link in board.links.values():
        before = _crossed(
            board, link.id, [_centre(board.cards[link.source]), _centre(board.cards[link.target])]
        )
        after = _crossed(board, link.id, _drawn(scene, link.id))
        assert after <= before, link.id
        straight += before
        drawn += after
    assert straight > 0
    assert drawn * 4 <= straight


def test_a_link_is_drawn_only_where_it_crosses_the_exposed_area() -> None:
    line = QLineF(-10, 5, 20, 5)
    clipped = clip_line(line, QRectF(0, 0, 10, 10))
    assert clipped is not None
    assert (clipped.p1(), clipped.p2()) == (QPointF(0, 5), QPointF(10, 5))
    assert clip_line(QLineF(5, 16, 16, 5), QRectF(0, 0, 10, 10)) is None
