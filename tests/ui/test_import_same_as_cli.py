"""An import means the same from the window and from the command line: same board, one step."""

import json
from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from evidenceboard.cli.app import main as cli_main
from evidenceboard.model.board import Board
from evidenceboard.model.clock import utc_now
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.document import open_board
from evidenceboard.ui.features.ingest.feature import IngestFeature, install
from evidenceboard.ui.window.main_window import MainWindow
from tests.ingest.samples import article_html

WAIT_MS = 20_000


def _files(folder: Path) -> list[Path]:
    node = {"id": "a", "type": "text", "text": "Lead", "x": 0, "y": 0, "width": 200, "height": 100}
    files = {
        "story.html": article_html(),
        "interview.md": "# Interview with the harbour master\n\nHe saw no convoy.\n",
        "map.canvas": json.dumps({"nodes": [node], "edges": []}),
        "fake.pdf": "not a pdf at all",
        "note.txt": "Call the harbourmaster about the Aurora.",
    }
    paths = []
    for name, text in files.items():
        paths.append(folder / name)
        paths[-1].write_text(text, "utf-8")
    return paths


def _shape(board: Board) -> tuple[list[str], list[str]]:
    """The board's cards and links as text, without ids and time stamps."""
    stamp = utc_now()
    cards = []
    for card in board.cards.values():
        plain = replace(card, created_at=stamp, modified_at=stamp)
        cards.append(repr(plain).replace(card.id, "<id>"))
    # Links name their ends by title: the ids differ between the two boards.
    key = {card.id: card.title for card in board.cards.values()}
    links = [
        repr(replace(link, created_at=stamp, modified_at=stamp))
        .replace(link.id, "<id>")
        .replace(link.source, key[link.source])
        .replace(link.target, key[link.target])
        for link in board.links.values()
    ]
    return sorted(cards), sorted(links)


def test_the_window_and_the_command_line_make_the_same_board(
    qtbot: QtBot, window: MainWindow, board_dir: Path, tmp_path: Path
) -> None:
    install(window)
    feature = window.findChild(IngestFeature)
    assert isinstance(feature, IngestFeature)
    paths = _files(tmp_path)
    session = window.session
    assert session is not None
    author = session.controller.author
    cli_board = board_dir / "from-cli.evboard"
    create_demo_board(cli_board, author=author).close()
    with open_board(cli_board, read_only=True) as doc:
        assert _shape(doc.board) == _shape(session.document.board)
        history_before = len(doc.history())

    assert cli_main(["--user", author, "import", str(cli_board), *map(str, paths)]) == 1
    undo_before = session.controller.undo_stack.count()
    assert feature.start_import(paths)
    qtbot.waitUntil(lambda: feature.worker is None, timeout=WAIT_MS)

    with open_board(cli_board, read_only=True) as doc:
        assert _shape(doc.board) == _shape(session.document.board)
        assert len(doc.history()) == history_before + 1
        assert doc.history(1)[0]["action"] == "Import 4 files"
    assert session.controller.undo_stack.count() == undo_before + 1
    assert session.controller.undo_stack.undoText() == "Import 4 files"
    assert window.message_bar.text() == (
        "1 file could not be imported: fake.pdf: it is named .pdf but is not a PDF "
        "(it looks like text)."
    )
