"""Shared helpers for storage tests."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from evidenceboard.storage import BoardDocument, DamagedBoardError, open_board
from evidenceboard.storage.demo_file import create_demo_board
from evidenceboard.storage.schema import ADDED_COLUMNS


def make_demo_file(folder: Path, name: str = "demo.evboard") -> Path:
    path = folder / name
    create_demo_board(path, author="tester").close()
    return path


def open_demo(folder: Path) -> BoardDocument:
    return create_demo_board(folder / "demo.evboard", author="tester")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tamper(path: Path, *statements: str) -> None:
    """Change a board file behind the application's back, with plain SQL.

    Foreign keys are off on a plain connection: a hostile file can hold anything.
    """
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


#: The tables each format added: dropped, with the added columns, to make an older board.
_ADDED_TABLES = {2: ("board_settings", "team_sync", "ach_marks")}


def board_of_format(folder: Path, version: int) -> Path:
    """The demo board as a board of format ``version`` holds it."""
    path = make_demo_file(folder)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for added, tables in _ADDED_TABLES.items():
            for table in tables if added > version else ():
                connection.execute(f"DROP TABLE {table}")
        for (table, column), added in ADDED_COLUMNS.items():
            if added > version:
                connection.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        connection.execute(f"PRAGMA user_version = {version}")
        connection.execute("VACUUM")
    finally:
        connection.close()
    return path


def overwrite(
    path: Path, table: str, column: str, value: object, row_id: str | None = None
) -> None:
    """Set ``column`` of one row (by ``id``), or of every row, behind the application's back."""
    where, parameters = ("", (value,)) if row_id is None else (" WHERE id = ?", (value, row_id))
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute(f"UPDATE {table} SET {column} = ?{where}", parameters)
    finally:
        connection.close()


def assert_opens_as_damaged(path: Path, match: str | None = None) -> None:
    """Opening the board, even read-only, refuses it as damaged (saying ``match``)."""
    with pytest.raises(DamagedBoardError, match=match), open_board(path, read_only=True):
        pass


def dead_pid() -> int:
    """The id of a process that has ended: a lock holder that crashed."""
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def add_card(doc: BoardDocument, kind: CardKind, title: str, **values: Any) -> str:
    """Add one card by "tester" to the board; its id."""
    card = make_card(kind, title, "tester", **values)
    doc.apply(AddCards((card,)))
    return card.id
