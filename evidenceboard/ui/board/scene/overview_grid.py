"""The overview's plain data: boxes and lines in arrays, sorted into square cells.

The overview draws a board before its model exists (from a
:class:`~evidenceboard.storage.sketch.BoardSketch`) and after (from the
:class:`Board`), so it works from the same arrays either way: one row per card box
and one per link line, with a kind code each. Sorting them into cells is a handful of
numpy passes (cell ranges, one repeat for the few shapes that touch several cells, one
argsort by cell and kind) instead of a Python loop over every card and link, which
took 0.13 s on a board of 10,000 cards and over a second on one of 100,000.

No Qt here: the item turns a cell's index arrays into Qt shapes when it first draws
that cell.
"""

from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np
from numpy.typing import NDArray

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.sketch import CARD_KINDS, LINK_KINDS, BoardSketch

Cell = tuple[int, int]
#: Indices into :attr:`Shapes.rects` or :attr:`Shapes.lines`, per kind code, kind order.
Groups = list[tuple[int, NDArray[np.intp]]]

_CARD_CODES = {kind: code for code, kind in enumerate(CARD_KINDS)}
_LINK_CODES = {kind: code for code, kind in enumerate(LINK_KINDS)}


@dataclass(frozen=True, eq=False)
class Shapes:
    """Card boxes ``(x, y, width, height)`` and link lines ``(ax, ay, bx, by)``."""

    rects: NDArray[np.float64]
    rect_kinds: NDArray[np.int8]
    lines: NDArray[np.float64]
    line_kinds: NDArray[np.int8]

    @classmethod
    def empty(cls) -> "Shapes":
        none = np.zeros((0, 4), dtype=np.float64)
        return cls(none, np.zeros(0, dtype=np.int8), none, np.zeros(0, dtype=np.int8))

    @classmethod
    def from_sketch(cls, sketch: BoardSketch) -> "Shapes":
        rects = np.stack([sketch.x, sketch.y, sketch.width, sketch.height], axis=1)
        return cls._with_links(
            rects, sketch.card_kinds, sketch.link_sources, sketch.link_targets, sketch.link_kinds
        )

    @classmethod
    def from_board(cls, board: Board) -> "Shapes":
        # map() with attrgetter and dict lookups runs without a Python frame per item:
        # on 100,000 cards and 200,000 links generator expressions took 0.5 s here.
        cards = list(board.cards.values())
        boxes = list(map(attrgetter("geometry"), cards))
        rects = np.array(list(map(attrgetter("x", "y", "width", "height"), boxes)), np.float64)
        kinds = np.fromiter(
            map(_CARD_CODES.__getitem__, map(attrgetter("kind"), cards)), np.int8, len(cards)
        )
        index = {card_id: i for i, card_id in enumerate(board.cards)}
        links = list(board.links.values())
        count = len(links)
        at = index.__getitem__
        sources = np.fromiter(map(at, map(attrgetter("source"), links)), np.intp, count)
        targets = np.fromiter(map(at, map(attrgetter("target"), links)), np.intp, count)
        link_kinds = np.fromiter(
            map(_LINK_CODES.__getitem__, map(attrgetter("kind"), links)), np.int8, count
        )
        return cls._with_links(rects.reshape(-1, 4), kinds, sources, targets, link_kinds)

    @classmethod
    def _with_links(
        cls,
        rects: NDArray[np.float64],
        rect_kinds: NDArray[np.int8],
        sources: NDArray[np.intp],
        targets: NDArray[np.intp],
        line_kinds: NDArray[np.int8],
    ) -> "Shapes":
        # Links run between the centres of their cards.
        centres = rects[:, :2] + rects[:, 2:] / 2
        lines = np.concatenate([centres[sources], centres[targets]], axis=1).reshape(-1, 4)
        return cls(rects, rect_kinds, lines, line_kinds)

    def bounds(self) -> tuple[float, float, float, float] | None:
        """``(left, top, right, bottom)`` of every card, or None for an empty board."""
        if not len(self.rects):
            return None
        left, top = self.rects[:, 0].min(), self.rects[:, 1].min()
        right = (self.rects[:, 0] + self.rects[:, 2]).max()
        bottom = (self.rects[:, 1] + self.rects[:, 3]).max()
        return float(left), float(top), float(right), float(bottom)


@dataclass
class CellContent:
    """What touches one cell, as index groups per kind."""

    rects: Groups = field(default_factory=list)
    lines: Groups = field(default_factory=list)


@dataclass
class Grid:
    cells: dict[Cell, CellContent]
    #: Lines whose bounding box spans too many cells: drawn into every cell instead.
    everywhere: Groups


def cell_spans(
    left: NDArray[np.float64],
    top: NDArray[np.float64],
    right: NDArray[np.float64],
    bottom: NDArray[np.float64],
    tile: float,
) -> tuple[NDArray[np.int64], ...]:
    c0, r0 = np.floor(left / tile).astype(np.int64), np.floor(top / tile).astype(np.int64)
    c1, r1 = np.floor(right / tile).astype(np.int64), np.floor(bottom / tile).astype(np.int64)
    return c0, r0, c1 - c0 + 1, r1 - r0 + 1


def cells_touched(
    items: NDArray[np.intp],
    c0: NDArray[np.int64],
    r0: NDArray[np.int64],
    columns: NDArray[np.int64],
    rows: NDArray[np.int64],
) -> tuple[NDArray[np.intp], NDArray[np.int64], NDArray[np.int64]]:
    """One ``(item, column, row)`` entry per cell each item's box touches."""
    count = columns * rows
    if not count.size or int(count.max()) == 1:
        return items, c0, r0
    item_at = np.repeat(np.arange(len(items)), count)
    first = np.repeat(np.cumsum(count) - count, count)
    within = np.arange(int(count.sum())) - first
    spread = columns[item_at]
    return items[item_at], c0[item_at] + within % spread, r0[item_at] + within // spread


def _group(
    items: NDArray[np.intp],
    columns: NDArray[np.int64],
    rows: NDArray[np.int64],
    kinds: NDArray[np.int8],
    kind_count: int,
) -> dict[Cell, Groups]:
    """Items by cell, then by kind in kind order, each group in the items' own order."""
    if not items.size:
        return {}
    c_min, r_min = int(columns.min()), int(rows.min())
    height = int(rows.max()) - r_min + 1
    key = ((columns - c_min) * height + (rows - r_min)) * kind_count + kinds[items]
    order = np.argsort(key, kind="stable")
    key, items = key[order], items[order]
    starts = np.flatnonzero(np.diff(key, prepend=-1))
    ends = np.append(starts[1:], len(key))
    grouped: dict[Cell, Groups] = {}
    for start, end, value in zip(starts.tolist(), ends.tolist(), key[starts].tolist(), strict=True):
        place, kind = divmod(value, kind_count)
        column, row = divmod(place, height)
        cell = (column + c_min, row + r_min)
        grouped.setdefault(cell, []).append((kind, items[start:end]))
    return grouped


def by_kind(kinds: NDArray[np.int8], items: NDArray[np.intp], kind_count: int) -> Groups:
    """``items`` grouped by kind, in kind order."""
    order = np.argsort(kinds[items], kind="stable")
    sorted_items = items[order]
    counts = np.bincount(kinds[sorted_items], minlength=kind_count)
    groups: Groups = []
    start = 0
    for kind, count in enumerate(counts.tolist()):
        if count:
            groups.append((kind, sorted_items[start : start + count]))
        start += count
    return groups


def build_grid(shapes: Shapes, tile: float, span_cells: int) -> Grid:
    """Sort every box and line into the ``tile``-sized cells its bounding box touches."""
    rects, lines = shapes.rects, shapes.lines
    c0, r0, columns, rows = cell_spans(
        rects[:, 0], rects[:, 1], rects[:, 0] + rects[:, 2], rects[:, 1] + rects[:, 3], tile
    )
    card_items = cells_touched(np.arange(len(rects)), c0, r0, columns, rows)
    ax, ay, bx, by = lines[:, 0], lines[:, 1], lines[:, 2], lines[:, 3]
    c0, r0, columns, rows = cell_spans(
        np.minimum(ax, bx), np.minimum(ay, by), np.maximum(ax, bx), np.maximum(ay, by), tile
    )
    long = columns * rows > span_cells
    short = np.flatnonzero(~long)
    line_items = cells_touched(short, c0[short], r0[short], columns[short], rows[short])
    everywhere = by_kind(shapes.line_kinds, np.flatnonzero(long), len(LinkKind))
    cells: dict[Cell, CellContent] = {}
    for cell, groups in _group(*card_items, shapes.rect_kinds, len(CardKind)).items():
        cells[cell] = CellContent(rects=groups)
    for cell, groups in _group(*line_items, shapes.line_kinds, len(LinkKind)).items():
        cells.setdefault(cell, CellContent()).lines = groups
    # No cell is made for the long lines alone: a board spread over the largest extent
    # allowed would need tens of millions of them. The item draws cells that are not
    # here as empty ones when there are long lines.
    return Grid(cells, everywhere)
