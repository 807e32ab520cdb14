"""The brief's Key judgements opening, the cut-off date, and analyst marks in its matrix."""

from datetime import UTC, datetime
from pathlib import Path

from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, SetAchMark
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.judgement import AchMark, CellMark
from evidenceboard.model.links import LinkKind
from tests.export.conftest import pdf_text

AT = datetime(2025, 3, 4, 5, 6, tzinfo=UTC)


def _board() -> tuple[Board, str, str]:
    board = Board()
    h1 = make_card(CardKind.CLAIM, "By road", "ana", at=AT, is_hypothesis=True)
    h2 = make_card(CardKind.CLAIM, "By air", "ana", at=AT, x=300.0, is_hypothesis=True)
    base = make_card(CardKind.CLAIM, "The road was open", "ana", at=AT, x=600.0, is_assumption=True)
    report = make_card(
        CardKind.ARTICLE, "Road log", "ana", at=AT, y=300.0, grading=parse_grade("A1")
    )
    link = make_link(report.id, h1.id, LinkKind.CORROBORATES, "ana", at=AT, rationale="logged")
    board.apply(AddCards((h1, h2, base, report), (link,)))
    mark = AchMark(report.id, h2.id, CellMark.INCONSISTENT, "ana", AT)
    board.apply(SetAchMark(mark.key, None, mark))
    return board, h1.id, base.id


def test_the_brief_opens_with_key_judgements_and_marks_show_starred(tmp_path: Path) -> None:
    board, _h1, _base = _board()
    pdf = tmp_path / "brief.pdf"
    write_brief(board, pdf)
    text = " ".join(pdf_text(pdf).split())
    opening = text.index("Key judgements")
    assert opening < text.index("Executive summary")
    # Nothing is marked as key: the best-sourced claim stands in, and the brief says so.
    assert "No claim is marked as a key judgement" in text
    assert (
        "“By road”: the analyst gives no likelihood and states no confidence; "
        "sourcing status: Single source (1 independent origin)."
    ) in text
    assert "Key assumptions" in text and "“The road was open”" in text
    assert "Information cut-off: 04 March 2025, 05:06 UTC" in text
    assert "I*" in text and "*: set by the analyst" in text
