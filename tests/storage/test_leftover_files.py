"""A journal, WAL or -shm that came with a board is never played back, applied or used.

SQLite reads these files on the first query: a hot journal is played back into the
board and the "super-journal" it names is deleted (any file the user may delete); a WAL
beside a rollback-mode board is applied. Each test plants such a file, opens the board
the way the app does, and checks that the victim file is still there, the board file is
byte for byte what was received, what is listed is only what the file holds, the planted
file was set aside under a clear name without being read, and the user was told.
"""

import json
import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from evidenceboard.cli.app import main
from evidenceboard.storage import BoardLockedError, open_board
from evidenceboard.storage.lock import lock_path
from evidenceboard.storage.sidecars import LeftoverFileWarning
from tests.storage.helpers import digest, make_demo_file
from tests.storage.planted import journal_of, plant_journal, plant_wal, shm_of, wal_of

_events: list[tuple[str, tuple[Any, ...]]] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _events is not None and event in ("open", "os.remove", "os.rmdir", "os.truncate"):
        _events.append((event, args))


sys.addaudithook(_audit)


@contextmanager
def audited() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """Record the files Python code opens or deletes inside the block."""
    global _events
    _events = []
    try:
        yield _events
    finally:
        _events = None


def _touched(events: list[tuple[str, tuple[Any, ...]]], path: Path) -> list[str]:
    return [event for event, args in events if args and str(args[0]) == str(path)]


def _set_aside(folder: Path, suffix: str) -> list[Path]:
    return sorted(folder.glob(f"*.evboard{suffix} (set aside *)"))


@pytest.fixture
def board(board_dir: Path) -> Path:
    return make_demo_file(board_dir)


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "precious.txt"
    path.write_text("a file the user may delete, but did not want to")
    return path


def test_a_planted_journal_does_not_delete_the_file_it_names(
    board: Path, victim: Path, recwarn: pytest.WarningsRecorder
) -> None:
    before = digest(board)
    planted = plant_journal(board, str(victim))
    with audited() as events:
        doc = open_board(board)
    doc.close()
    assert victim.exists(), "SQLite deleted the file named by the planted journal"
    assert digest(board) == before, "the planted journal was played back into the board"
    assert not journal_of(board).exists()
    [aside] = _set_aside(board.parent, "-journal")
    assert aside.read_bytes() == planted
    assert _touched(events, journal_of(board)) == [], "the planted journal was read"
    assert _touched(events, aside) == []
    assert not [a for e, a in events if e in ("os.remove", "os.rmdir")], "something was deleted"
    # The lock record is rewritten in place through its own descriptor; no path is cut.
    assert all(isinstance(a[0], int) for e, a in events if e == "os.truncate")
    assert _touched(events, victim) == []
    notices = doc.notices
    assert len(notices) == 1
    assert "leftover journal came with demo.evboard" in notices[0]
    assert "set aside, unread" in notices[0] and aside.name in notices[0]
    assert any(issubclass(w.category, LeftoverFileWarning) for w in recwarn)
    # Set aside for good: opening again finds nothing more to do, and tells nothing.
    with open_board(board) as again:
        assert again.notices == ()


def test_a_journal_naming_a_relative_file_deletes_nothing_in_the_current_folder(
    board: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "elsewhere"
    here.mkdir()
    (here / ".profile").write_text("export PATH")
    monkeypatch.chdir(here)
    plant_journal(board, ".profile")
    with pytest.warns(LeftoverFileWarning), open_board(board):
        assert sorted(p.name for p in here.iterdir()) == [".profile"]


def test_a_planted_journal_on_a_read_only_listing_is_set_aside_and_only_warned(
    board: Path, victim: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(board)
    plant_journal(board, str(victim))
    code = main(["list", str(board), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out), "the listing is not valid JSON"
    assert "warning: a leftover journal came with demo.evboard" in err.lower()
    assert len(_set_aside(board.parent, "-journal")) == 1
    # Nothing is left for a later writable open (or another SQLite tool) to play back.
    assert main(["add", str(board), "note", "after the listing"]) == 0
    assert victim.exists()
    assert digest(board) != before  # the note was added to the file itself


def test_a_planted_journal_beside_a_read_only_board_file(
    board: Path, victim: Path, recwarn: pytest.WarningsRecorder
) -> None:
    before = digest(board)
    plant_journal(board, str(victim))
    board.chmod(0o444)
    try:
        with open_board(board, read_only=True) as doc:
            assert victim.exists() and digest(board) == before
            assert doc.notices and "set aside, unread" in doc.notices[0]
    finally:
        board.chmod(0o644)
    assert len(_set_aside(board.parent, "-journal")) == 1


def test_a_journal_that_cannot_be_set_aside_is_left_unread_and_the_board_opens_read_only(
    board: Path, victim: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A board on a read-only medium or share: the journal cannot be moved, so the board is
    opened as an immutable file, with which SQLite looks at nothing beside it."""
    planted = plant_journal(board, str(victim))
    before = digest(board)

    def refuse(_source: object, _target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    with pytest.warns(LeftoverFileWarning), open_board(board) as doc:
        assert victim.exists() and digest(board) == before
        assert doc.read_only
        assert doc.read_only_reason is not None and "journal" in doc.read_only_reason
        assert len(doc.board.cards) > 0
        assert "could not be set aside" in doc.notices[0]
    assert victim.exists() and digest(board) == before
    assert journal_of(board).read_bytes() == planted
    assert not lock_path(board).exists()


def test_a_planted_journal_with_a_forged_lock_record_of_ours_is_never_played_back(
    board: Path, victim: Path
) -> None:
    """A journal naming a super-journal is set aside whatever the lock record says: a
    journal of ours never has one, since the app never attaches databases."""
    record = {"user": "tester", "host": socket.gethostname(), "pid": 2**22 + 17}
    lock_path(board).write_text(json.dumps({**record, "since": "2026-01-01T00:00:00Z"}))
    planted = plant_journal(board, str(victim))
    before = digest(board)
    with pytest.warns(LeftoverFileWarning), open_board(board) as doc:
        assert victim.exists() and digest(board) == before
        assert doc.notices
    [aside] = _set_aside(board.parent, "-journal")
    assert aside.read_bytes() == planted


def test_a_journal_older_than_the_lock_record_is_not_taken_for_ours(board: Path) -> None:
    record = {"user": "tester", "host": socket.gethostname(), "pid": 2**22 + 17}
    plant_journal(board, None)
    os.utime(journal_of(board), ns=(1_000_000_000, 1_000_000_000))
    lock_path(board).write_text(json.dumps({**record, "since": "2026-01-01T00:00:00Z"}))
    before = digest(board)
    with pytest.warns(LeftoverFileWarning), open_board(board):
        assert digest(board) == before
    assert len(_set_aside(board.parent, "-journal")) == 1


def test_a_wal_beside_a_rollback_board_is_not_applied(board: Path) -> None:
    before = digest(board)
    planted = plant_wal(board, "PLANTED TITLE")
    with pytest.warns(LeftoverFileWarning), open_board(board, read_only=True) as doc:
        assert "PLANTED TITLE" not in {card.title for card in doc.board.cards.values()}
        assert "write-ahead log" in doc.notices[0] and "set aside, unread" in doc.notices[0]
    assert digest(board) == before
    [aside] = _set_aside(board.parent, "-wal")
    assert aside.read_bytes() == planted
    with open_board(board) as doc:
        assert "PLANTED TITLE" not in {card.title for card in doc.board.cards.values()}
    assert digest(board) == before, "a writable open folded a WAL into the board"
    assert not wal_of(board).exists() and not shm_of(board).exists()


def test_a_wal_beside_a_rollback_board_changes_nothing_in_a_writable_open(board: Path) -> None:
    before = digest(board)
    plant_wal(board, "PLANTED TITLE")
    with pytest.warns(LeftoverFileWarning), open_board(board) as doc:
        assert "PLANTED TITLE" not in {card.title for card in doc.board.cards.values()}
    assert digest(board) == before


def test_the_cli_listing_shows_only_what_is_in_the_file(
    board: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plant_wal(board, "PLANTED TITLE")
    assert main(["list", str(board)]) == 0
    out, err = capsys.readouterr()
    assert "PLANTED TITLE" not in out
    assert "write-ahead log" in err


def test_a_planted_shm_is_set_aside_and_not_used(board: Path) -> None:
    planted = os.urandom(32768)
    shm_of(board).write_bytes(planted)
    plant_wal(board, "PLANTED TITLE")
    before = digest(board)
    with pytest.warns(LeftoverFileWarning), open_board(board) as doc:
        assert "PLANTED TITLE" not in {card.title for card in doc.board.cards.values()}
        assert len(doc.notices) == 2
    [aside] = _set_aside(board.parent, "-shm")
    assert aside.read_bytes() == planted
    assert digest(board) == before


def test_a_normal_board_opens_without_notices(board: Path) -> None:
    with open_board(board) as doc:
        assert doc.notices == ()
    with open_board(board, read_only=True) as doc:
        assert doc.notices == ()
    assert sorted(p.name for p in board.parent.iterdir()) == [board.name]


def test_a_journal_beside_a_board_open_on_another_computer_is_neither_moved_nor_read(
    board: Path, victim: Path
) -> None:
    """It may be that computer's own journal after a crash there (a shared folder)."""
    record = {"user": "colleague", "host": "another-laptop", "pid": 4242}
    lock_path(board).write_text(json.dumps({**record, "since": "2026-01-01T00:00:00Z"}))
    planted = plant_journal(board, str(victim))
    before = digest(board)
    with audited() as events, pytest.raises(BoardLockedError, match="another-laptop"):
        open_board(board, read_only=True)
    with pytest.raises(BoardLockedError):
        open_board(board)
    assert victim.exists() and digest(board) == before
    assert journal_of(board).read_bytes() == planted
    assert _touched(events, journal_of(board)) == []


def test_a_journal_beside_the_real_file_of_a_linked_board_is_set_aside(
    board: Path, victim: Path, tmp_path: Path
) -> None:
    """SQLite opens the resolved path, so it is beside the real file that it looks."""
    link = tmp_path / "link.evboard"
    link.symlink_to(board)
    plant_journal(board, str(victim))
    with pytest.warns(LeftoverFileWarning), open_board(link) as doc:
        assert victim.exists()
        assert doc.notices
    assert len(_set_aside(board.parent, "-journal")) == 1


def _to_wal_mode(board: Path) -> None:
    connection = sqlite3.connect(board, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
    finally:
        connection.close()
    assert board.read_bytes()[18:20] == b"\x02\x02"


def test_a_read_only_open_of_a_wal_mode_board_leaves_nothing_beside_it(board: Path) -> None:
    _to_wal_mode(board)
    before = digest(board)
    with open_board(board, read_only=True) as doc:
        assert doc.notices == () and len(doc.board.cards) > 0
    assert sorted(p.name for p in board.parent.iterdir()) == [board.name]
    assert digest(board) == before


def test_a_wal_planted_beside_a_wal_mode_board_is_set_aside(board: Path) -> None:
    plant_wal(board, "PLANTED TITLE")
    planted = wal_of(board).read_bytes()
    wal_of(board).unlink()
    _to_wal_mode(board)
    wal_of(board).write_bytes(planted)
    with pytest.warns(LeftoverFileWarning), open_board(board, read_only=True) as doc:
        assert "PLANTED TITLE" not in {card.title for card in doc.board.cards.values()}
    [aside] = _set_aside(board.parent, "-wal")
    assert aside.read_bytes() == planted


_WAL_SESSION = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("PRAGMA wal_autocheckpoint = 0")
first = "(SELECT min(rowid) FROM cards)"
connection.execute(f"UPDATE cards SET title = 'LIVE TITLE' WHERE rowid = {first}")
print("ready", flush=True)
time.sleep(120)
"""


def test_the_wal_of_a_live_session_is_read_through_and_left_alone(board: Path) -> None:
    _to_wal_mode(board)
    child = subprocess.Popen(
        [sys.executable, "-c", _WAL_SESSION, str(board)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with open_board(board, read_only=True) as doc:
            assert doc.notices == ()
            assert "LIVE TITLE" in {card.title for card in doc.board.cards.values()}
        assert wal_of(board).exists() and shm_of(board).exists()
        assert _set_aside(board.parent, "-wal") == []
    finally:
        child.kill()
        child.wait()
