"""Fault injectors for the reliability tests: fail the Nth step of an operation.

SQLite writes from C, so Python cannot fail its ``write()`` calls; the realistic seam is
the statement: :class:`StatementFaults` raises SQLite's own disk-full or I/O error at
the Nth statement (or commit) a board's write channel sends. :class:`OsFaults` fails the Nth call of
the os-level functions that file writing goes through (open, write, fsync, rename...).
Both count first (``fail_at=None``) so a test can then fail every step in turn.
:class:`PausedCopy` holds a board copy (a snapshot) half-way instead of failing it.
"""

import builtins
import errno
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from evidenceboard.storage import vetting
from evidenceboard.storage.hardening import Watchdog
from evidenceboard.storage.transaction import WriteChannel

DISK_FULL = "database or disk is full"
IO_ERROR = "disk I/O error"


class StatementFaults:
    """Raise ``sqlite3.OperationalError(message)`` at the Nth statement or commit."""

    def __init__(self, fail_at: int | None, message: str = DISK_FULL) -> None:
        self.fail_at = fail_at
        self.message = message
        self.calls = 0

    def _tick(self, *_args: Any, **_kwargs: Any) -> None:
        self.calls += 1
        if self.calls == self.fail_at:
            raise sqlite3.OperationalError(self.message)

    @contextmanager
    def on(self, channel: WriteChannel) -> Iterator["StatementFaults"]:
        channel.hooks.append(self._tick)
        try:
            yield self
        finally:
            channel.hooks.remove(self._tick)


_OS_NAMES = ("open", "write", "fsync", "replace", "rename", "link", "mkdir", "chmod", "unlink")


class OsFaults:
    """Fail the Nth call of the os-level file functions (and of ``sqlite3.connect``).

    Failures are ``OSError(ENOSPC)`` for os calls and SQLite's own error for connects.
    Clean-up calls (``unlink``) are counted but never failed: what is tested is the
    write, and a failing clean-up would be a second, separate fault.
    """

    def __init__(self, fail_at: int | None) -> None:
        self.fail_at = fail_at
        self.calls = 0
        self.failed: str | None = None

    def _should_fail(self, name: str) -> bool:
        self.calls += 1
        if self.calls == self.fail_at and name != "unlink":
            self.failed = name
            return True
        return False

    def _wrap_os(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self._should_fail(name):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(*args, **kwargs)

        return wrapper

    def _wrap_open(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if any(c in mode for c in "wxa+") and self._should_fail("builtins.open"):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return real(file, mode, *args, **kwargs)

        return wrapper

    def _wrap_connect(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self._should_fail("sqlite3.connect"):
                raise sqlite3.OperationalError("unable to open database file")
            return real(*args, **kwargs)

        return wrapper

    @contextmanager
    def on(self) -> Iterator["OsFaults"]:
        saved: dict[str, Any] = {name: getattr(os, name) for name in _OS_NAMES}
        real_open, real_connect = builtins.open, sqlite3.connect
        try:
            for name, real in saved.items():
                setattr(os, name, self._wrap_os(name, real))
            builtins.open = self._wrap_open(real_open)
            sqlite3.connect = self._wrap_connect(real_connect)
            yield self
        finally:
            for name, real in saved.items():
                setattr(os, name, real)
            builtins.open = real_open
            sqlite3.connect = real_connect


def count_steps(action: Callable[[], object]) -> int:
    """How many steps :class:`OsFaults` can fail in ``action``, counted with none failed."""
    counter = OsFaults(fail_at=None)
    with counter.on():
        action()
    return counter.calls


class FailingBackup:
    """Stands in for a document's connection whose backup dies after ``pages`` pages.

    A real backup copies page by page; a disk that fills up stops it part-way, leaving a
    partial destination file: exactly what a snapshot must clean up.
    """

    def __init__(self, real: sqlite3.Connection, pages: int) -> None:
        self._real = real
        self._pages = pages

    def backup(self, target: sqlite3.Connection, **_kwargs: Any) -> None:
        copied = 0

        def progress(_status: int, _remaining: int, _total: int) -> None:
            nonlocal copied
            copied += 1
            if copied >= self._pages:
                raise sqlite3.OperationalError(DISK_FULL)

        self._real.backup(target, pages=1, progress=progress)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class PausedCopy:
    """Holds a board copy half-way, so a test can act while it provably runs.

    Patch it in for the ``connect`` of ``storage.snapshot_copy``: each connection it
    returns copies as the real one does, except that the first copy stops after its
    first step while pages remain, sets ``paused`` and waits for ``resume``. Only the
    first copy stops; the ones after it (a retry, the next snapshot) run through.
    ``timeout`` seconds of waiting end the pause anyway, a guard against a hung test:
    ``timed_out`` then says so, and the test should fail on it.
    """

    def __init__(self, timeout: float = 30.0) -> None:
        self.paused = threading.Event()
        self.resume = threading.Event()
        self.timeout = timeout
        self.timed_out = False
        #: The thread the copy ran on (known once it paused).
        self.thread: threading.Thread | None = None

    def connect(self, path: Path, *, writable: bool) -> tuple[sqlite3.Connection, Watchdog]:
        connection, watchdog = vetting.connect(path, writable=writable)
        return _PausingBackup(connection, self), watchdog  # type: ignore[return-value]

    def hold(self) -> None:
        """Called between two steps of a copy with pages still to go."""
        if self.paused.is_set():
            return
        self.thread = threading.current_thread()
        self.paused.set()
        self.timed_out = not self.resume.wait(self.timeout)


class _PausingBackup:
    def __init__(self, real: sqlite3.Connection, copy: PausedCopy) -> None:
        self._real = real
        self._copy = copy

    def backup(
        self,
        target: sqlite3.Connection,
        *,
        pages: int = -1,
        progress: Callable[[int, int, int], object] | None = None,
        **kwargs: Any,
    ) -> None:
        def step(status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(status, remaining, total)
            if remaining > 0:
                self._copy.hold()

        self._real.backup(target, pages=pages, progress=step, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)
