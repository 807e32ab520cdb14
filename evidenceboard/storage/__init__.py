"""The board file: SQLite, opened with distrust, read with sqlite3, written through SQLAlchemy 2.

Public entry points: :func:`open_board`, :func:`create_board` and :class:`BoardDocument`.
SQLite-only machinery (pragmas, vetting, FTS5, backups) stays inside this package so that
a future server-backed store can take its place behind the same interface.

The document loads on first use of one of its three names, so that importing
:mod:`evidenceboard.storage.errors` alone, as the command line's ``--help`` does, costs
none of the storage layer. SQLAlchemy loads only with a board opened for editing (the
writer's engine): a board opened read-only is read with plain sqlite3.
"""

from typing import TYPE_CHECKING

from evidenceboard.model.lazy_names import lazy_names
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

if TYPE_CHECKING:
    from evidenceboard.storage.document import BoardDocument, create_board, open_board

__getattr__ = lazy_names(
    __name__,
    {".document": ("BoardDocument", "create_board", "open_board")},
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
