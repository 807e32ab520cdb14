"""The brief's Chronology section: the brief's dated items in order, escaped, counted."""

from pathlib import Path

from evidenceboard.export.brief.options import BriefOptions, BriefSection
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import Board
from tests.export.conftest import FIXED_DATE, make_board, pdf_text


def _chronology_text(board: Board, tmp_path: Path) -> str:
    path = tmp_path / "brief.pdf"
    options = BriefOptions(sections=frozenset({BriefSection.CHRONOLOGY}), date=FIXED_DATE)
    write_brief(board, path, options)
    return " ".join(pdf_text(path).split())


def test_dated_items_are_listed_in_order_with_their_precision(tmp_path: Path) -> None:
    board = make_board(claim={"date_claimed": "2025"}, article={"published": "2025-01-06"})
    flat = _chronology_text(board, tmp_path)
    assert "Chronology" in flat
    year = flat.index("2025 year")
    day = flat.index("2025-01-06 day")
    assert year < day
    assert "Daily Courier" in flat
    assert "0 items of this brief without a date." in flat


def test_undated_items_are_counted(tmp_path: Path) -> None:
    board = make_board(article={"published": "2024-11"})
    flat = _chronology_text(board, tmp_path)
    assert "2024-11 month" in flat
    assert "1 item of this brief without a date." in flat


def test_no_dated_item_leaves_the_section_out(tmp_path: Path) -> None:
    board = make_board(article={"published": ""})
    assert "Chronology" not in _chronology_text(board, tmp_path)


def test_a_hostile_source_is_text_not_markup(tmp_path: Path) -> None:
    board = make_board(
        claim={"date_claimed": "2025-02", "attributed_to": "<b>Ministry</b> & <a href='x'>co</a>"}
    )
    flat = _chronology_text(board, tmp_path)
    assert "<b>Ministry</b> & <a href='x'>co</a>" in flat
