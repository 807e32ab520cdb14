"""The JSON dump is lossless, stably ordered and validated on the way in."""

import json
from pathlib import Path

import pytest

from evidenceboard.formats.files import loads_json
from evidenceboard.formats.json_dump import board_from_data, board_to_data, dumps_board
from evidenceboard.model.board import Board
from evidenceboard.model.cards import DocumentContent
from evidenceboard.model.errors import InvalidValueError
from tests.formats.conftest import assert_same_board


def test_round_trip_is_lossless(board: Board) -> None:
    text = dumps_board(board)
    assert_same_board(board_from_data(loads_json(text)), board)


def test_output_is_stable_sorted_and_separates_layout(board: Board) -> None:
    text = dumps_board(board)
    assert text == dumps_board(board.scratch_copy())
    assert text.endswith("}\n")
    data = json.loads(text)
    assert (data["format"], data["version"]) == ("evidenceboard-board", 1)
    assert [c["id"] for c in data["cards"]] == sorted(board.cards)
    assert [x["id"] for x in data["links"]] == sorted(board.links)
    assert all("geometry" not in c for c in data["cards"])
    assert set(data["layout"]) == set(board.cards)
    assert "data" not in data["attachments"][0]
    assert data["cards"][0]["created_at"].endswith("Z")
    assert list(data) == sorted(data)


def test_schema_and_codec_refuse_bad_dumps(board: Board) -> None:
    data = board_to_data(board)
    broken = dict(data, layout={})
    with pytest.raises(InvalidValueError, match="no layout"):
        board_from_data(broken)
    wrong = json.loads(json.dumps(data))
    wrong["cards"][0]["kind"] = "weapon"
    with pytest.raises(InvalidValueError, match="cards/0/kind"):
        board_from_data(wrong)
    with pytest.raises(InvalidValueError, match="not a number"):
        loads_json('{"x": NaN}')
    with pytest.raises(InvalidValueError):
        board_from_data([1, 2])


def test_import_into_a_board_gives_fresh_ids_on_clash(board: Board, tmp_path: Path) -> None:
    from evidenceboard.formats import import_board_file

    path = tmp_path / "dump.json"
    path.write_text(dumps_board(board), encoding="utf-8")
    target = board.scratch_copy()
    change = import_board_file(path, target, "cy")
    target.apply(change)
    assert len(target.cards) == 2 * len(board.cards)
    assert len(target.links) == 2 * len(board.links)
    empty = Board()
    empty.apply(import_board_file(path, empty, "cy"))
    assert set(empty.cards) == set(board.cards)
    # Attachment bytes do not travel in a dump: the reference is dropped, the name kept.
    doc = next(c for c in empty.cards.values() if c.kind.value == "document")
    assert isinstance(doc.content, DocumentContent)
    assert doc.content.attachment is None
    assert doc.content.file_name == "port log.pdf"


def test_a_canvas_board_keeps_its_markdown_file_paths_and_line_styles() -> None:
    from evidenceboard.formats.canvas import canvas_to_board

    files = Path(__file__).with_name("files")
    board = canvas_to_board(loads_json((files / "obsidian-case-map.canvas").read_text()), "cy")
    assert any(not link.style.is_plain for link in board.links.values())
    text = dumps_board(board)
    assert '"markdown": true' in text and '"from_side": "left"' in text
    assert_same_board(board_from_data(loads_json(text)), board)
    data = board_to_data(board)
    data["links"][0]["style"] = {"colour": "crimson"}
    with pytest.raises(InvalidValueError):
        board_from_data(data)
