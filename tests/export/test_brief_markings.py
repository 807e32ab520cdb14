"""The brief's marking: banner, portion marks, refused downgrades, traceability, custody."""

import hashlib
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from evidenceboard.cli.app import main
from evidenceboard.export.brief.marking import MarkingRefused
from evidenceboard.export.brief.options import BriefOptions
from evidenceboard.export.brief.writer import write_brief
from evidenceboard.model import AddCards, Board, BoardInfo, CardKind, LinkKind
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.storage.document import create_board
from tests.export.conftest import pdf_text


def _mixed_board() -> Board:
    board = Board(BoardInfo(title="Mixed", handling="OFFICIAL"))
    claim = make_card(CardKind.CLAIM, "Convoy crossed", "tester", statement="It crossed.")
    secret = make_card(
        CardKind.ARTICLE, "Station report", "tester", handling="SECRET", outlet="Station"
    )
    sensitive = make_card(
        CardKind.ARTICLE, "Embassy cable", "tester", handling="OFFICIAL-SENSITIVE", outlet="FCO"
    )
    links = (
        make_link(secret.id, claim.id, LinkKind.CORROBORATES, "tester", quote="Seen at dawn."),
        make_link(sensitive.id, claim.id, LinkKind.CORROBORATES, "tester", quote="Seen at noon."),
    )
    board.apply(AddCards((claim, secret, sensitive), links))
    return board


def _pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def test_every_page_carries_the_highest_marking_and_passages_their_portion_marks(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.pdf"
    write_brief(_mixed_board(), path, BriefOptions(author="Dana"))
    pages = _pages(path)
    assert len(pages) > 2
    for page in pages:
        lines = [line.strip() for line in page.splitlines()]
        assert lines.count("SECRET") >= 2, page[:200]  # top and bottom of the page
        assert "OFFICIAL" not in lines
    text = " ".join(" ".join(pages).split())
    assert "(S) “Seen at dawn.”" in text
    assert "(OS) “Seen at noon.”" in text
    # The unmarked claim is marked as the board is.
    assert "(O) It crossed." in text
    assert re.search(r"\[S\d\] \(S\) “Station report.”", text)
    # The assessment names the SECRET report: it is marked as the highest card it names.
    assert "Assessment (S) Corroborated by 2 independent origins" in text


def test_a_lower_marking_is_refused_and_leaving_out_removes_the_higher_cards(
    tmp_path: Path,
) -> None:
    board = _mixed_board()
    path = tmp_path / "low.pdf"
    with pytest.raises(MarkingRefused, match="2 cards marked above OFFICIAL") as refused:
        write_brief(board, path, BriefOptions(marking="OFFICIAL"))
    assert refused.value.higher_cards == 2 and refused.value.highest_label == "SECRET"
    assert not path.exists()
    write_brief(board, path, BriefOptions(marking="OFFICIAL-SENSITIVE", leave_out_above=True))
    text = pdf_text(path)
    assert "Seen at noon" in text and "Station report" not in text and "Seen at dawn" not in text
    assert "1 card marked above OFFICIAL-SENSITIVE left out" in text


def test_cli_refuses_a_downgrade_with_exit_code_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "b.evboard"
    with create_board(source, BoardInfo(title="Case", handling="SECRET//NOFORN")) as doc:
        doc.apply(AddCards((make_card(CardKind.NOTE, "A note", "tester", text="x"),)))
    out = tmp_path / "b.pdf"
    assert main(["brief", str(source), "-o", str(out), "--marking", "OFFICIAL"]) == 2
    assert "The board itself is marked SECRET//NOFORN" in capsys.readouterr().err
    assert not out.exists()

    plain = tmp_path / "c.evboard"
    with create_board(plain, BoardInfo(title="Case")) as doc:
        claim = make_card(CardKind.CLAIM, "A claim", "tester", statement="Words.")
        top = make_card(CardKind.ARTICLE, "Top report", "tester", handling="TOP SECRET")
        link = make_link(top.id, claim.id, LinkKind.CORROBORATES, "tester")
        doc.apply(AddCards((claim, top), (link,)))
    assert main(["brief", str(plain), "-o", str(out), "--marking", "SECRET"]) == 2
    err = capsys.readouterr().err
    assert "1 card marked above SECRET" in err and "--leave-out-above" in err
    assert not out.exists()
    argv = ["brief", str(plain), "-o", str(out), "--marking", "SECRET", "--leave-out-above"]
    assert main(argv) == 0
    assert "Top report" not in pdf_text(out)


def test_imported_web_page_is_fingerprinted_and_custody_is_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("EVIDENCEBOARD_USER", raising=False)
    board = tmp_path / "w.evboard"
    assert main(["--user", "Alice Analyst", "new", str(board), "--title", "Web"]) == 0
    page = tmp_path / "page.html"
    page.write_bytes(
        b"<html><head><title>Convoy seen at the border</title></head>"
        b"<body><p>The convoy crossed at dawn, witnesses said.</p></body></html>"
    )
    assert main(["--user", "Alice Analyst", "import", str(board), str(page)]) == 0
    out = tmp_path / "w.pdf"
    assert main(["brief", str(board), "-o", str(out)]) == 0
    text = " ".join(pdf_text(out).split())
    digest = hashlib.sha256(page.read_bytes()).hexdigest()
    assert f"SHA-256 of the saved page {digest}" in text
    assert re.search(r"Captured \S+ · added by Alice Analyst", text)
    custody = text[text.index("Chain of custody") :]
    assert "Alice Analyst" in custody and "Added" in custody
    # No name was chosen for the brief: the cover does not print an account name.
    assert "Prepared by Not stated" in text


def test_custody_rows_name_who_changed_a_cited_item(tmp_path: Path) -> None:
    board = tmp_path / "c.evboard"
    assert main(["--user", "Alice", "new", str(board), "--title", "Custody"]) == 0
    assert main(["--user", "Alice", "add", str(board), "claim", "The bridge closed"]) == 0
    from evidenceboard.storage import open_board

    with open_board(board, read_only=True) as doc:
        claim_id = next(iter(doc.board.cards))
    assert main(["--user", "Bob", "edit", str(board), claim_id[:8], "--title", "Bridge shut"]) == 0
    out = tmp_path / "c.pdf"
    assert main(["brief", str(board), "-o", str(out), "--author", "Carol"]) == 0
    text = " ".join(pdf_text(out).split())
    custody = text[text.index("Chain of custody") :]
    assert re.search(r"\[C1\] Bridge shut \S+ Alice Added", custody)
    assert re.search(r"Bob Changed", custody)
    assert "Prepared by Carol" in text


def test_a_long_marking_is_printed_whole_and_a_long_title_ends_in_an_ellipsis(
    tmp_path: Path,
) -> None:
    marking = "SECRET//" + "//".join(f"CAVEAT NUMBER {n}" for n in range(12))
    title = "A very long title " * 12
    board = Board(BoardInfo(title=title.strip(), handling=marking))
    path = tmp_path / "long.pdf"
    write_brief(board, path, BriefOptions())
    second = _pages(path)[1].splitlines()
    assert second[0] == marking
    header = second[1]
    shown = header.rstrip("…").split()
    assert header.endswith("…") and shown == title.split()[: len(shown)]


def test_the_ach_matrix_carries_portion_marks_on_hypotheses_and_evidence_rows(
    tmp_path: Path,
) -> None:
    board = Board(BoardInfo(title="Hypotheses", handling="OFFICIAL"))
    h1 = make_card(
        CardKind.CLAIM, "Convoy went north", "tester", statement="North.", is_hypothesis=True
    )
    h2 = make_card(
        CardKind.CLAIM,
        "Convoy went south",
        "tester",
        statement="South.",
        is_hypothesis=True,
        handling="OFFICIAL-SENSITIVE",
    )
    secret = make_card(
        CardKind.ARTICLE, "Station report", "tester", handling="SECRET", outlet="Station"
    )
    links = (make_link(secret.id, h1.id, LinkKind.CONTRADICTS, "tester", quote="Went south."),)
    board.apply(AddCards((h1, h2, secret), links))
    path = tmp_path / "ach.pdf"
    write_brief(board, path, BriefOptions(author="Dana"))
    text = " ".join(pdf_text(path).split())
    matrix = text[text.index("Competing hypotheses Each row") :]
    # The ranking (the unassessed hypothesis last) and the column heads lead with each
    # hypothesis's own mark ...
    assert "1. (O) H1 Convoy went north" in matrix
    assert "2. (OS) H2 Convoy went south" in matrix
    assert "GRADE · DIAGNOSTICITY" in matrix
    assert matrix.count("(OS) H2") >= 2, matrix[:900]
    # ... and the evidence row with the mark of the report it stands for.
    assert "(S) Station report" in matrix
