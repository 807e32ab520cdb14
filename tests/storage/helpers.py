"""Shared helpers for storage tests."""

import hashlib
from pathlib import Path

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
