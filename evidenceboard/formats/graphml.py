"""GraphML export and import through networkx, for Gephi, yEd and Cytoscape.

GraphML attributes must be scalars, so each card becomes a node whose attributes are
the card's JSON form flattened: content fields as ``content.NAME``, geometry as
``x``/``y``/``width``/``height``, and lists and objects (tags, grading) JSON-encoded as
text. Values that are null are left out (GraphML has no null). ``label`` repeats the
display title for tools that show it. Links are edges keyed by their id with every
link field. Graph attributes carry the board details, the attachment descriptions (JSON) and a
``format`` marker; the attachment bytes are not part of GraphML. Text that XML cannot
carry (control characters, noncharacters) is written as U+FFFD
(:func:`evidenceboard.model.xml_text.xml_safe`), so the file always parses.

Reading a file we wrote rebuilds the exact board; a foreign GraphML file becomes notes
(titled by a node's ``label`` or ``name``, else its id) and ``related`` links.
"""

import io
import json
from pathlib import Path
from typing import Any

import networkx as nx

from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.codec import (
    attachment_from_dict,
    attachment_to_dict,
    card_from_dict,
    card_to_dict,
    info_from_dict,
    info_to_dict,
    link_from_dict,
    link_to_dict,
)
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.model.xml_text import xml_safe

FORMAT = "evidenceboard-graphml-1"
_JSON_FIELDS = ("tags", "grading", "authors")
_GEOMETRY = ("x", "y", "width", "height")


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key == "content":
            flat.update({f"content.{k}": v for k, v in value.items() if v is not None})
        elif key == "geometry":
            flat.update(value)
        elif key in _JSON_FIELDS:
            flat[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        elif value is not None:
            flat[key] = value
    # lxml refuses to write most control characters, and XML has no escape for them.
    return {k: xml_safe(v) if isinstance(v, str) else v for k, v in flat.items()}


def board_to_graph(board: Board) -> "nx.MultiDiGraph[str]":
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    graph.graph.update(_scalars(info_to_dict(board.info)), format=FORMAT)
    graph.graph["board_id"] = graph.graph.pop("id")
    graph.graph["attachments"] = xml_safe(
        json.dumps(
            [attachment_to_dict(board.attachments[s]) for s in sorted(board.attachments)],
            ensure_ascii=False,
            sort_keys=True,
        )
    )
    for card_id in sorted(board.cards):
        card = board.cards[card_id]
        attrs = _scalars(card_to_dict(card))
        attrs.pop("id")
        graph.add_node(card_id, label=xml_safe(card.display_title), **attrs)
    for link_id in sorted(board.links):
        attrs = _scalars(link_to_dict(board.links[link_id]))
        source, target = attrs.pop("source"), attrs.pop("target")
        attrs.pop("id")
        graph.add_edge(source, target, key=link_id, **attrs)
    return graph


def board_to_graphml(board: Board) -> bytes:
    stream = io.BytesIO()
    nx.write_graphml(board_to_graph(board), stream, encoding="utf-8")
    return stream.getvalue()


def _card_from_attrs(node_id: str, attrs: dict[str, Any]) -> Card:
    data: dict[str, Any] = {"id": node_id, "content": {}, "geometry": {}}
    for key, value in attrs.items():
        if key.startswith("content."):
            data["content"][key[8:]] = value
        elif key in _GEOMETRY:
            data["geometry"][key] = value
        elif key in _JSON_FIELDS:
            data[key] = json.loads(value)
        elif key != "label":
            data[key] = value
    return card_from_dict(data)


def graph_to_board(graph: Any, by: str) -> Board:
    if graph.graph.get("format") == FORMAT:
        return _own_board(graph)
    cards: dict[str, Card] = {}
    for index, (node_id, attrs) in enumerate(graph.nodes(data=True)):
        title = str(attrs.get("label") or attrs.get("name") or node_id)[:1000]
        cards[str(node_id)] = make_card(
            CardKind.NOTE, title, by, x=float((index % 20) * 280), y=float((index // 20) * 180)
        )
    links = [
        make_link(cards[str(a)].id, cards[str(b)].id, LinkKind.RELATED, by)
        for a, b in graph.edges()
        if str(a) != str(b)
    ]
    return Board.from_parts(BoardInfo(authors=(by,)), cards.values(), links, ())


def _own_board(graph: Any) -> Board:
    skip = ("format", "board_id", "attachments")
    info_data = {k: v for k, v in graph.graph.items() if k not in skip}
    info_data["id"] = graph.graph.get("board_id")
    info_data["authors"] = json.loads(info_data.get("authors", "[]"))
    cards = [_card_from_attrs(str(n), dict(a)) for n, a in graph.nodes(data=True)]
    links = []
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        links.append(link_from_dict({**attrs, "id": key, "source": source, "target": target}))
    try:
        attachments = [
            attachment_from_dict(a) for a in json.loads(graph.graph.get("attachments", "[]"))
        ]
        return Board.from_parts(info_from_dict(info_data), cards, links, attachments)
    except (ChangeError, ValueError, TypeError) as exc:
        raise InvalidValueError(f"The GraphML file is inconsistent: {exc}") from exc


def read_graphml_board(path: Path, by: str) -> Board:
    """Read a GraphML file into a new board (attachments are not part of GraphML)."""
    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except (nx.NetworkXError, ValueError, KeyError) as exc:
        raise InvalidValueError(
            f"{path.name} is not a GraphML file networkx can read ({exc})."
        ) from exc
    except Exception as exc:  # The XML parser raises its own error types.
        raise InvalidValueError(f"{path.name} is not valid GraphML ({exc}).") from exc
    return graph_to_board(graph, by)
