"""Boards of an older format: read as they are, upgraded in place only when edited.

The format-1 boards here are made the way format 1 was: a board of today with the
tables and columns of format 2 dropped and the format number set back, which leaves exactly the
format-1 schema (a test checks that against the frozen format-1 DDL).
"""

import sqlite3
from pathlib import Path

import pytest

from evidenceboard.formats.json_dump import board_from_data, board_to_data, validate_dump
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.changes import EditBoard
from evidenceboard.storage import DamagedBoardError, open_board
from evidenceboard.storage import migrations as migrations_module
from evidenceboard.storage.schema import MIGRATIONS, SCHEMA_VERSION, SCHEMAS
from evidenceboard.storage.vetting import check_schema
from tests.storage.helpers import board_of_format, digest, make_demo_file


def _schema_rows(connection: sqlite3.Connection) -> set[tuple[str, str, str | None]]:
    rows = connection.execute("SELECT type, name, sql FROM sqlite_schema").fetchall()
    return {(kind, name, " ".join(sql.split()) if sql else None) for kind, name, sql in rows}


def _assert_schema_of_a_new_board(path: Path, board_dir: Path) -> None:
    """The board at ``path`` has the very schema of a board made today in ``board_dir``."""
    new = make_demo_file(board_dir, "new.evboard")
    a, b = sqlite3.connect(path), sqlite3.connect(new)
    try:
        assert _schema_rows(a) == _schema_rows(b)
    finally:
        a.close()
        b.close()


def _user_version(path: Path) -> int:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        value = connection.execute("PRAGMA user_version").fetchone()[0]
        assert isinstance(value, int)
        return value
    finally:
        connection.close()


def test_the_format_1_fixture_has_exactly_the_format_1_schema(board_dir: Path) -> None:
    path = board_of_format(board_dir, 1)
    connection = sqlite3.connect(path)
    try:
        check_schema(connection, 1, path.name)
        # Format 2 also altered tables: their format 1 text is one a board never holds.
        with pytest.raises(Exception, match=r"lacks or alters|never holds"):
            check_schema(connection, 2, path.name)
    finally:
        connection.close()


def test_a_format_1_board_opens_read_only_untouched(board_dir: Path) -> None:
    path = board_of_format(board_dir, 1)
    before = digest(path)
    with open_board(path, read_only=True) as doc:
        assert len(doc.board.cards) == 21
        assert doc.board.info.settings == ()
        assert doc.notices == ()
    assert digest(path) == before
    assert _user_version(path) == 1


def test_a_format_1_board_opened_for_editing_is_upgraded_and_says_so(board_dir: Path) -> None:
    path = board_of_format(board_dir, 1)
    with open_board(path, read_only=True) as doc:
        cards_before, links_before = dict(doc.board.cards), dict(doc.board.links)
    with open_board(path) as doc:
        assert any(f"upgraded from board format 1 to {SCHEMA_VERSION}" in n for n in doc.notices)
        assert dict(doc.board.cards) == cards_before
        assert dict(doc.board.links) == links_before
        assert doc.integrity_report() == []
    assert _user_version(path) == SCHEMA_VERSION
    with open_board(path) as doc:
        assert doc.notices == ()  # told once, when it happened


def test_a_format_2_board_reads_plain_lines_and_upgrades_to_the_new_schema(
    board_dir: Path,
) -> None:
    path = board_of_format(board_dir, 2)
    before = digest(path)
    with open_board(path, read_only=True) as doc:
        links_before = dict(doc.board.links)
        assert links_before and all(link.style.is_plain for link in links_before.values())
    assert digest(path) == before
    with open_board(path) as doc:
        assert any("upgraded from board format 2 to 3" in n for n in doc.notices)
        assert dict(doc.board.links) == links_before
    _assert_schema_of_a_new_board(path, board_dir)


def test_an_upgraded_board_has_the_same_schema_as_a_new_one(board_dir: Path) -> None:
    old = board_of_format(board_dir, 1)
    open_board(old).close()
    _assert_schema_of_a_new_board(old, board_dir)


def test_an_upgrade_on_a_full_disk_opens_the_board_read_only_and_unchanged(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = board_of_format(board_dir, 1)
    before = digest(path)
    # The file may not grow by a page: the new table cannot be written, as on a full disk.
    steps = {**MIGRATIONS, 2: ("PRAGMA max_page_count = 1", *MIGRATIONS[2])}
    monkeypatch.setattr(migrations_module, "MIGRATIONS", steps)
    with open_board(path) as doc:
        assert doc.read_only
        assert doc.read_only_reason == "it could not be upgraded to the current board format"
        assert any("could not be upgraded" in n and "left as it was" in n for n in doc.notices)
        assert len(doc.board.cards) == 21
    assert digest(path) == before
    assert _user_version(path) == 1
    monkeypatch.undo()
    with open_board(path) as doc:
        assert not doc.read_only
    assert _user_version(path) == SCHEMA_VERSION


def test_board_settings_are_saved_undone_and_read_back(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path) as doc:
        before = doc.board.info
        after = before.with_setting("analysis.min_origins", "3").with_setting("b.x", "y")
        doc.apply(EditBoard(before, after))
    with open_board(path) as doc:
        assert doc.board.info.settings == (("analysis.min_origins", "3"), ("b.x", "y"))
        assert doc.board.info.setting("analysis.min_origins") == "3"
        doc.apply(EditBoard(doc.board.info, doc.board.info.with_setting("b.x", None)))
    with open_board(path, read_only=True) as doc:
        assert doc.board.info.settings == (("analysis.min_origins", "3"),)


@pytest.mark.parametrize("key", ["Bad Key", "", "x" * 65, "1abc", "a;drop"])
def test_a_board_with_a_hostile_setting_is_refused_as_damaged(board_dir: Path, key: str) -> None:
    path = make_demo_file(board_dir)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("INSERT INTO board_settings (key, value) VALUES (?, 'v')", (key,))
    finally:
        connection.close()
    with pytest.raises(DamagedBoardError, match="settings are damaged"):
        open_board(path, read_only=True)


def test_every_version_is_the_one_before_plus_its_steps() -> None:
    for version in range(2, SCHEMA_VERSION + 1):
        assert SCHEMAS[version] == SCHEMAS[version - 1] + MIGRATIONS[version]


def test_board_settings_survive_a_json_dump_and_are_left_out_when_empty() -> None:
    plain = Board(BoardInfo(authors=("ana",)))
    assert "settings" not in board_to_data(plain)["board"]
    info = BoardInfo(authors=("ana",)).with_setting("analysis.min_origins", "3")
    data = board_to_data(Board(info))
    validate_dump(data)
    assert board_from_data(data).info.settings == (("analysis.min_origins", "3"),)
    data["board"]["settings"] = {"Bad Key": "x"}
    with pytest.raises(Exception, match="Bad Key"):
        board_from_data(data)
