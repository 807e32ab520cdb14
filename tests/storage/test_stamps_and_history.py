"""Stamps from a file cannot lie in the future, ids stay distinct, and history reads back."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, EditCards
from evidenceboard.model.clock import format_timestamp
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.model.history import ITEM_ID_LIMIT, HistoryEntry
from evidenceboard.storage import open_board
from evidenceboard.storage.errors import DamagedBoardError
from tests.storage.helpers import make_demo_file, tamper


def test_far_future_stamps_are_brought_back_to_now_on_load(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    soon = format_timestamp(datetime.now(UTC) + timedelta(hours=2))
    tamper(
        path,
        "UPDATE cards SET created_at = '2099-01-01T00:00:00Z', modified_at = '2099-06-01T00:00:00Z'"
        " WHERE kind = 'claim'",
        "UPDATE links SET modified_at = '2099-01-01T00:00:00Z'",
        f"UPDATE cards SET modified_at = '{soon}' WHERE kind = 'note'",
    )
    before = datetime.now(UTC).replace(microsecond=0)
    with open_board(path, read_only=True) as doc:
        after = datetime.now(UTC)
        claims = list(doc.board.cards_of_kind(CardKind.CLAIM))
        assert claims
        for card in claims:
            assert before <= card.created_at <= after and before <= card.modified_at <= after
        assert all(x.modified_at <= after for x in doc.board.links.values())
        # A clock a little ahead is honest drift: kept as it is.
        notes = list(doc.board.cards_of_kind(CardKind.NOTE))
        assert notes and all(format_timestamp(c.modified_at) == soon for c in notes)


def test_a_link_with_the_id_of_a_card_is_refused_on_open(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    tamper(
        path,
        "UPDATE links SET id = (SELECT id FROM cards WHERE kind = 'note' LIMIT 1)"
        " WHERE rowid = (SELECT min(rowid) FROM links)",
    )
    with pytest.raises(DamagedBoardError, match="same id"):
        open_board(path, read_only=True)


def test_change_log_names_the_items_each_change_touched(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path, author="ana") as doc:
        before = doc.change_log()
        card = make_card(CardKind.NOTE, "Lead", "ana", text="call")
        doc.apply(AddCards((card,)))
        edited = edited_card(card, "ana", title="Lead 2")
        doc.apply(EditCards(((card, edited),)))
        log = doc.change_log()
    assert log[: len(before)] == before
    add, edit = log[len(before) :]
    assert (add.change_type, add.item_ids, add.author) == ("AddCards", frozenset({card.id}), "ana")
    assert (edit.change_type, edit.item_ids, edit.complete) == (
        "EditCards",
        frozenset({card.id}),
        True,
    )
    assert [e.seq for e in log] == sorted(e.seq for e in log)


def test_unreadable_or_cut_short_history_rows_may_have_touched_anything(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    many = "[" + ",".join(f'"{i:032x}"' for i in range(ITEM_ID_LIMIT)) + "]"
    tamper(
        path,
        "INSERT INTO history (at, author, action, change_type, item_ids) "
        "VALUES ('2024-01-01T00:00:00Z', 'x', 'a', 'EditCards', 'not json')",
        "INSERT INTO history (at, author, action, change_type, item_ids) "
        f"VALUES ('2024-01-01T00:00:00Z', 'x', 'a', 'AddCards', '{many}')",
        "INSERT INTO history (at, author, action, change_type, item_ids) "
        "VALUES ('2024-01-01T00:00:00Z', 'x', 'a', 'SomethingNew', '[]')",
    )
    with open_board(path, read_only=True) as doc:
        *_, bad, long, unknown = doc.change_log()
    assert [e.complete for e in (bad, long, unknown)] == [False, False, False]
    assert HistoryEntry(1, "t", "a", "EditBoard", "[]").complete
