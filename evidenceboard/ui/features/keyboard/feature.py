"""Working the canvas from the keyboard and the trackpad.

Arrow keys nudge the selected cards (Shift for a larger step); repeated nudges of the
same cards merge into one undo step ("Move 2 cards"), as a drag would be one. Tab and
Shift+Tab walk the cards in reading order (top to bottom, left to right), selecting and
centring each, so a board can be read without the mouse. L starts a link from the
selected card (click or name its target). A trackpad pinch zooms around the fingers.

The keys are handled by an event filter on the canvas, not by window shortcuts, so
arrows typed in the inspector's fields still move the text cursor.
"""

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QNativeGestureEvent
from typing_extensions import override

from evidenceboard.model.changes import MoveCards
from evidenceboard.ui.window.host import WindowFeature, WindowHost

if TYPE_CHECKING:
    from evidenceboard.ui.window.session import BoardSession

#: Scene units a nudge moves; with Shift, the larger step.
NUDGE_STEP = 10.0
NUDGE_STEP_LARGE = 50.0
#: Undo-stack merge id shared by nudges.
NUDGE_MERGE_ID = 4107

_DIRECTIONS = {
    Qt.Key.Key_Left: (-1.0, 0.0),
    Qt.Key.Key_Right: (1.0, 0.0),
    Qt.Key.Key_Up: (0.0, -1.0),
    Qt.Key.Key_Down: (0.0, 1.0),
}


class KeyboardFeature(WindowFeature):
    """Nudging, Tab navigation and pinch zoom on the open board's canvas."""

    def __init__(self, window: "WindowHost") -> None:
        super().__init__(window, "keyboard-feature")
        self.session: BoardSession | None = None
        window.session_changed.connect(self._session_changed)

    def _session_changed(self, session: "BoardSession | None") -> None:
        if self.session is not None:
            self.session.view.removeEventFilter(self)
            self.session.view.viewport().removeEventFilter(self)
        self.session = session
        if session is not None:
            session.view.installEventFilter(self)
            session.view.viewport().installEventFilter(self)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.session is None:
            return False
        if event.type() == QEvent.Type.NativeGesture and isinstance(event, QNativeGestureEvent):
            if event.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.session.view.zoom_by(1.0 + event.value(), event.position().toPoint())
                return True
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        if key in _DIRECTIONS and not event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            large = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            return self.nudge(*_DIRECTIONS[Qt.Key(key)], large=large)
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            backwards = key == Qt.Key.Key_Backtab or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            return self.step_selection(-1 if backwards else 1)
        if key == Qt.Key.Key_L and not event.modifiers():
            return self.session.view.start_keyboard_link()
        return False

    def nudge(self, dx: float, dy: float, *, large: bool = False) -> bool:
        """Move the selected cards one step; False when nothing is selected."""
        assert self.session is not None
        session = self.session
        ids = session.scene.selected_card_ids()
        if not ids:
            return False
        if session.controller.read_only:
            return True
        step = NUDGE_STEP_LARGE if large else NUDGE_STEP
        board = session.controller.board
        moves = []
        for card_id in sorted(ids):
            geometry = board.cards[card_id].geometry
            moved = replace(geometry, x=geometry.x + dx * step, y=geometry.y + dy * step)
            moves.append((card_id, geometry, moved))
        session.controller.submit(MoveCards(tuple(moves)), merge_id=NUDGE_MERGE_ID)
        return True

    def step_selection(self, step: int) -> bool:
        """Select the next (or previous) card in reading order and centre it."""
        assert self.session is not None
        session = self.session
        cards = sorted(
            session.controller.board.cards.values(),
            key=lambda c: (round(c.geometry.y / 40.0), c.geometry.x, c.id),
        )
        if not cards:
            return False
        selected = session.scene.selected_card_ids()
        order = [c.id for c in cards]
        if len(selected) == 1 and selected[0] in order:
            index = (order.index(selected[0]) + step) % len(order)
        else:
            index = 0 if step > 0 else len(order) - 1
        session.scene.select_only([order[index]])
        session.view.centre_on_card(order[index])
        return True


def install(window: "WindowHost") -> None:
    """Add keyboard nudging, Tab navigation and pinch zoom to the window."""
    KeyboardFeature(window)
