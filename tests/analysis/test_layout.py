import math

import pytest

from evidenceboard.analysis.layout_force import force_layout
from evidenceboard.analysis.layout_moves import LayoutCancelled
from evidenceboard.analysis.layout_tidy import TidyOrder, tidy_layout
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import EditCards, MoveCards
from evidenceboard.model.factory import edited_card
from evidenceboard.model.frames import frame_index, plan_new_frame
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def _centre(card: Card) -> tuple[float, float]:
    g = card.geometry
    return (g.x + g.width / 2, g.y + g.height / 2)


def _distance(a: Card, b: Card) -> float:
    (ax, ay), (bx, by) = _centre(a), _centre(b)
    return math.hypot(ax - bx, ay - by)


def _pin(builder: BoardBuilder, name: str) -> None:
    card = builder.get(name)
    builder.board.apply(EditCards(((card, edited_card(card, "tester", pinned=True)),)))


def _two_groups(builder: BoardBuilder) -> None:
    for name in ("a1", "a2", "a3", "b1", "b2", "b3"):
        builder.card(name)
    for group in ("a", "b"):
        builder.link(f"{group}1", f"{group}2", LinkKind.RELATED)
        builder.link(f"{group}2", f"{group}3", LinkKind.RELATED)
        builder.link(f"{group}3", f"{group}1", LinkKind.RELATED)


def test_force_layout_pulls_linked_cards_together_as_one_undoable_change(
    builder: BoardBuilder,
) -> None:
    _two_groups(builder)
    change = force_layout(builder.board)
    assert change.moves
    builder.board.apply(change)
    get = builder.get
    inside = max(_distance(get("a1"), get("a2")), _distance(get("b1"), get("b3")))
    across = min(_distance(get(f"a{i}"), get(f"b{j}")) for i in (1, 2, 3) for j in (1, 2, 3))
    assert inside < across
    names = list(builder.ids)
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            assert _distance(get(first), get(second)) > 100
    builder.board.apply(change.inverted())
    assert builder.get("a1").geometry.x == 0.0


def test_force_layout_is_repeatable(builder: BoardBuilder) -> None:
    _two_groups(builder)
    assert force_layout(builder.board) == force_layout(builder.board)


def test_pinned_and_unselected_cards_stay_put(builder: BoardBuilder) -> None:
    _two_groups(builder)
    _pin(builder, "a1")
    selection = [builder.ids[n] for n in ("a1", "a2", "a3")]
    change = force_layout(builder.board, selection)
    moved = {card_id for card_id, _old, _new in change.moves}
    assert builder.ids["a1"] not in moved
    assert moved <= set(selection)
    assert moved


def test_cancel_hook_stops_the_layout_and_progress_is_reported(builder: BoardBuilder) -> None:
    _two_groups(builder)
    seen: list[float] = []
    force_layout(builder.board, iterations=10, on_progress=seen.append)
    assert seen[-1] == pytest.approx(1.0)
    assert seen == sorted(seen) and len(seen) == 10
    calls: list[int] = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(LayoutCancelled):
        force_layout(builder.board, iterations=10, should_cancel=cancel)


def test_stacked_cards_are_spread(builder: BoardBuilder) -> None:
    for name in ("p", "q", "r"):
        builder.card(name)
    for name in ("p", "q", "r"):
        card = builder.get(name)
        moved = card.geometry.moved_to(0.0, 0.0)
        builder.board.apply(MoveCards(((card.id, card.geometry, moved),)))
    builder.board.apply(force_layout(builder.board))
    centres = {_centre(builder.get(n)) for n in ("p", "q", "r")}
    assert len(centres) == 3


def test_tidy_by_kind_makes_columns_in_kind_order(builder: BoardBuilder) -> None:
    builder.card("report", published="2024-01")
    builder.card("doc", CardKind.DOCUMENT)
    builder.claim("claim-b", title="B")
    builder.claim("claim-a", title="A")
    builder.card("note", CardKind.NOTE, grade=None)
    builder.board.apply(tidy_layout(builder.board, order=TidyOrder.KIND))
    xs = [builder.get(n).geometry.x for n in ("claim-a", "report", "doc", "note")]
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert builder.get("claim-a").geometry.x == builder.get("claim-b").geometry.x
    assert builder.get("claim-a").geometry.y < builder.get("claim-b").geometry.y


def test_tidy_by_date_puts_months_left_to_right(builder: BoardBuilder) -> None:
    builder.card("late", published="2024-12-20")
    builder.card("early", published="2023-05")
    builder.card("same-month", published="2024-12-01")
    builder.card("undated")
    builder.board.apply(tidy_layout(builder.board, order=TidyOrder.DATE))
    get = builder.get
    assert get("early").geometry.x < get("late").geometry.x < get("undated").geometry.x
    assert get("same-month").geometry.x == get("late").geometry.x
    assert get("same-month").geometry.y < get("late").geometry.y


def test_tidy_leaves_pinned_cards_alone(builder: BoardBuilder) -> None:
    builder.card("a")
    builder.card("b")
    _pin(builder, "b")
    change = tidy_layout(builder.board)
    assert builder.ids["b"] not in {card_id for card_id, _o, _n in change.moves}


def _framed_groups(builder: BoardBuilder) -> str:
    """Two linked groups; a frame holds a1, a2 and b1 (two groups' cards in one frame)."""
    _two_groups(builder)
    held = [builder.ids[n] for n in ("a1", "a2", "b1")]
    change, frame_id = plan_new_frame(builder.board, held, "tester", title="Meeting")
    builder.board.apply(change)
    return frame_id


def _holds(frame: Card, card: Card) -> bool:
    f, g = frame.geometry, card.geometry
    return (
        f.x <= g.x
        and f.y <= g.y
        and g.x + g.width <= f.x + f.width
        and g.y + g.height <= f.y + f.height
    )


@pytest.mark.parametrize("layout", ["force", "tidy by kind", "tidy by date"])
def test_a_layout_keeps_a_frames_cards_inside_it_in_one_undo_step(
    builder: BoardBuilder, layout: str
) -> None:
    frame_id = _framed_groups(builder)
    before = builder.board.cards[frame_id]
    board = builder.board
    if layout == "force":
        change = force_layout(board)
    else:
        order = TidyOrder.KIND if layout == "tidy by kind" else TidyOrder.DATE
        # By kind, the frame's article and claims go to different columns.
        board.apply(EditCards(((builder.get("a2"), _as_dated(builder.get("a2"))),)))
        change = tidy_layout(board, order=order)
    moved = {card_id for card_id, _old, _new in change.moves}
    assert frame_id in moved
    board.apply(change)
    frame = board.cards[frame_id]
    assert frame.geometry != before.geometry
    for name in ("a1", "a2", "b1"):
        assert _holds(frame, builder.get(name)), name
    assert frame_index(board) == {builder.ids[n]: frame_id for n in ("a1", "a2", "b1")}
    board.apply(change.inverted())
    assert board.cards[frame_id].geometry == before.geometry


def _as_dated(card: Card) -> Card:
    return edited_card(card, "tester", published="2021-03-04")


def test_a_layout_of_cards_outside_frames_leaves_the_frames_alone(
    builder: BoardBuilder,
) -> None:
    frame_id = _framed_groups(builder)
    selection = [builder.ids[n] for n in ("a3", "b2", "b3")]
    change = force_layout(builder.board, selection)
    assert change.moves
    assert frame_id not in {card_id for card_id, _old, _new in change.moves}


def test_the_cards_of_a_pinned_frame_keep_their_places(builder: BoardBuilder) -> None:
    frame_id = _framed_groups(builder)
    frame = builder.board.cards[frame_id]
    builder.board.apply(EditCards(((frame, edited_card(frame, "tester", pinned=True)),)))
    for change in (force_layout(builder.board), tidy_layout(builder.board)):
        moved = {card_id for card_id, _old, _new in change.moves}
        assert moved
        assert not moved & {frame_id, *(builder.ids[n] for n in ("a1", "a2", "b1"))}
