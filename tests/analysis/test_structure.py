"""Clusters, orphans and centrality of the board read as an undirected graph."""

from evidenceboard.analysis.structure import analyse_structure
from evidenceboard.model.links import LinkKind
from tests.analysis.conftest import BoardBuilder


def test_clusters_are_linked_groups_largest_first_and_orphans_have_no_link(
    builder: BoardBuilder,
) -> None:
    for name in ("hub", "a", "b", "c", "x", "y", "alone"):
        builder.card(name)
    for spoke in ("a", "b", "c"):
        builder.link(spoke, "hub", LinkKind.CORROBORATES)
    builder.link("x", "y", LinkKind.RELATED)
    structure = analyse_structure(builder.board)
    ids = builder.ids
    assert structure.clusters == (
        tuple(sorted(ids[n] for n in ("hub", "a", "b", "c"))),
        tuple(sorted((ids["x"], ids["y"]))),
    )
    assert structure.orphans == (ids["alone"],)


def test_the_hub_of_a_star_is_the_most_central_card(builder: BoardBuilder) -> None:
    for name in ("hub", "a", "b", "c", "alone"):
        builder.card(name)
    for spoke in ("a", "b", "c"):
        builder.link(spoke, "hub", LinkKind.DERIVED_FROM)
    central = analyse_structure(builder.board, top=3).central
    assert len(central) == 3
    assert central[0][0] == builder.ids["hub"]
    # The spokes are alike, so they tie, and ties go by id.
    spokes = sorted(builder.ids[n] for n in ("a", "b", "c"))
    assert [card_id for card_id, _score in central[1:]] == spokes[:2]
    assert central[1][1] == central[2][1] < central[0][1]


def test_a_board_without_links_has_no_central_card(builder: BoardBuilder) -> None:
    builder.card("a")
    builder.card("b")
    structure = analyse_structure(builder.board)
    assert structure.central == ()
    assert structure.clusters == ()
    assert structure.orphans == tuple(sorted(builder.ids.values()))
