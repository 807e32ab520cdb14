"""Frames survive the board file, a merge and the exchange formats; hostile ones do not."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidenceboard.formats.graphml import board_to_graphml, read_graphml_board
from evidenceboard.model import AddCards, BoardInfo, CardKind
from evidenceboard.model.board import Board
from evidenceboard.model.changes import EditCards
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.model.frames import frame_index, plan_collapse, plan_new_frame
from evidenceboard.model.history import HistoryEntry
from evidenceboard.model.merge import plan_merge
from evidenceboard.storage import create_board, open_board
from tests.storage.helpers import assert_opens_as_damaged, overwrite

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T1 = T0 + timedelta(minutes=5)


def _board_with_a_frame(path: Path) -> tuple[list[str], str]:
    cards = [
        make_card(CardKind.CLAIM, "Claim", "ana", x=0, y=0),
        make_card(CardKind.ARTICLE, "Report", "ana", x=300, y=0),
    ]
    with create_board(path, BoardInfo(title="Frames"), author="ana") as doc:
        doc.apply(AddCards(tuple(cards)))
        change, frame_id = plan_new_frame(doc.board, [c.id for c in cards], "ana", title="Doha")
        doc.apply(change)
        doc.apply(plan_collapse(doc.board, frame_id, True, "ana"))
    return [c.id for c in cards], frame_id


def test_a_frame_survives_close_and_reopen(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    ids, frame_id = _board_with_a_frame(path)
    with open_board(path, read_only=True) as doc:
        frame = doc.board.cards[frame_id]
        assert frame.kind is CardKind.FRAME
        assert frame.content.members == tuple(ids)  # type: ignore[union-attr]
        assert frame.content.collapsed is True  # type: ignore[union-attr]
        assert frame_index(doc.board) == dict.fromkeys(ids, frame_id)
        assert [h.card_id for h in doc.search("Doha")] == [frame_id]


@pytest.mark.parametrize(
    "properties",
    [
        '{"members": "0123"}',
        '{"members": ["not an id"]}',
        '{"collapsed": "yes"}',
        '{"colour_of_frame": 1}',
    ],
)
def test_hostile_frame_properties_are_damage(board_dir: Path, properties: str) -> None:
    path = board_dir / "case.evboard"
    _, frame_id = _board_with_a_frame(path)
    overwrite(path, "cards", "properties", properties, frame_id)
    assert_opens_as_damaged(path, frame_id[:8])


def test_a_frame_round_trips_through_graphml(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    _, frame_id = _board_with_a_frame(path)
    with open_board(path, read_only=True) as doc:
        original = doc.board.cards[frame_id]
        exported = board_dir / "case.graphml"
        exported.write_bytes(board_to_graphml(doc.board))
    board = read_graphml_board(exported, "bo")
    assert board.cards[frame_id].content == original.content
    assert board.cards[frame_id].geometry == original.geometry


def test_frame_edits_on_both_sides_merge() -> None:
    board = Board(BoardInfo(title="Frames"))
    cards = [make_card(CardKind.NOTE, f"Note {i}", "ana", x=300.0 * i) for i in range(3)]
    board.apply(AddCards(tuple(cards)))
    change, frame_id = plan_new_frame(board, [cards[0].id], "ana", title="Doha", at=T0)
    board.apply(change)
    shared = [HistoryEntry.of(1, T0, "ana", change)]
    mine, theirs = board.scratch_copy(), board.scratch_copy()
    renamed = edited_card(theirs.cards[frame_id], "bo", T1, title="Doha talks")
    rename = EditCards(((theirs.cards[frame_id], renamed),))
    theirs.apply(rename)
    their_log = [*shared, HistoryEntry.of(2, T1, "bo", rename)]
    plan = plan_merge(mine, theirs, "ana", mine_history=shared, theirs_history=their_log)
    assert plan.conflicts == ()
    mine.apply(plan.change({}))
    assert mine.cards[frame_id].title == "Doha talks"
    assert frame_index(mine) == {cards[0].id: frame_id}
