"""Dragging cards: items follow the pointer; one MoveCards is submitted on release.

While the button is down only the items move (their links follow through the scene);
the model changes once, on release. If the change is refused (read-only or failed
write) the cards snap back to where the model has them.
"""

from PySide6.QtCore import QPointF

from evidenceboard.model.cards import MAX_COORDINATE
from evidenceboard.model.changes import MoveCards
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.interactions.base import Interaction, Pointer
from evidenceboard.ui.board.scene.board_scene import BoardScene


class MoveCardsInteraction(Interaction):
    """Move the selected cards by the pointer's travel."""

    def __init__(
        self, scene: BoardScene, controller: DocumentController, start: QPointF, slop: float
    ) -> None:
        self._scene = scene
        self._controller = controller
        self._start = start
        #: Travel (in scene units) below which a press is a click, not a drag.
        self._slop = slop
        self._moving = False
        self._origins = {
            card_id: item.pos()
            for card_id in scene.selected_card_ids()
            if (item := scene.card_item(card_id)) is not None
        }

    def move(self, pointer: Pointer) -> None:
        delta = pointer.scene - self._start
        if not self._moving and delta.manhattanLength() < self._slop:
            return
        self._moving = True
        limit = MAX_COORDINATE
        for card_id, origin in self._origins.items():
            if (item := self._scene.card_item(card_id)) is not None:
                target = origin + delta
                item.setPos(
                    min(max(target.x(), -limit), limit), min(max(target.y(), -limit), limit)
                )

    def finish(self, pointer: Pointer) -> None:
        if not self._moving:
            return
        board = self._scene.board
        moves = []
        for card_id in self._origins:
            item = self._scene.card_item(card_id)
            card = board.cards.get(card_id)
            if item is None or card is None:
                continue
            new = card.geometry.moved_to(round(item.x(), 1), round(item.y(), 1))
            moves.append((card_id, card.geometry, new))
        if not self._controller.submit(MoveCards(tuple(moves))):
            self.cancel()

    def cancel(self) -> None:
        for card_id in self._origins:
            item = self._scene.card_item(card_id)
            card = self._scene.board.cards.get(card_id)
            if item is not None and card is not None:
                item.set_card(card)
