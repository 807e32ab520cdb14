"""Copying a board file without its document, and checking a copy by SQL alone.

A snapshot of a board that is open in the window is taken on a worker thread while the
user keeps editing. The worker never uses the document's connection (nothing serialises
its use, and an edit may be half-written on it): it opens the board file read-only on a
hardened connection of its own and copies it with SQLite's backup API.

Non-obvious choices:

* The copy goes :data:`STEP_PAGES` pages at a time with a short pause in between. The
  copy holds a read lock only during a step, so an edit's commit waits at most one step
  (milliseconds), far below the two seconds the document's connection waits before it
  calls the file locked. SQLite restarts a backup whose source another connection
  changed, so the copy is always one committed state of the board.
* The source is not vetted again: it is a board the window opened through the vetted
  procedure. Its header is read first, so a file replaced meanwhile by something that is
  not a board is refused, and the copy is checked in full anyway.
* The counts a copy must hold are read after the copy, in one read transaction. ``PRAGMA
  data_version`` read before the copy and inside that transaction tells whether anything
  was committed in between; if so the counts may be of a later state than the copy, and
  the copy is made again (an edit usually lands within one copy, so one retry suffices).
* A copy is checked through the vetted path (header, hardened connection, the exact
  schema) plus SQLite's full ``integrity_check`` and its card and link counts, not by
  loading the model: it is a page copy of a board that was loaded and checked when it
  was opened, and loading 100,000 cards twice would cost more than the copy itself.
  Attachment fingerprints are checked when a snapshot is restored.
"""

import os
import sqlite3
import time
from pathlib import Path

from evidenceboard.storage.errors import BoardFileError, DamagedBoardError
from evidenceboard.storage.vetting import (
    VETTING_SECONDS,
    check_schema,
    connect,
    read_header,
    vet,
)

#: Pages copied per step of a snapshot (16 MiB with 4 KiB pages: about 20 ms).
STEP_PAGES = 4096
#: Seconds between two steps, so the window's edits and repaints get their turn.
STEP_PAUSE = 0.002
#: How often a copy is made again when the board changed while it was being copied.
COPY_ATTEMPTS = 3


def board_counts(connection: sqlite3.Connection) -> tuple[int, int]:
    """The numbers of cards and links in the board on ``connection``."""
    cards = connection.execute("SELECT count(*) FROM cards").fetchone()[0]
    links = connection.execute("SELECT count(*) FROM links").fetchone()[0]
    return int(cards), int(links)


def _data_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA data_version").fetchone()[0])


def _counts_now(connection: sqlite3.Connection) -> tuple[tuple[int, int], int]:
    connection.execute("BEGIN")
    try:
        return board_counts(connection), _data_version(connection)
    finally:
        connection.execute("COMMIT")


def _paced_backup(connection: sqlite3.Connection, target: Path, pages: int, pause: float) -> None:
    def rest(_status: int, _remaining: int, _total: int) -> None:
        if pause > 0:
            time.sleep(pause)

    destination = sqlite3.connect(str(target), isolation_level=None)
    try:
        connection.backup(destination, pages=pages, progress=rest)
        destination.execute("PRAGMA journal_mode = DELETE")
    finally:
        destination.close()


def copy_board_file(
    source: Path, target: Path, *, pages: int = STEP_PAGES, pause: float = STEP_PAUSE
) -> tuple[int, int]:
    """Copy the board file ``source`` into the new file ``target``; the copied counts.

    Safe on any thread, and while another connection (the window's) writes the board.
    ``target`` must not exist. Raises ``sqlite3.Error``, ``OSError`` or
    :class:`BoardFileError`; the caller removes ``target``.
    """
    read_header(source)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.close(fd)
    connection, _watchdog = connect(source, writable=False)
    try:
        for _attempt in range(COPY_ATTEMPTS):
            before = _data_version(connection)
            _paced_backup(connection, target, max(pages, 1), pause)
            counts, after = _counts_now(connection)
            if after == before:
                break
        # After the last attempt the counts are returned anyway: check_copy then tells
        # whether this copy holds them.
        return counts
    finally:
        connection.close()


def check_copy(path: Path, cards: int, links: int) -> None:
    """Raise :class:`DamagedBoardError` unless ``path`` is a sound board of that size."""
    try:
        header = read_header(path)
        connection, watchdog = connect(path, writable=False)
    except DamagedBoardError:
        raise
    except BoardFileError as exc:
        raise DamagedBoardError(f"the copy cannot be read ({exc})") from exc
    try:
        with watchdog.limit(VETTING_SECONDS * 10):
            check_schema(connection, header.user_version, path.name)
            rows = connection.execute("PRAGMA integrity_check").fetchall()
            if rows != [("ok",)]:
                raise DamagedBoardError(
                    f"the copy failed its check (SQLite integrity: {rows[0][0]})"
                )
            if board_counts(connection) != (cards, links):
                raise DamagedBoardError("the copy does not hold the board's cards and links")
    except DamagedBoardError:
        raise
    except (BoardFileError, sqlite3.Error) as exc:
        raise DamagedBoardError(f"the copy failed its check ({exc})") from exc
    finally:
        connection.close()


def read_counts(path: Path) -> tuple[int, int]:
    """Open a board file through the vetted procedure and count its cards and links.

    Cheap next to loading the board: what a list of snapshots shows. Raises
    :class:`BoardFileError` with the reason when the file is not a sound board.
    """
    header = read_header(path)
    connection, watchdog = connect(path, writable=False)
    try:
        vet(connection, watchdog, header, path.name)
        with watchdog.limit(VETTING_SECONDS):
            if connection.execute("SELECT count(*) FROM board").fetchone()[0] != 1:
                raise DamagedBoardError(
                    f"{path.name} is damaged (the board's details are missing)."
                )
            return board_counts(connection)
    except sqlite3.Error as exc:
        raise DamagedBoardError(f"{path.name} cannot be read ({exc}).") from exc
    finally:
        connection.close()
