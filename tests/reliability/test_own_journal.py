"""The app's own crash journal is still played back; nothing else beside a board is.

A process of ours killed in the middle of a change leaves a hot journal and its lock
record; the next writable open must roll the change back (the guard against planted
journals must not take ours for one). A read-only open first is refused with a clear
message and changes nothing, and a journal of a writer that is still alive is left to
it.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidenceboard.storage import DamagedBoardError, open_board
from evidenceboard.storage.lock import lock_path
from tests.reliability.helpers import digest, file_state, make_demo
from tests.storage.planted import journal_of

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def board(board_dir: Path) -> Path:
    return make_demo(board_dir)


def _start(path: Path, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.journal_child", str(path), mode],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    if line.strip() != "ready":
        child.kill()
        child.wait()
        pytest.fail(f"the child did not start: {child.stderr.read() if child.stderr else ''}")
    return child


@pytest.fixture
def killed_mid_change(board: Path) -> Iterator[Path]:
    """The board after a child of ours was killed with half a change in the file."""
    before = digest(board)
    child = _start(board, "spill")
    try:
        assert journal_of(board).exists(), "the child has no journal"
        assert digest(board) != before, "the change did not reach the board file"
    finally:
        child.kill()
        child.wait()
    assert lock_path(board).exists()
    yield board


def test_our_own_journal_is_rolled_back_after_a_crash(killed_mid_change: Path) -> None:
    board = killed_mid_change
    with open_board(board) as doc:
        assert doc.notices == ()
        assert doc.integrity_report() == []
        assert not any(c.text.startswith("torn") for c in doc.board.cards.values())
    assert not journal_of(board).exists()
    assert not list(board.parent.glob("*set aside*"))


def test_a_commit_killed_after_page_one_is_rolled_back_not_called_cut_short(
    board: Path,
) -> None:
    before = digest(board)
    child = _start(board, "torn-commit")
    child.kill()
    child.wait()
    assert journal_of(board).exists()
    assert digest(board) != before, "the torn commit did not reach the board file"
    with open_board(board) as doc:
        assert doc.integrity_report() == []
        assert not any(c.text.startswith("grown") for c in doc.board.cards.values())
    assert digest(board) == before
    assert not journal_of(board).exists()
    assert not list(board.parent.glob("*set aside*"))


def test_a_read_only_open_of_a_board_left_mid_change_is_refused_and_changes_nothing(
    killed_mid_change: Path,
) -> None:
    board = killed_mid_change
    before, journal = digest(board), journal_of(board).read_bytes()
    with pytest.raises(DamagedBoardError, match="open it for editing once"):
        open_board(board, read_only=True)
    assert digest(board) == before and journal_of(board).read_bytes() == journal
    with open_board(board) as doc:
        assert doc.integrity_report() == []
        assert not any(c.text.startswith("torn") for c in doc.board.cards.values())


def test_the_journal_of_a_live_writer_is_left_to_it(board: Path) -> None:
    expected = file_state(board)
    child = _start(board, "hold")
    try:
        journal = journal_of(board)
        assert journal.exists()
        with open_board(board, read_only=True) as doc:
            assert doc.notices == ()
            assert {c.text for c in doc.board.cards.values()} == {
                c.text for c in expected["cards"].values()
            }
        assert journal.exists(), "a live writer's journal was moved"
        assert not list(board.parent.glob("*set aside*"))
    finally:
        child.kill()
        child.wait()
    with open_board(board) as doc:
        assert doc.notices == () and doc.integrity_report() == []
    assert file_state(board) == expected
