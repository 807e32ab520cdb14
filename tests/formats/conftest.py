"""A board with every kind of card, field and link, for the format tests."""

from datetime import UTC, datetime

import pytest

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddAttachment, AddCards, AddLinks
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import LinkKind, Strength

T0 = datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC)
SCAN = b"%PDF-1.4 scan of the port log"


def rich_board() -> Board:
    board = Board(BoardInfo(title="Port case", description="Who left when", authors=("ana",)))
    sha = sha256_hex(SCAN)
    board.apply(
        AddAttachment(Attachment(sha, "port log.pdf", "application/pdf", len(SCAN), T0), SCAN)
    )
    article = make_card(
        CardKind.ARTICLE,
        "Harbour Times: ship gone",
        "ana",
        at=T0,
        x=10.25,
        y=-20.5,
        url="https://example.org/a?b=1",
        outlet="Harbour Times",
        author="Lee",
        published="2024-01",
        captured_at=T0,
        language="en",
        body="Body *with* [md](x)",
        grading=parse_grade("B2"),
        tags=("press", "port"),
        colour="#336699",
    )
    offline = make_card(CardKind.ARTICLE, "No URL article", "bo", at=T0, x=400, body="offline")
    document = make_card(
        CardKind.DOCUMENT,
        "Port log",
        "ana",
        at=T0,
        x=800,
        attachment=sha,
        file_name="port log.pdf",
        media_type="application/pdf",
        page_count=3,
        extracted_text="=cmd|' /C calc'!A0",
        origin="harbour master",
        date="2024-01-02",
        handling="OFFICIAL",
        pinned=True,
    )
    claim = make_card(
        CardKind.CLAIM,
        "Ship left at 6",
        "ana",
        at=T0,
        y=300,
        statement="# Left\n- at 6 <b>",
        attributed_to="captain",
        date_claimed="2024-01-03",
        confidence="moderate",
        is_hypothesis=True,
        width=300.0,
        height=200.0,
    )
    note = make_card(CardKind.NOTE, "", "bo", at=T0, x=400, y=300, text="Ünïcödé note\n\nline 2")
    board.apply(AddCards((article, offline, document, claim, note)))
    board.apply(
        AddLinks(
            (
                make_link(
                    article.id,
                    claim.id,
                    LinkKind.CORROBORATES,
                    "ana",
                    at=T0,
                    strength=Strength.STRONG,
                    rationale="same hour",
                    quote="left at 6",
                    page=2,
                ),
                make_link(document.id, claim.id, LinkKind.CONTRADICTS, "ana", at=T0),
                make_link(offline.id, article.id, LinkKind.DERIVED_FROM, "bo", at=T0),
                make_link(note.id, claim.id, LinkKind.RELATED, "bo", at=T0),
            )
        )
    )
    return board


@pytest.fixture
def board() -> Board:
    return rich_board()


def assert_same_board(a: Board, b: Board) -> None:
    assert a.info == b.info
    assert a.cards == b.cards
    assert a.links == b.links
    assert a.attachments == b.attachments
