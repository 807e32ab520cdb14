"""ACH as Heuer meant it: unassessed cells, one row per origin, ranked and labelled columns."""

from evidenceboard.analysis import Consistency, assess_board
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def test_a_hypothesis_on_one_e5_report_does_not_tie_with_one_backed_by_ten(
    builder: BoardBuilder,
) -> None:
    thin = builder.claim("thin", is_hypothesis=True)
    backed = builder.claim("backed", is_hypothesis=True)
    builder.card("e5", grade="E5")
    builder.link("e5", "thin", LinkKind.CORROBORATES)
    for i in range(10):
        builder.card(f"r{i}", grade="B2")
        builder.link(f"r{i}", "backed", LinkKind.CORROBORATES)
    ach = assess_board(builder.board).ach
    assert [s.hypothesis_id for s in ach.ranking] == [backed, thin]
    scores = {s.hypothesis_id: s for s in ach.ranking}
    assert scores[thin].unassessed == 10
    assert scores[backed].unassessed == 1
    e5 = next(r for r in ach.rows if r.evidence_id == builder.ids["e5"])
    column = ach.hypothesis_ids.index(backed)
    assert e5.cells[column].consistency is Consistency.UNASSESSED
    assert e5.diagnosticity_words == "not known (1 of 2 assessed)"


def test_an_unexamined_hypothesis_is_ranked_last(builder: BoardBuilder) -> None:
    examined = builder.claim("examined", is_hypothesis=True)
    unexamined = builder.claim("unexamined", is_hypothesis=True)
    builder.card("against", grade="A1")
    builder.link("against", "examined", LinkKind.CONTRADICTS)
    ach = assess_board(builder.board).ach
    # Only contradicted evidence on one side, nothing at all on the other: the empty
    # column has no inconsistency only because nobody looked.
    assert [s.hypothesis_id for s in ach.ranking] == [examined, unexamined]
    assert ach.hypothesis_ids == (examined, unexamined)


def test_reports_from_one_origin_form_one_row(builder: BoardBuilder) -> None:
    builder.claim("h1", is_hypothesis=True)
    builder.claim("h2", is_hypothesis=True)
    builder.card("origin", grade="E5")
    builder.card("repeat", grade="A1")
    builder.card("other", grade="B2")
    builder.link("repeat", "origin", LinkKind.DERIVED_FROM)
    builder.link("origin", "h1", LinkKind.CORROBORATES)
    builder.link("repeat", "h1", LinkKind.CORROBORATES)
    builder.link("repeat", "h2", LinkKind.CONTRADICTS)
    builder.link("other", "h2", LinkKind.CORROBORATES)
    analysis = assess_board(builder.board)
    ach = analysis.ach
    assert len(ach.rows) == 2
    row = next(r for r in ach.rows if r.origin_ids == (builder.ids["origin"],))
    assert row.evidence_ids == tuple(sorted((builder.ids["origin"], builder.ids["repeat"])))
    assert row.evidence_id == builder.ids["origin"]
    # The repeat does not upgrade its E5 origin: the row weighs as E5 (factor 0.2).
    assert analysis.row_grades[row.evidence_id] == "E5"
    assert {abs(c.weight) for c in row.cells} == {0.2}
    h1 = next(s for s in ach.ranking if s.label == "H1")
    assert h1.consistency == 0.2


def test_related_link_is_neutral_and_assessed(builder: BoardBuilder) -> None:
    builder.claim("h1", is_hypothesis=True)
    builder.claim("h2", is_hypothesis=True)
    builder.card("r", grade="A1")
    builder.link("r", "h1", LinkKind.RELATED)
    builder.link("r", "h2", LinkKind.CORROBORATES)
    row = assess_board(builder.board).ach.rows[0]
    assert {c.code for c in row.cells} == {"N", "C"}
    assert row.assessed == 2 and row.diagnosticity_words == "high"


def test_json_cells_and_ranking_carry_the_new_vocabulary(builder: BoardBuilder) -> None:
    builder.claim("h1", is_hypothesis=True)
    builder.claim("h2", is_hypothesis=True)
    builder.card("r", grade="A1")
    builder.link("r", "h1", LinkKind.CORROBORATES)
    data = assess_board(builder.board).to_dict()["ach"]
    allowed = {"consistent", "inconsistent", "neutral", "not_applicable", "unassessed"}
    cells = [c["consistency"] for row in data["rows"] for c in row["cells"]]
    assert set(cells) <= allowed and "unassessed" in cells
    assert [r["unassessed"] for r in data["ranking"]] == [0, 1]
    assert [r["label"] for r in data["ranking"]] == ["H1", "H2"]
    assert data["rows"][0]["grade"] == "A1"
