"""Fixtures for the exporter tests: the demo board, boards made to order, PDF reading."""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from evidenceboard.analysis import BoardAnalysis, assess_board
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import AddCards, Board, BoardInfo, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.storage.document import open_board
from tests.demo_boards import demo_board_in_memory

FIXED_DATE = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def demo_board() -> Board:
    return demo_board_in_memory()


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def analyse_and_write_brief(board_path: Path) -> tuple[Board, BoardAnalysis, Path]:
    """The board in the file, its analysis, and its brief, written beside the board."""
    pdf = board_path.with_suffix(".pdf")
    with open_board(board_path, read_only=True) as document:
        board = document.board
        analysis = assess_board(board)
        write_brief(board, pdf)
    return board, analysis, pdf


BoardMaker = Callable[..., Board]


def make_board(
    *,
    claim: dict[str, Any] | None = None,
    article: dict[str, Any] | None = None,
    link: dict[str, Any] | None = None,
    title: str = "Test board",
    description: str = "",
    handling: str = "TEST MARKING",
) -> Board:
    """A board with one claim corroborated by one article; fields override the defaults."""
    board = Board(BoardInfo(title=title, description=description, handling=handling))
    claim_values: dict[str, Any] = {"statement": "The bridge was closed on Monday."}
    claim_values.update(claim or {})
    claim_title = claim_values.pop("title", "The bridge was closed")
    article_values: dict[str, Any] = {
        "outlet": "Daily Courier",
        "author": "A. Reporter",
        "url": "https://news.example/bridge",
        "published": "2025-01-06",
        "body": "Body text.",
    }
    article_values.update(article or {})
    article_title = article_values.pop("title", "Bridge closed for repairs")
    claim_card = make_card(CardKind.CLAIM, claim_title, "tester", **claim_values)
    article_card = make_card(
        CardKind.ARTICLE, article_title, "tester", x=400, y=0, **article_values
    )
    link_values: dict[str, Any] = {"quote": "The bridge is closed.", "rationale": "Direct report."}
    link_values.update(link or {})
    kind = link_values.pop("kind", LinkKind.CORROBORATES)
    made = make_link(article_card.id, claim_card.id, kind, "tester", **link_values)
    board.apply(AddCards((claim_card, article_card), (made,)))
    return board
