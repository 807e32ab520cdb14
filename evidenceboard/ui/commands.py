"""The undo command: a thin wrapper holding one model Change.

``QUndoStack.push`` calls ``redo()`` at once, but the change has already been written
by :meth:`DocumentController.submit` (so a failed write never reaches the stack); the
first ``redo()`` is therefore skipped. Undo and redo through the Edit menu are done by
the controller before the stack moves (see :meth:`DocumentController.undo`), which
marks the command ``done`` so the stack's call is skipped too. Only a jump in the
History panel reaches :meth:`_apply` directly.
"""

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand
from typing_extensions import override

from evidenceboard.model.changes import Change, MoveCards

if TYPE_CHECKING:
    from evidenceboard.ui.document import DocumentController


class ChangeCommand(QUndoCommand):
    """One undo entry: a change, its words, and the controller that applies it."""

    def __init__(
        self, controller: "DocumentController", change: Change, text: str, merge_id: int = -1
    ) -> None:
        super().__init__(text)
        self.change = change
        self._controller = controller
        self._merge_id = merge_id
        #: Set when the change (or its inverse) is already applied for the next call.
        self.done = True

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
        self._apply(self.change)

    @override
    def undo(self) -> None:
        self._apply(self.change.inverted())

    def _apply(self, change: Change) -> None:
        if self.done:
            self.done = False
            return
        self._controller.apply_quietly(change)
