"""Entity cards, the words of related links and who makes a claim come back from every
board export."""

import csv
import io
import json
from pathlib import Path

from evidenceboard.formats.canvas import board_to_canvas, canvas_to_board
from evidenceboard.formats.csv_tables import cards_csv, links_csv
from evidenceboard.formats.graphml import board_to_graphml, read_graphml_board
from evidenceboard.formats.json_dump import board_from_data, dumps_board, validate_dump
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from tests.model.test_entities import entity_cards


def entity_board() -> Board:
    board = Board()
    cards = entity_cards()
    # Who makes a claim travels with the claim.
    claim = make_card(CardKind.CLAIM, "Assad gave targets", "ana", y=600.0, claimed_by=cards[0].id)
    board.apply(AddCards((*cards, claim)))
    board.apply(
        AddLinks(
            (make_link(cards[0].id, cards[1].id, LinkKind.RELATED, "ana", label="columnist at"),)
        )
    )
    return board


def _same(a: Board, b: Board) -> None:
    assert a.cards == b.cards
    assert a.links == b.links


def test_entities_round_trip_through_json() -> None:
    board = entity_board()
    data = json.loads(dumps_board(board))
    validate_dump(data)
    _same(board_from_data(data), board)


def test_entities_round_trip_through_canvas() -> None:
    board = entity_board()
    canvas = json.loads(json.dumps(board_to_canvas(board)))
    _same(canvas_to_board(canvas, "bo"), board)
    texts = [n["text"] for n in canvas["nodes"] if n["id"] in board.cards]
    assert any("Person · also: A\\. Selvi, Abdülkadir Selvi" in t for t in texts)
    assert [e["label"] for e in canvas["edges"]] == ["columnist at"]


def test_entities_round_trip_through_graphml(tmp_path: Path) -> None:
    board = entity_board()
    path = tmp_path / "case.graphml"
    path.write_bytes(board_to_graphml(board))
    _same(read_graphml_board(path, "bo"), board)
    assert b'"columnist at"' not in path.read_bytes()  # plain XML text, not JSON
    assert b">columnist at<" in path.read_bytes()


def test_csv_has_aliases_and_link_words() -> None:
    board = entity_board()
    cards = list(csv.DictReader(io.StringIO(cards_csv(board).decode("utf-8-sig"))))
    by_title = {row["title"]: row for row in cards}
    assert by_title["Khmeimim airbase"]["aliases"] == "Hmeimim"
    assert by_title["Khmeimim airbase"]["Type"] == "location"
    links = list(csv.DictReader(io.StringIO(links_csv(board).decode("utf-8-sig"))))
    assert [(row["Label"], row["words"]) for row in links] == [("columnist at", "columnist at")]
