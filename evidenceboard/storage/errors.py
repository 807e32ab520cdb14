"""Errors raised when a board file cannot be opened or written.

Each carries a sentence a user can read (``str(error)``), which the CLI prints on one
line and the window shows in a dialog. ``exit_code`` is what the CLI exits with.
"""

from dataclasses import dataclass


class BoardFileError(Exception):
    """Base class: something is wrong with a board file or with writing to it."""

    exit_code = 3


class NotABoardError(BoardFileError):
    """The file is not an EvidenceBoard board (random bytes, empty, another program's)."""


class DamagedBoardError(BoardFileError):
    """The file is a board but is damaged (truncated, corrupted, inconsistent)."""

    exit_code = 4


class UnsafeBoardError(BoardFileError):
    """The board contains something a board never holds (a trigger, a view, an extra table)."""

    exit_code = 5


class NewerVersionError(BoardFileError):
    """The board was written by a newer version of EvidenceBoard."""

    exit_code = 6


class BoardTooLargeError(BoardFileError):
    """The file is larger than a board may be."""


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a board open for writing."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"{self.user} on {self.host} since {self.since}"


class BoardLockedError(BoardFileError):
    """Another EvidenceBoard (here or on another computer) has the board open for writing."""

    exit_code = 7

    def __init__(self, message: str, holder: LockHolder | None) -> None:
        super().__init__(message)
        self.holder = holder


class ReadOnlyBoardError(BoardFileError):
    """The board was opened read-only, so it cannot be changed."""

    exit_code = 8


class WriteFailedError(BoardFileError):
    """A change could not be written (disk full, I/O error, file locked); nothing changed."""

    exit_code = 9


def failure_words(error: OSError | BoardFileError) -> str:
    """Why a file could not be read or written, as a clause to end a user's sentence.

    An OSError's ``str`` starts with its errno and repeats the path ("[Errno 13]
    Permission denied: '/…'"); its ``strerror`` is the part a user reads. A board
    error's message is already a sentence, so only its full stop is dropped.
    """
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error).rstrip(".")
