"""Where to put a new card when the user did not say: a free slot of a grid.

Cards created from the CLI, by paste without a cursor position or by import are placed
in reading order on a grid starting at the board's top-left card, skipping slots that
overlap existing cards, so nothing lands on top of what the user arranged. A card made
to link to others goes in the free slot nearest to them instead (:meth:`Placer.near`).
Occupied slots are computed once per call, so placing on a 10,000-card board stays
linear.
"""

import math

from evidenceboard.model.board import Board
from evidenceboard.model.cards import DEFAULT_HEIGHT, DEFAULT_WIDTH

_GAP = 40.0
_COLUMNS = 8


class Placer:
    """Hands out free slots on a board, one after another."""

    def __init__(self, board: Board) -> None:
        self._step_x = DEFAULT_WIDTH + _GAP
        self._step_y = DEFAULT_HEIGHT + _GAP
        cards = list(board.cards.values())
        self._left = min((c.geometry.x for c in cards), default=0.0)
        self._top = min((c.geometry.y for c in cards), default=0.0)
        self._occupied: set[tuple[int, int]] = set()
        for card in cards:
            g = card.geometry
            self._mark(g.x, g.y, g.width, g.height)
        self._next_slot = 0

    def _cells(self, x: float, y: float, w: float, h: float) -> list[tuple[int, int]]:
        c0 = math.floor((x - self._left) / self._step_x)
        c1 = math.floor((x + w - self._left) / self._step_x)
        r0 = math.floor((y - self._top) / self._step_y)
        r1 = math.floor((y + h - self._top) / self._step_y)
        return [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]

    def _mark(self, x: float, y: float, w: float, h: float) -> None:
        self._occupied.update(self._cells(x, y, w, h))

    def next(
        self, width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT
    ) -> tuple[float, float]:
        """The top-left corner of the next free slot that fits a card of this size."""
        while True:
            row, column = divmod(self._next_slot, _COLUMNS)
            self._next_slot += 1
            if (corner := self._take(row, column, width, height)) is not None:
                return corner

    def _take(
        self, row: int, column: int, width: float, height: float
    ) -> tuple[float, float] | None:
        """The corner of that slot, now taken, if a card of this size fits there."""
        x = self._left + column * self._step_x + _GAP / 2
        y = self._top + row * self._step_y + _GAP / 2
        cells = self._cells(x, y, width, height)
        if any(cell in self._occupied for cell in cells):
            return None
        self._occupied.update(cells)
        return x, y

    def near(
        self,
        anchors: list[tuple[float, float, float, float]],
        width: float = DEFAULT_WIDTH,
        height: float = DEFAULT_HEIGHT,
    ) -> tuple[float, float]:
        """The free slot nearest to the middle of ``anchors`` (x, y, width, height)."""
        if not anchors:
            return self.next(width, height)
        middle_x = sum(x + w / 2 for x, _y, w, _h in anchors) / len(anchors)
        middle_y = sum(y + h / 2 for _x, y, _w, h in anchors) / len(anchors)
        origin_c = math.floor((middle_x - self._left) / self._step_x)
        origin_r = math.floor((middle_y - self._top) / self._step_y)
        # Rings of slots around the anchors' middle, nearest first; a board holds a
        # bounded number of cards, so a free slot is found within a few rings.
        for ring in range(1, _MAX_RINGS):
            slots = [
                (origin_r + dr, origin_c + dc)
                for dr in range(-ring, ring + 1)
                for dc in range(-ring, ring + 1)
                if max(abs(dr), abs(dc)) == ring
            ]
            slots.sort(key=lambda rc: self._distance(rc, middle_x, middle_y, width, height))
            for row, column in slots:
                if (corner := self._take(row, column, width, height)) is not None:
                    return corner
        return self.next(width, height)

    def _distance(
        self, slot: tuple[int, int], mx: float, my: float, width: float, height: float
    ) -> float:
        row, column = slot
        x = self._left + column * self._step_x + _GAP / 2 + width / 2
        y = self._top + row * self._step_y + _GAP / 2 + height / 2
        return math.hypot(x - mx, y - my)


_MAX_RINGS = 64


def free_position(
    board: Board, width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT
) -> tuple[float, float]:
    """The first free slot on the board for one new card."""
    return Placer(board).next(width, height)


def position_near(
    board: Board,
    card_ids: list[str],
    width: float = DEFAULT_WIDTH,
    height: float = DEFAULT_HEIGHT,
) -> tuple[float, float]:
    """The free slot nearest to the given cards, for a new card that links to them."""
    anchors = [
        (g.x, g.y, g.width, g.height)
        for g in (board.cards[i].geometry for i in card_ids if i in board.cards)
    ]
    return Placer(board).near(anchors, width, height)
