"""One writer per board: a second opener learns who holds it; stale locks are taken over."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from evidenceboard.storage import BoardLockedError, open_board
from evidenceboard.storage.lock import lock_path, read_holder
from tests.storage.helpers import make_demo_file


def test_second_writer_is_told_who_holds_the_board(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    with open_board(path, author="ana"):
        with pytest.raises(BoardLockedError, match="ana") as caught:
            open_board(path, author="bo")
        assert caught.value.holder is not None
        assert caught.value.holder.user == "ana"
        assert caught.value.holder.host == socket.gethostname()
        # Read-only opening is always possible.
        with open_board(path, read_only=True, author="bo") as reader:
            assert len(reader.board.cards) == 12
    assert not lock_path(path).exists()


def test_lock_of_a_dead_process_is_taken_over(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(child.stdout)
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "crashed",
                "host": socket.gethostname(),
                "pid": dead_pid,
                "since": "2026-01-01T00:00:00Z",
            }
        )
    )
    with open_board(path, author="ana"):
        holder = read_holder(path)
        assert holder is not None and holder.user == "ana" and holder.pid == os.getpid()


def test_lock_from_another_computer_is_respected(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    lock_path(path).write_text(
        json.dumps(
            {
                "user": "colleague",
                "host": "laptop-in-the-field",
                "pid": 1,
                "since": "2026-11-24T08:00:00Z",
            }
        )
    )
    with pytest.raises(BoardLockedError, match="colleague on laptop-in-the-field"):
        open_board(path)
    assert read_holder(path) is not None and read_holder(path).user == "colleague"  # type: ignore[union-attr]


def test_garbage_lock_file_is_replaced(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    lock_path(path).write_bytes(b"\x00\xff not json")
    with open_board(path, author="ana"):
        holder = read_holder(path)
        assert holder is not None and holder.user == "ana"


def test_lock_in_another_live_process(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    script = (
        "import sys, time\n"
        "from evidenceboard.storage import open_board\n"
        f"doc = open_board({str(path)!r}, author='other')\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with pytest.raises(BoardLockedError, match="other"):
            open_board(path, author="me")
    finally:
        child.kill()
        child.wait()
    # The killed holder left its lock behind; it is stale now and taken over.
    with open_board(path, author="me") as doc:
        assert not doc.read_only
