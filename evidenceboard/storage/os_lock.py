"""The operating system's file lock behind the single-writer lock.

An exclusive lock on a file beside the board (``flock`` on POSIX, a byte lock through
``msvcrt`` on Windows), held for as long as the board is open for writing. Taking it is
one atomic step, so of any number of processes trying at once exactly one gets it, and
the system lets go of it when its process ends however it ends, so a crashed
EvidenceBoard never leaves a board locked.

The file is removed when the board is closed, without opening the race that removing
lock files usually opens (a process that opened the file just before it was removed
locks a file that no longer has a name, while a newcomer locks a fresh one under it):

* on POSIX the holder removes the file while it still holds the lock, and a process
  that gets the lock checks that the locked file is still the one at the path, and
  tries again if it is not; so only the holder of the named file holds the board;
* Windows does not remove a file that another process has open, so there the holder
  lets go first and then removes the file, which fails harmlessly if anyone opened it.

The file holds the holder's record (who, where, since); Windows locks are mandatory, so
the locked byte lies far past the record, which other processes can always read.
"""

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted as the lock file must not hang us
_BINARY = getattr(os, "O_BINARY", 0)
#: Tries before a lock file that keeps being removed and made again counts as in use.
_ATTEMPTS = 5
#: Errors that say another process holds the lock (some file systems say EACCES).
_CONTENDED = frozenset({errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK})


def _taken(lock: Callable[[], object]) -> bool:
    """Whether ``lock`` took the lock: False when another process holds it."""
    try:
        lock()
    except OSError as exc:
        if exc.errno in _CONTENDED:
            return False
        raise
    return True


if sys.platform == "win32":  # pragma: no cover - the tests run on POSIX
    import msvcrt

    _LOCKED_BYTE = 1 << 30
    _REMOVE_WHILE_HELD = False

    def _lock(fd: int) -> bool:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        return _taken(lambda: msvcrt.locking(fd, msvcrt.LK_NBLCK, 1))

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    _REMOVE_WHILE_HELD = True

    def _lock(fd: int) -> bool:
        return _taken(lambda: fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB))

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class HeldFile:
    """A lock file on which this process holds the operating system's lock."""

    def __init__(self, fd: int, path: Path, *, writable: bool) -> None:
        self.path = path
        #: False when the file is another account's: it can be locked, not written.
        self.writable = writable
        self._fd: int | None = fd

    def read(self, limit: int) -> bytes:
        """The first ``limit`` bytes of the file: the record a previous holder left."""
        fd = self._open_fd()
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, limit)

    def write(self, payload: bytes) -> None:
        """Replace the file's content with ``payload`` and make it durable."""
        fd = self._open_fd()
        os.lseek(fd, 0, os.SEEK_SET)
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]
        os.ftruncate(fd, len(payload))
        os.fsync(fd)

    def release(self, *, remove: bool) -> None:
        """Let go of the lock, removing the file first when ``remove`` (never raises)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        remove_after = remove and not _REMOVE_WHILE_HELD and _names(self.path, fd)
        if remove and _REMOVE_WHILE_HELD and _names(self.path, fd):
            with contextlib.suppress(OSError):
                self.path.unlink()
        with contextlib.suppress(OSError):
            # Unlocking, not only closing, also frees a copy a forked child may hold.
            _unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
        if remove_after:
            with contextlib.suppress(OSError):
                self.path.unlink()

    def forget(self) -> None:
        """Close this copy without unlocking: a forked child's, whose parent holds on."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)

    def _open_fd(self) -> int:
        if self._fd is None:
            raise OSError(errno.EBADF, "the lock has been released", str(self.path))
        return self._fd


def try_lock(path: Path) -> HeldFile | None:
    """Lock ``path``, making it if needed; None when another process holds it.

    Raises OSError when no lock file can be had there (the folder refuses it, something
    that is not a regular file stands in its place, the file system has no locks).
    """
    for _attempt in range(_ATTEMPTS):
        opened = _open(path)
        if opened is None:
            continue  # removed by its holder between our two opens
        fd, writable, created = opened
        held: HeldFile | None = None
        try:
            if not _lock(fd):
                return None
            if _names(path, fd):
                held = HeldFile(fd, path, writable=writable)
                return held
            # Its holder removed it as we locked it: the lock is on the file now there.
        except OSError:
            # No locks here at all: leave no empty file behind.
            if created and _names(path, fd):
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        finally:
            if held is None:
                os.close(fd)
    return None


def _open(path: Path) -> tuple[int, bool, bool] | None:
    """Open the lock file: its descriptor, whether it is writable, whether we made it.

    None when it vanished between our looking and our opening.
    """
    flags = _NOFOLLOW | _NONBLOCK | _BINARY
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | flags, 0o644)
        return fd, True, True
    except FileExistsError:
        pass
    writable = True
    try:
        try:
            fd = os.open(path, os.O_RDWR | flags)
        except PermissionError:
            # Another account's lock file in a shared folder can still be locked read-only.
            fd = os.open(path, os.O_RDONLY | flags)
            writable = False
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd, writable, False


def _names(path: Path, fd: int) -> bool:
    """Whether ``path`` still names the file open as ``fd``."""
    try:
        return os.path.samestat(os.stat(path, follow_symlinks=False), os.fstat(fd))
    except OSError:
        return False
