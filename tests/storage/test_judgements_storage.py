"""The analyst's judgements on claims and marks on ACH cells: file, dump, merge and share."""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.formats.json_dump import board_from_data, board_to_data, dumps_board
from evidenceboard.model.cards import CardKind, ClaimContent, Confidence
from evidenceboard.model.changes import AddCards, EditCards, SetAchMark
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.model.judgement import AchMark, CellMark, parse_likelihood
from evidenceboard.model.merge import plan_merge
from evidenceboard.storage import open_board
from evidenceboard.storage.document import BoardDocument, create_board
from evidenceboard.storage.schema import ADDED_COLUMNS
from evidenceboard.storage.share import share_copy
from tests.model.test_merge_ancestry import Copy, _base
from tests.storage.helpers import board_of_format, tamper


def _case(document: BoardDocument) -> tuple[str, str, str]:
    """A hypothesis, a judged claim and a report, with the report marked against the first."""
    hypothesis = make_card(CardKind.CLAIM, "They left by sea", "tester", is_hypothesis=True)
    claim = make_card(
        CardKind.CLAIM,
        "The port was closed",
        "tester",
        x=300.0,
        likelihood="phia.highly_likely",
        confidence=Confidence.HIGH,
        is_assumption=True,
        is_key_judgement=True,
        tags=("secret",),
    )
    report = make_card(CardKind.ARTICLE, "Harbour log", "tester", x=600.0)
    document.apply(AddCards((hypothesis, claim, report)))
    mark = AchMark(report.id, hypothesis.id, CellMark.INCONSISTENT, "tester", utc_now())
    document.apply(SetAchMark(mark.key, None, mark))
    return hypothesis.id, claim.id, report.id


def test_judgements_and_marks_survive_the_file(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    with create_board(path, author="tester") as document:
        hypothesis, claim, report = _case(document)
        expected_marks = dict(document.board.ach_marks)
        expected_claim = document.board.cards[claim]
    with open_board(path, read_only=True) as document:
        assert document.board.ach_marks == expected_marks
        assert document.board.cards[claim] == expected_claim
        content = document.board.cards[claim].content
        assert isinstance(content, ClaimContent)
        assert (content.likelihood, content.is_assumption, content.is_key_judgement) == (
            "phia.highly_likely",
            True,
            True,
        )
    with open_board(path) as document:
        mark = document.board.ach_marks[(report, hypothesis)]
        document.apply(SetAchMark(mark.key, mark, None))
    with open_board(path, read_only=True) as document:
        assert document.board.ach_marks == {}
        assert document.integrity_report() == []


def test_a_hostile_mark_row_is_reported_as_damage(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    with create_board(path, author="tester") as document:
        _case(document)
    tamper(path, "UPDATE ach_marks SET consistency = 'certainly'")
    with pytest.raises(Exception, match="ACH mark in the board is damaged"):
        open_board(path, read_only=True).close()


def test_a_format_1_board_reads_with_no_judgements(board_dir: Path) -> None:
    path = board_of_format(board_dir, 1)
    with open_board(path, read_only=True) as document:
        assert document.board.ach_marks == {}
        claims = [c for c in document.board.cards.values() if c.kind is CardKind.CLAIM]
        assert all(isinstance(c.content, ClaimContent) for c in claims)
        assert all(c.content.likelihood == "" for c in claims)  # type: ignore[union-attr]
    with open_board(path) as document:
        claim = next(c for c in document.board.cards.values() if c.kind is CardKind.CLAIM)
        after = edited_card(claim, "tester", likelihood="icd203.very_likely")
        document.apply(EditCards(((claim, after),)))
    connection = sqlite3.connect(path)
    columns = {row[1] for row in connection.execute("PRAGMA table_info(cards)")}
    connection.close()
    assert {c for (table, c), _version in ADDED_COLUMNS.items() if table == "cards"} <= columns


def test_the_json_dump_keeps_judgements_and_leaves_them_out_when_unset(board_dir: Path) -> None:
    with create_board(board_dir / "case.evboard", author="tester") as document:
        plain = dumps_board(document.board)
        assert "likelihood" not in plain and "ach_marks" not in plain
        _case(document)
        data = board_to_data(document.board)
        back = board_from_data(data)
        assert back.ach_marks == document.board.ach_marks
        assert back.cards == document.board.cards
    data["ach_marks"][0]["consistency"] = "maybe"
    with pytest.raises(InvalidValueError):
        board_from_data(data)


def test_likelihood_words_are_read_in_the_board_yardstick() -> None:
    assert parse_likelihood("Highly likely", "phia") == "phia.highly_likely"
    assert parse_likelihood("very-likely", "phia") == "icd203.very_likely"
    assert parse_likelihood("likely", "icd203") == "icd203.likely"
    assert parse_likelihood("", "phia") == ""
    with pytest.raises(InvalidValueError, match="remote chance"):
        parse_likelihood("probably", "phia")
    with pytest.raises(InvalidValueError):
        make_card(CardKind.CLAIM, "x", "tester", likelihood="phia.sure")


def _marked(
    copy: Copy, evidence: str, hypothesis: str, mark: CellMark, who: str, minute: int
) -> None:
    key = (evidence, hypothesis)
    after = AchMark(evidence, hypothesis, mark, who, utc_now())
    copy.apply(SetAchMark(key, copy.board.ach_marks.get(key), after), who, minute)


def test_their_new_mark_comes_in_and_an_edit_follows_the_history() -> None:
    base, claim, report = _base()
    mine, theirs = base.copy(), base.copy()
    _marked(theirs, report, claim, CellMark.CONSISTENT, "bo", 5)
    plan = plan_merge(
        mine.board, theirs.board, "ana", mine_history=mine.log, theirs_history=theirs.log
    )
    assert [m.after.consistency for m in plan.marks if m.after] == [CellMark.CONSISTENT]
    mine.board.apply(plan.change({}))
    assert mine.board.ach_marks[(report, claim)].consistency is CellMark.CONSISTENT
    assert plan.summary()["ach_marks_set"] == 1


def test_a_mark_both_changed_is_a_conflict_and_mine_stays() -> None:
    base, claim, report = _base()
    _marked(base, report, claim, CellMark.NEUTRAL, "ana", 2)
    mine, theirs = base.copy(), base.copy()
    _marked(mine, report, claim, CellMark.CONSISTENT, "ana", 5)
    _marked(theirs, report, claim, CellMark.INCONSISTENT, "bo", 6)
    plan = plan_merge(
        mine.board, theirs.board, "ana", mine_history=mine.log, theirs_history=theirs.log
    )
    assert plan.marks == ()
    assert [(c.kind, c.fields) for c in plan.conflicts] == [("ach_mark", ("consistency",))]
    # Only they changed it: theirs is taken.
    mine = base.copy()
    plan = plan_merge(
        mine.board, theirs.board, "ana", mine_history=mine.log, theirs_history=theirs.log
    )
    assert [m.after.consistency for m in plan.marks if m.after] == [CellMark.INCONSISTENT]


def test_a_shared_copy_leaves_out_the_marks_of_cards_it_leaves_out(board_dir: Path) -> None:
    with create_board(board_dir / "case.evboard", author="tester") as document:
        hypothesis, claim, report = _case(document)
        mark = AchMark(claim, hypothesis, CellMark.NEUTRAL, "tester", utc_now())
        document.apply(SetAchMark(mark.key, None, mark))
        share_copy(document, board_dir / "shared.evboard", omit_tags=["secret"])
    with open_board(board_dir / "shared.evboard", read_only=True) as copy:
        assert list(copy.board.ach_marks) == [(report, hypothesis)]
        assert claim not in copy.board.cards


def test_salvage_reads_a_format_1_board_and_keeps_marks_of_a_format_2_one(
    board_dir: Path,
) -> None:
    from evidenceboard.storage.salvage import salvage_board

    old = board_of_format(board_dir, 1)
    with open_board(old, read_only=True) as document:
        expected = len(document.board.cards)
    report = salvage_board(old, board_dir / "old-saved.evboard")
    assert report.cards == expected and report.lost == []
    path = board_dir / "case.evboard"
    with create_board(path, author="tester") as document:
        _case(document)
        marks = dict(document.board.ach_marks)
        cards = dict(document.board.cards)
    report = salvage_board(path, board_dir / "saved.evboard")
    with open_board(report.path, read_only=True) as saved:
        assert saved.board.ach_marks == marks
        assert saved.board.cards == cards
