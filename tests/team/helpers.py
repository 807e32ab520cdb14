"""Boards for the team tests: a small case with an attachment, and edits by name."""

from datetime import UTC, datetime
from pathlib import Path

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, Batch, EditCards
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import BoardDocument, create_board, open_board
from evidenceboard.team.sync import SyncReport, sync

PDF = b"%PDF-1.4 the leaked memo\n" * 50


def small_case(path: Path, author: str = "alice") -> Path:
    """A board of three cards, two links and one attached document."""
    attachment = Attachment(
        sha256_hex(PDF), "memo.pdf", "application/pdf", len(PDF), datetime(2026, 1, 2, tzinfo=UTC)
    )
    cards = (
        make_card(CardKind.CLAIM, "The mayor knew", author, statement="He knew in March"),
        make_card(CardKind.NOTE, "Call the clerk", author, x=300, text="Tuesday"),
        make_card(
            CardKind.DOCUMENT,
            "Memo",
            author,
            x=600,
            file_name="memo.pdf",
            attachment=attachment.sha256,
        ),
    )
    links = (
        make_link(cards[2].id, cards[0].id, LinkKind.CORROBORATES, author),
        make_link(cards[1].id, cards[0].id, LinkKind.RELATED, author),
    )
    info = BoardInfo(title="Harbour deal", authors=(author,))
    with create_board(path, info, author=author) as doc:
        doc.apply(Batch((AddAttachment(attachment, PDF), AddCards(cards, links)), "Import"))
    return path


def card_titled(doc: BoardDocument, title: str) -> Card:
    found = [c for c in doc.board.cards.values() if c.title == title]
    assert len(found) == 1, [c.title for c in doc.board.cards.values()]
    return found[0]


def retitle(doc: BoardDocument, title: str, new: str) -> Card:
    card = card_titled(doc, title)
    after = edited_card(card, doc.author, title=new)
    doc.apply(EditCards(((card, after),), "Rename"))
    return after


def opened(path: Path, author: str) -> BoardDocument:
    return open_board(path, author=author)


def retitle_and_sync(path: Path, author: str, titles: dict[str, str]) -> SyncReport:
    """Open ``author``'s copy, give cards new titles (old title: new one), then sync it."""
    with opened(path, author) as doc:
        for title, new in titles.items():
            retitle(doc, title, new)
        return sync(doc)


def doubled_history(owner_url: str) -> list[tuple[object, ...]]:
    """History rows the server holds more than once (same time, author, kind and items)."""
    import psycopg

    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT at, author, change_type, count(*) FROM evidenceboard.history "
            "GROUP BY at, author, change_type, item_ids HAVING count(*) > 1"
        ).fetchall()


def as_server_owner(owner_url: str, *statements: str) -> None:
    """Run SQL on the server as its owner, or an attacker holding the server, would."""
    import psycopg

    with psycopg.connect(owner_url) as conn:
        for statement in statements:
            conn.execute(statement)
