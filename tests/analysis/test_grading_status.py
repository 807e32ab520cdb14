"""Grading counts: every status of the rule table, with hand-built boards and known answers."""

import pytest

from evidenceboard.analysis import ClaimStatus, FindingKind, assess_board
from evidenceboard.analysis.standing import Standing, standing_of, threshold_lines
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder

UK = "uk5x5x5"


@pytest.mark.parametrize(
    ("grades", "status", "headline"),
    [
        # The case: an anonymous E5 post and an F6 Telegram post are not green.
        (("E5", "F6"), ClaimStatus.WEAKLY_SOURCED, "Weakly sourced"),
        (("E5",), ClaimStatus.WEAKLY_SOURCED, "Weakly sourced"),
        (("D3", "E5"), ClaimStatus.WEAKLY_SOURCED, "Weakly sourced"),
        (("B2", "A5"), ClaimStatus.SINGLE_SOURCE, "1 weak origin does not count"),
        (("A1",), ClaimStatus.SINGLE_SOURCE, "one independent origin, credible"),
        (("A1", "B2"), ClaimStatus.CORROBORATED, "2 independent origins, all credible"),
        (("A1", None), ClaimStatus.CORROBORATED, "1 credible, 1 not graded or not judged"),
        ((None, None), ClaimStatus.CORROBORATED, "2 independent origins, neither graded"),
        (("F6", None), ClaimStatus.CORROBORATED, "neither graded"),
        (("F6", "F6", "E5"), ClaimStatus.CORROBORATED, "1 weak origin does not count"),
        (("F6",), ClaimStatus.SINGLE_SOURCE, "not graded or not judged"),
        (("C4", "B4"), ClaimStatus.CORROBORATED, "all credible"),
    ],
)
def test_status_follows_each_origins_grade(
    builder: BoardBuilder, grades: tuple[str | None, ...], status: ClaimStatus, headline: str
) -> None:
    claim = builder.claim_backed_by(*grades)
    a = assess_board(builder.board).claim(claim)
    assert a.status is status
    assert headline in a.reasons[0]


def test_one_a1_source_is_single_source_not_worse_than_two_weak(builder: BoardBuilder) -> None:
    strong = builder.claim("strong")
    weak = builder.claim("weak")
    builder.card("agency", grade="A1")
    builder.card("forum", grade="E5")
    builder.card("channel", grade="E4")
    builder.link("agency", "strong", LinkKind.CORROBORATES)
    builder.link("forum", "weak", LinkKind.CORROBORATES)
    builder.link("channel", "weak", LinkKind.CORROBORATES)
    analysis = assess_board(builder.board)
    assert analysis.claim(strong).status is ClaimStatus.SINGLE_SOURCE
    assert analysis.claim(weak).status is ClaimStatus.WEAKLY_SOURCED
    kinds = {f.kind for f in analysis.findings if weak in f.card_ids}
    assert FindingKind.WEAKLY_SOURCED in kinds and FindingKind.SINGLE_SOURCE not in kinds


@pytest.mark.parametrize(
    ("grade", "standing"),
    [
        ("A1", Standing.CREDIBLE),
        ("C3", Standing.CREDIBLE),
        ("C4", Standing.CREDIBLE),
        ("D1", Standing.WEAK),
        ("E2", Standing.WEAK),
        ("A5", Standing.WEAK),
        ("F6", Standing.UNASSESSED),
        ("F2", Standing.CREDIBLE),
        ("F5", Standing.WEAK),
    ],
)
def test_nato_standings(builder: BoardBuilder, grade: str, standing: Standing) -> None:
    builder.card("x", grade=grade)
    assert standing_of(builder.get("x")) is standing


@pytest.mark.parametrize(
    ("grade", "standing"),
    [
        ("A1", Standing.CREDIBLE),
        ("C3", Standing.CREDIBLE),
        ("D1", Standing.WEAK),  # "Unreliable"
        ("B5", Standing.WEAK),  # "Suspected to be false or malicious"
        ("E4", Standing.UNASSESSED),  # untested source, cannot be judged
        ("E2", Standing.CREDIBLE),
    ],
)
def test_uk_5x5x5_standings(builder: BoardBuilder, grade: str, standing: Standing) -> None:
    builder.card("x", grade=None, grading=parse_grade(grade, UK))
    assert standing_of(builder.get("x")) is standing


def test_uk_5x5x5_claim_statuses(builder: BoardBuilder) -> None:
    builder.claim("weak")
    builder.claim("good")
    for name, grade in (("d1", "D1"), ("b5", "B5"), ("a1", "A1"), ("b2", "B2")):
        builder.card(name, grade=None, grading=parse_grade(grade, UK))
    builder.link("d1", "weak", LinkKind.CORROBORATES)
    builder.link("b5", "weak", LinkKind.CORROBORATES)
    builder.link("a1", "good", LinkKind.CORROBORATES)
    builder.link("b2", "good", LinkKind.CORROBORATES)
    analysis = assess_board(builder.board)
    assert analysis.claim(builder.ids["weak"]).status is ClaimStatus.WEAKLY_SOURCED
    assert analysis.claim(builder.ids["good"]).status is ClaimStatus.CORROBORATED


def test_a_strong_report_repeating_a_weak_origin_does_not_upgrade_it(
    builder: BoardBuilder,
) -> None:
    claim = builder.claim("claim")
    builder.card("forum", grade="E5")
    builder.card("agency", grade="A1")
    builder.link("agency", "forum", LinkKind.DERIVED_FROM)
    builder.link("agency", "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    assert a.support_origins == (builder.ids["forum"],)
    assert a.status is ClaimStatus.WEAKLY_SOURCED
    assert any("E5" in r and "weak" in r for r in a.reasons)


def test_a_weak_report_repeating_a_strong_origin_keeps_its_grade(builder: BoardBuilder) -> None:
    claim = builder.claim("claim")
    builder.card("agency", grade="A1")
    builder.card("forum", grade="E5")
    builder.link("forum", "agency", LinkKind.DERIVED_FROM)
    builder.link("forum", "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.SINGLE_SOURCE
    assert a.standings == {builder.ids["agency"]: Standing.CREDIBLE}


def test_chain_through_weak_and_strong_origins_counts_each_origin_once(
    builder: BoardBuilder,
) -> None:
    # A digest repeats both a forum post (E5) and an agency wire (A1), and a second agency
    # (B2) reports on its own: two credible origins, one weak one.
    claim = builder.claim("claim")
    for name, grade in (("forum", "E5"), ("wire", "A1"), ("digest", "C3"), ("second", "B2")):
        builder.card(name, grade=grade)
    builder.link("digest", "forum", LinkKind.DERIVED_FROM)
    builder.link("digest", "wire", LinkKind.DERIVED_FROM)
    builder.link("digest", "claim", LinkKind.CORROBORATES)
    builder.link("second", "claim", LinkKind.CORROBORATES)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.CORROBORATED
    assert a.support_count(Standing.CREDIBLE) == 2
    assert a.support_count(Standing.WEAK) == 1
    assert "1 weak origin does not count" in a.reasons[0]


def test_reasons_name_f6_as_a_grade_and_show_no_raw_weights(builder: BoardBuilder) -> None:
    builder.claim_backed_by("F6", None, "A1")
    a = assess_board(builder.board).claim(builder.ids["claim"])
    text = " ".join(a.reasons)
    assert "F6, cannot be judged" in text and "not graded" in text
    assert "ungraded" not in text
    assert "0." not in text and "weigh" not in text.casefold()


def test_thresholds_are_stated() -> None:
    text = " ".join(threshold_lines())
    assert "D or E" in text and "information 5" in text and "F6" in text and "2 or more" in text
