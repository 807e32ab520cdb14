import pytest

from evidenceboard.analysis import Consistency, assess_board
from evidenceboard.model.links import LinkKind, Strength
from tests.analysis.conftest import BoardBuilder


def test_matrix_cells_diagnosticity_and_ranking(builder: BoardBuilder) -> None:
    h1 = builder.claim("h1", is_hypothesis=True)
    h2 = builder.claim("h2", is_hypothesis=True)
    h3 = builder.claim("h3", is_hypothesis=True)
    builder.claim("plain")
    for name in ("everywhere", "splits", "against-h1", "plain-only"):
        builder.card(name, grade="A1")
    for h in ("h1", "h2", "h3"):
        builder.link("everywhere", h, LinkKind.CORROBORATES)
    builder.link("splits", "h1", LinkKind.CORROBORATES, Strength.STRONG)
    builder.link("splits", "h2", LinkKind.CONTRADICTS, Strength.STRONG)
    builder.link("against-h1", "h1", LinkKind.CONTRADICTS)
    builder.link("against-h1", "h3", LinkKind.CONTRADICTS, Strength.WEAK)
    builder.link("plain-only", "plain", LinkKind.CORROBORATES)
    ach = assess_board(builder.board).ach
    assert ach.labels == {h1: "H1", h2: "H2", h3: "H3"}
    rows = {row.evidence_id: row for row in ach.rows}
    assert builder.ids["plain-only"] not in rows
    column = {h: i for i, h in enumerate(ach.hypothesis_ids)}

    everywhere = rows[builder.ids["everywhere"]]
    assert all(c.consistency is Consistency.CONSISTENT for c in everywhere.cells)
    assert not everywhere.diagnostic
    assert everywhere.diagnosticity_words == "none"

    splits = rows[builder.ids["splits"]]
    assert splits.cells[column[h1]].code == "CC"
    assert splits.cells[column[h2]].code == "II"
    # No link is not "not applicable": nobody has looked, and the matrix says so.
    assert splits.cells[column[h3]].consistency is Consistency.UNASSESSED
    assert splits.cells[column[h3]].code == "?"
    assert splits.diagnosticity == pytest.approx(3.0)
    assert splits.diagnosticity_words == "high"

    ranking = [s.hypothesis_id for s in ach.ranking]
    # h3: 0.5 weighted inconsistency, h1: 1.0, h2: 1.5; the columns follow the ranking.
    assert ranking == [h3, h1, h2]
    assert ach.hypothesis_ids == (h3, h1, h2)
    scores = {s.hypothesis_id: s for s in ach.ranking}
    assert scores[h1].inconsistent_count == 1
    assert scores[h2].inconsistency == pytest.approx(1.5)
    assert (scores[h1].unassessed, scores[h2].unassessed, scores[h3].unassessed) == (0, 1, 1)


def test_no_hypotheses_gives_an_empty_matrix(builder: BoardBuilder) -> None:
    builder.card("r")
    builder.claim("c")
    builder.link("r", "c", LinkKind.CORROBORATES)
    ach = assess_board(builder.board).ach
    assert ach.hypothesis_ids == () and ach.rows == () and ach.ranking == ()
