"""The History panel: the board's undo steps, where a click walks the board there.

Row 0 is the board as it was opened, row *n* the board after the *n*-th step. Qt's
``QUndoView`` jumps with ``QUndoStack.setIndex``, which moves the stack whether or not
each step could be written (on a full disk the history said "Opened" while the card
stayed moved, and redo was refused afterwards). This list asks the controller instead
(:meth:`DocumentController.go_to`), which writes one step at a time and stops at the
first refusal; the row shown as current is then put back to where the stack really is,
and the controller's ``edit_failed`` has told the message bar why. Keys in the list
(Up, Down, Home, End) walk through the same door.
"""

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget
from typing_extensions import override

from evidenceboard.ui.board.controller import DocumentController

OPENED = "Opened"

_Index = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractListModel):
    """The rows of an undo stack: "Opened", then each step's words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stack: QUndoStack | None = None

    def set_stack(self, stack: QUndoStack | None) -> None:
        self.beginResetModel()
        if self._stack is not None:
            self._stack.indexChanged.disconnect(self._stack_changed)
        self._stack = stack
        if stack is not None:
            # The stack emits indexChanged on every push, merge, move and clear.
            stack.indexChanged.connect(self._stack_changed)
        self.endResetModel()

    def _stack_changed(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    @override
    def rowCount(self, parent: _Index | None = None) -> int:
        if (parent is not None and parent.isValid()) or self._stack is None:
            return 0
        return self._stack.count() + 1

    @override
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if self._stack is None or not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = index.row()
        return OPENED if row == 0 else self._stack.text(row - 1)


class HistoryView(QListView):
    """The list in the History dock; a click or a key asks the controller to walk there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history")
        self._controller: DocumentController | None = None
        self._model = HistoryModel(self)
        self._showing = False
        self.setModel(self._model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(True)
        self.selectionModel().currentChanged.connect(self._asked)
        self._model.modelReset.connect(self._show_index)

    def set_controller(self, controller: DocumentController | None) -> None:
        """Show ``controller``'s history (None: no board open)."""
        self._controller = controller
        self._model.set_stack(None if controller is None else controller.undo_stack)

    def _asked(self, current: QModelIndex) -> None:
        controller = self._controller
        if self._showing or controller is None or not current.isValid():
            return
        if current.row() != controller.undo_stack.index():
            controller.go_to(current.row())
        # Whether the walk got there or stopped early, show where the board is.
        self._show_index()

    def _show_index(self) -> None:
        if self._controller is None:
            return
        row = self._model.index(self._controller.undo_stack.index(), 0)
        self._showing = True
        try:
            self.selectionModel().setCurrentIndex(
                row, self.selectionModel().SelectionFlag.ClearAndSelect
            )
        finally:
            self._showing = False
        self.scrollTo(row)
