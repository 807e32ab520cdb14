"""JSON Canvas: valid per the 1.0 schema, lossless for our files, tolerant of others'."""

import json
import math
from typing import Any

import jsonschema
import pytest

from evidenceboard.formats.canvas import board_to_canvas, canvas_to_board, escape_markdown
from evidenceboard.formats.files import loads_json
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind, DocumentContent, FrameContent
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.links import LinkKind
from evidenceboard.resources_path import resource
from tests.formats.conftest import assert_same_board


def _schema() -> dict[str, object]:
    data: dict[str, object] = json.loads(
        resource("schemas", "jsoncanvas-1.0.schema.json").read_text("utf-8")
    )
    return data


def test_canvas_validates_against_json_canvas_1_0(board: Board) -> None:
    canvas = board_to_canvas(board)
    jsonschema.validate(canvas, _schema())
    types = sorted(n["type"] for n in canvas["nodes"])
    assert types == ["file", "link", "text", "text", "text"]
    colours = {e.get("label", ""): e.get("color") for e in canvas["edges"]}
    # A related line without words carries no label: "related" would be noise on it.
    assert colours == {"corroborates": "4", "contradicts": "1", "derived from": "#808080", "": None}
    assert all(e["toEnd"] == "arrow" for e in canvas["edges"])


def test_schema_rejects_a_broken_canvas() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"nodes": [{"id": "a", "type": "text", "x": 0, "y": 0}]}, _schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"edges": [{"id": "e", "fromNode": "a", "toNode": "b", "toEnd": "dot"}]}, _schema()
        )


def test_round_trip_through_a_file_is_lossless(board: Board) -> None:
    text = json.dumps(board_to_canvas(board), ensure_ascii=False)
    assert_same_board(canvas_to_board(loads_json(text), "someone"), board)


def test_file_nodes_use_the_given_exported_names(board: Board) -> None:
    [sha] = board.attachments
    canvas = board_to_canvas(board, {sha: "attachments/port log.pdf"})
    [node] = [n for n in canvas["nodes"] if n["type"] == "file"]
    assert node["file"] == "attachments/port log.pdf"


def test_text_is_markdown_escaped() -> None:
    assert escape_markdown("[x](javascript:alert) *b* #h") == (
        "\\[x\\]\\(javascript:alert\\) \\*b\\* \\#h"
    )


def test_node_moved_in_another_app_keeps_the_move(board: Board) -> None:
    canvas = board_to_canvas(board)
    canvas["nodes"][0]["x"] = 5000
    moved = canvas_to_board(canvas, "x")
    assert moved.cards[canvas["nodes"][0]["id"]].geometry.x == 5000.0


OBSIDIAN = {
    "nodes": [
        {
            "id": "8f1a0c2b3d4e5f60",
            "type": "text",
            "text": "# Witness\nSaw the ship",
            "x": -100,
            "y": 20,
            "width": 250,
            "height": 60,
            "color": "2",
            "styleAttributes": {},
        },
        {
            "id": "1b2c3d4e5f607182",
            "type": "link",
            "url": "https://example.org/r",
            "x": 300,
            "y": 20,
            "width": 40,
            "height": 40,
        },
        {
            "id": "aa00bb11cc22dd33",
            "type": "file",
            "file": "../../etc/passwd",
            "x": 600,
            "y": 20,
            "width": 400,
            "height": 400,
            "color": "#A1B2C3",
        },
        {
            "id": "group1",
            "type": "group",
            "label": "Harbour",
            "x": -200,
            "y": 0,
            "width": 700,
            "height": 300,
        },
        {"id": "weird", "type": "shape", "x": 0, "y": 0, "width": 1, "height": 1},
    ],
    "edges": [
        {
            "id": "e1",
            "fromNode": "8f1a0c2b3d4e5f60",
            "toNode": "1b2c3d4e5f607182",
            "color": "1",
            "label": "denies",
        },
        {
            "id": "e2",
            "fromNode": "1b2c3d4e5f607182",
            "toNode": "aa00bb11cc22dd33",
            "color": "#44CF6E",
        },
        {"id": "e3", "fromNode": "aa00bb11cc22dd33", "toNode": "8f1a0c2b3d4e5f60"},
        {"id": "e4", "fromNode": "group1", "toNode": "8f1a0c2b3d4e5f60"},
        {"id": "e5", "fromNode": "missing", "toNode": "8f1a0c2b3d4e5f60"},
    ],
    "unknownTopLevel": True,
}


def test_obsidian_canvas_is_imported_tolerantly() -> None:
    board = canvas_to_board(OBSIDIAN, "cy")
    cards = {c.display_title: c for c in board.cards.values()}
    assert set(cards) == {"Harbour", "Witness", "https://example.org/r", "passwd"}
    # The group is a frame holding the cards inside it; its edge is a related link.
    harbour = cards.pop("Harbour")
    assert isinstance(harbour.content, FrameContent)
    assert set(harbour.content.members) == {cards["Witness"].id, cards["https://example.org/r"].id}
    assert any(x.source == harbour.id for x in board.links.values())
    witness = cards["Witness"]
    assert witness.kind is CardKind.NOTE and witness.colour == "#e9973f"
    assert witness.tags == ("Harbour",) and cards["https://example.org/r"].tags == ("Harbour",)
    assert cards["passwd"].tags == ()  # outside the group
    assert cards["passwd"].colour == "#a1b2c3"
    assert (
        cards["passwd"].geometry.width == 400.0
        and cards["https://example.org/r"].geometry.width == 60.0
    )
    passwd = cards["passwd"].content
    assert isinstance(passwd, DocumentContent) and passwd.attachment is None
    # Red and green are another app's colours, not verdicts: no evidence is made up.
    assert {x.kind for x in board.links.values()} == {LinkKind.RELATED}
    denial = next(x for x in board.links.values() if x.label)
    assert denial.label == "denies" and denial.created_by == "cy"
    assert denial.rationale == ""


def test_a_long_or_multi_line_edge_label_is_kept_as_the_rationale() -> None:
    canvas = json.loads(json.dumps(OBSIDIAN))
    canvas["edges"][0]["label"] = "first line\nsecond line"
    canvas["edges"][1]["label"] = "word " * 60
    board = canvas_to_board(canvas, "cy")
    rationales = sorted(x.rationale for x in board.links.values() if x.rationale)
    assert rationales == sorted(["first line\nsecond line", "word " * 60])
    assert all(x.kind is LinkKind.RELATED and not x.label for x in board.links.values())


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c["nodes"][0].update(x=math.nan), "out of range"),
        (lambda c: c["nodes"][0].update(x=1e300), "out of range"),
        (lambda c: c["nodes"][0].update(width="wide"), "must be a number"),
        (lambda c: c["nodes"][0].update(text=["list"]), "must be text"),
        (lambda c: c["nodes"][0].update(color=7), "colour must be text"),
        (lambda c: c.update(nodes={"a": 1}), "must be lists"),
        (lambda c: c["nodes"].append("node"), "not an object"),
        (lambda c: c["nodes"][0].pop("y"), "no “y”"),
        (lambda c: c["nodes"][0].update(id=None), "needs a text"),
    ],
)
def test_hostile_values_are_refused_clearly(mutate: object, message: str) -> None:
    canvas = json.loads(json.dumps(OBSIDIAN))
    mutate(canvas)  # type: ignore[operator]
    with pytest.raises(InvalidValueError, match=message):
        canvas_to_board(canvas, "cy")


def test_hostile_extension_is_checked_by_the_codec(board: Board) -> None:
    canvas = board_to_canvas(board)
    canvas["nodes"][0]["x-evidenceboard"]["card"]["colour"] = "red; evil"
    with pytest.raises(InvalidValueError):
        canvas_to_board(canvas, "cy")
    with pytest.raises(InvalidValueError):
        canvas_to_board([], "cy")


def test_another_apps_group_comes_back_out_as_a_group_with_its_cards() -> None:
    board = canvas_to_board(OBSIDIAN, "cy")
    out = board_to_canvas(board)
    nodes: list[dict[str, Any]] = OBSIDIAN["nodes"]  # type: ignore[assignment]
    group = next(n for n in nodes if n["type"] == "group")
    (written,) = [n for n in out["nodes"] if n["type"] == "group"]
    assert written["label"] == "Harbour"
    assert [written[k] for k in ("x", "y", "width", "height")] == [
        group[k] for k in ("x", "y", "width", "height")
    ]
    # Drawn first, so every app puts it behind its cards.
    assert out["nodes"][0] is written
    again = canvas_to_board(json.loads(json.dumps(out)), "dee")
    frames = [c for c in again.cards.values() if c.kind is CardKind.FRAME]
    assert [f.title for f in frames] == ["Harbour"]
    held = {again.cards[i].display_title for i in frames[0].content.members}  # type: ignore[union-attr]
    assert held == {"Witness", "https://example.org/r"}
