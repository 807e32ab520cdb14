"""Salvage: every readable row of a damaged board goes into a new board; nothing runs."""

import json
import os
import sqlite3
from pathlib import Path

import pytest

from evidenceboard.model.attachments import sha256_hex
from evidenceboard.model.cards import DocumentContent
from evidenceboard.storage import (
    BoardFileError,
    DamagedBoardError,
    NotABoardError,
    UnsafeBoardError,
    open_board,
)
from evidenceboard.storage.salvage import salvage_board
from tests.reliability.helpers import add_scan, digest, file_state, make_demo
from tests.storage.helpers import tamper


def _page_of(path: Path, table: str) -> int:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)
        ).fetchone()
        return int(row[0])
    finally:
        connection.close()


def _smash_page(path: Path, page: int, page_size: int = 4096) -> None:
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


def _with_attachment(folder: Path) -> tuple[Path, str]:
    path = make_demo(folder)
    with open_board(path) as doc:
        _card, sha = add_scan(doc, 20_000)
    return path, sha


def test_a_sound_board_is_salvaged_whole(board_dir: Path) -> None:
    path, sha = _with_attachment(board_dir)
    out = board_dir / "out.evboard"
    report = salvage_board(path, out)
    assert report.lost == []
    assert (report.cards, report.links, report.attachments) == (22, 25, 1)
    original, salvaged = file_state(path), file_state(out)
    assert salvaged == original
    with open_board(out, read_only=True) as doc:
        assert sha256_hex(doc.attachment_data(sha)) == sha


def test_a_damaged_cards_table_keeps_every_readable_card(board_dir: Path) -> None:
    path = make_demo(board_dir)
    before = file_state(path)
    _smash_page(path, _page_of(path, "cards"))
    original_bytes = digest(path)
    with pytest.raises(BoardFileError):
        open_board(path)
    out = board_dir / "out.evboard"
    report = salvage_board(path, out)
    assert digest(path) == original_bytes, "salvage must never write to the damaged file"
    assert report.lost, "what was lost must be listed"
    salvaged = file_state(out)
    # Cards whose rows were lost come back from the search index as notes with their text.
    assert set(salvaged["cards"]) == set(before["cards"])
    assert report.from_index > 0
    for card_id, card in salvaged["cards"].items():
        assert card.text == before["cards"][card_id].text
    with open_board(out) as doc:
        assert doc.integrity_report() == []


def test_a_damaged_attachment_is_left_out_and_its_card_kept(board_dir: Path) -> None:
    path, sha = _with_attachment(board_dir)
    tamper(path, "UPDATE attachments SET data = zeroblob(20000)")
    out = board_dir / "out.evboard"
    report = salvage_board(path, out)
    assert report.attachments == 0
    assert any("scan.png" in problem for problem in report.lost)
    salvaged = file_state(out)
    scan = next(c for c in salvaged["cards"].values() if c.title == "Scan")
    assert isinstance(scan.content, DocumentContent) and scan.content.attachment is None
    assert sha not in salvaged["attachments"]


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE TRIGGER t_wipe AFTER INSERT ON links BEGIN DELETE FROM cards; END",
        "CREATE VIEW v AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) "
        "SELECT i FROM r",
        "CREATE TABLE notes(id INTEGER PRIMARY KEY, big BLOB GENERATED ALWAYS AS "
        "(zeroblob(900000000)) VIRTUAL)",
    ],
)
def test_a_hostile_schema_is_refused_not_salvaged(board_dir: Path, statement: str) -> None:
    path = make_demo(board_dir)
    tamper(path, statement)
    out = board_dir / "out.evboard"
    with pytest.raises(UnsafeBoardError, match="never holds"):
        salvage_board(path, out)
    assert not out.exists()


def test_nothing_readable_gives_an_error_not_an_empty_board(board_dir: Path) -> None:
    path = make_demo(board_dir)
    data = bytearray(path.read_bytes())
    data[100:] = b"\xa5" * (len(data) - 100)
    path.write_bytes(bytes(data))
    out = board_dir / "out.evboard"
    with pytest.raises(DamagedBoardError, match="Nothing"):
        salvage_board(path, out)
    assert not out.exists()


def test_other_files_are_not_salvaged(board_dir: Path) -> None:
    path = board_dir / "random.evboard"
    path.write_bytes(os.urandom(8192))
    with pytest.raises(NotABoardError):
        salvage_board(path, board_dir / "out.evboard")


def test_the_output_is_never_overwritten(board_dir: Path) -> None:
    path = make_demo(board_dir)
    out = board_dir / "out.evboard"
    out.write_bytes(b"precious")
    with pytest.raises(BoardFileError, match="already exists"):
        salvage_board(path, out)
    assert out.read_bytes() == b"precious"


def test_salvage_of_an_altered_table_never_reads_a_smuggled_column(board_dir: Path) -> None:
    path = make_demo(board_dir)
    tamper(
        path,
        "ALTER TABLE cards ADD COLUMN boom BLOB GENERATED ALWAYS AS (zeroblob(900000000)) VIRTUAL",
    )
    with pytest.raises(UnsafeBoardError):
        open_board(path)
    report = salvage_board(path, board_dir / "out.evboard")
    assert report.cards == 21 and report.links == 25
    assert json.dumps(report.lost)  # the report is plain data


def test_invalid_text_in_a_damaged_file_is_listed_as_lost(board_dir: Path) -> None:
    path = make_demo(board_dir)
    # Invalid UTF-8 in one card's title: that row is lost, the others are salvaged.
    tamper(path, "UPDATE cards SET title = CAST(X'80FF' AS TEXT) WHERE rowid = 1")
    report = salvage_board(path, board_dir / "out.evboard")
    assert report.cards >= 11
    assert any("unreadable" in problem for problem in report.lost)
