"""The life of a canvas gesture: started by a press, fed moves, finished or cancelled.

The view starts one interaction per press and forwards mouse moves, the release and
Esc to it; the view itself keeps no gesture state. An interaction commits at most one
change (one undo step), on release.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QPointF, Qt


@dataclass(frozen=True, slots=True)
class Pointer:
    """Where the pointer is, in scene and viewport coordinates, and the modifiers held."""

    scene: QPointF
    view: QPoint
    modifiers: Qt.KeyboardModifier


class Interaction(ABC):
    """One gesture in progress."""

    @abstractmethod
    def move(self, pointer: Pointer) -> None:
        """The pointer moved with the button still down."""

    def press(self, pointer: Pointer) -> bool:
        """Another press while the gesture runs; True when that press ended it.

        Drag gestures ignore it; a gesture that picks something by clicking uses it.
        """
        return False

    @abstractmethod
    def finish(self, pointer: Pointer) -> None:
        """The button was released: commit the gesture (or drop it if nothing happened)."""

    @abstractmethod
    def cancel(self) -> None:
        """Esc or losing the pointer: put everything back as it was."""
