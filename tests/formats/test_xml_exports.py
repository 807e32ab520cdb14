"""GraphML stays a valid XML document whatever control characters a board's text holds."""

import dataclasses
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
from lxml import etree

from evidenceboard.formats.graphml import board_to_graphml, read_graphml_board
from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import CardKind, NoteContent
from evidenceboard.model.changes import AddAttachment, AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import LinkKind
from tests.formats.conftest import T0

#: What a board made by hand (not through the window) may carry in its text.
HOSTILE = "esc\x1b[31mred\x1b[0m nul\x00 c1\x85 csi\x9b del\x7f nonchar\ufffe bell\x07 end"
SHOWN = HOSTILE.translate(dict.fromkeys(map(ord, "\x1b\x00\x85\x9b\x7f\ufffe\x07"), "\ufffd"))


def hostile_board() -> Board:
    """A board whose every kind of text field holds control characters."""
    board = Board(BoardInfo(title=HOSTILE, description=HOSTILE, handling=HOSTILE))
    data = b"%PDF-1.4"
    attachment = Attachment(sha256_hex(data), HOSTILE + ".pdf", "application/pdf", len(data), T0)
    board.apply(AddAttachment(attachment, data))
    note = make_card(CardKind.NOTE, "note", "ana", at=T0, text="x")
    note = dataclasses.replace(note, title=HOSTILE, handling=HOSTILE, content=NoteContent(HOSTILE))
    claim = make_card(CardKind.CLAIM, "claim", "ana", at=T0, x=400, statement="s")
    board.apply(AddCards((note, claim)))
    link = make_link(note.id, claim.id, LinkKind.CORROBORATES, "ana", at=T0)
    board.apply(AddLinks((dataclasses.replace(link, rationale=HOSTILE, quote=HOSTILE),)))
    return board


def test_graphml_of_a_hostile_board_parses_and_keeps_the_visible_text(tmp_path: Path) -> None:
    board = hostile_board()
    data = board_to_graphml(board)
    etree.fromstring(data)
    ET.fromstring(data)
    path = tmp_path / "hostile.graphml"
    path.write_bytes(data)
    graph = nx.read_graphml(path, force_multigraph=True)
    note = next(c for c in board.cards.values() if c.kind is CardKind.NOTE)
    assert graph.graph["title"] == SHOWN
    assert graph.graph["description"] == SHOWN
    # JSON-encoded values escape C0 controls themselves (exactly); the rest is replaced.
    (attachment,) = json.loads(graph.graph["attachments"])
    assert attachment["file_name"].startswith("esc\x1b[31mred\x1b[0m nul\x00 c1\ufffd csi\ufffd")
    assert graph.nodes[note.id]["title"] == SHOWN
    assert graph.nodes[note.id]["label"] == SHOWN
    assert graph.nodes[note.id]["content.text"] == SHOWN
    assert graph.nodes[note.id]["handling"] == SHOWN
    ((_, _, edge),) = graph.edges(data=True)
    assert edge["rationale"] == SHOWN and edge["quote"] == SHOWN
    back = read_graphml_board(path, "cy")
    assert back.cards[note.id].title == SHOWN
    assert back.info.title == SHOWN
