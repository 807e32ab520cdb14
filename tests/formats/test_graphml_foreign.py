"""GraphML from yEd, Gephi and Cytoscape: names become titles and the layout is kept."""

from pathlib import Path

import pytest

from evidenceboard.formats.graphml import read_graphml_board
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, Geometry

FILES = Path(__file__).parent / "files"


def _by_title(board: Board) -> dict[str, Card]:
    return {card.title: card for card in board.cards.values()}


def _centre(g: Geometry) -> tuple[float, float]:
    return (g.x + g.width / 2, g.y + g.height / 2)


def _overlap(a: Geometry, b: Geometry) -> bool:
    return (
        a.x < b.x + b.width
        and b.x < a.x + a.width
        and a.y < b.y + b.height
        and b.y < a.y + a.height
    )


def test_yed_labels_become_titles_and_its_geometry_the_layout() -> None:
    board = read_graphml_board(FILES / "networkx-yfiles-extension.graphml", "cy")
    cards = _by_title(board)
    assert set(cards) == {"1", "2", "3"}
    one, two, three = (_centre(cards[t].geometry) for t in ("1", "2", "3"))
    # yEd's centres: 1 at (140, 115), 2 at (198, 220), 3 at (990, 306); one scale for all.
    scale = (two[0] - one[0]) / 58
    assert scale >= 1
    assert two[1] - one[1] == pytest.approx(105 * scale)
    assert three[0] - one[0] == pytest.approx(850 * scale)
    assert three[1] - one[1] == pytest.approx(191 * scale)
    geometries = [c.geometry for c in board.cards.values()]
    assert not any(_overlap(a, b) for i, a in enumerate(geometries) for b in geometries[i + 1 :])
    # The description (a multi-line CDATA value) becomes the note's text.
    assert cards["3"].text == "description\nline1\nline2"


def test_gephi_positions_are_kept_and_edge_labels_become_rationales() -> None:
    board = read_graphml_board(FILES / "gephi-positions.graphml", "cy")
    cards = _by_title(board)
    harbour, pilot, ferry = (
        _centre(cards[t].geometry) for t in ("Harbour master", "Pilot", "Ferry operator")
    )
    assert harbour[0] < pilot[0] < ferry[0]
    assert harbour[1] == pytest.approx(ferry[1])
    # y as written (downwards, as on the board and in yEd).
    assert pilot[1] < harbour[1]
    geometries = [c.geometry for c in board.cards.values()]
    assert not any(_overlap(a, b) for i, a in enumerate(geometries) for b in geometries[i + 1 :])
    rationales = sorted(link.rationale for link in board.links.values())
    assert rationales == ["", "radioed"]


def test_names_in_other_attributes_become_titles() -> None:
    board = read_graphml_board(FILES / "named-nodes.graphml", "cy")
    cards = _by_title(board)
    assert set(cards) == {"Ana Ruiz", "Marlin Holdings", "Port authority", "Customs office", "n4"}
    assert cards["Marlin Holdings"].text == "Dredging contractor"
