"""A note's Markdown flag and a document's imported path survive the file and the dumps."""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.model import AddCards, BoardInfo, CardKind
from evidenceboard.model.cards import DocumentContent, NoteContent
from evidenceboard.model.codec import card_from_dict, card_to_dict
from evidenceboard.model.factory import make_card
from evidenceboard.storage import DamagedBoardError, create_board, open_board


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
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("UPDATE cards SET properties = ? WHERE id = ?", (properties, card_id))
    connection.close()
    with pytest.raises(DamagedBoardError), open_board(path, read_only=True):
        pass
