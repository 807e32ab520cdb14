"""Every field survives closing and reopening a board file."""

import sqlite3
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import pytest

from evidenceboard.model import AddAttachment, AddCards, Batch, BoardInfo, CardKind, EditBoard
from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import UK_5X5X5, Grading, parse_grade
from evidenceboard.model.links import LinkKind, Strength
from evidenceboard.storage import create_board, open_board
from evidenceboard.storage.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.storage.helpers import make_demo_file


def test_every_field_survives_close_and_reopen(board_dir: Path) -> None:
    path = board_dir / "case.evboard"
    data = b"%PDF-1.4 fake report bytes"
    sha = sha256_hex(data)
    at = datetime(2024, 12, 20, 10, 30, tzinfo=UTC)
    attachment = Attachment(sha, "report.pdf", "application/pdf", len(data), at)
    cards = (
        make_card(
            CardKind.ARTICLE,
            "Çok önemli haber",
            "ana",
            x=-12.5,
            y=99.25,
            width=300,
            height=200,
            outlet="Hürriyet",
            author="Abdulkadir Selvi",
            url="https://example.org/a?x=1",
            published="2024-12",
            captured_at=at,
            language="tr",
            body="Metin\n\nikinci",
            tags=["turkey", "media"],
            grading=parse_grade("C3"),
            colour="#aabbcc",
            handling="OFFICIAL-SENSITIVE",
            pinned=True,
        ),
        make_card(
            CardKind.DOCUMENT,
            "Report",
            "bo",
            file_name="report.pdf",
            media_type="application/pdf",
            attachment=sha,
            page_count=12,
            extracted_text="page one\fpage two",
            origin="handed over on USB",
            date="2024-12-01",
            grading=Grading(UK_5X5X5.key, "E", "4"),
        ),
        make_card(
            CardKind.CLAIM,
            "Ложное заявление",
            "ana",
            statement="Утверждение",
            attributed_to="Tass",
            date_claimed="2024-12-16",
            confidence="moderate",
            is_hypothesis=True,
        ),
        make_card(CardKind.NOTE, "", "ana", text="ملاحظة"),
    )
    links = (
        make_link(
            cards[0].id,
            cards[2].id,
            LinkKind.CONTRADICTS,
            "ana",
            strength=Strength.STRONG,
            rationale="why",
            quote="the passage",
            page=3,
        ),
        make_link(cards[1].id, cards[0].id, LinkKind.DERIVED_FROM, "bo"),
    )
    info = BoardInfo(title="Case", description="desc", handling="SECRET", authors=("ana", "bo"))
    with create_board(path, info, author="ana") as doc:
        doc.apply(Batch((AddAttachment(attachment, data), AddCards(cards, links)), "Import"))
        new_info = BoardInfo(
            id=info.id,
            title="Case 2",
            description="d2",
            handling="SECRET",
            created_at=info.created_at,
            authors=info.authors,
        )
        doc.apply(EditBoard(info, new_info))
        expected = doc.board
        expected_cards = dict(expected.cards)
        expected_links = dict(expected.links)
    with open_board(path, read_only=True) as doc:
        assert doc.board.info == new_info
        assert doc.board.cards == expected_cards
        assert doc.board.links == expected_links
        assert doc.board.attachments == {sha: attachment}
        assert doc.attachment_data(sha) == data
        assert [h["action"] for h in doc.history()] == ["Edit board details", "Import"]


def test_file_is_a_plain_sqlite_database_with_our_identity(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}
        assert {"board", "cards", "links", "attachments", "history"} <= tables
        titles = [r[0] for r in connection.execute("SELECT title FROM cards WHERE kind='claim'")]
        assert len(titles) == 6
    finally:
        connection.close()


def test_every_change_is_on_disk_when_apply_returns(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path, author="ana") as doc:
        card = make_card(CardKind.NOTE, "", "ana", text="written at once")
        doc.apply(AddCards((card,)))
        # A second, independent reader sees the change while the board is still open.
        other = sqlite3.connect(path)
        try:
            row = other.execute("SELECT body FROM cards WHERE id = ?", (card.id,)).fetchone()
        finally:
            other.close()
        assert row == ("written at once",)


def test_sql_in_text_is_stored_verbatim(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    hostile = "'); DROP TABLE cards;--"
    with open_board(path) as doc:
        card = make_card(CardKind.CLAIM, hostile, "ana", statement=hostile)
        doc.apply(AddCards((card,)))
    with open_board(path, read_only=True) as doc:
        assert doc.board.cards[card.id].title == hostile
        assert len(doc.board.cards) == 22


def test_backup_and_vacuum_copies_are_complete_boards(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path) as doc:
        note = make_card(CardKind.NOTE, "", "ana", text="SECRET-CANARY-123 to be deleted")
        doc.apply(AddCards((note,)))
        doc.apply(doc.board.removal_of([note.id]))
        doc.backup_to(board_dir / "snapshot.evboard")
        doc.vacuum_into(board_dir / "shared.evboard")
        # The vacuum's temporary permission to attach is gone afterwards.
        with pytest.raises(sqlite3.DatabaseError):
            doc._connection.execute("ATTACH DATABASE ':memory:' AS other")
    for name in ("snapshot.evboard", "shared.evboard"):
        with open_board(board_dir / name, read_only=True) as copy:
            assert len(copy.board.cards) == 21
            assert copy.integrity_report() == []
    shared = sqlite3.connect(board_dir / "shared.evboard")
    try:
        assert shared.execute("PRAGMA freelist_count").fetchone()[0] == 0
        assert shared.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        shared.close()


def test_loading_leaves_the_garbage_collector_as_it_found_it(board_dir: Path) -> None:
    import gc

    path = make_demo_file(board_dir)
    assert gc.isenabled()
    with open_board(path, read_only=True):
        assert gc.isenabled()
    gc.disable()
    try:
        with open_board(path, read_only=True):
            assert not gc.isenabled()
    finally:
        gc.enable()
    sqlite3.connect(path).execute("UPDATE cards SET grade_source = 'Z'").connection.commit()
    from evidenceboard.storage import DamagedBoardError

    with pytest.raises(DamagedBoardError, match="damaged"):
        open_board(path, read_only=True)
    assert gc.isenabled()


def _three_linked_cards(board_dir: Path) -> Path:
    """Three graded, tagged cards by one author at one moment, linked in a chain."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    cards = tuple(
        make_card(
            CardKind.NOTE,
            f"Note {i}",
            "analyst",
            text="Seen.",
            tags=["osint", "key"],
            grading=parse_grade("B2"),
            at=at,
        )
        for i in range(3)
    )
    links = tuple(
        make_link(a.id, b.id, LinkKind.RELATED, "analyst", at=at) for a, b in pairwise(cards)
    )
    path = board_dir / "shared.evboard"
    with create_board(path, author="analyst") as document:
        document.apply(AddCards(cards, links))
    return path


def test_values_rows_repeat_are_read_once_and_shared(board_dir: Path) -> None:
    path = _three_linked_cards(board_dir)
    with open_board(path, read_only=True) as document:
        board = document.board
        first, *others = board.cards.values()
        for card in others:
            assert card.tags is first.tags
            assert card.created_by is first.created_by
            assert card.created_at is first.created_at
            assert card.grading is first.grading
        for link in board.links.values():
            assert link.source is board.cards[link.source].id
            assert link.target is board.cards[link.target].id
            assert link.created_by is first.created_by


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE cards SET grade_source = 'Z' WHERE title = 'Note 2'", "not a source grade"),
        ("UPDATE cards SET created_at = 'soon' WHERE title = 'Note 2'", "not a date and time"),
        ("UPDATE cards SET tags = '[\"osint\", \"osint\"]' WHERE title = 'Note 2'", "Tags"),
        ("UPDATE cards SET created_by = x'61' WHERE title = 'Note 2'", "expected text"),
    ],
    ids=["grade", "stamp", "tags", "author"],
)
def test_a_bad_value_after_good_ones_is_still_refused(
    board_dir: Path, statement: str, words: str
) -> None:
    # The first cards put the good values in the load's memo; the last one's own value
    # must still reach every check.
    path = _three_linked_cards(board_dir)
    connection = sqlite3.connect(path)
    connection.execute(statement)
    connection.commit()
    connection.close()
    from evidenceboard.storage import DamagedBoardError

    with pytest.raises(DamagedBoardError, match=f"Card .* is damaged .*{words}"):
        open_board(path, read_only=True)
