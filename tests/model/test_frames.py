"""Frames hold cards: gestures on them are single changes that undo as one step."""

import json

import pytest

from evidenceboard.analysis.report import assess_board
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import Card, CardKind, FrameContent, Geometry
from evidenceboard.model.changes import AddCards, AddLinks, Batch, MoveCards
from evidenceboard.model.codec import card_from_dict, card_to_dict
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.frames import (
    frame_at,
    frame_index,
    hidden_card_ids,
    keep_frames_whole,
    members,
    plan_collapse,
    plan_fit,
    plan_move,
    plan_new_frame,
    with_members,
)
from evidenceboard.model.ids import new_id
from evidenceboard.model.links import LinkKind


def _board() -> tuple[Board, list[Card]]:
    board = Board(BoardInfo(title="Frames"))
    cards = [
        make_card(CardKind.CLAIM, "Claim", "ana", x=0, y=0),
        make_card(CardKind.ARTICLE, "Report", "ana", x=300, y=0),
        make_card(CardKind.NOTE, "Elsewhere", "ana", x=2000, y=2000),
    ]
    board.apply(AddCards(tuple(cards)))
    return board, cards


def _framed() -> tuple[Board, list[Card], str]:
    board, cards = _board()
    change, frame_id = plan_new_frame(board, [cards[0].id, cards[1].id], "ana", title="Doha")
    board.apply(change)
    return board, cards, frame_id


def test_a_new_frame_goes_around_the_chosen_cards_and_holds_them() -> None:
    board, cards, frame_id = _framed()
    frame = board.cards[frame_id]
    assert frame.title == "Doha"
    assert members(board, frame) == (cards[0].id, cards[1].id)
    for card in cards[:2]:
        g, f = card.geometry, frame.geometry
        assert f.x < g.x and f.y < g.y
        assert g.x + g.width < f.x + f.width and g.y + g.height < f.y + f.height
    assert frame_index(board) == {cards[0].id: frame_id, cards[1].id: frame_id}


def test_an_empty_frame_is_made_where_asked() -> None:
    board, _ = _board()
    change, frame_id = plan_new_frame(board, [], "ana", where=(500.0, 600.0))
    board.apply(change)
    assert (board.cards[frame_id].geometry.x, board.cards[frame_id].geometry.y) == (500.0, 600.0)
    assert members(board, board.cards[frame_id]) == ()


def test_framing_cards_takes_them_out_of_their_old_frame_in_one_step() -> None:
    board, cards, first = _framed()
    change, second = plan_new_frame(board, [cards[1].id], "ana", title="Second")
    board.apply(change)
    assert frame_index(board) == {cards[0].id: first, cards[1].id: second}
    board.apply(change.inverted())
    assert frame_index(board) == {cards[0].id: first, cards[1].id: first}
    assert second not in board.cards


def test_moving_a_frame_moves_its_cards_and_keeps_them() -> None:
    board, cards, frame_id = _framed()
    moved = with_members(board, [frame_id])
    assert set(moved) == {frame_id, cards[0].id, cards[1].id}
    targets = {
        i: board.cards[i].geometry.moved_to(board.cards[i].geometry.x + 1000, 50) for i in moved
    }
    change = plan_move(board, targets, "ana")
    assert isinstance(change, MoveCards)
    board.apply(change)
    assert board.cards[cards[0].id].geometry.x == cards[0].geometry.x + 1000
    assert frame_index(board)[cards[0].id] == frame_id


def test_a_card_dropped_inside_a_frame_joins_it_and_undo_takes_it_out() -> None:
    board, cards, frame_id = _framed()
    frame = board.cards[frame_id].geometry
    outsider = cards[2]
    inside = outsider.geometry.moved_to(frame.x + 30, frame.y + 50)
    change = plan_move(board, {outsider.id: inside}, "ana")
    assert isinstance(change, Batch)
    assert change.describe(board) == "Move a card into the frame “Doha”"
    board.apply(change)
    assert frame_index(board)[outsider.id] == frame_id
    assert board.cards[outsider.id].geometry == inside
    board.apply(change.inverted())
    assert outsider.id not in frame_index(board)
    assert board.cards[outsider.id].geometry == outsider.geometry


def test_a_card_dragged_out_of_its_frame_leaves_it() -> None:
    board, cards, frame_id = _framed()
    away = cards[0].geometry.moved_to(4000, 4000)
    change = plan_move(board, {cards[0].id: away}, "ana")
    assert change.describe(board) == "Move a card out of their frame"
    board.apply(change)
    assert frame_index(board) == {cards[1].id: frame_id}


def test_a_move_inside_the_same_frame_is_a_plain_move() -> None:
    board, cards, _ = _framed()
    nudged = cards[0].geometry.moved_to(cards[0].geometry.x + 5, cards[0].geometry.y)
    assert isinstance(plan_move(board, {cards[0].id: nudged}, "ana"), MoveCards)


def test_the_smallest_frame_takes_a_dropped_card_and_a_collapsed_one_none() -> None:
    board, cards, big = _framed()
    small_change, small = plan_new_frame(board, [cards[0].id], "ana", title="Small")
    board.apply(small_change)
    spot = cards[0].geometry
    assert frame_at(board, spot) == board.cards[small]
    board.apply(plan_collapse(board, small, True, "ana"))
    found = frame_at(board, spot)
    assert found is not None and found.id == big


def test_collapsing_hides_the_cards_and_expanding_shows_them() -> None:
    board, cards, frame_id = _framed()
    change = plan_collapse(board, frame_id, True, "ana")
    assert change.describe(board) == "Collapse the frame"
    board.apply(change)
    assert hidden_card_ids(board) == {cards[0].id, cards[1].id}
    board.apply(change.inverted())
    assert hidden_card_ids(board) == set()


def test_a_deleted_card_leaves_its_frame_and_comes_back_with_undo() -> None:
    board, cards, frame_id = _framed()
    remove = board.removal_of([cards[0].id])
    board.apply(remove)
    assert members(board, board.cards[frame_id]) == (cards[1].id,)
    board.apply(remove.inverted())
    assert members(board, board.cards[frame_id]) == (cards[0].id, cards[1].id)


def test_deleting_a_frame_keeps_its_cards() -> None:
    board, cards, frame_id = _framed()
    board.apply(board.removal_of([frame_id]))
    assert all(c.id in board.cards for c in cards)


def test_fitting_a_frame_puts_it_around_its_cards_again() -> None:
    board, cards, frame_id = _framed()
    board.apply(MoveCards(((cards[1].id, cards[1].geometry, cards[1].geometry.moved_to(900, 0)),)))
    fit = plan_fit(board, frame_id)
    board.apply(fit)
    frame = board.cards[frame_id].geometry
    assert frame.x + frame.width > 900 + cards[1].geometry.width
    assert plan_fit(board, frame_id).is_empty()


def test_too_wide_a_spread_is_refused_in_words() -> None:
    board, cards = _board()
    far = make_card(CardKind.NOTE, "Far", "ana", x=9000, y=0)
    board.apply(AddCards((far,)))
    with pytest.raises(ChangeError, match="more than a frame can hold"):
        plan_new_frame(board, [cards[0].id, far.id], "ana")


def test_a_frame_is_never_evidence() -> None:
    board, cards, frame_id = _framed()
    with pytest.raises(ChangeError, match="related only"):
        board.apply(AddLinks((make_link(frame_id, cards[0].id, LinkKind.CORROBORATES, "ana"),)))
    board.apply(AddLinks((make_link(frame_id, cards[0].id, LinkKind.RELATED, "ana"),)))
    # A board from elsewhere may hold such a link anyway: it still counts for nothing.
    board.editor().put_links(
        (make_link(frame_id, cards[0].id, LinkKind.CORROBORATES, "ana"),), new=True
    )
    claim = next(a for a in assess_board(board).claims if a.claim_id == cards[0].id)
    assert claim.independent_origin_count == 0


def test_frame_content_is_checked() -> None:
    with pytest.raises(InvalidValueError, match="card ids"):
        FrameContent(members=("not an id",))
    card_id = new_id()
    with pytest.raises(InvalidValueError, match="once"):
        FrameContent(members=(card_id, card_id))
    with pytest.raises(InvalidValueError, match="list of card ids"):
        FrameContent(members=card_id)  # type: ignore[arg-type]


def test_a_frame_round_trips_through_json() -> None:
    board, _, frame_id = _framed()
    board.apply(plan_collapse(board, frame_id, True, "ana"))
    frame = board.cards[frame_id]
    assert card_from_dict(json.loads(json.dumps(card_to_dict(frame)))) == frame


def test_a_geometry_limit_still_applies_to_frames() -> None:
    with pytest.raises(InvalidValueError):
        Geometry(0, 0, 6000, 100)


def test_a_layout_target_refits_the_frame_around_its_cards() -> None:
    board, cards, frame_id = _framed()
    away = cards[1].geometry.moved_to(1500, 800)
    kept = keep_frames_whole(board, {cards[1].id: away})
    assert kept[cards[1].id] == away
    region = kept[frame_id]
    assert region.x < cards[0].geometry.x and region.x + region.width > away.x + away.width
    assert region.y + region.height > away.y + away.height


def test_a_frame_that_cannot_hold_its_cards_where_a_layout_puts_them_keeps_them() -> None:
    board, cards, _frame_id = _framed()
    outside = cards[2].geometry.moved_to(100, 100)
    targets = {
        cards[0].id: cards[0].geometry.moved_to(0, 0),
        cards[1].id: cards[1].geometry.moved_to(9000, 0),
        cards[2].id: outside,
    }
    assert keep_frames_whole(board, targets) == {cards[2].id: outside}
