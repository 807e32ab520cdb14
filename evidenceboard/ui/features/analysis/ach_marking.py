"""Marking cells of the ACH matrix: a context menu and keys on the matrix's table.

The analyst's reading of a cell (consistent, inconsistent, neutral, not applicable)
wins over what the links say. A right-click on a cell offers the four marks and
"Clear mark"; with a cell current, the keys C, I, N and A set a mark and Delete or
Backspace clears it. Nothing is changed here: the view emits
:attr:`~evidenceboard.ui.features.analysis.ach_view.AchView.mark_requested` and the Analysis
feature submits the change through the document controller (one undo step).
"""

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QMenu
from typing_extensions import override

from evidenceboard.model.judgement import CellMark

if TYPE_CHECKING:
    from evidenceboard.ui.features.analysis.ach_view import AchView

#: (mark, menu words, key); None clears the mark.
MARK_CHOICES: tuple[tuple[CellMark | None, str, Qt.Key], ...] = (
    (CellMark.CONSISTENT, "Consistent", Qt.Key.Key_C),
    (CellMark.INCONSISTENT, "Inconsistent", Qt.Key.Key_I),
    (CellMark.NEUTRAL, "Neutral", Qt.Key.Key_N),
    (CellMark.NOT_APPLICABLE, "Not applicable", Qt.Key.Key_A),
    (None, "Clear mark (follow the links)", Qt.Key.Key_Delete),
)
_KEYS = {key: mark for mark, _words, key in MARK_CHOICES}
_KEYS[Qt.Key.Key_Backspace] = None


class _CellKeys(QObject):
    """Keys on the matrix: a mark for the current cell."""

    def __init__(self, view: "AchView") -> None:
        super().__init__(view)
        self._view = view

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            key = Qt.Key(event.key())
            if key in _KEYS and modifiers == Qt.KeyboardModifier.NoModifier:
                table = self._view.table
                return request_mark(
                    self._view, table.currentRow(), table.currentColumn(), _KEYS[key]
                )
        return False


def request_mark(view: "AchView", row: int, column: int, mark: CellMark | None) -> bool:
    """Ask for ``mark`` on the cell at (row, column); False when there is no such cell."""
    found = view.cell_at(row, column)
    if found is None:
        return False
    evidence, hypothesis, cell = found
    if mark is None and not cell.marked:
        return True  # Nothing to clear; the key is still taken.
    view.mark_requested.emit(evidence, hypothesis, mark)
    return True


def install_marking(view: "AchView") -> None:
    """Give the view's table its marking menu and keys."""
    table = view.table
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.installEventFilter(_CellKeys(view))

    def menu(position: QPoint) -> None:
        index = table.indexAt(position)
        found = view.cell_at(index.row(), index.column())
        if found is None:
            return
        cell = found[2]
        row, column = index.row(), index.column()
        table.setCurrentCell(row, column)
        popup = QMenu(table)
        popup.setObjectName("ach-mark-menu")
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for mark, words, key in MARK_CHOICES:
            action = popup.addAction(words)
            action.setShortcut(key)
            action.setEnabled(mark is not None or cell.marked)
            action.triggered.connect(
                lambda _checked=False, m=mark: request_mark(view, row, column, m)
            )
        popup.popup(table.viewport().mapToGlobal(position))

    table.customContextMenuRequested.connect(menu)
