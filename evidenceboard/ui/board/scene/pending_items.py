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

import math
from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from evidenceboard.model.board import Board
from evidenceboard.model.collector_pause import collector_paused
from evidenceboard.ui.board.scene.overview_grid import Shapes, cell_spans, cells_touched

#: Side of a cell, in scene units (two or three cards across on a dense board).
CELL = 750.0
#: Links sampled more often than this (32 cells long) are tested geometrically instead.
LONG_STEPS = 64

Cell = tuple[int, int]


def cells_of_rect(left: float, top: float, right: float, bottom: float) -> Iterable[Cell]:
    c0, c1 = math.floor(left / CELL), math.floor(right / CELL)
    r0, r1 = math.floor(top / CELL), math.floor(bottom / CELL)
    return ((c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1))


def _steps(lines: NDArray[np.float64]) -> NDArray[np.int64]:
    """Samples per line, one every half cell."""
    length = np.hypot(lines[:, 2] - lines[:, 0], lines[:, 3] - lines[:, 1])
    return np.maximum(1, np.ceil(length / (CELL / 2))).astype(np.int64)


def _segment_cells(
    lines: NDArray[np.float64], steps: NDArray[np.int64]
) -> tuple[NDArray[np.intp], NDArray[np.int64], NDArray[np.int64]]:
    """``(line, column, row)`` for the cells along each line, sampled ``steps`` times.

    A sample can miss a cell the line only clips at a corner, but every point of the
    line lies within a quarter cell of a sample, so the line stays within the sampled
    cells and their neighbours; :meth:`PendingItems.take` looks one cell beyond the
    rect it is asked for.
    """
    ax, ay, bx, by = lines[:, 0], lines[:, 1], lines[:, 2], lines[:, 3]
    line_at = np.repeat(np.arange(len(lines)), steps + 1)
    first = np.repeat(np.cumsum(steps + 1) - (steps + 1), steps + 1)
    t = (np.arange(len(line_at)) - first) / steps[line_at]
    columns = np.floor((ax[line_at] + (bx - ax)[line_at] * t) / CELL).astype(np.int64)
    rows = np.floor((ay[line_at] + (by - ay)[line_at] * t) / CELL).astype(np.int64)
    # Consecutive samples of one line mostly fall in the same cell: keep one entry.
    new = np.ones(len(line_at), dtype=bool)
    new[1:] = line_at[1:] != line_at[:-1]
    new[1:] |= (columns[1:] != columns[:-1]) | (rows[1:] != rows[:-1])
    return line_at[new], columns[new], rows[new]


def _crossing(
    lines: NDArray[np.float64], left: float, top: float, right: float, bottom: float
) -> NDArray[np.bool_]:
    """Which segments have a point in the rect: their boxes overlap and the rect's
    corners are not all on one side of the segment's line (exact, no sampling)."""
    ax, ay, bx, by = lines[:, 0], lines[:, 1], lines[:, 2], lines[:, 3]
    boxes = (
        (np.maximum(ax, bx) >= left)
        & (np.minimum(ax, bx) <= right)
        & (np.maximum(ay, by) >= top)
        & (np.minimum(ay, by) <= bottom)
    )
    sides = [
        (bx - ax) * (y - ay) - (by - ay) * (x - ax)
        for x, y in ((left, top), (right, top), (right, bottom), (left, bottom))
    ]
    above = np.all([side > 0 for side in sides], axis=0)
    below = np.all([side < 0 for side in sides], axis=0)
    result: NDArray[np.bool_] = boxes & ~above & ~below
    return result


def _by_cell(
    ids: NDArray[np.object_],
    items: NDArray[np.intp],
    columns: NDArray[np.int64],
    rows: NDArray[np.int64],
) -> dict[Cell, list[str]]:
    if not items.size:
        return {}
    c_min, r_min = int(columns.min()), int(rows.min())
    height = int(rows.max()) - r_min + 1
    key = (columns - c_min) * height + (rows - r_min)
    order = np.argsort(key, kind="stable")
    key, names = key[order], ids[items[order]]
    starts = np.flatnonzero(np.diff(key, prepend=-1))
    ends = np.append(starts[1:], len(key))
    cells: dict[Cell, list[str]] = {}
    for start, end, value in zip(starts.tolist(), ends.tolist(), key[starts].tolist(), strict=True):
        column, row = divmod(value, height)
        cells[(column + c_min, row + r_min)] = names[start:end].tolist()
    return cells


class PendingItems:
    """Card and link ids without an item, sorted into cells; built on first use."""

    def __init__(self, board: Board) -> None:
        self._board = board
        self._cards: dict[Cell, list[str]] | None = None
        self._links: dict[Cell, list[str]] = {}
        #: Links across more than ``LONG_STEPS`` half cells, tested against each rect.
        self._long_ids: NDArray[np.object_] = np.zeros(0, dtype=object)
        self._long_lines: NDArray[np.float64] = np.zeros((0, 4), dtype=np.float64)

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
        if self._long_ids.size:
            hit = _crossing(self._long_lines, left, top, right, bottom)
            links += self._long_ids[hit].tolist()
            self._long_ids, self._long_lines = self._long_ids[~hit], self._long_lines[~hit]
        return cards, links

    def _build(self) -> None:
        # Tens of thousands of id lists: the cycle collector would walk the whole board
        # model again and again while nothing made here can be garbage.
        with collector_paused():
            self._sort()

    def _sort(self) -> None:
        # In arrays, as the overview sorts its cells: a Python loop over every card and
        # link took 0.6-0.8 s on a board of 100,000 cards, at the first zoom-in.
        board = self._board
        shapes = Shapes.from_board(board)
        card_ids = np.array(list(board.cards), dtype=object)
        link_ids = np.array(list(board.links), dtype=object)
        rects = shapes.rects
        c0, r0, columns, rows = cell_spans(
            rects[:, 0], rects[:, 1], rects[:, 0] + rects[:, 2], rects[:, 1] + rects[:, 3], CELL
        )
        self._cards = _by_cell(
            card_ids, *cells_touched(np.arange(len(rects)), c0, r0, columns, rows)
        )
        # Long links are kept apart: sampled, one across a board of the largest extent a
        # board may have would take tens of thousands of entries, and a board file built
        # to be opened could make the first zoom-in run out of memory.
        steps = _steps(shapes.lines)
        long = steps > LONG_STEPS
        short = ~long
        self._links = _by_cell(link_ids[short], *_segment_cells(shapes.lines[short], steps[short]))
        self._long_ids, self._long_lines = link_ids[long], shapes.lines[long]
