"""The ``brief`` command, driven through its own argparse registration."""

from pathlib import Path

import pytest

from evidenceboard.cli import brief
from evidenceboard.demo import demo_id
from evidenceboard.model.cards import CardKind
from evidenceboard.storage.demo_file import create_demo_board
from tests.cli.registered import run_registered
from tests.export.conftest import pdf_text


def _run(argv: list[str]) -> int:
    return run_registered(brief.register, argv)


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.evboard"
    create_demo_board(path).close()
    return path


def test_brief_command_writes_the_pdf_and_prints_its_path(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    prefix = demo_id("claim-deal")[:8]
    code = _run(
        [
            "brief", str(demo_file), "-o", str(out), "--title", "For the editor",
            "--marking", "UNCLASSIFIED // DEMO // EYES ONLY", "--claims", prefix,
        ]
    )  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.strip() == str(out)
    text = pdf_text(out)
    assert "For the editor" in text and "EYES ONLY" in text
    assert "This brief covers 1 claim" in " ".join(text.split())


def test_unknown_claim_is_one_line_on_stderr(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "brief.pdf"
    code = _run(["brief", str(demo_file), "-o", str(out), "--claims", "ffffffff"])
    assert code != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ffffffff" in err and "Traceback" not in err
    assert not out.exists()


def test_refuses_to_overwrite_the_board(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = demo_file.read_bytes()
    assert _run(["brief", str(demo_file), "-o", str(demo_file)]) != 0
    assert demo_file.read_bytes() == before
    assert "overwrite the board" in capsys.readouterr().err


def test_a_brief_of_one_frame_covers_the_claims_it_holds(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from evidenceboard.model.frames import plan_new_frame
    from evidenceboard.storage import open_board

    deal = demo_id("claim-deal")
    with open_board(demo_file) as doc:
        change, frame_id = plan_new_frame(doc.board, [deal], "ana", title="The deal")
        doc.apply(change)
        # A claim cited as evidence of the deal is in the brief, as its evidence.
        cited = {x.source for x in doc.board.links_of(deal) if x.target == deal}
        outside = [
            c.title
            for c in doc.board.cards.values()
            if c.kind is CardKind.CLAIM and c.id != deal and c.id not in cited
        ]
    out = tmp_path / "frame.pdf"
    assert _run(["brief", str(demo_file), "-o", str(out), "--frame", frame_id[:8]]) == 0
    text = " ".join(pdf_text(out).split())
    # The demo has six claims; the frame holds one.
    assert "This brief covers 1 claim" in text
    # Nor do the board-wide parts (what to look at next, the ACH matrix) name the others.
    assert outside and not [t for t in outside if t[:30] in text]
    assert _run(["brief", str(demo_file), "-o", str(out), "--frame", deal[:8]]) != 0
    assert "is not a frame" in capsys.readouterr().err


def test_the_cover_counts_in_words_that_agree_with_the_numbers(tmp_path: Path) -> None:
    from evidenceboard.model import AddCards, BoardInfo
    from evidenceboard.model.factory import make_card
    from evidenceboard.storage import create_board

    board, out = tmp_path / "one.evboard", tmp_path / "one.pdf"
    with create_board(board, BoardInfo(title="One claim"), author="ana") as doc:
        doc.apply(AddCards((make_card(CardKind.CLAIM, "The convoy left at dawn", "ana"),)))
    assert _run(["brief", str(board), "-o", str(out)]) == 0
    text = " ".join(pdf_text(out).split())
    assert "1 claim, 0 cited sources (board: 1 claim, 0 articles, 0 documents, 0 links)" in text
