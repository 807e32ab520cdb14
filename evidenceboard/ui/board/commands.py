"""The undo command: one model Change as an entry of the window's undo stack.

The stack only records; it never writes. :class:`DocumentController` is the one door
through which an edit, its undo and its redo reach the board file: it writes first and
moves the stack by one step only when the write succeeded (``DocumentController.step``).
The stack calls :meth:`redo` and :meth:`undo` whenever it moves (and :meth:`redo` on
``push``), so they write nothing; they only check that the controller is the one
moving it. A stack moved from anywhere else would show a history the board file does
not have, which is the fault this design removes (the History panel used to jump with
``QUndoStack.setIndex`` and kept going past a write that failed).
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from typing_extensions import override

from evidenceboard.model.changes import Change, MoveCards

if TYPE_CHECKING:
    from evidenceboard.ui.board.controller import DocumentController


class StackMovedElsewhereError(RuntimeError):
    """The undo stack was moved without going through the document controller."""


class ChangeCommand(QUndoCommand):
    """One undo entry: a change and its words, applied only by its controller."""

    def __init__(
        self, controller: "DocumentController", change: Change, text: str, merge_id: int = -1
    ) -> None:
        super().__init__(text)
        self.change = change
        self._controller = controller
        self._merge_id = merge_id

    @override
    def id(self) -> int:
        return self._merge_id

    @override
    def mergeWith(self, other: QUndoCommand) -> bool:
        """Fold repeated keyboard nudges of the same cards into one undo step."""
        if not isinstance(other, ChangeCommand) or other.id() != self._merge_id:
            return False
        mine, theirs = self.change, other.change
        if not isinstance(mine, MoveCards) or not isinstance(theirs, MoveCards):
            return False
        if [m[0] for m in mine.moves] != [m[0] for m in theirs.moves]:
            return False
        self.change = MoveCards(
            tuple(
                (card_id, old, new)
                for (card_id, old, _), (_, _, new) in zip(mine.moves, theirs.moves, strict=True)
            )
        )
        return True

    @override
    def redo(self) -> None:
        self._check_mover()

    @override
    def undo(self) -> None:
        self._check_mover()

    def _check_mover(self) -> None:
        if not self._controller.moving_stack:
            raise StackMovedElsewhereError(
                "The undo stack moved without its change being written; "
                "undo and redo go through DocumentController.step."
            )
