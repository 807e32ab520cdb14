"""Resizing a card from its corner grip: a live preview, one MoveCards on release."""

from dataclasses import replace

from evidenceboard.model.cards import MAX_SIZE, MIN_SIZE
from evidenceboard.model.changes import MoveCards
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.interactions.base import Interaction, Pointer
from evidenceboard.ui.board.scene.board_scene import BoardScene


def _clamp(value: float) -> float:
    return round(min(max(value, MIN_SIZE), MAX_SIZE), 1)


class ResizeCardInteraction(Interaction):
    """Drag the bottom-right corner of one card."""

    def __init__(self, scene: BoardScene, controller: DocumentController, card_id: str) -> None:
        self._scene = scene
        self._controller = controller
        self._card_id = card_id
        self._size: tuple[float, float] | None = None

    def move(self, pointer: Pointer) -> None:
        item = self._scene.card_item(self._card_id)
        if item is None:
            return
        local = item.mapFromScene(pointer.scene)
        self._size = (_clamp(local.x()), _clamp(local.y()))
        item.set_size(*self._size)

    def finish(self, pointer: Pointer) -> None:
        card = self._scene.board.cards.get(self._card_id)
        if self._size is None or card is None:
            return
        width, height = self._size
        new = replace(card.geometry, width=width, height=height)
        if not self._controller.submit(MoveCards(((card.id, card.geometry, new),))):
            self.cancel()

    def cancel(self) -> None:
        item = self._scene.card_item(self._card_id)
        card = self._scene.board.cards.get(self._card_id)
        if item is not None and card is not None:
            item.set_card(card)
