"""The board's own thresholds: hand-built boards whose statuses are known for each setting."""

import pytest

from evidenceboard.analysis import ClaimStatus, assess_board
from evidenceboard.analysis.standing import (
    CORROBORATION_SETTING,
    WEAK_INFORMATION_SETTING,
    WEAK_RELIABILITY_SETTING,
    Standing,
    Thresholds,
    check_threshold,
    threshold_lines,
    thresholds_of,
)
from evidenceboard.model.changes import EditBoard
from tests.analysis.conftest import BoardBuilder


def _set(builder: BoardBuilder, key: str, value: str | None) -> None:
    before = builder.board.info
    builder.board.apply(EditBoard(before, before.with_setting(key, value)))


def _status(builder: BoardBuilder, claim: str) -> ClaimStatus:
    return assess_board(builder.board).claim(claim).status


@pytest.mark.parametrize(
    ("grades", "origins", "expected"),
    [
        (("A1", "B2"), None, ClaimStatus.CORROBORATED),
        (("A1", "B2"), "3", ClaimStatus.UNCORROBORATED),
        (("A1", "B2", None), "3", ClaimStatus.CORROBORATED),
        (("A1",), "1", ClaimStatus.CORROBORATED),
        (("A1",), None, ClaimStatus.SINGLE_SOURCE),
        ((None, None), None, ClaimStatus.CORROBORATED),
        ((None, None), "3", ClaimStatus.UNCORROBORATED),
        (("E5", "A1"), "1", ClaimStatus.CORROBORATED),
    ],
)
def test_corroboration_follows_the_board_setting(
    builder: BoardBuilder,
    grades: tuple[str | None, ...],
    origins: str | None,
    expected: ClaimStatus,
) -> None:
    claim = builder.claim_backed_by(*grades)
    _set(builder, CORROBORATION_SETTING, origins)
    assert _status(builder, claim) is expected


def test_two_ungraded_independent_origins_still_corroborate_by_default(
    builder: BoardBuilder,
) -> None:
    claim = builder.claim_backed_by(None, None)
    a = assess_board(builder.board).claim(claim)
    assert a.status is ClaimStatus.CORROBORATED
    assert a.reasons[0] == "Corroborated by 2 independent origins, neither graded."


def test_which_grades_are_weak_follows_the_board_setting(builder: BoardBuilder) -> None:
    claim = builder.claim_backed_by("C3", "B4")
    assert _status(builder, claim) is ClaimStatus.CORROBORATED
    _set(builder, WEAK_RELIABILITY_SETTING, "C")
    a = assess_board(builder.board).claim(claim)
    assert a.standings[builder.ids["r0"]] is Standing.WEAK
    assert a.standings[builder.ids["r1"]] is Standing.CREDIBLE
    assert a.status is ClaimStatus.SINGLE_SOURCE
    _set(builder, WEAK_INFORMATION_SETTING, "4")
    assert _status(builder, claim) is ClaimStatus.WEAKLY_SOURCED
    # Back to the defaults: the same board reads as it did.
    for key in (WEAK_RELIABILITY_SETTING, WEAK_INFORMATION_SETTING):
        _set(builder, key, None)
    assert _status(builder, claim) is ClaimStatus.CORROBORATED


def test_a_linchpin_is_judged_by_the_board_thresholds(builder: BoardBuilder) -> None:
    builder.claim_backed_by("A1", "B2")
    assert assess_board(builder.board).critical_items != ()
    # With one origin enough, losing either still leaves the claim corroborated.
    _set(builder, CORROBORATION_SETTING, "1")
    assert assess_board(builder.board).critical_items == ()


def test_settings_not_understood_read_as_the_defaults(builder: BoardBuilder) -> None:
    for key, value in (
        (CORROBORATION_SETTING, "0"),
        (WEAK_RELIABILITY_SETTING, "A"),
        (WEAK_INFORMATION_SETTING, "five"),
    ):
        _set(builder, key, value)
    assert thresholds_of(builder.board.info) == Thresholds()
    with pytest.raises(ValueError, match="one of 1, 2, 3, 4, 5"):
        check_threshold(CORROBORATION_SETTING, "0")


def test_the_rules_in_words_state_the_board_thresholds() -> None:
    default = " ".join(threshold_lines())
    assert "2 or more independent origins" in default and "These are the defaults." in default
    assert "D or E (NATO/Admiralty; D in UK 5x5x5)" in default
    stricter = " ".join(threshold_lines(Thresholds(3, 2, 3)))
    assert "3 or more independent origins" in stricter
    assert "C to E (NATO/Admiralty; C or D in UK 5x5x5)" in stricter
    assert "information 4 to 5" in stricter
    assert "This board sets its own thresholds" in stricter


def test_analyze_json_gives_the_threshold_values(builder: BoardBuilder) -> None:
    builder.claim_backed_by("A1")
    _set(builder, CORROBORATION_SETTING, "3")
    data = assess_board(builder.board).to_dict()
    assert data["threshold_values"] == {
        "corroboration_origins": 3,
        "weak_reliability": "D",
        "weak_information": "5",
        "is_default": False,
    }
    assert any("3 or more" in line for line in data["thresholds"])
