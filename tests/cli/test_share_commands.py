"""The copy, merge, diff and export commands, run through a parser built for the test."""

import argparse
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from evidenceboard.cli import share_commands
from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards, EditCards
from evidenceboard.model.factory import edited_card, make_card
from evidenceboard.storage import BoardFileError, open_board
from evidenceboard.storage.demo_file import create_demo_board


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="evidenceboard")
    parser.add_argument("--user")
    commands = parser.add_subparsers(dest="command")
    share_commands.register(commands)
    args = parser.parse_args(list(argv))
    code: int = args.handler(args)
    return code


@pytest.fixture
def demo(board_dir: Path) -> Path:
    path = board_dir / "demo.evboard"
    with create_demo_board(path, author="ana"):
        pass
    return path


def test_copy_and_diff_of_identical_boards(
    demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = board_dir / "shared.evboard"
    assert run("copy", str(demo), str(out)) == 0
    assert "cards" in capsys.readouterr().out
    assert run("diff", str(demo), str(out), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cards"] == {"added": [], "removed": [], "changed": []}
    with pytest.raises(BoardFileError, match="already exists"):
        run("copy", str(demo), str(out))


def test_merge_dry_run_then_merge(
    demo: Path, board_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = board_dir / "theirs.evboard"
    shutil.copyfile(demo, theirs)  # a closed board: a plain copy is a faithful one here
    with open_board(theirs, author="bo") as doc:
        doc.apply(AddCards((make_card(CardKind.NOTE, "Bo's lead", "bo", text="call"),)))
        card = next(iter(doc.board.cards.values()))
        doc.apply(EditCards(((card, edited_card(card, "bo", title="Bo's title")),)))
    with open_board(demo, author="ana") as doc:
        card = doc.board.cards[card.id]
        doc.apply(EditCards(((card, edited_card(card, "ana", title="Ana's title")),)))
        before = len(doc.board.cards)
    assert run("merge", str(demo), str(theirs), "--dry-run", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] and report["cards_added"] == 1 and len(report["conflicts"]) == 1
    with open_board(demo, read_only=True) as doc:
        assert len(doc.board.cards) == before
    assert run("merge", str(demo), str(theirs)) == 0
    assert "1 conflicts" in capsys.readouterr().out
    with open_board(demo, read_only=True) as doc:
        titles = {c.title for c in doc.board.cards.values()}
        assert {"Bo's lead", "Ana's title", "Bo's title (their version, by bo)"} <= titles
        assert len(doc.board.cards) == before + 2
        assert doc.history()[0]["action"].startswith("Merge")
    with pytest.raises(BoardFileError, match="itself"):
        run("merge", str(demo), str(demo))


@pytest.mark.parametrize("fmt", ["json", "canvas", "graphml"])
def test_export_single_file_formats(fmt: str, demo: Path, board_dir: Path) -> None:
    out = board_dir / f"out.{fmt}"
    assert run("export", str(demo), "--format", fmt, "-o", str(out)) == 0
    if fmt == "graphml":
        assert nx.read_graphml(out).number_of_nodes() == 12
    else:
        data = json.loads(out.read_text("utf-8"))
        assert len(data["cards" if fmt == "json" else "nodes"]) == 12
    assert [p.name for p in board_dir.iterdir() if p.name.startswith(".")] == []


def test_export_csv_and_attachments(demo: Path, board_dir: Path) -> None:
    assert run("export", str(demo), "--format", "csv", "-o", str(board_dir / "csv")) == 0
    assert sorted(p.name for p in (board_dir / "csv").iterdir()) == ["cards.csv", "links.csv"]
    folder = board_dir / "files"
    assert run("export", str(demo), "--format", "attachments", "-o", str(folder)) == 0
    with open_board(demo, read_only=True) as doc:
        assert len(list(folder.iterdir())) == len(doc.board.attachments)
