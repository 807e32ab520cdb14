"""The full-text index follows every edit, undo and removal of a card."""

from pathlib import Path

from evidenceboard.model import AddCards, CardKind, EditCards
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.storage import open_board
from tests.storage.helpers import make_demo_file


def _found(doc_path: Path, query: str) -> list[str]:
    with open_board(doc_path, read_only=True) as doc:
        return [hit.card_id for hit in doc.search(query)]


def test_edits_undo_and_removal_keep_the_index_exact(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path) as doc:
        card = make_card(CardKind.NOTE, "Quetzalcoatl convoy", "ana", text="seen at dawn")
        doc.apply(AddCards((card,)))
        assert [h.card_id for h in doc.search("quetzalcoatl")] == [card.id]
        renamed = edited_card(card, "ana", title="Xylophone convoy")
        edit = EditCards(((card, renamed),))
        doc.apply(edit)
        assert doc.search("quetzalcoatl") == []
        assert [h.card_id for h in doc.search("xylophone")] == [card.id]
        doc.apply(edit.inverted())
        assert doc.search("xylophone") == []
        assert [h.card_id for h in doc.search("quetzalcoatl")] == [card.id]
        removal = doc.board.removal_of([card.id])
        doc.apply(removal)
        assert doc.search("quetzalcoatl") == []
        doc.apply(removal.inverted())
    assert _found(path, "quetzalcoatl") == [card.id]
    with open_board(path, read_only=True) as doc:
        rows = doc._connection.execute(
            "SELECT count(*) FROM card_fts f JOIN cards c ON c.rowid = f.rowid "
            "WHERE c.id = f.card_id"
        ).fetchone()[0]
        assert rows == len(doc.board.cards)
        total = doc._connection.execute("SELECT count(*) FROM card_fts").fetchone()[0]
        assert total == len(doc.board.cards)
