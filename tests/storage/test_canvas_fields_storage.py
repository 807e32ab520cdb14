"""What a canvas round trip keeps (a note's Markdown, a file's path, a line's style) survives."""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.model import AddCards, BoardInfo, CardKind
from evidenceboard.model.cards import DocumentContent, NoteContent
from evidenceboard.model.codec import card_from_dict, card_to_dict, link_from_dict, link_to_dict
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.links import End, LinkKind, LinkStyle, Side
from evidenceboard.storage import create_board, open_board
from tests.storage.helpers import assert_opens_as_damaged, overwrite


def _board(path: Path) -> tuple[str, str, str]:
    note = make_card(CardKind.NOTE, "Hoje", "ana", text="# **Hoje**\n\n- one", markdown=True)
    plain = make_card(CardKind.NOTE, "Plain", "ana", text="*not emphasis*")
    document = make_card(
        CardKind.DOCUMENT, "scan.pdf", "ana", file_name="scan.pdf", file_path="Cases/scan.pdf#p2"
    )
    with create_board(path, BoardInfo(title="Canvas"), author="ana") as doc:
        doc.apply(AddCards((note, plain, document)))
    return note.id, plain.id, document.id


def test_the_flag_and_the_path_survive_close_and_reopen(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    note_id, plain_id, document_id = _board(path)
    with open_board(path, read_only=True) as doc:
        note, plain = doc.board.cards[note_id].content, doc.board.cards[plain_id].content
        document = doc.board.cards[document_id].content
    assert isinstance(note, NoteContent) and note.markdown is True
    assert note.text == "# **Hoje**\n\n- one"
    assert isinstance(plain, NoteContent) and plain.markdown is False
    assert isinstance(document, DocumentContent) and document.file_path == "Cases/scan.pdf#p2"


def test_unset_fields_stay_out_of_the_file_and_the_dump(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    _, plain_id, _ = _board(path)
    connection = sqlite3.connect(path)
    (properties,) = connection.execute(
        "SELECT properties FROM cards WHERE id = ?", (plain_id,)
    ).fetchone()
    connection.close()
    assert properties is None
    with open_board(path, read_only=True) as doc:
        card = doc.board.cards[plain_id]
    assert "markdown" not in card_to_dict(card)["content"]
    assert card_from_dict(card_to_dict(card)) == card


@pytest.mark.parametrize(
    ("which", "properties"),
    [(0, '{"markdown": "yes"}'), (0, '{"claimed_by": "x"}'), (2, '{"file_path": 3}')],
)
def test_hostile_properties_are_damage(board_dir: Path, which: int, properties: str) -> None:
    path = board_dir / "case.evboard"
    card_id = _board(path)[which]
    overwrite(path, "cards", "properties", properties, card_id)
    assert_opens_as_damaged(path)


def _board_with_a_styled_line(path: Path) -> str:
    a = make_card(CardKind.NOTE, "A", "ana")
    b = make_card(CardKind.NOTE, "B", "ana", x=400)
    style = LinkStyle(colour="1", from_side=Side.RIGHT, to_side=Side.LEFT, to_end=End.NONE)
    link = make_link(a.id, b.id, LinkKind.RELATED, "ana", label="leads to", style=style)
    with create_board(path, BoardInfo(title="Lines"), author="ana") as doc:
        doc.apply(AddCards((a, b), (link,)))
    return link.id


def test_a_lines_style_survives_close_and_reopen(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    link_id = _board_with_a_styled_line(path)
    with open_board(path, read_only=True) as doc:
        link = doc.board.links[link_id]
    assert link.style == LinkStyle(
        colour="1", from_side=Side.RIGHT, to_side=Side.LEFT, to_end=End.NONE
    )
    assert link_from_dict(link_to_dict(link)) == link


@pytest.mark.parametrize(
    "properties",
    ['{"colour": "red"}', '{"from_side": "middle"}', '{"width": 3}', "[1]", '"x"'],
)
def test_a_hostile_line_style_is_damage(board_dir: Path, properties: str) -> None:
    path = board_dir / "case.evboard"
    link_id = _board_with_a_styled_line(path)
    overwrite(path, "links", "properties", properties, link_id)
    assert_opens_as_damaged(path, link_id[:8])


def test_a_markdown_note_is_found_by_its_words_and_shows_no_syntax(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    note_id, plain_id, _ = _board(path)
    with open_board(path, read_only=True) as doc:
        hits = doc.search("Hoje")
        assert [h.card_id for h in hits] == [note_id]
        shown = "".join(text for text, _ in hits[0].snippet)
        assert "Hoje" in shown and "**" not in shown and "#" not in shown
        # A plain note's asterisks are its own words and stay searchable as typed.
        assert [h.card_id for h in doc.search("emphasis")] == [plain_id]
