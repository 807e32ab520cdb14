"""Where to put a new card when the user did not say: the first free slot of a grid.

Cards created from the CLI, by paste without a cursor position or by import are placed
in reading order on a grid starting at the board's top-left card, skipping slots that
overlap existing cards, so nothing lands on top of what the user arranged. Occupied
slots are computed once per call, so placing on a 10,000-card board stays linear.
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
            x = self._left + column * self._step_x + _GAP / 2
            y = self._top + row * self._step_y + _GAP / 2
            cells = self._cells(x, y, width, height)
            if not any(cell in self._occupied for cell in cells):
                self._occupied.update(cells)
                return x, y


def free_position(
    board: Board, width: float = DEFAULT_WIDTH, height: float = DEFAULT_HEIGHT
) -> tuple[float, float]:
    """The first free slot on the board for one new card."""
    return Placer(board).next(width, height)
