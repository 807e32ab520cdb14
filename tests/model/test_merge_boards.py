"""Merging two diverged copies of a board loses nothing and keeps conflicts visible."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import CardKind, Geometry
from evidenceboard.model.changes import (
    AddAttachment,
    AddCards,
    AddLinks,
    EditBoard,
    EditCards,
    EditLink,
    MoveCards,
)
from evidenceboard.model.diff import diff_boards
from evidenceboard.model.factory import edited_card, edited_link, make_card, make_link
from evidenceboard.model.history import HistoryEntry
from evidenceboard.model.links import LinkKind
from evidenceboard.model.merge import CONFLICT_TAG, plan_merge

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _base() -> Board:
    board = Board(BoardInfo(title="Port case", authors=("ana",)))
    a = make_card(CardKind.CLAIM, "Ship left at 6", "ana", at=T0, statement="Left at 6am")
    b = make_card(CardKind.ARTICLE, "Harbour report", "ana", at=T0, x=300, body="Report body")
    c = make_card(CardKind.NOTE, "To check", "ana", at=T0, x=600, text="call the harbour")
    board.apply(AddCards((a, b, c)))
    board.apply(AddLinks((make_link(b.id, a.id, LinkKind.CORROBORATES, "ana", at=T0),)))
    return board


def _ids(board: Board) -> dict[str, str]:
    return {c.title: c.id for c in board.cards.values()}


def _diverged() -> tuple[Board, Board, dict[str, str]]:
    base = _base()
    ids = _ids(base)
    mine, theirs = base.scratch_copy(), base.scratch_copy()
    mine.apply(AddCards((make_card(CardKind.NOTE, "My new note", "ana", at=_at(5), text="m"),)))
    theirs_card = make_card(CardKind.NOTE, "Their new note", "bo", at=_at(6), text="t")
    theirs.apply(AddCards((theirs_card,)))
    theirs.apply(
        AddLinks((make_link(theirs_card.id, ids["Harbour report"], LinkKind.RELATED, "bo"),))
    )
    claim = ids["Ship left at 6"]
    mine.apply(
        EditCards(
            (
                (
                    mine.cards[claim],
                    edited_card(mine.cards[claim], "ana", _at(10), statement="Left at 7am"),
                ),
            )
        )
    )
    theirs.apply(
        EditCards(
            (
                (
                    theirs.cards[claim],
                    edited_card(theirs.cards[claim], "bo", _at(12), statement="Left at 5am"),
                ),
            )
        )
    )
    # Deleted on my side, edited on theirs.
    note = ids["To check"]
    mine.apply(mine.removal_of([note]))
    theirs.apply(
        EditCards(
            (
                (
                    theirs.cards[note],
                    edited_card(theirs.cards[note], "bo", _at(8), text="called: closed"),
                ),
            )
        )
    )
    return mine, theirs, ids


def _merged(mine: Board, theirs: Board) -> Board:
    plan = plan_merge(mine, theirs, "ana")
    data = {sha: b"" for sha in plan.fetch}
    result = mine.scratch_copy()
    result.apply(plan.change(data))
    return result


def test_diverged_copies_merge_without_loss() -> None:
    mine, theirs, ids = _diverged()
    plan = plan_merge(mine, theirs, "ana")
    merged = _merged(mine, theirs)
    titles = {c.title for c in merged.cards.values()}
    assert {"My new note", "Their new note", "Harbour report"} <= titles
    # The card I deleted and they edited is back, with their edit and their authorship.
    back = merged.cards[ids["To check"]]
    assert back.text == "called: closed" and back.modified_by == "bo"
    # The claim both edited: mine stays, theirs sits beside it, tagged and linked.
    claim = ids["Ship left at 6"]
    assert merged.cards[claim].text == "Left at 7am"
    copies = [c for c in merged.cards.values() if CONFLICT_TAG in c.tags]
    assert len(copies) == 1
    copy = copies[0]
    assert copy.text == "Left at 5am"
    assert copy.title == "Ship left at 6 (their version, by bo)"
    assert (copy.created_by, copy.modified_by) == ("ana", "bo")
    related = [x for x in merged.links_of(copy.id) if x.target == claim]
    assert len(related) == 1 and related[0].kind is LinkKind.RELATED
    assert "content.statement" in related[0].rationale
    # Every item of both sides is present.
    assert set(mine.cards) | set(theirs.cards) <= set(merged.cards)
    assert set(mine.links) | set(theirs.links) <= set(merged.links)
    [conflict] = plan.conflicts
    assert conflict.fields == ("content.statement",) and conflict.copy_id == copy.id
    summary = plan.summary()
    assert (summary["cards_added"], summary["links_added"]) == (2, 1)
    assert "1 conflicts" in plan.lines()[0]


def test_merge_is_one_undoable_step_and_idempotent() -> None:
    mine, theirs, _ids = _diverged()
    plan = plan_merge(mine, theirs, "ana")
    before = mine.scratch_copy()
    change = plan.change({})
    mine.apply(change)
    again = plan_merge(mine, theirs, "ana")
    assert again.is_empty, "a second merge of the same board adds nothing"
    assert [c.copy_id for c in again.conflicts] == [c.copy_id for c in plan.conflicts]
    mine.apply(change.inverted())
    assert mine.cards == before.cards and mine.links == before.links


def _shared_history(base: Board) -> list[HistoryEntry]:
    # The history both copies start with: the base board's cards and links, added at once.
    return [HistoryEntry.of(1, T0, "ana", AddCards(tuple(base.cards.values())))]


def test_one_sided_edit_is_taken_without_conflict() -> None:
    base = _base()
    claim = _ids(base)["Ship left at 6"]
    mine, theirs = base.scratch_copy(), base.scratch_copy()
    edited = edited_card(theirs.cards[claim], "bo", _at(3), title="Ship left at 7")
    theirs.apply(EditCards(((theirs.cards[claim], edited),)))
    shared = _shared_history(base)
    their_log = [
        *shared,
        HistoryEntry.of(2, _at(3), "bo", EditCards(((base.cards[claim], edited),))),
    ]
    plan = plan_merge(mine, theirs, "ana", mine_history=shared, theirs_history=their_log)
    assert plan.conflicts == ()
    after = mine.scratch_copy()
    after.apply(plan.change({}))
    assert after.cards[claim] == edited
    # The other way round, my edit stays and nothing changes.
    assert plan_merge(theirs, mine, "bo", mine_history=their_log, theirs_history=shared).is_empty


def test_geometry_only_differences_follow_the_history_and_keep_mine_otherwise() -> None:
    base = _base()
    claim = _ids(base)["Ship left at 6"]
    mine, theirs = base.scratch_copy(), base.scratch_copy()
    old = theirs.cards[claim].geometry
    move = MoveCards(((claim, old, Geometry(900.0, 900.0)),))
    theirs.apply(move)
    # No common history: a position is not worth a conflict copy, mine stays.
    assert plan_merge(mine, theirs, "ana").is_empty
    shared = _shared_history(base)
    plan = plan_merge(
        mine,
        theirs,
        "ana",
        mine_history=shared,
        theirs_history=[*shared, HistoryEntry.of(2, _at(30), "bo", move)],
    )
    merged = mine.scratch_copy()
    merged.apply(plan.change({}))
    assert merged.cards[claim].geometry == Geometry(900.0, 900.0)
    assert merged.cards[claim].text == "Left at 6am"


def test_conflicting_link_edits_keep_both_links() -> None:
    base = _base()
    [link_id] = base.links
    mine, theirs = base.scratch_copy(), base.scratch_copy()
    for board, who, minute, text in ((mine, "ana", 4, "mine"), (theirs, "bo", 5, "theirs")):
        link = board.links[link_id]
        board.apply(EditLink(link, edited_link(link, who, _at(minute), rationale=text)))
    plan = plan_merge(mine, theirs, "ana")
    merged = _merged(mine, theirs)
    assert merged.links[link_id].rationale == "mine"
    [conflict] = plan.conflicts
    assert conflict.kind == "link" and conflict.copy_id is not None
    assert merged.links[conflict.copy_id].rationale == "[their version, by bo] theirs"


def test_their_attachments_are_listed_for_fetching() -> None:
    mine = _base()
    theirs = mine.scratch_copy()
    data = b"their scan"
    attachment = Attachment(sha256_hex(data), "scan.pdf", "application/pdf", len(data), T0)
    theirs.apply(AddAttachment(attachment, data))
    doc_card = make_card(
        CardKind.DOCUMENT, "Scan", "bo", at=T0, attachment=attachment.sha256, file_name="scan.pdf"
    )
    theirs.apply(AddCards((doc_card,)))
    plan = plan_merge(mine, theirs, "ana")
    assert plan.fetch == (attachment.sha256,)
    merged = mine.scratch_copy()
    merged.apply(plan.change({attachment.sha256: data}))
    assert merged.attachment_users(attachment.sha256)[0].id == doc_card.id


def test_authors_join_and_board_detail_conflicts_are_reported() -> None:
    mine = _base()
    theirs = Board.from_parts(
        replace(mine.info, title="Port case (Bo)", authors=("bo",)),
        mine.cards.values(),
        mine.links.values(),
        (),
    )
    plan = plan_merge(mine, theirs, "ana")
    assert plan.info is not None and plan.info[1].authors == ("ana", "bo")
    assert [c.fields for c in plan.conflicts] == [("title",)]


def test_a_merge_keeps_the_higher_of_two_markings_and_reports_the_difference() -> None:
    mine = _base()
    mine.apply(EditBoard(mine.info, replace(mine.info, handling="OFFICIAL")))

    def theirs_marked(handling: str) -> Board:
        return Board.from_parts(
            replace(mine.info, handling=handling),
            mine.cards.values(),
            mine.links.values(),
            (),
        )

    plan = plan_merge(mine, theirs_marked("SECRET UK EYES ONLY"), "ana")
    assert plan.info is not None and plan.info[1].handling == "SECRET//UK EYES ONLY"
    assert [c.fields for c in plan.conflicts] == [("handling",)]
    # Merging a lower-marked copy into a SECRET board leaves the board SECRET.
    lower = plan_merge(theirs_marked("SECRET"), mine, "ana")
    assert lower.info is None and [c.fields for c in lower.conflicts] == [("handling",)]
    # Two markings no one scheme reads are a conflict; mine stays as it is.
    odd = plan_merge(mine, theirs_marked("Eyes of the desk only"), "ana")
    assert odd.info is None and [c.fields for c in odd.conflicts] == [("handling",)]


def test_diff_lists_added_removed_and_changed_fields() -> None:
    mine, theirs, ids = _diverged()
    diff = diff_boards(mine, theirs)
    assert sorted(c.title for c in diff.added_cards) == ["Their new note", "To check"]
    assert [c.title for c in diff.removed_cards] == ["My new note"]
    [changed] = diff.changed_cards
    assert changed.id == ids["Ship left at 6"] and changed.fields == ("content.statement",)
    data = diff.to_dict()
    assert len(data["links"]["added"]) == 1
    assert any(line.startswith("~ card") for line in diff.lines())
    assert diff_boards(mine, mine).is_empty
