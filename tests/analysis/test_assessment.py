import pytest

from evidenceboard.analysis import ClaimStatus, assess_board
from evidenceboard.analysis.assessment import grade_factor
from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind, Strength
from tests.analysis.conftest import BoardBuilder


def test_claim_without_evidence_is_unsupported(builder: BoardBuilder) -> None:
    claim = builder.claim("claim")
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.UNSUPPORTED
    assert a.independent_origin_count == 0
    assert a.reasons[0].startswith("Unsupported")


def test_one_report_makes_a_single_source_claim(builder: BoardBuilder) -> None:
    builder.card("report", title="Wire story")
    claim = builder.claim("claim")
    link = builder.link("report", "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.SINGLE_SOURCE
    assert [e.link_id for e in a.supporting] == [link]
    assert a.support_origins == (builder.ids["report"],)
    assert "“Wire story”" in a.reasons[1]


def test_chain_plus_independent_report_is_corroborated_by_two_origins(
    builder: BoardBuilder,
) -> None:
    for name in ("a", "b", "c", "d"):
        builder.card(name)
    builder.link("b", "a", LinkKind.DERIVED_FROM)
    builder.link("c", "b", LinkKind.DERIVED_FROM)
    claim = builder.claim("claim")
    for name in ("a", "b", "c", "d"):
        builder.link(name, "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.CORROBORATED
    assert len(a.supporting) == 4
    assert set(a.support_origins) == {builder.ids["a"], builder.ids["d"]}
    assert a.independent_origin_count == 2
    assert "4 reports that trace back to only 2 origins" in a.reasons[1]


def test_chain_alone_is_single_source(builder: BoardBuilder) -> None:
    for name in ("a", "b", "c"):
        builder.card(name)
    builder.link("b", "a", LinkKind.DERIVED_FROM)
    builder.link("c", "b", LinkKind.DERIVED_FROM)
    claim = builder.claim("claim")
    for name in ("b", "c"):
        builder.link(name, "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.SINGLE_SOURCE
    assert a.support_origins == (builder.ids["a"],)
    assert "2 reports that all trace back to 1 origin: the report “a”" in a.reasons[1]


def test_evidence_both_ways_is_contested(builder: BoardBuilder) -> None:
    builder.card("for")
    builder.card("against", CardKind.DOCUMENT)
    claim = builder.claim("claim")
    builder.link("for", "claim", LinkKind.CORROBORATES)
    builder.link("against", "claim", LinkKind.CONTRADICTS)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.CONTESTED
    assert a.contradiction_origins == (builder.ids["against"],)
    assert any(r.startswith("Contradicted by 1 document") for r in a.reasons)


def test_claim_only_contradicted_is_unsupported(builder: BoardBuilder) -> None:
    builder.card("against")
    claim = builder.claim("claim")
    builder.link("against", "claim", LinkKind.CONTRADICTS)
    assert assess_board(builder.board).claim(claim).status is ClaimStatus.UNSUPPORTED


def test_support_through_another_claim_is_shown_but_not_counted(builder: BoardBuilder) -> None:
    builder.card("r1")
    builder.card("r2")
    builder.claim("fact")
    target = builder.claim("target")
    builder.link("r1", "fact", LinkKind.CORROBORATES)
    builder.link("r2", "target", LinkKind.CORROBORATES)
    via = builder.link("fact", "target", LinkKind.CORROBORATES, Strength.STRONG)
    a = assess_board(builder.board).claim(target)
    assert a.status is ClaimStatus.SINGLE_SOURCE
    assert [e.link_id for e in a.inferred_support] == [via]
    assert a.inferred_support[0].origin_ids == (builder.ids["r1"],)
    assert a.inferred_support[0].weight == pytest.approx(1.5 * 0.5)
    assert any("not counted as corroboration" in r for r in a.reasons)


def test_claims_supporting_each_other_do_not_loop(builder: BoardBuilder) -> None:
    builder.card("r")
    x = builder.claim("x")
    y = builder.claim("y")
    builder.link("r", "x", LinkKind.CORROBORATES)
    builder.link("x", "y", LinkKind.CORROBORATES)
    builder.link("y", "x", LinkKind.CORROBORATES)
    analysis = assess_board(builder.board)
    assert analysis.claim(x).status is ClaimStatus.SINGLE_SOURCE
    assert analysis.claim(y).status is ClaimStatus.UNSUPPORTED
    assert analysis.claim(y).inferred_support[0].origin_ids == (builder.ids["r"],)
    assert analysis.claim(x).inferred_support[0].origin_ids == ()


def test_weight_follows_grade_and_strength(builder: BoardBuilder) -> None:
    builder.card("good", grade="A1")
    builder.card("poor", grade="E5")
    builder.card("unjudged", grade="F6")
    builder.card("ungraded", grade=None)
    claim = builder.claim("claim")
    builder.link("good", "claim", LinkKind.CORROBORATES, Strength.STRONG)
    builder.link("poor", "claim", LinkKind.CORROBORATES, Strength.WEAK)
    builder.link("unjudged", "claim", LinkKind.CORROBORATES)
    builder.link("ungraded", "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    weights = {e.card_id: e.weight for e in a.supporting}
    assert weights[builder.ids["good"]] == pytest.approx(1.5)
    assert weights[builder.ids["poor"]] == pytest.approx(0.1)
    assert weights[builder.ids["unjudged"]] == pytest.approx(0.5)
    assert weights[builder.ids["ungraded"]] == pytest.approx(0.5)
    assert a.support_weight == pytest.approx(2.6)
    assert grade_factor(builder.get("good")) > grade_factor(builder.get("poor"))
    # F6 is a grade ("cannot be judged"), not a missing one; the words keep them apart.
    assert any("F6, cannot be judged" in r and "not graded" in r for r in a.reasons)
    assert not any("is ungraded" in r or "are ungraded" in r for r in a.reasons)


def test_entities_are_never_counted_as_evidence(builder: BoardBuilder) -> None:
    builder.card("report", title="Wire story")
    claim = builder.claim("claim")
    builder.card("selvi", CardKind.PERSON, title="Abdulkadir Selvi")
    builder.card("hurriyet", CardKind.ORGANISATION, title="Hurriyet")
    builder.link("report", "claim", LinkKind.CORROBORATES)
    builder.link("selvi", "claim", LinkKind.CORROBORATES, Strength.STRONG)
    builder.link("hurriyet", "claim", LinkKind.CORROBORATES, Strength.STRONG)
    builder.link("selvi", "hurriyet", LinkKind.RELATED, label="columnist at")
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.SINGLE_SOURCE
    assert [e.card_id for e in a.supporting] == [builder.ids["report"]]
