"""Canvases written by other apps come back out of a board as they went in.

The files are in ``tests/formats/files`` (their sources and licences in its README).
What may differ, and why: ids (a foreign id is replaced by one of ours), the order of
nodes (groups first, then by id), keys the JSON Canvas spec does not define, the case
of a ``#rrggbb`` colour (written in lower case), and the spec's default line ends,
which we always write out.
"""

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from evidenceboard.formats.canvas import EXTENSION, board_to_canvas, canvas_to_board
from evidenceboard.model.cards import CardKind, DocumentContent, FrameContent, NoteContent
from evidenceboard.model.links import End, LinkKind, Side
from evidenceboard.resources_path import resource

FILES = Path(__file__).with_name("files")
CANVASES = ["jsoncanvas-sample.canvas", "obsidian-case-map.canvas"]
_NODE_KEYS = {
    "text": ("text",),
    "file": ("file", "subpath"),
    "link": ("url",),
    "group": ("label", "background", "backgroundStyle"),
}
_EDGE_KEYS = ("fromSide", "toSide", "fromEnd", "toEnd", "color", "label")


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FILES / name).read_text("utf-8"))
    return data


def _lower_colour(item: dict[str, Any]) -> dict[str, Any]:
    return {**item, "color": item["color"].lower()} if "color" in item else item


def _node_shape(node: dict[str, Any]) -> tuple[Any, ...]:
    keys = ("type", "x", "y", "width", "height", "color", *_NODE_KEYS[node["type"]])
    node = _lower_colour(node)
    return tuple((k, node[k]) for k in keys if k in node)


def _edge_shapes(canvas: dict[str, Any]) -> list[tuple[Any, ...]]:
    nodes = {n["id"]: _node_shape(n) for n in canvas["nodes"]}
    shapes = []
    for edge in canvas["edges"]:
        drawn = _lower_colour({"fromEnd": "none", "toEnd": "arrow", **edge})
        rest = tuple((k, drawn[k]) for k in _EDGE_KEYS if k in drawn)
        shapes.append((nodes[edge["fromNode"]], nodes[edge["toNode"]], rest))
    return sorted(shapes, key=repr)


def _round_trip(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    original = _load(name)
    board = canvas_to_board(original, "cy")
    written = json.loads(json.dumps(board_to_canvas(board)))
    return original, written


@pytest.mark.parametrize("name", CANVASES)
def test_every_node_comes_back_as_it_was(name: str) -> None:
    original, written = _round_trip(name)
    assert sorted(map(_node_shape, written["nodes"]), key=repr) == sorted(
        map(_node_shape, original["nodes"]), key=repr
    )


@pytest.mark.parametrize("name", CANVASES)
def test_every_edge_comes_back_between_the_same_nodes_drawn_the_same(name: str) -> None:
    original, written = _round_trip(name)
    assert _edge_shapes(written) == _edge_shapes(original)


@pytest.mark.parametrize("name", CANVASES)
def test_the_written_canvas_is_valid_and_a_second_round_trip_changes_nothing(name: str) -> None:
    _, written = _round_trip(name)
    schema = json.loads(resource("schemas", "jsoncanvas-1.0.schema.json").read_text("utf-8"))
    jsonschema.validate(written, schema)
    again = json.loads(json.dumps(board_to_canvas(canvas_to_board(written, "dee"))))
    strip = {EXTENSION}
    assert [{k: v for k, v in n.items() if k not in strip} for n in again["nodes"]] == [
        {k: v for k, v in n.items() if k not in strip} for n in written["nodes"]
    ]


def test_what_the_board_makes_of_an_obsidian_case_map() -> None:
    board = canvas_to_board(_load("obsidian-case-map.canvas"), "cy")
    by_title = {c.display_title: c for c in board.cards.values()}
    hoje = by_title["Hoje o voo partiu às 22h"]
    # The Markdown is the note's text exactly: no heading added, nothing escaped.
    assert isinstance(hoje.content, NoteContent) and hoje.content.markdown
    assert hoje.content.text.startswith("# **Hoje o voo partiu às 22h**\n\nA coluna diz")
    log = by_title["Flight log.pdf"].content
    assert isinstance(log, DocumentContent)
    assert log.file_path == "Sources/Flight log.pdf#page=3" and log.attachment is None
    # Groups are frames; a card in two groups is held by the smaller one.
    outer, inner = by_title["Reporting on the flight"], by_title["Hürriyet and its copies"]
    assert isinstance(outer.content, FrameContent) and isinstance(inner.content, FrameContent)
    assert {board.cards[i].display_title for i in inner.content.members} == {
        "Hoje o voo partiu às 22h",
        "Tass repeats it",
    }
    assert {board.cards[i].display_title for i in outer.content.members} == {
        "https://example.org/flight-tracker",
        "Flight log.pdf",
    }
    # Colours and words are drawing, not verdicts: every line is a related link.
    assert {link.kind for link in board.links.values()} == {LinkKind.RELATED}
    red = next(link for link in board.links.values() if link.label == "contradicts the time")
    assert red.style.colour == "1"
    assert (red.style.from_side, red.style.to_side) == (Side.LEFT, Side.RIGHT)
    to_group = next(link for link in board.links.values() if link.target == outer.id)
    assert (to_group.style.from_end, to_group.style.to_end) == (End.ARROW, End.NONE)
    assert to_group.style.colour == "#9b59b6"


def test_an_edit_made_in_the_other_app_to_a_markdown_note_is_taken() -> None:
    board = canvas_to_board(_load("obsidian-case-map.canvas"), "cy")
    written = board_to_canvas(board)
    node = next(n for n in written["nodes"] if n.get("text", "").startswith("## Tass"))
    node["text"] = "## Tass repeats it\n\nand RIA too"
    node["color"] = "2"
    again = canvas_to_board(json.loads(json.dumps(written)), "cy")
    note = again.cards[node["id"]]
    assert note.content.text == "## Tass repeats it\n\nand RIA too"
    assert note.kind is CardKind.NOTE


def test_a_line_restyled_in_the_other_app_keeps_its_kind_and_takes_the_style() -> None:
    board = canvas_to_board(_load("obsidian-case-map.canvas"), "cy")
    written = board_to_canvas(board)
    edge = next(e for e in written["edges"] if e.get("label") == "repeats")
    edge.update(color="6", fromSide="left", toSide="left")
    again = canvas_to_board(json.loads(json.dumps(written)), "cy")
    link = again.links[edge["id"]]
    assert link.kind is LinkKind.RELATED and link.label == "repeats"
    assert (link.style.colour, link.style.from_side, link.style.to_side) == (
        "6",
        Side.LEFT,
        Side.LEFT,
    )
