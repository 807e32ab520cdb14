"""The open board as the window sees it: the storage document plus an undo stack.

Every gesture ends in :meth:`DocumentController.submit`: the change is written to the
board file first (``BoardDocument.apply``), and only when that succeeded is a command
pushed on the undo stack. A refused or failed write emits :attr:`edit_failed` with a
sentence for the user and returns False, so the gesture can keep the user's edit on
screen (a field keeps its text, a dragged card snaps back).

Undo and redo have one door too, :meth:`DocumentController.step`, whatever asked for
them (the Edit menu, the toolbar, a key, a click in the History panel): it writes one
step's change (or its inverse) and only then moves the stack by that one step. A jump
across several steps is a walk of single steps that stops at the first one the file
or the board refuses, so the stack's index is always where the board file is. The
stack's commands write nothing themselves (see :mod:`evidenceboard.ui.board.commands`).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from evidenceboard.model.board import Board
from evidenceboard.model.changes import Change
from evidenceboard.model.errors import ModelError
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.board.commands import ChangeCommand


class DocumentController(QObject):
    """Owns a :class:`BoardDocument` and its :class:`QUndoStack`."""

    #: An edit was refused or could not be written (the reason, in words).
    edit_failed = Signal(str)

    def __init__(self, document: BoardDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)
        #: True only while this controller moves the stack (commands check it).
        self.moving_stack = False

    @property
    def board(self) -> Board:
        return self.document.board

    @property
    def author(self) -> str:
        return self.document.author

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    def submit(self, change: Change, text: str | None = None, merge_id: int = -1) -> bool:
        """Write ``change`` and push it as one undo step; False (and a message) if refused.

        Consecutive changes submitted with the same non-negative ``merge_id`` (keyboard
        nudges of the same cards) become one undo step.
        """
        if change.is_empty():
            return True
        words = text or change.describe(self.board)
        if not self.apply_quietly(change):
            return False
        with self._moving():
            self.undo_stack.push(ChangeCommand(self, change, words, merge_id))
        return True

    def apply_quietly(self, change: Change) -> bool:
        """Apply without touching the stack; report a failure through :attr:`edit_failed`."""
        reason = self._write(change)
        if reason is not None:
            self.edit_failed.emit(reason)
        return reason is None

    def undo(self) -> bool:
        """Undo the last step; False (and a message) if it was refused."""
        return self.step(forward=False)

    def redo(self) -> bool:
        """Redo the next step; False (and a message) if it was refused."""
        return self.step(forward=True)

    def go_to(self, index: int) -> bool:
        """Undo or redo step by step until the stack is at ``index`` (the History panel).

        Stops at the first step that is refused, leaving the stack (and the board) at
        the last step that was written; False then, and :attr:`edit_failed` says why.
        """
        index = max(0, min(index, self.undo_stack.count()))
        while self.undo_stack.index() != index:
            if not self.step(forward=self.undo_stack.index() < index):
                return False
        return True

    def step(self, forward: bool) -> bool:
        """Redo (``forward``) or undo one step: write it, then move the stack by one.

        The only place the stack moves after a push. A refused write leaves the stack
        where it is and says why through :attr:`edit_failed`.
        """
        stack = self.undo_stack
        position = stack.index() if forward else stack.index() - 1
        if self.read_only or not 0 <= position < stack.count():
            return False
        command = stack.command(position)
        if not isinstance(command, ChangeCommand):
            raise TypeError(f"the undo stack holds a foreign command: {command!r}")
        change = command.change if forward else command.change.inverted()
        reason = self._write(change)
        if reason is not None:
            verb = "redo" if forward else "undo"
            self.edit_failed.emit(f"Cannot {verb} {command.text()}. {reason}")
            return False
        with self._moving():
            if forward:
                stack.redo()
            else:
                stack.undo()
        return True

    def _write(self, change: Change) -> str | None:
        """Write ``change`` to the file and the board; the reason in words if refused."""
        try:
            self.document.apply(change)
        except (BoardFileError, ModelError) as exc:
            return str(exc)
        return None

    @contextmanager
    def _moving(self) -> Iterator[None]:
        self.moving_stack = True
        try:
            yield
        finally:
            self.moving_stack = False

    def close(self) -> None:
        self.undo_stack.clear()
        self.document.close()
