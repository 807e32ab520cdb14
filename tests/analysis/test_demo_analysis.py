import json

from evidenceboard.analysis import ClaimStatus, FindingKind, assess_board
from evidenceboard.demo import demo_id
from tests.demo_boards import demo_board_in_memory


def test_the_deal_claim_rests_on_the_hurriyet_column_and_is_contested() -> None:
    board = demo_board_in_memory()
    analysis = assess_board(board)
    deal = analysis.claim(demo_id("claim-deal"))
    assert deal.status is ClaimStatus.CONTESTED
    assert deal.support_origins == (demo_id("hurriyet"),)
    assert deal.independent_origin_count == 1
    assert {e.card_id for e in deal.supporting} == {demo_id("hurriyet"), demo_id("tass")}
    assert deal.contradiction_origins == (demo_id("telegram"),)
    title = board.cards[demo_id("hurriyet")].title
    assert any("trace back to 1 origin" in r and title in r for r in deal.reasons)
    circular = [
        f
        for f in analysis.findings
        if f.kind is FindingKind.CIRCULAR_REPORTING and demo_id("claim-deal") in f.card_ids
    ]
    assert len(circular) == 1


def test_demo_hypotheses_rank_the_evacuation_first() -> None:
    ach = assess_board(demo_board_in_memory()).ach
    assert set(ach.hypothesis_ids) == {demo_id("claim-deal"), demo_id("claim-evacuated")}
    assert ach.ranking[0].hypothesis_id == demo_id("claim-evacuated")
    telegram = next(r for r in ach.rows if r.evidence_id == demo_id("telegram"))
    assert telegram.diagnostic


def test_demo_claims_are_grouped_by_who_makes_them() -> None:
    actors = assess_board(demo_board_in_memory()).actors
    selvi = next(a for a in actors if a.card_id == demo_id("p-selvi"))
    assert selvi.claim_ids == (demo_id("claim-deal"),)
    assert selvi.name == "Abdulkadir Selvi"


def test_json_form_is_plain_data_with_the_documented_keys() -> None:
    data = assess_board(demo_board_in_memory()).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["schema"] == 2
    assert set(data) == {
        "schema",
        "board_id",
        "thresholds",
        "threshold_values",
        "actors",
        "key_judgements",
        "key_assumptions",
        "gaps",
        "claims",
        "findings",
        "critical_items",
        "derived_from_cycles",
        "structure",
        "ach",
    }
    deal = next(c for c in data["claims"] if c["claim_id"] == demo_id("claim-deal"))
    assert deal["status"] == "contested"
    assert deal["independent_origin_count"] == 1
    assert data["structure"]["orphans"] == []
    assert len(data["structure"]["clusters"]) >= 1


def test_tass_repeating_hurriyet_is_one_origin_and_one_ach_row() -> None:
    analysis = assess_board(demo_board_in_memory())
    deal = analysis.claim(demo_id("claim-deal"))
    assert deal.standings[demo_id("hurriyet")].value == "credible"
    assert deal.reasons[0] == "Contested: the evidence on the board points both ways."
    rows = [r for r in analysis.ach.rows if demo_id("tass") in r.evidence_ids]
    assert len(rows) == 1
    assert rows[0].origin_ids == (demo_id("hurriyet"),)
    assert rows[0].evidence_ids == tuple(sorted((demo_id("hurriyet"), demo_id("tass"))))
    # Hurriyet's grade (C4), not Tass's own, is the row's grade.
    assert analysis.row_grades[rows[0].evidence_id] == "C4"


def test_the_demo_hypotheses_are_the_analyst_marked_key_judgements() -> None:
    judgements = assess_board(demo_board_in_memory()).key_judgements
    assert judgements.marked
    assert set(judgements.claim_ids) == {demo_id("claim-deal"), demo_id("claim-evacuated")}
