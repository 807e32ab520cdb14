"""Upgrading a board written by an older version to this version's format, in place.

A board opened for editing whose format is older than :data:`SCHEMA_VERSION` is upgraded
right after it passed vetting against its own version's schema: the steps of
:data:`MIGRATIONS` run in one transaction with the new ``user_version``, so a crash or a
full disk leaves the file wholly in the old format or wholly in the new one. A board
opened read-only is never upgraded: the loader reads each older format as it is.

An upgraded board can no longer be opened by versions that read only the older format;
the user is told so, once, when it happens.
"""

import sqlite3

from evidenceboard.storage.errors import DamagedBoardError, WriteFailedError
from evidenceboard.storage.schema import MIGRATIONS, SCHEMA_VERSION


def upgrade(connection: sqlite3.Connection, from_version: int, name: str) -> str | None:
    """Bring the board on ``connection`` to :data:`SCHEMA_VERSION`; returns the notice.

    The connection is in autocommit mode (``isolation_level=None``) and holds no
    transaction. Returns None when the board is already current.
    """
    if from_version >= SCHEMA_VERSION:
        return None
    try:
        connection.execute("BEGIN IMMEDIATE")
        try:
            for version in range(from_version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    connection.execute(statement)
            # PRAGMA takes no parameters; the value is this module's own integer.
            connection.execute(f"PRAGMA user_version = {int(SCHEMA_VERSION)}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError as exc:
        message = str(exc)
        if "full" in message or "disk" in message or "readonly" in message:
            raise WriteFailedError(
                f"{name} could not be upgraded to board format {SCHEMA_VERSION} ({message}); "
                "it was left as it was."
            ) from exc
        raise DamagedBoardError(f"{name} could not be upgraded ({message}).") from exc
    return (
        f"{name} was upgraded from board format {from_version} to {SCHEMA_VERSION}; "
        f"colleagues whose EvidenceBoard reads only format {from_version} need to update "
        "it to open this board."
    )
