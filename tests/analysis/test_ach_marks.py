"""Analyst marks on ACH cells: they win over the links, and the ranking follows them."""

from evidenceboard.analysis import Consistency, assess_board
from evidenceboard.model.changes import RemoveCards, SetAchMark
from evidenceboard.model.clock import utc_now
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def _mark(builder: BoardBuilder, evidence: str, hypothesis: str, mark: CellMark | None) -> None:
    key = (builder.ids[evidence], builder.ids[hypothesis])
    before = builder.board.ach_marks.get(key)
    after = None if mark is None else AchMark(*key, mark, "analyst", utc_now())
    builder.board.apply(SetAchMark(key, before, after))


def _two_hypotheses(builder: BoardBuilder) -> tuple[str, str]:
    h1 = builder.claim("h1", is_hypothesis=True)
    h2 = builder.claim("h2", is_hypothesis=True)
    builder.card("a", grade="A1")
    builder.card("b", grade="B2")
    builder.link("a", "h1", LinkKind.CONTRADICTS)
    builder.link("a", "h2", LinkKind.CORROBORATES)
    builder.link("b", "h2", LinkKind.CORROBORATES)
    return h1, h2


def test_without_marks_the_less_contradicted_hypothesis_leads(builder: BoardBuilder) -> None:
    h1, h2 = _two_hypotheses(builder)
    ach = assess_board(builder.board).ach
    assert ach.hypothesis_ids == (h2, h1)
    b = next(r for r in ach.rows if r.evidence_id == builder.ids["b"])
    assert b.cells[ach.hypothesis_ids.index(h1)].consistency is Consistency.UNASSESSED


def test_a_mark_overrides_the_link_and_turns_the_ranking(builder: BoardBuilder) -> None:
    h1, h2 = _two_hypotheses(builder)
    # The analyst reads "a" as inconsistent with h2 and consistent with h1, and
    # "b" as inconsistent with h2 too.
    _mark(builder, "a", "h2", CellMark.INCONSISTENT)
    _mark(builder, "a", "h1", CellMark.CONSISTENT)
    _mark(builder, "b", "h2", CellMark.INCONSISTENT)
    ach = assess_board(builder.board).ach
    assert ach.hypothesis_ids == (h1, h2)
    scores = {s.hypothesis_id: s for s in ach.ranking}
    assert scores[h2].inconsistent_count == 2 and scores[h1].inconsistent_count == 0
    a = next(r for r in ach.rows if r.evidence_id == builder.ids["a"])
    h2_cell = a.cells[ach.hypothesis_ids.index(h2)]
    assert h2_cell.consistency is Consistency.INCONSISTENT and h2_cell.marked
    # The mark keeps the link's strength (moderate) and the row's grade (A1) for its weight.
    assert h2_cell.weight == -1.0
    # "b" has no link to h1: still unassessed, and counted so.
    assert scores[h1].unassessed == 1
    data = assess_board(builder.board).to_dict()["ach"]
    marked = [c for row in data["rows"] for c in row["cells"] if c["marked"]]
    assert sorted(c["consistency"] for c in marked) == [
        "consistent",
        "inconsistent",
        "inconsistent",
    ]


def test_clearing_a_mark_goes_back_to_the_links(builder: BoardBuilder) -> None:
    h1, h2 = _two_hypotheses(builder)
    _mark(builder, "a", "h1", CellMark.NEUTRAL)
    _mark(builder, "a", "h1", None)
    assert assess_board(builder.board).ach.hypothesis_ids == (h2, h1)
    assert builder.board.ach_marks == {}


def test_a_mark_brings_unlinked_evidence_into_the_matrix(builder: BoardBuilder) -> None:
    h1, _h2 = _two_hypotheses(builder)
    builder.card("c", grade="C3")
    _mark(builder, "c", "h1", CellMark.CONSISTENT)
    ach = assess_board(builder.board).ach
    row = next(r for r in ach.rows if r.evidence_id == builder.ids["c"])
    assert [c.code for c in row.cells] == (
        ["C", "?"] if ach.hypothesis_ids[0] == h1 else ["?", "C"]
    )
    assert row.diagnosticity_words == "not known (1 of 2 assessed)"


def test_not_applicable_is_assessed_but_tells_nothing(builder: BoardBuilder) -> None:
    h1 = builder.claim("h1", is_hypothesis=True)
    h2 = builder.claim("h2", is_hypothesis=True)
    builder.card("a", grade="A1")
    builder.link("a", "h1", LinkKind.CONTRADICTS)
    _mark(builder, "a", "h2", CellMark.NOT_APPLICABLE)
    ach = assess_board(builder.board).ach
    # h2's only cell is "not applicable": like an unexamined hypothesis, it goes last.
    assert ach.hypothesis_ids == (h1, h2)
    row = ach.rows[0]
    assert row.cells[1].code == "NA" and row.cells[1].assessed
    assert row.diagnosticity == 0.0
    scores = {s.hypothesis_id: s for s in ach.ranking}
    assert scores[h2].unassessed == 0 and scores[h2].informative == 0


def test_a_mark_on_a_deleted_card_is_kept_and_ignored(builder: BoardBuilder) -> None:
    _two_hypotheses(builder)
    builder.card("c", grade="C3")
    _mark(builder, "c", "h1", CellMark.CONSISTENT)
    removal = builder.board.removal_of([builder.ids["c"]])
    assert isinstance(removal, RemoveCards)
    builder.board.apply(removal)
    assert len(builder.board.ach_marks) == 1
    ach = assess_board(builder.board).ach
    assert all(builder.ids["c"] not in r.evidence_ids for r in ach.rows)
    builder.board.apply(removal.inverted())
    assert any(builder.ids["c"] in r.evidence_ids for r in assess_board(builder.board).ach.rows)
