"""Merge decides who changed an item from the histories, never from the items' stamps."""

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import Card, CardKind, Geometry
from evidenceboard.model.changes import (
    AddCards,
    AddLinks,
    Change,
    EditCards,
    EditLink,
    MoveCards,
    RemoveLinks,
)
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import edited_card, edited_link, make_card, make_link
from evidenceboard.model.history import ITEM_ID_LIMIT, HistoryEntry, ancestry
from evidenceboard.model.links import Link, LinkKind
from evidenceboard.model.merge import CONFLICT_TAG, MergePlan, plan_merge

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
FAR_FUTURE = datetime(2099, 1, 1, tzinfo=UTC)


class Copy:
    """A board with the history its file would hold."""

    def __init__(self, board: Board, log: list[HistoryEntry]) -> None:
        self.board = board
        self.log = log

    def apply(self, change: Change, who: str, minute: int) -> None:
        self.board.apply(change)
        at = T0 + timedelta(minutes=minute)
        self.log.append(HistoryEntry.of(len(self.log) + 1, at, who, change))

    def copy(self) -> "Copy":
        return Copy(self.board.scratch_copy(), list(self.log))


def _base() -> tuple[Copy, str, str]:
    base = Copy(Board(BoardInfo(title="Port case", authors=("ana",))), [])
    claim = make_card(CardKind.CLAIM, "Ship left at 6", "ana", at=T0, statement="Left at 6am")
    report = make_card(CardKind.ARTICLE, "Harbour report", "ana", at=T0, x=300, body="Report")
    base.apply(AddCards((claim, report)), "ana", 0)
    base.apply(AddLinks((make_link(report.id, claim.id, LinkKind.CORROBORATES, "ana"),)), "ana", 1)
    return base, claim.id, report.id


def _plan(mine: Copy, theirs: Copy) -> MergePlan:
    return plan_merge(
        mine.board, theirs.board, "ana", mine_history=mine.log, theirs_history=theirs.log
    )


def _ana_retitled_the_claim_since_the_copy() -> tuple[Copy, str, Copy, Copy]:
    """The base, its claim, and two copies of it: in mine, Ana retitled the claim."""
    base, claim, _report = _base()
    mine, theirs = base.copy(), base.copy()
    card = mine.board.cards[claim]
    mine.apply(EditCards(((card, edited_card(card, "ana", title="Ana's title")),)), "ana", 5)
    return base, claim, mine, theirs


def _forged_edit(board: Board, card_id: str, title: str) -> Card:
    # What a hand-edited file holds: a new value stamped far in the future.
    card = board.cards[card_id]
    return replace(edited_card(card, "bo", title=title), modified_at=FAR_FUTURE)


def _only_link(board: Board) -> Link:
    [link] = board.links.values()
    return link


def test_a_far_future_stamp_on_an_unrelated_copy_is_a_conflict_not_a_replacement() -> None:
    base, claim, _report = _base()
    mine = base.board.scratch_copy()
    theirs = base.board.scratch_copy()
    forged = _forged_edit(theirs, claim, title="Ship never left")
    theirs.apply(EditCards(((theirs.cards[claim], forged),)))
    plan = plan_merge(mine, theirs, "ana")
    assert plan.updated_cards == ()
    [conflict] = plan.conflicts
    assert conflict.id == claim and conflict.fields == ("title",)
    merged = mine.scratch_copy()
    merged.apply(plan.change({}))
    assert merged.cards[claim].title == "Ship left at 6"
    [copy] = [c for c in merged.cards.values() if CONFLICT_TAG in c.tags]
    assert copy.title.startswith("Ship never left")
    # The copy cannot carry the forged stamp onto my board.
    assert copy.modified_at <= datetime.now(UTC) + timedelta(days=1)


def test_a_link_turned_from_corroborates_to_contradicts_keeps_both_without_history() -> None:
    base, _claim, _report = _base()
    mine = base.board.scratch_copy()
    theirs = base.board.scratch_copy()
    link = _only_link(theirs)
    turned = replace(edited_link(link, "bo", kind=LinkKind.CONTRADICTS), modified_at=FAR_FUTURE)
    theirs.apply(EditLink(link, turned))
    plan = plan_merge(mine, theirs, "ana")
    assert plan.updated_links == ()
    [conflict] = plan.conflicts
    assert conflict.kind == "link" and conflict.id == link.id
    merged = mine.scratch_copy()
    merged.apply(plan.change({}))
    assert merged.links[link.id].kind is LinkKind.CORROBORATES
    assert merged.links[conflict.copy_id or ""].kind is LinkKind.CONTRADICTS


def test_their_edit_of_an_item_my_history_left_alone_is_taken_whatever_its_stamp() -> None:
    base, claim, _report = _base()
    mine, theirs = base.copy(), base.copy()
    mine.apply(AddCards((make_card(CardKind.NOTE, "Mine", "ana", text="m"),)), "ana", 5)
    # An honest edit on a machine whose clock is behind: its stamp is older than mine.
    card = theirs.board.cards[claim]
    edited = replace(edited_card(card, "bo", title="Ship left at 7"), modified_at=T0)
    theirs.apply(EditCards(((card, edited),)), "bo", 6)
    link = _only_link(theirs.board)
    theirs.apply(EditLink(link, edited_link(link, "bo", kind=LinkKind.CONTRADICTS)), "bo", 7)
    plan = _plan(mine, theirs)
    assert plan.conflicts == ()
    assert [after.title for _, after in plan.updated_cards] == ["Ship left at 7"]
    assert [after.kind for _, after in plan.updated_links] == [LinkKind.CONTRADICTS]


def test_my_edit_since_the_copy_is_kept_and_their_change_becomes_a_conflict() -> None:
    _base_copy, claim, mine, theirs = _ana_retitled_the_claim_since_the_copy()
    forged = _forged_edit(theirs.board, claim, title="Bo's title")
    theirs.apply(EditCards(((theirs.board.cards[claim], forged),)), "bo", 6)
    plan = _plan(mine, theirs)
    assert plan.updated_cards == ()
    assert [c.id for c in plan.conflicts] == [claim]


def test_my_edit_is_kept_silently_when_their_history_shows_they_left_it_alone() -> None:
    _base_copy, _claim, mine, theirs = _ana_retitled_the_claim_since_the_copy()
    theirs.apply(AddCards((make_card(CardKind.NOTE, "Bo's", "bo", text="b"),)), "bo", 6)
    plan = _plan(mine, theirs)
    assert plan.conflicts == () and plan.updated_cards == ()
    assert [c.title for c in plan.new_cards] == ["Bo's"]


def test_their_history_cannot_make_my_edit_disappear() -> None:
    base, claim, mine, theirs = _ana_retitled_the_claim_since_the_copy()
    forged = _forged_edit(theirs.board, claim, title="Bo's title")
    theirs.board.apply(EditCards(((theirs.board.cards[claim], forged),)))
    [my_edit] = mine.log[len(base.log) :]
    attempts = [
        # Claims my edit's row, with the item left out (they never saw it).
        [*base.log, my_edit._replace(ids_text="[]")],
        # Guesses the row but not its time.
        [*base.log, my_edit._replace(at="2024-03-01T09:05:01Z")],
        # No history at all; or a history of its own.
        [],
        [e._replace(author="bo") for e in base.log],
    ]
    for log in attempts:
        plan = plan_merge(
            mine.board, theirs.board, "ana", mine_history=mine.log, theirs_history=log
        )
        # Mine stays; theirs is kept beside it unless their own history disowns it.
        assert plan.updated_cards == (), log
        assert {c.id for c in plan.conflicts} <= {claim}, log


def test_geometry_is_taken_only_when_my_history_shows_i_did_not_move_the_card() -> None:
    base, claim, _report = _base()
    mine, theirs = base.copy(), base.copy()
    old = theirs.board.cards[claim].geometry
    theirs.apply(MoveCards(((claim, old, Geometry(900.0, 900.0)),)), "bo", 5)
    plan = _plan(mine, theirs)
    assert [after.geometry for _, after in plan.updated_cards] == [Geometry(900.0, 900.0)]
    mine.apply(MoveCards(((claim, old, Geometry(10.0, 10.0)),)), "ana", 6)
    assert _plan(mine, theirs).is_empty  # both moved it: mine stays, no copy for a position
    # Without a common history, a newer stamp no longer moves my card.
    stamped = replace(theirs.board.cards[claim], modified_at=FAR_FUTURE)
    theirs.board.apply(EditCards(((theirs.board.cards[claim], stamped),)))
    assert plan_merge(mine.board, theirs.board, "ana").is_empty


def test_a_cut_short_history_row_counts_as_touching_everything() -> None:
    base, claim, _report = _base()
    mine, theirs = base.copy(), base.copy()
    many = json.dumps([f"{i:032x}" for i in range(ITEM_ID_LIMIT)])
    mine.log.append(HistoryEntry(3, "2024-03-01T09:05:00Z", "ana", "Batch", many))
    card = theirs.board.cards[claim]
    theirs.apply(EditCards(((card, edited_card(card, "bo", title="Bo's title")),)), "bo", 6)
    assert [c.id for c in _plan(mine, theirs).conflicts] == [claim]


def test_a_shared_copy_row_may_leave_out_only_items_the_copy_does_not_hold() -> None:
    base, claim, report = _base()
    [first, _second] = base.log
    kept_only = first._replace(ids_text=json.dumps([claim]))
    assert ancestry([first], [kept_only], {claim}).known  # the report was left out
    assert not ancestry([first], [kept_only], {claim, report}).known  # ... yet they hold it
    more = first._replace(ids_text=json.dumps([*first.item_ids, "x" * 32]))
    assert not ancestry([first], [more], ()).known


def test_their_card_with_the_id_of_my_link_is_refused() -> None:
    base, _claim, _report = _base()
    mine = base.board.scratch_copy()
    link = _only_link(mine)
    theirs = base.board.scratch_copy()
    theirs.apply(RemoveLinks((link,)))
    theirs.apply(AddCards((make_card(CardKind.NOTE, "Clash", "bo", card_id=link.id),)))
    with pytest.raises(ChangeError, match="same id as a link"):
        plan_merge(mine, theirs, "ana")


def test_their_link_with_the_id_of_my_card_is_refused() -> None:
    base, claim, report = _base()
    mine = base.board.scratch_copy()
    extra = make_card(CardKind.NOTE, "Mine only", "ana", text="m")
    mine.apply(AddCards((extra,)))
    theirs = base.board.scratch_copy()
    theirs.apply(AddLinks((make_link(report, claim, LinkKind.RELATED, "bo", link_id=extra.id),)))
    with pytest.raises(ChangeError, match="same id as a card"):
        plan_merge(mine, theirs, "ana")


def test_from_parts_refuses_a_link_with_the_id_of_a_card() -> None:
    base, claim, report = _base()
    cards = list(base.board.cards.values())
    clash = make_link(report, claim, LinkKind.RELATED, "bo", link_id=claim)
    with pytest.raises(ChangeError, match="same id"):
        Board.from_parts(base.board.info, cards, [clash], ())


def test_a_change_cannot_give_a_card_the_id_of_a_link_or_the_reverse() -> None:
    base, claim, report = _base()
    link = _only_link(base.board)
    with pytest.raises(ChangeError, match="same id"):
        base.board.apply(AddCards((make_card(CardKind.NOTE, "Clash", "bo", card_id=link.id),)))
    with pytest.raises(ChangeError, match="same id as a card"):
        base.board.apply(
            AddLinks((make_link(report, claim, LinkKind.RELATED, "bo", link_id=claim),))
        )
    note = make_card(CardKind.NOTE, "New", "bo")
    with pytest.raises(ChangeError, match="same id as a card"):
        base.board.apply(
            AddCards((note,), (make_link(note.id, claim, LinkKind.RELATED, "bo", link_id=note.id),))
        )


def test_a_conflict_copy_has_the_same_id_whatever_the_stamps_say() -> None:
    # Future stamps are read as "now", so the copy's id must not depend on them, or a
    # second merge of the same board would add a second copy.
    base, claim, _report = _base()
    mine = base.board.scratch_copy()
    ids = set()
    for stamp in (FAR_FUTURE, FAR_FUTURE + timedelta(days=3), T0 + timedelta(minutes=9)):
        theirs = base.board.scratch_copy()
        card = theirs.cards[claim]
        theirs.apply(
            EditCards(((card, replace(_forged_edit(theirs, claim, "B"), modified_at=stamp)),))
        )
        [conflict] = plan_merge(mine, theirs, "ana").conflicts
        ids.add(conflict.copy_id)
    assert len(ids) == 1


def test_a_history_row_nested_too_deeply_reads_as_incomplete() -> None:
    deep = "[" * 200_000 + "]" * 200_000
    entry = HistoryEntry(1, "2024-03-01T09:05:00Z", "ana", "EditCards", deep)
    assert entry.item_ids == frozenset()
    assert not entry.complete
