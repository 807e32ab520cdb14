"""Foreign GraphML files read as networkx reads them: labels, types, yEd, no namespace."""

from pathlib import Path

import networkx as nx
import pytest

from evidenceboard.formats.graphml import read_graphml_board
from evidenceboard.formats.graphml_reading import read_graphml_graph
from evidenceboard.model.errors import InvalidValueError

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_YED = (
    _HEAD + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:y="http://www.yworks.com/xml/graphml">'
    '<key id="g" for="node" yfiles.type="nodegraphics"/>'
    '<key id="w" for="edge" attr.name="weight" attr.type="double"/>'
    '<key id="b" for="node" attr.name="seen" attr.type="boolean"/>'
    '<key id="c" for="node" attr.name="count" attr.type="int"/>'
    '<graph edgedefault="undirected">'
    '<node id="a"><data key="g"><y:ShapeNode><y:NodeLabel>Harbour master</y:NodeLabel>'
    '</y:ShapeNode></data><data key="b">True</data><data key="c">3</data></node>'
    '<node id="grp" yfiles.foldertype="group"><data key="g"><y:ProxyAutoBoundsNode>'
    "<y:Realizers><y:GroupNode><y:NodeLabel>Port</y:NodeLabel></y:GroupNode></y:Realizers>"
    '</y:ProxyAutoBoundsNode></data><graph edgedefault="undirected">'
    '<node id="grp::b"><data key="g"><y:ShapeNode><y:NodeLabel>Pilot</y:NodeLabel>'
    "</y:ShapeNode></data></node></graph></node>"
    '<edge id="e0" source="a" target="grp::b"><data key="w">1.5</data></edge>'
    '<edge source="a" target="elsewhere"/><edge source="a" target="a"/>'
    "</graph></graphml>\n"
)
_PLAIN = (
    _HEAD + '<graphml><key id="n" for="node" attr.name="name" attr.type="string"/>'
    '<graph edgedefault="directed"><node id="1"><data key="n">Ana</data></node>'
    '<node id="2"><data key="n"/></node><edge source="1" target="2"/></graph></graphml>\n'
)


def _networkx_titles(path: Path) -> list[str]:
    graph = nx.read_graphml(path, force_multigraph=True)
    return sorted(str(a.get("label") or a.get("name") or n) for n, a in graph.nodes(data=True))


def test_a_file_without_the_namespace_gives_the_nodes_networkx_gives(tmp_path: Path) -> None:
    path = tmp_path / "plain.graphml"
    path.write_text(_PLAIN, encoding="utf-8")
    board = read_graphml_board(path, "cy")
    titles = sorted(card.title for card in board.cards.values())
    assert titles == _networkx_titles(path) == ["2", "Ana"]  # an empty name: titled by id
    assert len(board.links) == 1


def test_yed_labels_and_groups_become_titled_notes(tmp_path: Path) -> None:
    path = tmp_path / "yed.graphml"
    path.write_text(_YED, encoding="utf-8")
    board = read_graphml_board(path, "cy")
    titles = sorted(card.title for card in board.cards.values())
    # networkx titles the group by its id, missing the label yEd keeps in its group realizer.
    assert _networkx_titles(path) == ["Harbour master", "Pilot", "elsewhere", "grp"]
    assert titles == ["Harbour master", "Pilot", "Port", "elsewhere"]
    assert len(board.links) == 2  # the self-loop has no card to join


def test_values_are_typed_by_their_keys(tmp_path: Path) -> None:
    path = tmp_path / "yed.graphml"
    path.write_text(_YED, encoding="utf-8")
    read = read_graphml_graph(path)
    assert read.nodes["a"] == {"label": "Harbour master", "seen": True, "count": 3}
    assert read.nodes["elsewhere"] == {}  # named only by an edge
    assert read.edges[0] == ("a", "grp::b", "e0", {"weight": 1.5})


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('<node id="a"><data key="zz">x</data></node>', "undeclared key"),
        ('<node id="a"><data key="c">three</data></node>', "invalid literal"),
        ('<node id="a"/><edge source="a" target="a" directed="false"/>', "mixed"),
        ('<hyperedge><endpoint node="a"/></hyperedge>', "hyperedges"),
    ],
)
def test_broken_foreign_files_are_refused_naming_the_problem(
    tmp_path: Path, body: str, reason: str
) -> None:
    text = (
        _HEAD + '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
        '<key id="c" for="node" attr.name="count" attr.type="int"/>'
        f'<graph edgedefault="directed">{body}</graph></graphml>'
    )
    path = tmp_path / "broken.graphml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidValueError, match=reason):
        read_graphml_board(path, "cy")
