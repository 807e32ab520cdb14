"""GraphML reads back with networkx with every attribute; CSV is safe in spreadsheets."""

import csv
import io
from pathlib import Path

import networkx as nx
import pytest

from evidenceboard.formats.csv_tables import cards_csv, guard_cell, links_csv, write_csv_tables
from evidenceboard.formats.graphml import board_to_graphml, read_graphml_board
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from tests.formats.conftest import assert_same_board


def test_graphml_reads_back_with_every_attribute(board: Board, tmp_path: Path) -> None:
    path = tmp_path / "board.graphml"
    path.write_bytes(board_to_graphml(board))
    graph = nx.read_graphml(path, force_multigraph=True)
    assert set(graph.nodes) == set(board.cards)
    claim = next(c for c in board.cards.values() if c.kind is CardKind.CLAIM)
    attrs = graph.nodes[claim.id]
    for key in (
        "kind",
        "title",
        "tags",
        "handling",
        "pinned",
        "x",
        "y",
        "width",
        "height",
        "created_by",
        "created_at",
        "modified_by",
        "modified_at",
        "label",
        "content.statement",
        "content.attributed_to",
        "content.confidence",
        "content.is_hypothesis",
        "content.date_claimed",
    ):
        assert key in attrs, key
    edge_keys = {k for _, _, k in graph.edges(keys=True)}
    assert edge_keys == set(board.links)
    _, _, data = next(iter(graph.edges(data=True)))
    for key in ("kind", "strength", "rationale", "quote", "created_by", "modified_at"):
        assert key in data
    assert_same_board(read_graphml_board(path, "cy"), board)


def test_foreign_graphml_becomes_notes(tmp_path: Path) -> None:
    graph = nx.DiGraph()
    graph.add_node("n1", label="Alice")
    graph.add_node("n2", name="Bob")
    graph.add_edge("n1", "n2", weight=2.0)
    path = tmp_path / "other.graphml"
    nx.write_graphml(graph, path)
    board = read_graphml_board(path, "cy")
    assert sorted(c.title for c in board.cards.values()) == ["Alice", "Bob"]
    assert len(board.links) == 1


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_gephi_columns_and_guards_formulas(board: Board, tmp_path: Path) -> None:
    board.apply(AddCards((make_card(CardKind.NOTE, "@SUM(A1)", "cy", text="+1", x=-50.0),)))
    cards = _rows(cards_csv(board))
    assert list(cards[0])[:3] == ["Id", "Label", "Type"]
    by_title = {r["title"]: r for r in cards}
    assert "'@SUM(A1)" in by_title
    assert by_title["'@SUM(A1)"]["text"] == "'+1"
    assert by_title["'@SUM(A1)"]["x"] == "-50.0"
    document = next(r for r in cards if r["Type"] == "document")
    assert document["text"].startswith("'=cmd")
    links = _rows(links_csv(board))
    assert list(links[0])[:5] == ["Id", "Source", "Target", "Type", "Label"]
    assert {r["Type"] for r in links} == {"Directed"}
    assert b'"Id","Label","Type"' in cards_csv(board)
    paths = write_csv_tables(board, tmp_path / "csv")
    assert [p.name for p in paths] == ["cards.csv", "links.csv"]
    assert guard_cell("-2") == "'-2" and guard_cell("plain") == "plain"


@pytest.mark.parametrize(
    "cell",
    [
        " =1+1",
        "   @SUM(A1)",
        '\n=HYPERLINK("http://x")',
        "\r\n+1",
        "\ufeff=1",
        "\u200b=1",
        "\u2060-1",
        "\xa0=1",
        "\u3000=1",
        "\x0c=1",
        "\u202e=1",
        "\uff1dcmd|' /C calc'!A0",
        "\uff0b1",
        "\uff0d1",
        "\uff20SUM(A1)",
        "\ufe66\ufe62\ufe63",
        "\u2212" + "1",
        " \ufeff \uff1d1",
        "\t",
        "\rplain",
    ],
)
def test_csv_guards_formulas_behind_invisible_or_full_width_characters(cell: str) -> None:
    assert guard_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["", " ", "\ufeff", " plain", "\nline", "a=1", "'=1", "\uff031"])
def test_csv_leaves_other_text_alone(cell: str) -> None:
    assert guard_cell(cell) == cell
