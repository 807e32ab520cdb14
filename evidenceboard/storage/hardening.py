"""Connection settings that keep a hostile board file from doing harm.

SQLite runs SQL that is stored *inside* a database file (triggers, views, generated
columns, CHECK and DEFAULT expressions). A board shared by someone else is untrusted,
so every connection gets: ``trusted_schema=OFF`` (schema objects may call no app
function), an authorizer that denies any statement run from inside a trigger or view,
no ATTACH, low limits on SQL length and expression depth, a cap on blob size, no memory
mapping, ``cell_size_check``, and a progress handler that interrupts any statement
running past a deadline (an endless recursive view cannot hang the app).
"""

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE

#: How often (in SQLite virtual-machine steps) the progress handler checks the deadline.
_PROGRESS_STEPS = 20_000

_LIMITS = {
    # A text or blob may be as large as the largest attachment, plus slack for its row.
    sqlite3.SQLITE_LIMIT_LENGTH: MAX_ATTACHMENT_SIZE + 1024 * 1024,
    sqlite3.SQLITE_LIMIT_SQL_LENGTH: 1_000_000,
    sqlite3.SQLITE_LIMIT_ATTACHED: 0,
    sqlite3.SQLITE_LIMIT_EXPR_DEPTH: 100,
    sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH: 1,
    sqlite3.SQLITE_LIMIT_COMPOUND_SELECT: 50,
}


def _authorizer(
    action: int, arg1: str | None, arg2: str | None, db: str | None, origin: str | None
) -> int:
    # ``origin`` names the trigger or view whose code is running; a board has neither,
    # so anything running from one comes from a tampered file.
    if origin is not None:
        return sqlite3.SQLITE_DENY
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class Watchdog:
    """Interrupts statements that run past a deadline, via SQLite's progress handler."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._deadline: float | None = None
        connection.set_progress_handler(self._check, _PROGRESS_STEPS)

    def _check(self) -> int:
        if self._deadline is not None and time.monotonic() > self._deadline:
            return 1
        return 0

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Interrupt anything run inside the block that takes longer than ``seconds``."""
        previous = self._deadline
        self._deadline = time.monotonic() + seconds
        try:
            yield
        finally:
            self._deadline = previous


def harden(connection: sqlite3.Connection) -> Watchdog:
    """Apply the protective settings to a fresh connection, before it reads anything."""
    for limit, value in _LIMITS.items():
        connection.setlimit(limit, value)
    connection.set_authorizer(_authorizer)
    for pragma in (
        "PRAGMA trusted_schema = OFF",
        "PRAGMA cell_size_check = ON",
        "PRAGMA mmap_size = 0",
        "PRAGMA foreign_keys = ON",
        # Deleted evidence must not linger in the file a colleague receives.
        "PRAGMA secure_delete = ON",
    ):
        connection.execute(pragma)
    return Watchdog(connection)


@contextmanager
def vacuum_allowed(connection: sqlite3.Connection, target: str) -> Iterator[None]:
    """Let one VACUUM attach its own output (``target``; "" for an in-place VACUUM's
    scratch database), and nothing else, for the duration of the block only."""

    def authorizer(
        action: int, arg1: str | None, arg2: str | None, db: str | None, origin: str | None
    ) -> int:
        if action == sqlite3.SQLITE_ATTACH and origin is None and arg1 == target:
            return sqlite3.SQLITE_OK
        return _authorizer(action, arg1, arg2, db, origin)

    previous = connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 1)
    connection.set_authorizer(authorizer)
    try:
        yield
    finally:
        connection.set_authorizer(_authorizer)
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, previous)
