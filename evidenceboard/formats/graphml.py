"""GraphML export and import through networkx, for Gephi, yEd and Cytoscape.

GraphML attributes must be scalars, so each card becomes a node whose attributes are the
card's JSON form flattened: content fields as ``content.NAME``, geometry as
``x``/``y``/``width``/``height``, and lists and objects (tags, grading, an entity's
aliases and involved entities) JSON-encoded as text. Values that are null are left out
(GraphML has no null). ``label`` repeats the display title for tools that show it. Links
are edges keyed by their id with every link field; a related link's words are its
``label``, which Gephi and yEd show. Graph attributes carry the board details, the
attachment descriptions (JSON) and a ``format`` marker; the attachment bytes are not
part of GraphML. Text that XML cannot carry (control characters, noncharacters) is
written as U+FFFD (:func:`evidenceboard.model.xml_text.xml_safe`), so the file always
parses.

Reading a file we wrote rebuilds the exact board; a foreign GraphML file becomes notes
and ``related`` links, titled, described and placed as
:mod:`evidenceboard.formats.graphml_foreign` says (names from ``label``, ``name``,
``tooltip`` or yEd's labels; the layout from yEd's boxes or ``x``/``y``). The file
is parsed by :mod:`evidenceboard.formats.graphml_reading`, which refuses it as soon as
it passes the node or edge cap; JSON-encoded values nested too deeply are refused with
the node named.
"""

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import networkx as nx

from evidenceboard.formats.files import loads_json
from evidenceboard.formats.graphml_foreign import (
    edge_rationale,
    node_places,
    node_text,
    node_title,
)
from evidenceboard.formats.graphml_reading import GraphData, read_graphml_graph
from evidenceboard.model import codec
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cancel import CancelCheck, Checkpoint
from evidenceboard.model.cards import Card, CardKind, Geometry, NoteContent
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ChangeError, InvalidValueError
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.ids import new_id
from evidenceboard.model.links import LinkKind
from evidenceboard.model.xml_text import xml_safe

FORMAT = "evidenceboard-graphml-1"
_JSON_FIELDS = ("tags", "grading", "authors")
_JSON_CONTENT = ("aliases", "involved", "members")
_GEOMETRY = ("x", "y", "width", "height")


def _scalars(data: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if key == "content":
            flat.update(
                {
                    f"content.{k}": json.dumps(v, ensure_ascii=False) if k in _JSON_CONTENT else v
                    for k, v in value.items()
                    if v is not None
                }
            )
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
    graph.graph.update(_scalars(codec.info_to_dict(board.info)), format=FORMAT)
    graph.graph["board_id"] = graph.graph.pop("id")
    graph.graph["attachments"] = xml_safe(
        json.dumps(
            [codec.attachment_to_dict(board.attachments[s]) for s in sorted(board.attachments)],
            ensure_ascii=False,
            sort_keys=True,
        )
    )
    for card_id in sorted(board.cards):
        card = board.cards[card_id]
        attrs = _scalars(codec.card_to_dict(card))
        attrs.pop("id")
        graph.add_node(card_id, label=xml_safe(card.display_title), **attrs)
    for link_id in sorted(board.links):
        attrs = _scalars(codec.link_to_dict(board.links[link_id]))
        source, target = attrs.pop("source"), attrs.pop("target")
        attrs.pop("id")
        graph.add_edge(source, target, key=link_id, **attrs)
    return graph


def board_to_graphml(board: Board) -> bytes:
    stream = io.BytesIO()
    nx.write_graphml(board_to_graph(board), stream, encoding="utf-8")
    return stream.getvalue()


def _json(value: Any, where: str) -> Any:
    if not isinstance(value, str):
        raise InvalidValueError(f"{where} must be JSON text.")
    try:
        return loads_json(value)
    except InvalidValueError as exc:
        raise InvalidValueError(f"{where}: {exc}") from exc


def _card_from_attrs(node_id: str, attrs: dict[str, Any]) -> Card:
    data: dict[str, Any] = {"id": node_id, "content": {}, "geometry": {}}
    for key, value in attrs.items():
        if key.startswith("content."):
            name = key[8:]
            if name in _JSON_CONTENT:
                value = _json(value, f"The {name} of node {node_id[:40]}")
            data["content"][name] = value
        elif key in _GEOMETRY:
            data["geometry"][key] = value
        elif key in _JSON_FIELDS:
            data[key] = _json(value, f"The {key} of node {node_id[:40]}")
        elif key != "label":
            data[key] = value
    return codec.card_from_dict(data)


def graph_to_board(graph: GraphData, by: str, cancel: CancelCheck | None = None) -> Board:
    """The board a GraphML graph describes: ours exactly, another app's as notes."""
    if graph.attrs.get("format") == FORMAT:
        return _own_board(graph, cancel)
    checkpoint = Checkpoint(cancel)
    now = utc_now()  # one import, one time: and no clock read per card
    # Every note differs only in id, title and place: copying one is half the work of
    # making each afresh, which is most of the time a large file takes.
    template = make_card(CardKind.NOTE, "", by, at=now)
    cards: dict[str, Card] = {}
    places = node_places(graph)
    for (node_id, attrs), (x, y) in zip(graph.nodes.items(), places, strict=True):
        checkpoint.tick()
        card = replace(
            template, id=new_id(), title=node_title(node_id, attrs), geometry=Geometry(x, y)
        )
        text = node_text(attrs)
        if text:
            card = replace(card, content=NoteContent(text))
        cards[node_id] = card
    links = []
    for a, b, _key, attrs in graph.edges:
        checkpoint.tick()
        if a != b:
            source, target = cards[a].id, cards[b].id
            rationale = edge_rationale(attrs)
            links.append(
                make_link(source, target, LinkKind.RELATED, by, at=now, rationale=rationale)
            )
    return Board.from_parts(BoardInfo(authors=(by,)), cards.values(), links, ())


def _own_board(graph: GraphData, cancel: CancelCheck | None) -> Board:
    checkpoint = Checkpoint(cancel)
    skip = ("format", "board_id", "attachments")
    info_data = {k: v for k, v in graph.attrs.items() if k not in skip}
    info_data["id"] = graph.attrs.get("board_id")
    info_data["authors"] = _json(info_data.get("authors", "[]"), "The board's authors")
    cards = []
    for node, attrs in graph.nodes.items():
        checkpoint.tick()
        cards.append(_card_from_attrs(node, dict(attrs)))
    links = []
    for source, target, key, attrs in graph.edges:
        checkpoint.tick()
        links.append(codec.link_from_dict({**attrs, "id": key, "source": source, "target": target}))
    described = _json(graph.attrs.get("attachments", "[]"), "The attachment list")
    if not isinstance(described, list):
        raise InvalidValueError("The GraphML file's attachment list is not a list.")
    try:
        attachments = [codec.attachment_from_dict(a) for a in described]
        return Board.from_parts(codec.info_from_dict(info_data), cards, links, attachments)
    except (ChangeError, ValueError, TypeError) as exc:
        raise InvalidValueError(f"The GraphML file is inconsistent: {exc}") from exc


def read_graphml_board(path: Path, by: str, cancel: CancelCheck | None = None) -> Board:
    """Read a GraphML file into a new board (attachments are not part of GraphML).

    At most :data:`~evidenceboard.formats.graphml_reading.MAX_NODES` nodes and
    :data:`~evidenceboard.formats.graphml_reading.MAX_EDGES` edges are read; a larger
    file is refused as soon as the reader passes the cap. ``cancel`` is asked every
    few hundred elements and items.
    """
    try:
        graph = read_graphml_graph(path, cancel)
        return graph_to_board(graph, by, cancel)
    except RecursionError as exc:
        raise InvalidValueError(f"{path.name} is nested too deeply to import.") from exc
