"""Helpers shared by the CLI commands: opening boards and reading option values."""

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from evidenceboard.model.grading import Grading, parse_grade

if TYPE_CHECKING:
    from evidenceboard.storage.document import BoardDocument

    SubParsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    SubParsers = argparse._SubParsersAction


def board_path(value: str) -> Path:
    return Path(value).expanduser()


def user_name(args: argparse.Namespace) -> str | None:
    """The author to record: --user, then $EVIDENCEBOARD_USER, then the OS account."""
    name: str | None = getattr(args, "user", None) or os.environ.get("EVIDENCEBOARD_USER")
    return name


def open_to_read(args: argparse.Namespace) -> "BoardDocument":
    # SQLAlchemy loads with the first board opened, so --help never pays for it.
    from evidenceboard.storage import open_board

    return open_board(board_path(args.file), read_only=True, author=user_name(args))


def open_to_write(args: argparse.Namespace) -> "BoardDocument":
    from evidenceboard.storage import open_board

    return open_board(board_path(args.file), author=user_name(args))


def grade_option(value: str | None) -> Grading | None:
    return None if value is None else parse_grade(value)
