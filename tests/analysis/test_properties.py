"""Properties of the origin count on random boards where each report repeats at most one other.

A report that repeats several others really does carry several origins, so the count
may rise when such a compilation is linked; these properties hold for chains.
"""

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evidenceboard.analysis import ClaimStatus, assess_board
from evidenceboard.analysis.assessment import decide_status
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind

REPORTS = 6
CLAIMS = 3


@st.composite
def boards(draw: st.DrawFn) -> tuple[list[int | None], set[tuple[int, int, bool]]]:
    parents: list[int | None] = []
    for i in range(REPORTS):
        parent = draw(st.one_of(st.none(), st.integers(0, REPORTS - 2)))
        # Shift to skip the report itself: a report cannot repeat itself directly.
        parents.append(None if parent is None else parent + (parent >= i))
    bearings = draw(
        st.sets(st.tuples(st.integers(0, REPORTS - 1), st.integers(0, CLAIMS - 1), st.booleans()))
    )
    return parents, bearings


def _build(
    parents: list[int | None], bearings: set[tuple[int, int, bool]]
) -> tuple[Board, list[str], list[str]]:
    reports = [make_card(CardKind.ARTICLE, f"r{i}", "t") for i in range(REPORTS)]
    claims = [make_card(CardKind.CLAIM, f"c{i}", "t") for i in range(CLAIMS)]
    links = [
        make_link(reports[i].id, reports[p].id, LinkKind.DERIVED_FROM, "t")
        for i, p in enumerate(parents)
        if p is not None
    ]
    seen: set[tuple[int, int]] = set()
    for r, c, supports in sorted(bearings):
        if (r, c) in seen:
            continue
        seen.add((r, c))
        kind = LinkKind.CORROBORATES if supports else LinkKind.CONTRADICTS
        links.append(make_link(reports[r].id, claims[c].id, kind, "t"))
    board = Board()
    board.apply(AddCards(tuple(reports + claims), tuple(links)))
    return board, [r.id for r in reports], [c.id for c in claims]


@settings(max_examples=60, deadline=None)
@given(boards(), st.data())
def test_adding_a_derived_from_link_never_adds_origins(
    shape: tuple[list[int | None], set[tuple[int, int, bool]]], data: st.DataObject
) -> None:
    parents, bearings = shape
    orphans = [i for i, p in enumerate(parents) if p is None]
    assume(orphans)
    board, reports, _claims = _build(parents, bearings)
    before = {a.claim_id: a.independent_origin_count for a in assess_board(board).claims}
    child = data.draw(st.sampled_from(orphans))
    parent = data.draw(st.integers(0, REPORTS - 1).filter(lambda p: p != child))
    board.apply(AddLinks((make_link(reports[child], reports[parent], LinkKind.DERIVED_FROM, "t"),)))
    for a in assess_board(board).claims:
        assert a.independent_origin_count <= before[a.claim_id]


@settings(max_examples=60, deadline=None)
@given(boards())
def test_status_agrees_with_the_counts(
    shape: tuple[list[int | None], set[tuple[int, int, bool]]],
) -> None:
    board, _reports, _claims = _build(*shape)
    for a in assess_board(board).claims:
        assert a.independent_origin_count <= len(a.supporting)
        assert a.status is decide_status(
            bool(a.supporting),
            bool(a.contradicting),
            (a.standings[o] for o in a.support_origins),
        )
        if a.status is ClaimStatus.CORROBORATED:
            assert a.independent_origin_count >= 2
        assert a.reasons
