"""The vetted open procedure for board files of unknown origin.

In order, before any SQL reads a table: the file is a regular file of acceptable size;
its first 100 bytes carry SQLite's magic string, our application id and a schema
version we know; a journal, WAL or -shm beside it that SQLite would read is dealt with
(see :mod:`sidecars`: only the app's own crash journal is ever played back); the
connection is hardened (see :mod:`hardening`); ``quick_check`` reports ``ok``; and
``sqlite_schema`` holds exactly the tables and indexes of that version (no trigger, view
or extra table). Any failure raises a :class:`BoardFileError` whose text says what is
wrong; nothing is written to the file.
"""

import os
import re
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

from evidenceboard.storage.errors import (
    BoardTooLargeError,
    DamagedBoardError,
    NewerVersionError,
    NotABoardError,
    UnsafeBoardError,
)
from evidenceboard.storage.hardening import Watchdog, harden
from evidenceboard.storage.schema import (
    APPLICATION_ID,
    FTS_TABLE,
    OLDEST_SUPPORTED_VERSION,
    SCHEMA_VERSION,
    SCHEMAS,
)
from evidenceboard.storage.sidecars import Settlement, find_leftovers, settle

#: Largest board file opened: 16 GiB.
MAX_BOARD_FILE_SIZE = 16 * 1024**3
#: Seconds that checking a board may take before it is refused.
VETTING_SECONDS = 20.0

_MAGIC = b"SQLite format 3\x00"
_FTS_SHADOW = re.compile(
    rf"^CREATE TABLE '{FTS_TABLE}_(data|idx|content|docsize|config)'"
    r"\([A-Za-z0-9_ ]+(, ?[A-Za-z0-9_ ]+)*(, ?PRIMARY KEY ?\([A-Za-z0-9_, ]+\))?\)"
    r"( WITHOUT ROWID)?$"
)


@dataclass(frozen=True, slots=True)
class Header:
    """What the first 100 bytes of a board file say."""

    application_id: int
    user_version: int
    wal: bool


def read_header(path: Path, *, mid_change: bool = False) -> Header:
    """Check the file and its SQLite header without running any SQL.

    ``mid_change``: a rollback journal lies beside the file. A writer killed inside a
    commit can leave page 1 (with the new page count) written and the pages after it
    not yet, so the file is shorter than its header says until the journal is played
    back; the length is then checked by :func:`vet` after connecting.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise NotABoardError(f"There is no file at {path}.") from None
    except OSError as exc:
        raise NotABoardError(f"The file {path.name} cannot be read: {exc.strerror}.") from exc
    if not stat.S_ISREG(info.st_mode):
        raise NotABoardError(f"{path.name} is not a file.")
    if info.st_size == 0:
        raise NotABoardError(f"{path.name} is empty: it is not a board file.")
    if info.st_size > MAX_BOARD_FILE_SIZE:
        raise BoardTooLargeError(
            f"{path.name} is larger than {MAX_BOARD_FILE_SIZE // 1024**3} GiB, "
            "the most a board file may be."
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise NotABoardError(f"The file {path.name} cannot be read: {exc.strerror}.") from exc
    if len(head) < 100 or not head.startswith(_MAGIC):
        raise NotABoardError(f"{path.name} is not a board file (it is not a SQLite database).")
    application_id = int.from_bytes(head[68:72], "big")
    user_version = int.from_bytes(head[60:64], "big")
    if application_id != APPLICATION_ID:
        raise NotABoardError(
            f"{path.name} is a SQLite database of another program, not an EvidenceBoard board."
        )
    if user_version > SCHEMA_VERSION:
        raise NewerVersionError(
            f"{path.name} was made by a newer version of EvidenceBoard (board format "
            f"{user_version}; this version reads up to {SCHEMA_VERSION}). Update EvidenceBoard "
            "to open it."
        )
    if user_version < OLDEST_SUPPORTED_VERSION:
        raise DamagedBoardError(f"{path.name} has no valid board format number.")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or info.st_size % page_size:
        raise DamagedBoardError(f"{path.name} is damaged (it was cut short or added to).")
    pages = int.from_bytes(head[28:32], "big")
    # The page count in the header is only valid when its change counter matches.
    header_valid = head[24:28] == head[92:96]
    if not mid_change and header_valid and pages and info.st_size < pages * page_size:
        raise DamagedBoardError(f"{path.name} is damaged (it was cut short).")
    return Header(application_id, user_version, wal=head[18] == 2 or head[19] == 2)


def _wal_mode(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(20)
    except OSError:
        return False
    return len(head) == 20 and (head[18] == 2 or head[19] == 2)


def connect(
    path: Path, *, writable: bool, settlement: Settlement | None = None
) -> tuple[sqlite3.Connection, Watchdog]:
    """Open an existing file (never create one) and harden the connection.

    The files SQLite would read beside it are settled first (see :mod:`sidecars`);
    pass ``settlement`` when that was done already, before the lock was taken.
    """
    if settlement is None:
        leftovers = find_leftovers(path)
        # The journal mode matters only to a read-only open or when there are leftovers.
        wal = _wal_mode(path) if leftovers.present or not writable else False
        settlement = settle(leftovers, writable=writable, wal_mode=wal)
    if settlement.immutable:
        # SQLite reads an immutable file alone: no journal, no WAL, no locks.
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    else:
        uri = f"{path.resolve().as_uri()}?mode={'rw' if writable else 'ro'}"
    try:
        connection = sqlite3.connect(
            uri, uri=True, timeout=2.0, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise NotABoardError(f"{path.name} cannot be opened: {exc}.") from exc
    try:
        watchdog = harden(connection)
    except sqlite3.Error as exc:
        connection.close()
        raise DamagedBoardError(f"{path.name} cannot be read as a board: {exc}.") from exc
    return connection, watchdog


def _expected_schema(version: int) -> set[tuple[str, str, str, str | None]]:
    reference = sqlite3.connect(":memory:")
    try:
        for statement in SCHEMAS[version]:
            reference.execute(statement)
        return _schema_of(reference, shadow_tables=False)
    finally:
        reference.close()


def _normalise(sql: str | None) -> str | None:
    return None if sql is None else " ".join(sql.split())


def _schema_of(
    connection: sqlite3.Connection, *, shadow_tables: bool
) -> set[tuple[str, str, str, str | None]]:
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_schema").fetchall()
    return {
        (kind, name, table, _normalise(sql))
        for kind, name, table, sql in rows
        if shadow_tables or not name.startswith(f"{FTS_TABLE}_")
    }


def check_schema(connection: sqlite3.Connection, version: int, name: str) -> None:
    """Refuse any board whose schema is not exactly the one of its version."""
    actual = _schema_of(connection, shadow_tables=True)
    expected = _expected_schema(version)
    extra = sorted(actual - expected, key=lambda r: r[1])
    for kind, item, _table, sql in extra:
        # The full-text index keeps its data in shadow tables whose exact DDL depends on
        # the SQLite version; accept them only as plain tables with plain columns.
        if kind == "table" and item.startswith(f"{FTS_TABLE}_") and sql and _FTS_SHADOW.match(sql):
            continue
        if kind == "index" and item.startswith(f"sqlite_autoindex_{FTS_TABLE}_") and sql is None:
            continue
        raise UnsafeBoardError(
            f"{name} contains a {kind} “{item}” that a board never holds; it was refused "
            "because it could run code or hide data."
        )
    missing = expected - actual
    if missing:
        kind, item, _table, _sql = sorted(missing, key=lambda r: r[1])[0]
        raise UnsafeBoardError(
            f"{name} lacks or alters the {kind} “{item}”; it is not a board this version wrote."
        )


def vet(connection: sqlite3.Connection, watchdog: Watchdog, header: Header, name: str) -> None:
    """Run the integrity and schema checks on a hardened connection."""
    try:
        with watchdog.limit(VETTING_SECONDS):
            result = connection.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                problems = "; ".join(str(r[0]) for r in result[:3])
                raise DamagedBoardError(f"{name} is damaged ({problems}).")
            check_schema(connection, header.user_version, name)
    except sqlite3.DatabaseError as exc:
        message = str(exc)
        if "interrupted" in message:
            raise DamagedBoardError(f"Checking {name} took too long; it was refused.") from exc
        if "not a database" in message:
            raise NotABoardError(f"{name} is not a board file.") from exc
        raise DamagedBoardError(f"{name} is damaged ({message}).") from exc
    except UnicodeDecodeError as exc:
        raise DamagedBoardError(
            f"{name} is damaged (it holds text that is not valid UTF-8)."
        ) from exc
