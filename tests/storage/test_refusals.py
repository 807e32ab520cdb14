"""Files that are not boards, are damaged, or are hostile are refused without harm."""

import os
import sqlite3
from pathlib import Path

import pytest

from evidenceboard.storage import (
    DamagedBoardError,
    NewerVersionError,
    NotABoardError,
    UnsafeBoardError,
    open_board,
)
from evidenceboard.storage.errors import BoardFileError
from tests.storage.helpers import digest, make_demo_file, tamper


def _refused(path: Path, error: type[BoardFileError], words: str) -> None:
    before = digest(path) if path.exists() else None
    with pytest.raises(error, match=words):
        open_board(path)
    after = digest(path) if path.exists() else None
    assert before == after, "a refused file must not be changed"
    lock = path.with_name(f".~lock.{path.name}#")
    assert not lock.exists(), "a refused file must not stay locked"


def test_random_bytes(board_dir: Path) -> None:
    path = board_dir / "random.evboard"
    path.write_bytes(os.urandom(8192))
    _refused(path, NotABoardError, "not a board file")


def test_zero_byte_file_is_refused_and_stays_empty(board_dir: Path) -> None:
    path = board_dir / "empty.evboard"
    path.write_bytes(b"")
    _refused(path, NotABoardError, "empty")
    assert path.stat().st_size == 0


def test_missing_file_is_not_created(board_dir: Path) -> None:
    path = board_dir / "missing.evboard"
    with pytest.raises(NotABoardError, match="no file"):
        open_board(path)
    assert not path.exists()


def test_another_programs_sqlite_file(board_dir: Path) -> None:
    path = board_dir / "places.sqlite"
    tamper(path, "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    _refused(path, NotABoardError, "another program")


def test_truncated_board(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _refused(path, DamagedBoardError, "damaged")


def test_flipped_bytes(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    data = bytearray(path.read_bytes())
    page_size = 4096
    # Flip the b-tree headers of every page after the first.
    for page_start in range(page_size, len(data), page_size):
        for offset in range(page_start, page_start + 16):
            data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises((DamagedBoardError, UnsafeBoardError, NotABoardError)):
        open_board(path)


@pytest.mark.parametrize(
    ("statements", "error", "words"),
    [
        pytest.param(
            ("PRAGMA user_version = 999",), NewerVersionError, "newer version", id="newer version"
        ),
        pytest.param(
            (
                "CREATE VIEW v AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM r) "
                "SELECT i FROM r",
            ),
            UnsafeBoardError,
            "view",
            id="endless view replacing a table",
        ),
        pytest.param(
            (
                "CREATE TABLE notes(id INTEGER PRIMARY KEY, t TEXT, "
                "big BLOB GENERATED ALWAYS AS (zeroblob(900000000)) VIRTUAL)",
            ),
            UnsafeBoardError,
            "table",
            id="generated column memory bomb",
        ),
        pytest.param(
            ("ALTER TABLE cards ADD COLUMN evil TEXT DEFAULT 'x'",),
            UnsafeBoardError,
            "cards",
            id="altered table definition",
        ),
        pytest.param(
            ("UPDATE cards SET grade_source = 'Z' WHERE grade_source IS NOT NULL",),
            DamagedBoardError,
            "damaged",
            id="malformed row is reported, not crashed",
        ),
        pytest.param(
            ("PRAGMA foreign_keys = OFF", "DELETE FROM cards WHERE kind = 'note'"),
            DamagedBoardError,
            "not there|inconsistent",
            id="link to a missing card is reported",
        ),
    ],
)
def test_a_tampered_demo_board_is_refused(
    board_dir: Path, statements: tuple[str, ...], error: type[BoardFileError], words: str
) -> None:
    path = make_demo_file(board_dir)
    tamper(path, *statements)
    _refused(path, error, words)


def test_extra_trigger_is_refused_and_never_fires(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    tamper(path, "CREATE TRIGGER t_wipe AFTER INSERT ON links BEGIN DELETE FROM cards; END")
    _refused(path, UnsafeBoardError, "trigger")
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT count(*) FROM cards").fetchone()[0] == 21
    finally:
        connection.close()


def test_authorizer_blocks_trigger_code_even_past_the_schema_check(board_dir: Path) -> None:
    # Defence in depth: if a trigger ever slipped past the allowlist, the hardened
    # connection would still refuse to run its body.
    from evidenceboard.storage.hardening import harden

    path = make_demo_file(board_dir)
    tamper(path, "CREATE TRIGGER t_wipe AFTER INSERT ON history BEGIN DELETE FROM cards; END")
    connection = sqlite3.connect(path)
    try:
        harden(connection)
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            connection.execute(
                "INSERT INTO history (at, author, action, change_type, item_ids) "
                "VALUES ('x', 'x', 'x', 'x', '[]')"
            )
        assert connection.execute("SELECT count(*) FROM cards").fetchone()[0] == 21
    finally:
        connection.close()


def test_watchdog_interrupts_an_endless_query(board_dir: Path) -> None:
    from evidenceboard.storage.hardening import harden

    connection = sqlite3.connect(":memory:")
    watchdog = harden(connection)
    connection.execute("CREATE TABLE n (i INTEGER)")
    connection.executemany("INSERT INTO n VALUES (?)", [(i,) for i in range(1000)])
    with watchdog.limit(0.2), pytest.raises(sqlite3.OperationalError, match="interrupted"):
        # A billion-row cross join stands in for an endless query.
        connection.execute("SELECT count(*) FROM n a, n b, n c").fetchall()
    connection.close()
