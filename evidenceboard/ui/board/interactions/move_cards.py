"""Dragging cards: items follow the pointer; one change is submitted on release.

While the button is down only the items move (their links follow through the scene);
the model changes once, on release. Dragging a frame drags the cards it holds; a card
dragged without its frame joins the frame it is dropped in, or leaves its own, in the
same change (:func:`evidenceboard.model.frames.plan_move`), and the frame it would
join is lit while it is over it. If the change is refused (read-only or failed write)
the cards snap back to where the model has them.
"""

from PySide6.QtCore import QPointF

from evidenceboard.model.cards import MAX_COORDINATE, Geometry
from evidenceboard.model.frames import frame_at, frame_index, is_frame, plan_move, with_members
from evidenceboard.ui.board.controller import DocumentController
from evidenceboard.ui.board.interactions.base import Interaction, Pointer
from evidenceboard.ui.board.scene.board_scene import BoardScene


class MoveCardsInteraction(Interaction):
    """Move the selected cards, and the cards of selected frames, by the pointer's travel."""

    def __init__(
        self, scene: BoardScene, controller: DocumentController, start: QPointF, slop: float
    ) -> None:
        self._scene = scene
        self._controller = controller
        self._start = start
        #: Travel (in scene units) below which a press is a click, not a drag.
        self._slop = slop
        self._moving = False
        board = scene.board
        frames = scene.frame_ids
        moved = with_members(board, scene.selected_card_ids()) if frames else []
        if frames:
            scene.ensure_items(moved)
        else:
            moved = scene.selected_card_ids()
        self._origins = {
            card_id: item.pos()
            for card_id in moved
            if (item := scene.card_item(card_id)) is not None
        }
        #: The card whose drop decides which frame is lit: the first one picked that
        #: moves without its frame.
        index = frame_index(board, frames) if frames else {}
        loose = [
            i
            for i in self._origins
            if not is_frame(board.cards[i]) and index.get(i) not in self._origins
        ]
        self._probe = loose[0] if loose and frames else None
        self._lit: str | None = None

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
        self._light_drop_target()

    def _targets(self) -> dict[str, Geometry]:
        board = self._scene.board
        targets = {}
        for card_id in self._origins:
            item = self._scene.card_item(card_id)
            card = board.cards.get(card_id)
            if item is not None and card is not None:
                targets[card_id] = card.geometry.moved_to(round(item.x(), 1), round(item.y(), 1))
        return targets

    def _light_drop_target(self) -> None:
        if self._probe is None or (item := self._scene.card_item(self._probe)) is None:
            return
        board = self._scene.board
        card = board.cards.get(self._probe)
        if card is None:
            return
        here = card.geometry.moved_to(item.x(), item.y())
        frame = frame_at(board, here, self._origins, self._scene.frame_ids)
        self._set_lit(frame.id if frame is not None else None)

    def _set_lit(self, frame_id: str | None) -> None:
        if frame_id == self._lit:
            return
        for old_or_new, on in ((self._lit, False), (frame_id, True)):
            if old_or_new is not None and (frame := self._scene.frame_item(old_or_new)):
                frame.set_drop_target(on)
        self._lit = frame_id

    def finish(self, pointer: Pointer) -> None:
        self._set_lit(None)
        if not self._moving:
            return
        change = plan_move(
            self._scene.board,
            self._targets(),
            self._controller.author,
            among=self._scene.frame_ids,
        )
        if not self._controller.submit(change):
            self.cancel()

    def cancel(self) -> None:
        self._set_lit(None)
        for card_id in self._origins:
            item = self._scene.card_item(card_id)
            card = self._scene.board.cards.get(card_id)
            if item is not None and card is not None:
                item.set_card(card)
