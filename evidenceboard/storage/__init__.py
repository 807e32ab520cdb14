"""The board file: SQLite through SQLAlchemy 2, opened with distrust.

Public entry points: :func:`open_board`, :func:`create_board` and :class:`BoardDocument`.
SQLite-only machinery (pragmas, vetting, FTS5, backups) stays inside this package so that
a future server-backed store can take its place behind the same interface.
"""

from evidenceboard.storage.document import BoardDocument, create_board, open_board
from evidenceboard.storage.errors import (
    BoardFileError,
    BoardLockedError,
    BoardTooLargeError,
    DamagedBoardError,
    LockHolder,
    NewerVersionError,
    NotABoardError,
    ReadOnlyBoardError,
    UnsafeBoardError,
    WriteFailedError,
)

__all__ = [
    "BoardDocument",
    "BoardFileError",
    "BoardLockedError",
    "BoardTooLargeError",
    "DamagedBoardError",
    "LockHolder",
    "NewerVersionError",
    "NotABoardError",
    "ReadOnlyBoardError",
    "UnsafeBoardError",
    "WriteFailedError",
    "create_board",
    "open_board",
]
