from evidenceboard.analysis import FindingKind, Severity, assess_board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def _kinds(builder: BoardBuilder) -> dict[FindingKind, list[tuple[str, ...]]]:
    found: dict[FindingKind, list[tuple[str, ...]]] = {}
    for finding in assess_board(builder.board).findings:
        found.setdefault(finding.kind, []).append(finding.card_ids)
    return found


def test_shared_origin_is_circular_reporting(builder: BoardBuilder) -> None:
    for name in ("origin", "copy1", "copy2"):
        builder.card(name)
    builder.link("copy1", "origin", LinkKind.DERIVED_FROM)
    builder.link("copy2", "origin", LinkKind.DERIVED_FROM)
    builder.claim("claim")
    l1 = builder.link("copy1", "claim", LinkKind.CORROBORATES)
    l2 = builder.link("copy2", "claim", LinkKind.CORROBORATES)
    circular = [
        f for f in assess_board(builder.board).findings if f.kind is FindingKind.CIRCULAR_REPORTING
    ]
    assert len(circular) == 1
    assert circular[0].severity is Severity.WARNING
    assert set(circular[0].link_ids) == {l1, l2}
    assert builder.ids["origin"] in circular[0].card_ids
    assert "“origin”" in circular[0].message


def test_independent_reports_are_not_circular(builder: BoardBuilder) -> None:
    builder.card("r1")
    builder.card("r2")
    builder.claim("claim")
    builder.link("r1", "claim", LinkKind.CORROBORATES)
    builder.link("r2", "claim", LinkKind.CORROBORATES)
    kinds = _kinds(builder)
    assert FindingKind.CIRCULAR_REPORTING not in kinds
    assert FindingKind.SINGLE_SOURCE not in kinds


def test_inference_resting_on_the_same_origin_is_circular(builder: BoardBuilder) -> None:
    builder.card("column")
    builder.claim("fact")
    builder.claim("claim")
    builder.link("column", "fact", LinkKind.CORROBORATES)
    builder.link("column", "claim", LinkKind.CORROBORATES)
    builder.link("fact", "claim", LinkKind.CORROBORATES)
    kinds = _kinds(builder)
    assert len(kinds[FindingKind.CIRCULAR_REPORTING]) == 1


def test_cycle_is_an_error_listed_first(builder: BoardBuilder) -> None:
    builder.card("x")
    builder.card("y")
    builder.card("lonely")
    builder.link("x", "y", LinkKind.DERIVED_FROM)
    builder.link("y", "x", LinkKind.DERIVED_FROM)
    findings = assess_board(builder.board).findings
    assert findings[0].kind is FindingKind.DERIVED_FROM_CYCLE
    assert findings[0].severity is Severity.ERROR
    assert set(findings[0].card_ids) == {builder.ids["x"], builder.ids["y"]}
    assert len(findings[0].link_ids) == 2


def test_single_source_contested_ungraded_uncited_and_orphans(builder: BoardBuilder) -> None:
    builder.card("ungraded", grade=None)
    builder.card("against", CardKind.DOCUMENT)
    builder.card("lonely")
    builder.claim("claim")
    builder.link("ungraded", "claim", LinkKind.CORROBORATES)
    bare = builder.link("against", "claim", LinkKind.CONTRADICTS, rationale="")
    analysis = assess_board(builder.board)
    by_kind = {f.kind: f for f in analysis.findings}
    claim = builder.ids["claim"]
    assert claim in by_kind[FindingKind.SINGLE_SOURCE].card_ids
    assert claim in by_kind[FindingKind.CONTESTED].card_ids
    assert builder.ids["ungraded"] in by_kind[FindingKind.UNGRADED].card_ids
    assert by_kind[FindingKind.UNCITED].link_ids == (bare,)
    assert by_kind[FindingKind.UNCITED].severity is Severity.INFO
    assert by_kind[FindingKind.ORPHAN].card_ids == (builder.ids["lonely"],)


def test_link_with_only_a_url_on_its_source_is_cited(builder: BoardBuilder) -> None:
    builder.card("web", url="https://example.org/story")
    builder.claim("claim")
    builder.link("web", "claim", LinkKind.CORROBORATES, rationale="")
    assert FindingKind.UNCITED not in _kinds(builder)


def test_critical_items_rank_origins_by_claims_they_would_change(
    builder: BoardBuilder,
) -> None:
    builder.card("key")
    builder.card("other")
    for name in ("c1", "c2", "c3"):
        builder.claim(name)
        builder.link("key", name, LinkKind.CORROBORATES)
    builder.link("other", "c1", LinkKind.CORROBORATES)
    critical = assess_board(builder.board).critical_items
    assert critical[0].card_id == builder.ids["key"]
    assert set(critical[0].claim_ids) == {builder.ids[n] for n in ("c1", "c2", "c3")}
    assert critical[1].card_id == builder.ids["other"]
    assert critical[1].claim_ids == (builder.ids["c1"],)
