"""Panning the canvas with the middle button, or with Space held and the left button."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QGraphicsView

from evidenceboard.ui.board.interactions.base import Interaction, Pointer


class PanInteraction(Interaction):
    """Scroll the view by the pointer's travel in viewport pixels."""

    def __init__(self, view: QGraphicsView, start: QPoint) -> None:
        self._view = view
        self._last = start
        self._origin = (view.horizontalScrollBar().value(), view.verticalScrollBar().value())
        view.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def move(self, pointer: Pointer) -> None:
        # Panning works in viewport pixels: scene positions shift under the pointer
        # as the view scrolls.
        delta = pointer.view - self._last
        self._last = pointer.view
        h, v = self._view.horizontalScrollBar(), self._view.verticalScrollBar()
        h.setValue(h.value() - delta.x())
        v.setValue(v.value() - delta.y())

    def finish(self, pointer: Pointer) -> None:
        self._view.viewport().unsetCursor()

    def cancel(self) -> None:
        self._view.horizontalScrollBar().setValue(self._origin[0])
        self._view.verticalScrollBar().setValue(self._origin[1])
        self._view.viewport().unsetCursor()
