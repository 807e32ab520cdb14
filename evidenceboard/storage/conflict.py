"""Notice when a board file was replaced or changed under us, and save ours beside it.

The lock file tells a second EvidenceBoard who has a board, but a sync folder
(Dropbox, OneDrive), a colleague copying a file onto a shared drive, or a USB stick
re-plugged on another computer can still replace or rewrite the file while we hold
it open. Writing then would either go to a file nobody sees any more (a replaced
inode) or clobber the other person's version. So the document remembers the file's
identity and stamp, ``(st_dev, st_ino, size, mtime_ns)``, after each of its own
writes; before the next write it compares. On any difference it does not write:
it saves *our* state, including the edit being made, as
``NAME (conflict YYYY-MM-DD HHMM).evboard`` beside the board and raises
:class:`BoardChangedElsewhereError` naming that file, so the user is told and both
versions stay readable (and can be merged).

Wiring, in :meth:`BoardDocument.apply` (after ``change.check(self.board)``, before
the transaction)::

    if self._guard.changed_elsewhere():
        raise save_conflict_copy(self.path, self.board, change, self.attachment_data,
                                 self.author, create_board=create_board)

and after the transaction commits, ``self._guard.record()``; ``open_board`` creates
``FileGuard(board_path)`` once the vetted open succeeded (read-only documents need none).

The copy is itself a board, made with the document's ``create_board``; the document
hands that function in rather than this module importing it, so the document can import
this module and the two do not import each other.
"""

import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import Protocol, assert_never

from evidenceboard.durable import free_path
from evidenceboard.model import changes
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.clock import utc_now
from evidenceboard.storage.errors import WriteFailedError


class NewBoard(Protocol):
    """What the conflict copy is written through: a new, open board taking changes."""

    def apply(self, change: changes.Change) -> None: ...


class CreateBoard(Protocol):
    """The document's ``create_board``: a new board file, opened, never overwriting."""

    def __call__(
        self, path: str | os.PathLike[str], info: BoardInfo | None = None, *, author: str | None
    ) -> AbstractContextManager[NewBoard]: ...


class BoardChangedElsewhereError(WriteFailedError):
    """The board file changed under us; our state was saved as a conflict copy instead."""

    exit_code = 10

    def __init__(self, message: str, conflict_copy: Path) -> None:
        super().__init__(message)
        self.conflict_copy = conflict_copy


def conflict_copy_path(board_path: Path, when: datetime | None = None) -> Path:
    """``NAME (conflict YYYY-MM-DD HHMM).evboard``, numbered if that name is taken."""
    when = when or utc_now()
    stem = f"{board_path.stem} (conflict {when:%Y-%m-%d %H%M})"
    return free_path(board_path.parent, stem, board_path.suffix)


def _attachment_changes(change: changes.Change) -> Iterator[changes.AddAttachment]:
    known = changes.known_change(change)
    match known:
        case changes.Batch():
            for part in known.changes:
                yield from _attachment_changes(part)
        case changes.AddAttachment():
            yield known
        case (
            changes.AddCards()
            | changes.RemoveCards()
            | changes.EditCards()
            | changes.MoveCards()
            | changes.AddLinks()
            | changes.RemoveLinks()
            | changes.EditLink()
            | changes.RemoveAttachment()
            | changes.EditBoard()
            | changes.SetAchMark()
        ):
            # These carry no attachment bytes of their own.
            pass
        case _:
            assert_never(known)


def _whole_board(board: Board, read_attachment: Callable[[str], bytes], name: str) -> changes.Batch:
    """The change that puts all of ``board`` (attachments too) on an empty board."""
    parts: list[changes.Change] = []
    for sha in sorted(board.attachments):
        parts.append(changes.AddAttachment(board.attachments[sha], read_attachment(sha)))
    parts.append(changes.AddCards(tuple(board.cards.values()), tuple(board.links.values())))
    # The analyst's marks too; one on a card no longer on the board cannot be set.
    parts += [
        changes.SetAchMark(key, None, mark)
        for key, mark in sorted(board.ach_marks.items())
        if key[0] in board.cards and key[1] in board.cards
    ]
    return changes.Batch(tuple(parts), f"Save a conflict copy of {name}")


def save_conflict_copy(
    board_path: Path,
    board: Board,
    change: changes.Change,
    read_attachment: Callable[[str], bytes],
    author: str,
    when: datetime | None = None,
    *,
    create_board: CreateBoard,
) -> BoardChangedElsewhereError:
    """Save our board with ``change`` applied as a conflict copy; return the error to raise.

    ``read_attachment`` reads bytes already in our board; bytes the change itself adds
    are taken from the change.
    """
    state = board.scratch_copy()
    state.apply(change)
    pending = {a.attachment.sha256: a.data for a in _attachment_changes(change)}

    def read(sha: str) -> bytes:
        return pending[sha] if sha in pending else read_attachment(sha)

    copy = conflict_copy_path(board_path, when)
    with create_board(copy, state.info, author=author) as new_board:
        new_board.apply(_whole_board(state, read, board_path.name))
    return BoardChangedElsewhereError(
        f"{board_path.name} was changed or replaced by someone else while it was open, so "
        f"your change was not written to it. Your version, with this change, was saved as "
        f"“{copy.name}” next to it; open both to compare, or merge them.",
        copy,
    )
