"""The single-writer lock: one EvidenceBoard writes to a board at a time.

SQLite's own locks last one transaction and cannot say who holds them, so a lock file
beside the board (``.~lock.NAME#``, the convention office suites use) records the user,
the computer, the process and the time. A second opener reads it and can tell the user
who has the board; a lock left by a crashed EvidenceBoard on this computer (its process
is gone) is taken over. A lock from another computer cannot be checked and is reported,
leaving the choice of read-only to the user.
"""

import contextlib
import getpass
import json
import os
import socket
from pathlib import Path

from evidenceboard.model.clock import format_timestamp, utc_now
from evidenceboard.storage.errors import BoardLockedError, LockHolder

_MAX_LOCK_SIZE = 4096


def lock_path(board_path: Path) -> Path:
    return board_path.with_name(f".~lock.{board_path.name}#")


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def read_holder(board_path: Path) -> LockHolder | None:
    """Who holds the board, or None when no readable lock exists."""
    try:
        with open(lock_path(board_path), "rb") as handle:
            raw = handle.read(_MAX_LOCK_SIZE + 1)
    except OSError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockHolder(
            user=str(data["user"])[:100],
            host=str(data["host"])[:255],
            pid=int(data["pid"]),
            since=str(data["since"])[:40],
        )
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None


class BoardLock:
    """A held lock on a board file; release it when the board is closed."""

    def __init__(self, board_path: Path, user: str) -> None:
        self.board_path = board_path
        self.holder = LockHolder(
            user=user,
            host=socket.gethostname(),
            pid=os.getpid(),
            since=format_timestamp(utc_now()),
        )
        self._released = False

    @classmethod
    def acquire(cls, board_path: Path, user: str) -> "BoardLock":
        """Take the lock, taking over a stale one; raise BoardLockedError if it is held."""
        lock = cls(board_path, user)
        for _attempt in range(2):
            try:
                lock._create()
                return lock
            except FileExistsError:
                holder = read_holder(board_path)
                if holder is not None and not lock._is_stale(holder):
                    where = "on this computer" if holder.host == lock.holder.host else ""
                    raise BoardLockedError(
                        f"{board_path.name} is already open for editing by {holder.user} "
                        f"{where or 'on ' + holder.host} since {holder.since}. "
                        "You can open it read-only.".replace("  ", " "),
                        holder,
                    ) from None
                with contextlib.suppress(FileNotFoundError):
                    lock_path(board_path).unlink()
        raise BoardLockedError(
            f"{board_path.name} is being opened by another EvidenceBoard right now.",
            read_holder(board_path),
        )

    def _is_stale(self, holder: LockHolder) -> bool:
        if holder.host != self.holder.host:
            return False
        if holder.pid == self.holder.pid:
            # Our own process holding it through another document is not stale.
            return False
        return not _process_alive(holder.pid)

    def _create(self) -> None:
        payload = json.dumps(
            {
                "user": self.holder.user,
                "host": self.holder.host,
                "pid": self.holder.pid,
                "since": self.holder.since,
                "app": "EvidenceBoard",
            }
        ).encode("utf-8")
        fd = os.open(lock_path(self.board_path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            os.write(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)

    def release(self) -> None:
        """Remove the lock file if it is still ours."""
        if self._released:
            return
        self._released = True
        if read_holder(self.board_path) == self.holder:
            with contextlib.suppress(OSError):
                lock_path(self.board_path).unlink()
