"""The files SQLite reads beside a board, dealt with before the board is opened.

SQLite looks for ``NAME-journal``, ``NAME-wal`` and ``NAME-shm`` on the first read of a
database. A hot rollback journal is played back into the file, and the "super-journal"
it may name is then deleted: any file the user may delete. A WAL beside a rollback-mode
database is applied. A board received from someone else can carry such files, so they
are settled first, by :func:`settle`, with these rules:

* A file that a live writer is using is left to it: SQLite holds its write lock on the
  board (checked with ``F_GETLK``, as SQLite itself checks), and SQLite never plays back
  the journal of a live writer. The same holds for a board open for writing in this
  process.
* A rollback journal is the app's own, and is left for SQLite to roll back, only when the
  lock record beside the board (see :mod:`lock`) names a process of ours on this computer
  that is gone, the journal is no older than that record, and the journal names no
  super-journal (ours never do: the app never attaches databases). A journal with a
  super-journal name is never played back, whatever else holds.
* A ``-wal`` or ``-shm`` is never ours: boards are written in rollback mode, and a board
  received in WAL mode is switched out of it when opened for writing. A live WAL session
  on a WAL-mode board (someone holds a shared lock) is left alone.
* Anything else is renamed beside the board, ``NAME-journal (set aside YYYY-MM-DD HHMM)``,
  never read and never deleted, and the user is told. When it cannot be renamed (a
  read-only folder or medium), the board is opened read-only as an *immutable* file,
  for which SQLite looks at nothing but the board file itself.

When no such file exists, settling costs a few ``lstat`` calls (one per folder of the
resolved path, then one per sidecar name), and nothing is opened.
"""

import contextlib
import os
import socket
import stat
import struct
import sys
import warnings
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from evidenceboard.storage.errors import BoardLockedError, DamagedBoardError, LockHolder
from evidenceboard.storage.lock import lock_path, process_alive, read_holder

try:
    import fcntl
except ImportError:  # Windows: SQLite's locks there cannot be queried this way.
    fcntl = None  # type: ignore[assignment]

#: The magic number that opens a journal header and closes a super-journal pointer.
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
# SQLite's lock bytes (os_unix.c): a writer holds RESERVED for its whole transaction;
# readers hold a share of the SHARED range (in WAL mode, for as long as they are open).
_PENDING_BYTE = 0x40000000
_RESERVED_BYTE = _PENDING_BYTE + 1
_SHARED_FIRST = _PENDING_BYTE + 2
_SHARED_SIZE = 510


class LeftoverFileWarning(UserWarning):
    """A file beside a board was set aside (or left unread); the text says which."""


class Sidecar(Enum):
    """A file SQLite reads beside a database, by its name suffix."""

    JOURNAL = "-journal"
    WAL = "-wal"
    SHM = "-shm"

    @property
    def what(self) -> str:
        match self:
            case Sidecar.JOURNAL:
                return "journal"
            case Sidecar.WAL:
                return "write-ahead log (-wal)"
            case Sidecar.SHM:
                return "shared-memory index (-shm)"


@dataclass(frozen=True, slots=True)
class LockRecord:
    """The lock record beside a board, as it was before this open took the lock."""

    holder: LockHolder
    written_ns: int


@dataclass(frozen=True, slots=True)
class Leftovers:
    """The sidecar files present beside a board, and its lock record when there are any."""

    #: The board file itself, symbolic links resolved: SQLite looks beside that.
    board: Path
    present: tuple[Sidecar, ...]
    record: LockRecord | None


@dataclass(frozen=True, slots=True)
class Settlement:
    """What settling the sidecars decided, for the connection that follows."""

    notices: tuple[str, ...] = ()
    #: Open as an immutable file: SQLite then reads nothing beside the board.
    immutable: bool = False
    #: Our own crash journal was left for SQLite to roll back (needs a writable open).
    own_journal: bool = False
    #: Why the board must open read-only: a leftover file could not be set aside.
    read_only_reason: str | None = None


# Boards open for writing in this process, by (device, inode): their journals may be
# live on one of our own connections, which F_GETLK does not report.
_writing_here: dict[tuple[int, int], int] = {}


def sidecar_path(board: Path, sidecar: Sidecar) -> Path:
    return board.with_name(board.name + sidecar.value)


def find_leftovers(board: Path) -> Leftovers:
    """Look for sidecars (three ``lstat``); read the lock record only if there are any.

    Call before taking the lock, which replaces a dead process's record with ours.
    """
    # SQLite opens the resolved path (as :func:`vetting.connect` gives it), so a board
    # reached through a symbolic link has its journal beside the real file.
    real = Path(os.path.realpath(board))
    present = tuple(s for s in Sidecar if os.path.lexists(sidecar_path(real, s)))
    if not present:
        return Leftovers(real, (), None)
    return Leftovers(real, present, _lock_record(board))


def _lock_record(board: Path) -> LockRecord | None:
    holder = read_holder(board)
    if holder is None:
        return None
    try:
        written_ns = os.stat(lock_path(board)).st_mtime_ns
    except OSError:
        return None
    return LockRecord(holder, written_ns)


def _identity(board: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(board)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def register_writer(board: Path) -> tuple[int, int] | None:
    """Note that this process opened ``board`` for writing; pass the key to release."""
    key = _identity(board)
    if key is not None:
        _writing_here[key] = _writing_here.get(key, 0) + 1
    return key


def release_writer(key: tuple[int, int] | None) -> None:
    if key is None or key not in _writing_here:
        return
    _writing_here[key] -= 1
    if _writing_here[key] <= 0:
        del _writing_here[key]


def _flock_format() -> str | None:
    if sys.platform.startswith("linux") and struct.calcsize("P") == 8:
        return "hhqqi4x"  # l_type, l_whence, l_start, l_len, l_pid
    if sys.platform == "darwin" or "bsd" in sys.platform:
        return "qqihh"  # l_start, l_len, l_pid, l_type, l_whence
    return None


def _locked_elsewhere(board: Path, start: int, length: int) -> bool:
    """Whether another process holds a POSIX lock on those bytes of the board file."""
    layout = _flock_format()
    if fcntl is None or layout is None:
        return False
    try:
        fd = os.open(board, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        if layout.startswith("hh"):
            query = struct.pack(layout, fcntl.F_WRLCK, os.SEEK_SET, start, length, 0)
            kind = struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, query))[0]
        else:
            query = struct.pack(layout, start, length, 0, fcntl.F_WRLCK, os.SEEK_SET)
            kind = struct.unpack(layout, fcntl.fcntl(fd, fcntl.F_GETLK, query))[3]
    except OSError:
        return False
    finally:
        os.close(fd)
    return bool(kind != fcntl.F_UNLCK)


def _names_super_journal(journal: Path) -> bool:
    """Whether the journal ends with a super-journal pointer (or cannot be checked)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(journal, flags | getattr(os, "O_BINARY", 0))
    except OSError:
        return True
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return True
        if info.st_size < 16:
            return False
        os.lseek(fd, info.st_size - 8, os.SEEK_SET)
        return os.read(fd, 8) == JOURNAL_MAGIC
    except OSError:
        return True
    finally:
        os.close(fd)


def _is_own_crash_journal(leftovers: Leftovers) -> bool:
    record = leftovers.record
    if record is None or record.holder.host != socket.gethostname():
        return False
    holder_gone = not process_alive(record.holder.pid) or record.holder.pid == os.getpid()
    if not holder_gone:
        return False
    journal = sidecar_path(leftovers.board, Sidecar.JOURNAL)
    try:
        info = os.lstat(journal)
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_mtime_ns < record.written_ns:
        return False
    return not _names_super_journal(journal)


def _live_holder_refusal(leftovers: Leftovers) -> BoardLockedError | None:
    """A journal no writer holds, beside a board another live or remote EvidenceBoard
    has open: it may be theirs after a crash, so it is neither moved nor read here."""
    record = leftovers.record
    if record is None:
        return None
    holder = record.holder
    if holder.host == socket.gethostname() and (
        holder.pid == os.getpid() or not process_alive(holder.pid)
    ):
        return None
    name = leftovers.board.name
    return BoardLockedError(
        f"{name} is open for editing by {holder.describe()} and was left in the middle "
        "of a change; it can be read once that EvidenceBoard finishes the change or the "
        "board is opened for editing there.",
        holder,
    )


def discard_own_journal(board: Path) -> None:
    """Remove our own crash journal once the board is open for writing and vetted.

    SQLite has rolled it back by then, and removed it, unless it found it not hot (a
    journal never synced has a zeroed header and holds nothing to undo); such a journal
    would stay beside the board, and once our lock record is gone, look like one that
    came with the file.
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(sidecar_path(board, Sidecar.JOURNAL))


def set_aside_name(board: Path, sidecar: Sidecar, when: datetime | None = None) -> Path:
    """A free name beside ``board`` for a sidecar put aside, which SQLite never reads."""
    when = (when or datetime.now()).astimezone()
    base = f"{board.name}{sidecar.value} (set aside {when:%Y-%m-%d %H%M})"
    candidate, counter = board.with_name(base), 2
    while os.path.lexists(candidate):
        candidate = board.with_name(f"{base} {counter}")
        counter += 1
    return candidate


def settle(leftovers: Leftovers, *, writable: bool, wal_mode: bool) -> Settlement:
    """Deal with every sidecar of ``leftovers.board`` before SQLite opens the board.

    Raises :class:`BoardLockedError` for a journal that may belong to another live or
    remote EvidenceBoard, and :class:`DamagedBoardError` for a read-only open of a board
    our own crash left mid-change (a read-only connection cannot undo the change).
    """
    board = leftovers.board
    # A read-only connection to a WAL-mode board would create a -wal and -shm of its own
    # and leave them behind; an immutable one reads the board file alone.
    read_only_wal = not writable and wal_mode
    if not leftovers.present:
        return Settlement(immutable=read_only_wal)
    key = _identity(board)
    if key is not None and key in _writing_here:
        return Settlement()
    notices: list[str] = []
    stuck: list[str] = []
    own_journal = False
    for sidecar in leftovers.present:
        match sidecar:
            case Sidecar.JOURNAL:
                if _locked_elsewhere(board, _RESERVED_BYTE, 1):
                    continue
                if _is_own_crash_journal(leftovers):
                    if not writable:
                        raise DamagedBoardError(
                            f"{board.name} was left in the middle of a change when "
                            "EvidenceBoard stopped; open it for editing once, so that the "
                            "unfinished change is undone."
                        )
                    own_journal = True
                    continue
                refusal = _live_holder_refusal(leftovers)
                if refusal is not None:
                    raise refusal
            case Sidecar.WAL | Sidecar.SHM:
                if wal_mode and _locked_elsewhere(board, _SHARED_FIRST, _SHARED_SIZE):
                    read_only_wal = False  # a live WAL session: read through it
                    continue
        _set_aside(board, sidecar, notices, stuck)
    for notice in notices:
        warnings.warn(LeftoverFileWarning(notice), stacklevel=3)
    return Settlement(
        notices=tuple(notices),
        immutable=read_only_wal or bool(stuck),
        own_journal=own_journal,
        read_only_reason=(
            f"a leftover {stuck[0]} beside it could not be set aside" if stuck else None
        ),
    )


def _set_aside(board: Path, sidecar: Sidecar, notices: list[str], stuck: list[str]) -> None:
    source = sidecar_path(board, sidecar)
    target = set_aside_name(board, sidecar)
    try:
        os.rename(source, target)
    except FileNotFoundError:
        return  # gone meanwhile: nothing is left for SQLite to read
    except OSError as exc:
        stuck.append(sidecar.what)
        notices.append(
            f"A leftover {sidecar.what} came with {board.name}; it could not be set aside "
            f"({exc.strerror or exc}), so the board was opened read-only and the "
            f"{sidecar.what} was left unread."
        )
        return
    with contextlib.suppress(OSError):
        _sync_folder(board.parent)
    notices.append(
        f"A leftover {sidecar.what} came with {board.name}; it was set aside, unread, "
        f"as “{target.name}”."
    )


def _sync_folder(folder: Path) -> None:
    # The rename must not come undone after a power cut, bringing the file back.
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
