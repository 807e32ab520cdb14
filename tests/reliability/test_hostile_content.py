"""Hostile text in cards: stored verbatim, tables intact, printed harmlessly by the CLI."""

import json
import sqlite3
from pathlib import Path

import pytest

from evidenceboard.cli import main
from evidenceboard.model import AddCards, CardKind
from evidenceboard.model.factory import make_card
from evidenceboard.storage import create_board, open_board
from tests.reliability.helpers import file_state, record

HOSTILE = [
    "'); DROP TABLE cards;--",
    "Robert'); DELETE FROM links; SELECT ('",
    '" OR 1=1 --',
    "invoice\u202efdp.exe",
    "\u2066isolate\u2069 \u200fRTL mark\u200e",
    "bell\x07 escape\x1b[31mred\x1b[0m backspace\x08",
    "nul\x00byte",
    "<img src='file:///etc/passwd'><a href='javascript:alert(1)'>x</a>",
    "A" * 200_000,
    "word " * 20_000,
]


@pytest.fixture
def hostile_board(board_dir: Path) -> Path:
    path = board_dir / "hostile.evboard"
    with create_board(path, author="tester") as doc:
        cards = tuple(
            make_card(CardKind.NOTE, text[:500], "tester", text=text, tags=("t",))
            for text in HOSTILE
        )
        doc.apply(AddCards(cards))
    return path


def test_hostile_text_is_stored_verbatim_and_tables_stay(hostile_board: Path) -> None:
    stored = file_state(hostile_board)
    texts = sorted(card.text for card in stored["cards"].values())
    with open_board(hostile_board) as doc:
        assert sorted(c.text for c in doc.board.cards.values()) == texts
        assert doc.integrity_report() == []
    connection = sqlite3.connect(hostile_board)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_schema")}
        assert {"cards", "links", "attachments", "board", "history"} <= tables
        assert connection.execute("SELECT count(*) FROM cards").fetchone()[0] == len(HOSTILE)
    finally:
        connection.close()
    # Whatever the model cleaned, SQL text is never cleaned away: it is only data.
    assert "'); DROP TABLE cards;--" in texts
    record("hostile texts stored verbatim", len(HOSTILE))


def test_cli_prints_hostile_text_harmlessly(
    hostile_board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(hostile_board)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x00" not in out and "\x08" not in out
    assert "DROP TABLE cards" in out
    assert main(["list", str(hostile_board), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    stored = file_state(hostile_board)
    by_id = {c["id"]: c for c in listed["cards"]}
    for card_id, card in stored["cards"].items():
        assert by_id[card_id]["title"] == card.title  # JSON carries the exact text
        assert main(["show", str(hostile_board), card_id[:12]]) == 0
        shown = capsys.readouterr().out
        assert "\x1b" not in shown and "\x00" not in shown and "\x07" not in shown
        assert main(["show", str(hostile_board), card_id, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["id"] == card_id
