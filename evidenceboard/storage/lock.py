"""The single-writer lock: one EvidenceBoard writes to a board at a time.

SQLite's own locks last one transaction and cannot say who holds them. So the writer
holds the operating system's lock on a file beside the board (``.~lock.NAME#``, the
convention office suites use) for as long as it has the board open, and writes in that
file who it is: the user, the computer, the process and the time. A second opener that
cannot get the lock reads the record and can tell the user who has the board; a record
that cannot be read (empty, damaged) still means the board is in use.

The system frees the lock when its process ends, however it ends, so the lock of a
crashed EvidenceBoard is free and the record it left is replaced, with no guessing from
process ids; of any number of processes doing that at once, exactly one gets the board
(see :mod:`evidenceboard.storage.os_lock`). The lock belongs to the board file, not to
the name it was opened by: it lies beside the resolved path, so a symbolic link or a
relative path to a board finds the same lock. (A hard link does not; SQLite itself is
not safe with hard links to a database.)

Two records are honoured even when the system's lock is free, because that lock may not
reach their writer: one from another computer (a network folder may not share locks
between computers, so a free lock proves nothing) and one naming a live process on this
computer (an EvidenceBoard that only writes the record). A folder where no lock file
can be had, or whose file system has no locks, opens the board read-only.
"""

import errno
import getpass
import json
import os
import socket
import stat
import threading
from pathlib import Path

from evidenceboard.model.clock import format_timestamp, utc_now
from evidenceboard.storage.errors import BoardLockedError, LockHolder, WriteFailedError
from evidenceboard.storage.os_lock import HeldFile, try_lock

_MAX_LOCK_SIZE = 4096
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NO_LOCKS = frozenset(
    {errno.ENOLCK, errno.ENOSYS, errno.EOPNOTSUPP, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}
)
_NOT_A_LOCK_FILE = frozenset({errno.ELOOP, errno.EMLINK, errno.EISDIR, errno.EINVAL})


def lock_path(board_path: Path) -> Path:
    """The lock file of a board: beside the file the path resolves to."""
    resolved = Path(board_path).resolve()
    return resolved.with_name(f".~lock.{resolved.name}#")


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def process_alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer (one we may not signal does)."""
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


def _parse(raw: bytes) -> LockHolder | None:
    if len(raw) > _MAX_LOCK_SIZE:
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


def _read_record(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY)
    except OSError:
        return b""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b""
        return os.read(fd, _MAX_LOCK_SIZE + 1)
    except OSError:
        return b""
    finally:
        os.close(fd)


# The locks this process holds, by lock file. A second open in this process is refused
# from here, without touching the file: where flock is emulated with POSIX record locks
# (NFS), those belong to the process, and closing any descriptor of the file drops them.
_HELD: dict[str, "BoardLock"] = {}
_GUARD = threading.Lock()


def _key(path: Path) -> str:
    return os.path.normcase(str(path))


def read_holder(board_path: Path) -> LockHolder | None:
    """Who the lock record of a board names, or None when no readable record exists.

    The record alone: a crashed EvidenceBoard's record stays until the board is opened
    again. A board this process holds is answered from memory.
    """
    path = lock_path(board_path)
    with _GUARD:
        mine = _HELD.get(_key(path))
    if mine is not None:
        return mine.holder
    return _parse(_read_record(path))


class LockUnavailableError(WriteFailedError):
    """No lock can be had beside the board, so it can only be opened read-only."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name} cannot be opened for editing: {reason}.")
        #: Why, in words that complete "read-only because ...".
        self.reason = reason


def _unavailable_reason(exc: OSError) -> str:
    if exc.errno in _NO_LOCKS:
        return "its folder does not support file locks"
    if exc.errno in _NOT_A_LOCK_FILE:
        return "something that is not a lock file stands where its lock file goes"
    return f"its lock file cannot be made ({exc.strerror or exc})"


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
        #: The record of a crashed EvidenceBoard this lock replaced, if any.
        self.taken_over: LockHolder | None = None
        self._path = lock_path(board_path)
        self._key = _key(self._path)
        self._held: HeldFile | None = None
        self._released = False

    @classmethod
    def acquire(cls, board_path: Path, user: str) -> "BoardLock":
        """Take the lock, taking over a crashed holder's; raise BoardLockedError if it is held.

        Raises :class:`LockUnavailableError` when no lock can be had beside the board.
        """
        lock = cls(board_path, user)
        with _GUARD:
            mine = _HELD.get(lock._key)
            if mine is not None:
                raise lock._held_by(mine.holder)
            _HELD[lock._key] = lock
        try:
            lock._take()
        except BaseException:
            with _GUARD:
                _HELD.pop(lock._key, None)
            raise
        return lock

    def _take(self) -> None:
        # A second pass only after letting go of another account's file, to make our own.
        stale: LockHolder | None = None
        for _attempt in range(2):
            try:
                held = try_lock(self._path)
            except OSError as exc:
                raise LockUnavailableError(self.board_path.name, _unavailable_reason(exc)) from exc
            if held is None:
                raise self._in_use(_parse(_read_record(self._path)))
            try:
                previous = _parse(held.read(_MAX_LOCK_SIZE + 1))
                stale = stale or previous
                refusal = None
                if previous is not None and self._honoured(previous):
                    refusal = self._held_by(previous)
                if refusal is None and not held.writable:
                    held.release(remove=True)
                    continue
                if refusal is None:
                    held.write(self._payload())
            except OSError as exc:
                held.release(remove=True)
                reason = f"its lock file cannot be written ({exc.strerror or exc})"
                raise LockUnavailableError(self.board_path.name, reason) from exc
            except BaseException:
                held.release(remove=False)
                raise
            if refusal is not None:
                held.release(remove=False)
                raise refusal
            self.taken_over = stale
            self._held = held
            return
        reason = "its lock file belongs to another account and cannot be replaced"
        raise LockUnavailableError(self.board_path.name, reason)

    def _honoured(self, record: LockHolder) -> bool:
        """Whether a record found under a free system lock still holds the board."""
        if record.host != self.holder.host:
            return True
        # This process holding it would be in _HELD; a record of ours is a leftover.
        return record.pid != self.holder.pid and process_alive(record.pid)

    def _in_use(self, record: LockHolder | None) -> BoardLockedError:
        """The refusal when another process holds the system's lock."""
        name = self.board_path.name
        if record is None:
            return BoardLockedError(
                f"{name} is in use: another EvidenceBoard has it open for editing, and its "
                "lock does not say who. You can open it read-only.",
                None,
            )
        if record.host == self.holder.host and not process_alive(record.pid):
            # The holder has just taken over a crashed EvidenceBoard's lock.
            return BoardLockedError(
                f"{name} is being opened for editing by another EvidenceBoard right now. "
                "You can open it read-only.",
                None,
            )
        return self._held_by(record)

    def _held_by(self, holder: LockHolder) -> BoardLockedError:
        where = "on this computer" if holder.host == self.holder.host else f"on {holder.host}"
        return BoardLockedError(
            f"{self.board_path.name} is already open for editing by {holder.user} {where} "
            f"since {holder.since}. You can open it read-only.",
            holder,
        )

    def _payload(self) -> bytes:
        return json.dumps(
            {
                "user": self.holder.user,
                "host": self.holder.host,
                "pid": self.holder.pid,
                "since": self.holder.since,
                "app": "EvidenceBoard",
            }
        ).encode("utf-8")

    def release(self) -> None:
        """Let go of the lock and remove the lock file (idempotent)."""
        if self._released:
            return
        self._released = True
        held, self._held = self._held, None
        try:
            if held is not None:
                held.release(remove=True)
        finally:
            with _GUARD:
                if _HELD.get(self._key) is self:
                    del _HELD[self._key]

    def _forget(self) -> None:
        if self._held is not None:
            self._held.forget()
            self._held = None
        self._released = True


def _forget_locks_in_child() -> None:
    # A forked child shares its parent's locks; it must not keep a board locked after
    # its parent is gone, nor release it while the parent still works on it.
    global _GUARD
    _GUARD = threading.Lock()
    for lock in _HELD.values():
        lock._forget()
    _HELD.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks_in_child)
