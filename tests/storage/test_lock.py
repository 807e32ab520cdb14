"""One writer per board: a second opener learns who holds it; stale locks are taken over."""

import contextlib
import errno
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from evidenceboard.storage import BoardLockedError, open_board
from evidenceboard.storage.lock import BoardLock, lock_path, read_holder
from tests.storage.helpers import dead_pid, make_demo_file

_REPOSITORY = Path(__file__).resolve().parents[2]


def _python(script: str) -> subprocess.Popen[str]:
    """Python running ``script`` from the repository, its input and output piped to us."""
    return subprocess.Popen(
        [sys.executable, "-c", script],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=_REPOSITORY,
    )


@contextlib.contextmanager
def _held_by_another_process(path: Path, author: str = "other") -> Iterator[None]:
    """A live EvidenceBoard process that has ``path`` open for writing until the block ends."""
    script = (
        "import sys\n"
        "from evidenceboard.storage import open_board\n"
        f"doc = open_board({str(path)!r}, author={author!r})\n"
        "print('ready', flush=True)\n"
        "sys.stdin.readline()\n"
    )
    child = _python(script)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        yield
    finally:
        child.kill()
        child.wait()


def _record(user: str, host: str, pid: int) -> str:
    return json.dumps({"user": user, "host": host, "pid": pid, "since": "2026-01-01T00:00:00Z"})


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
            assert len(reader.board.cards) == 21
    assert not lock_path(path).exists()


def test_lock_of_a_dead_process_is_taken_over(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    crashed_pid = dead_pid()
    lock_path(path).write_text(_record("crashed", socket.gethostname(), crashed_pid))
    with open_board(path, author="ana"):
        holder = read_holder(path)
        assert holder is not None and holder.user == "ana" and holder.pid == os.getpid()
        on_disk = json.loads(lock_path(path).read_text())
        assert on_disk["user"] == "ana" and on_disk["pid"] == os.getpid()


def test_a_lock_taken_over_says_whose_it_was(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    crashed_pid = dead_pid()
    lock_path(path).write_text(_record("crashed", socket.gethostname(), crashed_pid))
    lock = BoardLock.acquire(path, "ana")
    try:
        assert lock.taken_over is not None
        assert (lock.taken_over.user, lock.taken_over.pid) == ("crashed", crashed_pid)
    finally:
        lock.release()
    assert not lock_path(path).exists()
    fresh = BoardLock.acquire(path, "ana")
    fresh.release()
    assert fresh.taken_over is None


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
    with _held_by_another_process(path), pytest.raises(BoardLockedError, match="other"):
        open_board(path, author="me")
    # The killed holder left its lock behind; it is stale now and taken over.
    assert lock_path(path).exists()
    with open_board(path, author="me") as doc:
        assert not doc.read_only


@pytest.mark.parametrize("content", [b"", b"\x00\xff not json", b'{"user": "half'])
def test_an_unreadable_lock_of_a_live_holder_is_not_taken_over(
    board_dir: Path, content: bytes
) -> None:
    path = make_demo_file(board_dir)
    with _held_by_another_process(path):
        # Emptied or overwritten while its holder works (a sync tool, a hand, a bad disk):
        # the board is still in use, only it no longer says by whom.
        lock_path(path).write_bytes(content)
        with pytest.raises(BoardLockedError, match="in use") as caught:
            open_board(path, author="me")
        assert caught.value.holder is None
        assert lock_path(path).read_bytes() == content
        with open_board(path, read_only=True, author="me") as reader:
            assert reader.read_only
    with open_board(path, author="me") as doc:
        assert not doc.read_only


def test_a_record_of_a_live_process_here_is_respected(board_dir: Path) -> None:
    # A lock record naming a running process on this computer, with no operating-system
    # lock behind it, is what an EvidenceBoard that only writes the record leaves: it is
    # still working on the board.
    path = make_demo_file(board_dir)
    with subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE) as child:
        try:
            lock_path(path).write_text(_record("older", socket.gethostname(), child.pid))
            with pytest.raises(BoardLockedError, match="older"):
                open_board(path, author="me")
        finally:
            child.kill()
    assert read_holder(path) is not None and read_holder(path).user == "older"  # type: ignore[union-attr]


def _link_beside(path: Path, folder: Path) -> Path:
    folder.mkdir()
    link = folder / "shortcut.evboard"
    link.symlink_to(path)
    return link


def test_a_symlink_to_a_board_open_elsewhere_is_refused(board_dir: Path, tmp_path: Path) -> None:
    path = make_demo_file(board_dir)
    link = _link_beside(path, tmp_path / "elsewhere")
    with _held_by_another_process(path), pytest.raises(BoardLockedError, match="other"):
        open_board(link, author="me")
    assert not lock_path(path).with_name(f".~lock.{link.name}#").exists()


def test_a_symlink_to_a_board_open_here_is_refused(
    board_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_demo_file(board_dir)
    link = _link_beside(path, tmp_path / "elsewhere")
    monkeypatch.chdir(link.parent)
    with open_board(path, author="ana"):
        for other_name in (link, Path(link.name), Path("..") / "boards" / path.name):
            with pytest.raises(BoardLockedError, match="ana"):
                open_board(other_name, author="bo")
    with open_board(link, author="bo"):
        with pytest.raises(BoardLockedError, match="bo"):
            open_board(path, author="ana")
        assert read_holder(path) is not None and read_holder(path).user == "bo"  # type: ignore[union-attr]
    assert not lock_path(path).exists()


def test_a_lock_file_that_cannot_be_made_opens_the_board_read_only(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    lock_path(path).mkdir()  # something that is not a lock file stands in its place
    with open_board(path, author="me") as doc:
        assert doc.read_only
        assert doc.read_only_reason is not None and "lock" in doc.read_only_reason
    assert lock_path(path).is_dir()


def test_a_planted_link_for_the_lock_file_is_not_followed(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    victim = board_dir / "victim.txt"
    victim.write_text("keep me")
    lock_path(path).symlink_to(victim)
    with open_board(path, author="me") as doc:
        assert doc.read_only
    assert victim.read_text() == "keep me"
    assert lock_path(path).is_symlink()


def test_a_folder_without_file_locks_opens_the_board_read_only(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make_demo_file(board_dir)
    fcntl = pytest.importorskip("fcntl")

    def no_locks(_fd: int, _operation: int) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    # What a network folder mounted without a lock service answers.
    monkeypatch.setattr(fcntl, "flock", no_locks)
    with open_board(path, author="me") as doc:
        assert doc.read_only_reason == "its folder does not support file locks"
    assert not lock_path(path).exists()


def test_another_accounts_leftover_lock_file_is_replaced(
    board_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A crashed colleague's lock file in a shared folder can be locked but not written:
    # it is locked, removed and made again as ours. (The tests may run as root, whom
    # permissions do not stop, so the refusal is what the system would answer.)
    path = make_demo_file(board_dir)
    lock_path(path).write_text(_record("colleague", socket.gethostname(), dead_pid()))
    theirs = lock_path(path).stat().st_ino
    real_open = os.open

    def refuse_writing_theirs(
        file: str | os.PathLike[str], flags: int, mode: int = 0o777, **kwargs: int
    ) -> int:
        # Opening it to write is refused; making it anew (O_EXCL) finds it exists.
        if (
            Path(file) == lock_path(path)
            and flags & os.O_RDWR
            and not flags & os.O_EXCL
            and lock_path(path).exists()
            and lock_path(path).stat().st_ino == theirs
        ):
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, mode, **kwargs)

    monkeypatch.setattr(os, "open", refuse_writing_theirs)
    lock = BoardLock.acquire(path, "me")
    try:
        assert lock.taken_over is not None and lock.taken_over.user == "colleague"
        assert json.loads(lock_path(path).read_text())["user"] == "me"
    finally:
        lock.release()
    assert not lock_path(path).exists()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="POSIX fork")
def test_a_forked_child_does_not_keep_the_board_locked(board_dir: Path) -> None:
    path = make_demo_file(board_dir)
    # A holder forks, then dies without closing the board; its child lives on.
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from evidenceboard.storage.lock import BoardLock\n"
        f"lock = BoardLock.acquire(Path({str(path)!r}), 'parent')\n"
        "child = os.fork()\n"
        "if child == 0:\n"
        # Any code here runs after the fork handlers: the child has let go by now. Only
        # the child writes to the pipe, so its line cannot interleave with another.
        "    print(os.getpid(), flush=True)\n"
        "    sys.stdin.readline()\n"
        "    os._exit(0)\n"
        "os._exit(0)\n"
    )
    parent = _python(script)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    try:
        parent.wait()
        assert _process_is_running(child)
        with open_board(path, author="me") as doc:
            assert not doc.read_only
    finally:
        os.kill(child, signal.SIGKILL)
        assert parent.stdin is not None
        parent.stdin.close()
        parent.stdout.close()


def _process_is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
