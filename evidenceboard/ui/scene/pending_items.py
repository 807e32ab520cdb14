"""Which cards and links of a large board still have no item, by where they lie.

A large board's scene makes card and link items only for the part of the board the
view shows (and what an edit or a lookup touches). This index answers "what lies in
this rect that has no item yet" without walking the board: cards and links are sorted
into square cells of ``CELL`` scene units once, and a cell is handed out once, so a
view that comes back to a place it has shown costs nothing.

The index holds positions as they were when it was built. The scene keeps that true
by making an item for every card whose geometry changes, and for each of its links,
at the moment it changes: from then on the item follows the model, and the stale
cell entry is skipped because the item exists.
"""

import gc
import math
from collections.abc import Iterable

from evidenceboard.model.board import Board

#: Side of a cell, in scene units (a few cards across on a dense board).
CELL = 1500.0

Cell = tuple[int, int]


def cells_of_rect(left: float, top: float, right: float, bottom: float) -> Iterable[Cell]:
    c0, c1 = math.floor(left / CELL), math.floor(right / CELL)
    r0, r1 = math.floor(top / CELL), math.floor(bottom / CELL)
    return ((c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1))


def cells_of_segment(ax: float, ay: float, bx: float, by: float) -> set[Cell]:
    """Cells along a segment, sampled every half cell.

    A sample can miss a cell the segment only clips at a corner, but every point of the
    segment lies within a quarter cell of a sample, so the segment stays within the
    sampled cells and their neighbours; :meth:`PendingItems.take` looks one cell beyond
    the rect it is asked for.
    """
    steps = max(1, math.ceil(math.hypot(bx - ax, by - ay) / (CELL / 2)))
    inv, floor = 1.0 / CELL, math.floor
    return {
        (floor((ax + (bx - ax) * i / steps) * inv), floor((ay + (by - ay) * i / steps) * inv))
        for i in range(steps + 1)
    }


class PendingItems:
    """Card and link ids without an item, sorted into cells; built on first use."""

    def __init__(self, board: Board) -> None:
        self._board = board
        self._cards: dict[Cell, list[str]] | None = None
        self._links: dict[Cell, list[str]] = {}

    def take(
        self, left: float, top: float, right: float, bottom: float
    ) -> tuple[list[str], list[str]]:
        """Card ids and link ids that may lie in the rect, each cell handed out once.

        Ids may repeat, and may name cards or links that have an item by now or no
        longer exist: the caller skips those.
        """
        if self._cards is None:
            self._build()
        assert self._cards is not None
        cards: list[str] = []
        links: list[str] = []
        margin = CELL
        for cell in cells_of_rect(left - margin, top - margin, right + margin, bottom + margin):
            cards += self._cards.pop(cell, ())
            links += self._links.pop(cell, ())
        return cards, links

    def _build(self) -> None:
        # Tens of thousands of small lists: the cycle collector would walk the whole
        # board model again and again while nothing made here can be garbage.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._cards, self._links = self._sort()
        finally:
            if collecting:
                gc.enable()

    def _sort(self) -> tuple[dict[Cell, list[str]], dict[Cell, list[str]]]:
        inv, floor = 1.0 / CELL, math.floor
        cards: dict[Cell, list[str]] = {}
        centres: dict[str, tuple[float, float]] = {}
        for card in self._board.cards.values():
            g = card.geometry
            c0, r0 = floor(g.x * inv), floor(g.y * inv)
            c1, r1 = floor((g.x + g.width) * inv), floor((g.y + g.height) * inv)
            if c0 == c1 and r0 == r1:
                cards.setdefault((c0, r0), []).append(card.id)
            else:
                for cell in cells_of_rect(g.x, g.y, g.x + g.width, g.y + g.height):
                    cards.setdefault(cell, []).append(card.id)
            centres[card.id] = (g.x + g.width / 2, g.y + g.height / 2)
        links: dict[Cell, list[str]] = {}
        for link in self._board.links.values():
            ax, ay = centres[link.source]
            bx, by = centres[link.target]
            c0, r0, c1, r1 = floor(ax * inv), floor(ay * inv), floor(bx * inv), floor(by * inv)
            if c0 == c1 and r0 == r1:
                links.setdefault((c0, r0), []).append(link.id)
            else:
                for cell in cells_of_segment(ax, ay, bx, by):
                    links.setdefault(cell, []).append(link.id)
        return cards, links
