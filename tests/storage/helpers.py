"""Shared helpers for storage tests."""

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from evidenceboard.model.cards import CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card
from evidenceboard.storage import BoardDocument
from evidenceboard.storage.demo_file import create_demo_board


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
