"""The open board as the window sees it: the storage document plus an undo stack.

Every gesture ends in :meth:`DocumentController.submit`: the change is written to the
board file first (``BoardDocument.apply``), and only when that succeeded is a command
pushed on the undo stack. A refused or failed write emits :attr:`edit_failed` with a
sentence for the user and returns False, so the gesture can keep the user's edit on
screen (a field keeps its text, a dragged card snaps back).
"""

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from evidenceboard.model.board import Board
from evidenceboard.model.changes import Change
from evidenceboard.model.errors import ModelError
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.ui.commands import ChangeCommand


class DocumentController(QObject):
    """Owns a :class:`BoardDocument` and its :class:`QUndoStack`."""

    #: An edit was refused or could not be written (the reason, in words).
    edit_failed = Signal(str)

    def __init__(self, document: BoardDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(500)

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
        self.undo_stack.push(ChangeCommand(self, change, words, merge_id))
        return True

    def apply_quietly(self, change: Change) -> bool:
        """Apply without touching the stack; report a failure through :attr:`edit_failed`."""
        try:
            self.document.apply(change)
        except (BoardFileError, ModelError) as exc:
            self.edit_failed.emit(str(exc))
            return False
        return True

    def undo(self) -> None:
        """Undo the last step, moving the stack only if the file accepted the inverse."""
        index = self.undo_stack.index()
        if index == 0:
            return
        command = self.undo_stack.command(index - 1)
        if isinstance(command, ChangeCommand):
            if not self.apply_quietly(command.change.inverted()):
                return
            command.done = True
        self.undo_stack.undo()

    def redo(self) -> None:
        """Redo the next step, moving the stack only if the file accepted it."""
        index = self.undo_stack.index()
        if index >= self.undo_stack.count():
            return
        command = self.undo_stack.command(index)
        if isinstance(command, ChangeCommand):
            if not self.apply_quietly(command.change):
                return
            command.done = True
        self.undo_stack.redo()

    def close(self) -> None:
        self.undo_stack.clear()
        self.document.close()
