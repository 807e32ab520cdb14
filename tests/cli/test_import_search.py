"""The import and search commands, run through their own parser until they are registered."""

import json
from pathlib import Path
from typing import Any

import pytest

from evidenceboard.cli import import_search
from evidenceboard.formats.json_dump import dumps_board
from evidenceboard.ingest import text_files
from evidenceboard.ingest.text_files import read_text_file
from evidenceboard.model import AddCards, CardKind
from evidenceboard.model.factory import make_card
from evidenceboard.storage import create_board, open_board
from tests.cli.registered import run_registered
from tests.ingest.samples import article_html, report_pdf, write_files


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = run_registered(import_search.register, argv)
    return code, capsys.readouterr().out


@pytest.fixture
def board(board_dir: Path) -> Path:
    path = board_dir / "case.evboard"
    with create_board(path, author="tester"):
        pass
    return path


@pytest.fixture
def evidence(tmp_path: Path) -> list[Path]:
    files = {
        "story.html": article_html().encode(),
        "report.pdf": report_pdf(["Dredging log for the Aurora"], title="Dredging log"),
        "fake.pdf": b"not a pdf at all",
        "note.txt": b"Call the harbourmaster about the Aurora.",
    }
    return write_files(tmp_path, files)


def test_import_prints_a_line_per_file_and_fails_when_one_fails(
    board: Path, evidence: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "import", str(board), *map(str, evidence))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("imported  story.html -> ")
    assert lines[0].endswith("article Port deal signed in secret")
    assert lines[2] == (
        "FAILED    fake.pdf: it is named .pdf but is not a PDF (it looks like text)"
    )
    with open_board(board, read_only=True) as doc:
        assert len(doc.board.cards) == 3
        assert doc.history(1)[0]["action"] == "Import 3 files"


def test_import_json_and_all_good_exit_zero(
    board: Path, evidence: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    good = [p for p in evidence if p.name != "fake.pdf"]
    code, out = run(capsys, "import", str(board), *map(str, good), "--json")
    assert code == 0
    results = json.loads(out)["results"]
    assert [r["kind"] for r in results] == ["article", "document", "note"]
    assert results[1]["title"] == "Dredging log"


def test_search_finds_imported_text(
    board: Path, evidence: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    run(capsys, "import", str(board), *map(str, evidence))
    code, out = run(capsys, "search", str(board), "aurora", "--json")
    assert code == 0
    hits = json.loads(out)["hits"]
    assert {h["kind"] for h in hits} == {"document", "note"}
    assert all(["Aurora", True] in h["snippet"] for h in hits)

    code, out = run(capsys, "search", str(board), "Hurriyet", "--limit", "1")
    assert code == 0
    assert "Port deal signed in secret" in out


def test_search_with_no_match_or_hostile_query(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "search", str(board), "nothing")[1] == "No cards match.\n"
    assert run(capsys, "search", str(board), 'NEAR("')[0] == 0


def test_board_files_go_to_the_formats_importer(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    canvas = tmp_path / "map.canvas"
    canvas.write_text(
        json.dumps(
            {
                "nodes": [
                    {"id": "a", "type": "text", "text": "Lead", "x": 0, "y": 0,
                     "width": 200, "height": 100}
                ],
                "edges": [],
            }
        )
    )  # fmt: skip
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    code, out = run(capsys, "import", str(board), str(canvas), str(broken))
    assert code == 1
    first, second = out.splitlines()
    assert first.startswith("imported  map.canvas: ")
    assert second.startswith("FAILED    broken.json: ")
    with open_board(board, read_only=True) as doc:
        assert len(doc.board.cards) == 1


def _dump_with_a_huge_coordinate(folder: Path) -> Path:
    """A JSON dump valid by its schema whose card sits at x = 10**400 (no float holds it)."""
    with create_board(folder / "other.evboard", author="tester") as doc:
        doc.apply(AddCards((make_card(CardKind.NOTE, "Far away", "tester"),)))
        data = json.loads(dumps_board(doc.board))
    card_id = data["cards"][0]["id"]
    data["layout"][card_id][0] = 10**400
    path = folder / "far.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_a_file_whose_reader_fails_unexpectedly_fails_alone(
    board: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good, trap = tmp_path / "good.txt", tmp_path / "trap.txt"
    good.write_text("The harbourmaster saw the Aurora leave.", "utf-8")
    trap.write_text("This one trips the reader.", "utf-8")
    far = _dump_with_a_huge_coordinate(tmp_path)

    def reader(path: Path, *args: Any, **kwargs: Any) -> Any:
        # Stands for a reader bug on a stranger's file: nothing it foresaw.
        if path.name == "trap.txt":
            raise RecursionError("maximum recursion depth exceeded")
        return read_text_file(path, *args, **kwargs)

    # The importer loads the text reader from its module when a text file comes.
    monkeypatch.setattr(text_files, "read_text_file", reader)
    code, out = run(capsys, "import", str(board), str(good), str(trap), str(far))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("imported  good.txt -> ")
    assert lines[1] == (
        "FAILED    trap.txt: the file cannot be read (maximum recursion depth exceeded)"
    )
    assert lines[2] == "FAILED    far.json: The field “x” is out of range."
    with open_board(board, read_only=True) as doc:
        assert [c.title for c in doc.board.cards.values()] == ["good"]


def test_evidence_and_board_files_together_make_one_history_entry(
    board: Path, evidence: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    canvas = tmp_path / "map.canvas"
    node = {"id": "a", "type": "text", "text": "Lead", "x": 0, "y": 0, "width": 200, "height": 100}
    canvas.write_text(json.dumps({"nodes": [node], "edges": []}), "utf-8")
    dump = _dump_with_a_huge_coordinate(tmp_path)
    data = json.loads(dump.read_text("utf-8"))
    data["layout"][data["cards"][0]["id"]][0] = 40
    dump.write_text(json.dumps(data), "utf-8")
    with open_board(board, read_only=True) as doc:
        before = len(doc.history())
    good = [p for p in evidence if p.name != "fake.pdf"]
    code, out = run(capsys, "import", str(board), *map(str, good), str(canvas), str(dump))
    assert code == 0, out
    assert out.splitlines()[3] == "imported  map.canvas: Import 1 card from “map.canvas”"
    with open_board(board, read_only=True) as doc:
        entries = doc.history()
        assert len(entries) == before + 1
        assert entries[0]["action"] == "Import 5 files"
        assert len(doc.board.cards) == 5


def test_a_file_already_on_the_board_is_named_not_imported_twice(
    board: Path, evidence: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report = next(p for p in evidence if p.name == "report.pdf")
    code, out = run(capsys, "import", str(board), str(report))
    assert code == 0
    first_id = out.split("-> ")[1].split()[0]
    # The same bytes under another name are the same evidence.
    copy = report.with_name("report (copy).pdf")
    copy.write_bytes(report.read_bytes())
    code, out = run(capsys, "import", str(board), str(copy))
    assert code == 0
    assert out.startswith(f"already   report (copy).pdf is on the board as {first_id} document")
    with open_board(board, read_only=True) as doc:
        assert len(doc.board.cards) == 1
    code, out = run(capsys, "import", str(board), str(copy), "--json")
    assert json.loads(out)["results"] == [
        {"path": str(copy), "already": first_id, "kind": "document", "title": "Dredging log"}
    ]
    code, out = run(capsys, "import", str(board), str(copy), "--again")
    assert code == 0 and out.startswith("imported  report (copy).pdf -> ")
    with open_board(board, read_only=True) as doc:
        assert len(doc.board.cards) == 2
