"""Write transactions on a board's own ``sqlite3`` connection.

Every write to a board file (a change, its history row, the team bookkeeping, the
search index's rewrite) runs in one transaction opened here: ``BEGIN IMMEDIATE``, so
SQLite takes the write lock before the first statement rather than part-way through,
and a rollback on any failure, so a failed write leaves the file as it was.

The statements are plain SQL on the connection that vetting hardened. The board file
was written through SQLAlchemy Core before; a command that edits a board paid its
import (about 0.1 s, more than the rest of the command) for statements that need none
of it. Table and column names in the statements come from this package's own
constants and row mappings, never from a file or a user, and are checked to be plain
identifiers; every value goes as a bound parameter.

Each statement, and the commit, first passes the channel's hooks: the reliability
suite fails the Nth one to prove that a write failing at any step changes nothing.
"""

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from typing import Any

#: Called with each statement's SQL before it runs (``"COMMIT"`` for the commit).
StatementHook = Callable[[str], None]
Row = Mapping[str, Any]


def _columns(row: Row) -> tuple[str, ...]:
    return tuple(row)


def _name(identifier: str) -> str:
    # Names are ours (tables, row keys); refusing anything else keeps them out of SQL
    # should a mapping ever pass a key through from elsewhere.
    if not identifier.isidentifier():
        raise ValueError(f"not a column or table name: {identifier!r}")
    return identifier


class Writes:
    """The statements of one open transaction."""

    def __init__(self, connection: sqlite3.Connection, hooks: Sequence[StatementHook]) -> None:
        self._connection = connection
        self._hooks = hooks

    def _before(self, sql: str) -> None:
        for hook in self._hooks:
            hook(sql)

    def execute(self, sql: str, params: Row | Sequence[Any] = ()) -> sqlite3.Cursor:
        self._before(sql)
        return self._connection.execute(sql, params)

    def executemany(self, sql: str, rows: Iterable[Row | Sequence[Any]]) -> None:
        rows = list(rows)
        if rows:
            self._before(sql)
            self._connection.executemany(sql, rows)

    def insert(self, table: str, rows: Iterable[Row]) -> None:
        """Insert ``rows``, each with the columns its keys name (the others take NULL)."""
        # Rows of different card kinds name different columns: one statement per shape.
        for columns, same in groupby(rows, key=_columns):
            names = ", ".join(_name(c) for c in columns)
            values = ", ".join(f":{c}" for c in columns)
            self.executemany(f"INSERT INTO {_name(table)} ({names}) VALUES ({values})", same)

    def update(self, table: str, key: str, rows: Iterable[Row]) -> None:
        """Set each row's columns on the row whose ``key`` column holds its ``key`` value."""
        for columns, same in groupby(rows, key=_columns):
            assignments = ", ".join(f"{_name(c)} = :{c}" for c in columns if c != key)
            self.executemany(
                f"UPDATE {_name(table)} SET {assignments} WHERE {_name(key)} = :{key}", same
            )

    def delete(self, table: str, key: str, values: Iterable[object]) -> None:
        """Delete the rows whose ``key`` column holds one of ``values``."""
        self.executemany(
            f"DELETE FROM {_name(table)} WHERE {_name(key)} = ?", [(v,) for v in values]
        )

    def commit(self) -> None:
        self._before("COMMIT")
        self._connection.execute("COMMIT")


class WriteChannel:
    """Opens the write transactions of one board connection (autocommit mode)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        #: Run before every statement of every transaction; see the module's text.
        self.hooks: list[StatementHook] = []

    @contextlib.contextmanager
    def begin(self) -> Iterator[Writes]:
        """One transaction: committed when the block ends, rolled back if it raises."""
        writes = Writes(self.connection, self.hooks)
        writes.execute("BEGIN IMMEDIATE")
        try:
            yield writes
            writes.commit()
        except BaseException:
            # The original failure is what the caller reports; a rollback that fails
            # too (the disk gone) leaves SQLite to roll back from its journal.
            with contextlib.suppress(sqlite3.Error):
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
            raise
