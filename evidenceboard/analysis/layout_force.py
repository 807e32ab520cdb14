"""Force-directed auto-layout: Fruchterman-Reingold with grid-limited repulsion, on numpy.

networkx's ``spring_layout`` compares every pair of cards (O(n^2)) and takes minutes on
10,000 cards; the fast permissive alternatives are either GPL (igraph, fa2) or separate
programs (graphviz). This is Fruchterman and Reingold's own "grid variant": cards repel
only cards within ``2k`` (k = the ideal distance), found through a uniform grid of
``2k`` cells, so each iteration costs time linear in the cards and links. The pair
search and the force sums are whole-array numpy operations (sort, searchsorted,
bincount), not Python loops.

The layout starts from the cards' current positions (cards stacked on one point are
spread by a small seeded jitter, so the result is repeatable). Pinned cards, and cards
outside the selection that are linked to it, take part as fixed anchors: they pull and
push the moving cards but stay where they are. With no anchors the selection keeps its
centre, so it does not wander across the canvas.
"""

import math
import random
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from evidenceboard.analysis.layout_moves import (
    CancelCheck,
    LayoutCancelled,
    ProgressCallback,
    moves_to,
    selected_cards,
)
from evidenceboard.model.board import Board
from evidenceboard.model.changes import MoveCards

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Ideal distance between linked cards, in card diagonals.
SPACING = 1.5
DEFAULT_ITERATIONS = 50


def _neighbour_pairs(pos: FloatArray, cell: float, query: IntArray) -> tuple[IntArray, IntArray]:
    """Pairs (i, j), i in ``query``, j != i, of points in the same or adjacent grid cells."""
    grid = np.floor(pos / cell).astype(np.int64)
    grid -= grid.min(axis=0) - 1
    stride = int(grid[:, 1].max()) + 2
    keys = grid[:, 0] * stride + grid[:, 1]
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    firsts: list[IntArray] = []
    seconds: list[IntArray] = []
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            wanted = keys[query] + dx * stride + dy
            start = np.searchsorted(sorted_keys, wanted, side="left")
            end = np.searchsorted(sorted_keys, wanted, side="right")
            counts = end - start
            total = int(counts.sum())
            if total == 0:
                continue
            first = np.repeat(query, counts)
            # Position of each pair inside the run of its own point, added to the start.
            run_start = np.repeat(np.cumsum(counts) - counts, counts)
            offsets = np.arange(total, dtype=np.int64) - run_start + np.repeat(start, counts)
            firsts.append(first)
            seconds.append(order[offsets])
    if not firsts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    i = np.concatenate(firsts)
    j = np.concatenate(seconds)
    keep = i != j
    return i[keep], j[keep]


def _spread_duplicates(pos: FloatArray, k: float, seed: int) -> FloatArray:
    """Jitter cards that sit on exactly the same point, so forces have a direction."""
    _, first_index, counts = np.unique(pos, axis=0, return_index=True, return_counts=True)
    if int(counts.max(initial=1)) == 1:
        return pos
    # The standard library's generator: a few jitters need no numpy.random, which the
    # frozen app then leaves out (2.5 MB).
    rng = random.Random(seed)
    duplicate = np.ones(len(pos), dtype=bool)
    duplicate[first_index] = False
    spread = pos.copy()
    jitter = [rng.uniform(-k, k) for _ in range(2 * int(duplicate.sum()))]
    spread[duplicate] += np.array(jitter, dtype=float).reshape(-1, 2)
    return spread


def fruchterman_reingold(
    pos: FloatArray,
    edges: IntArray,
    weights: FloatArray,
    fixed: npt.NDArray[np.bool_],
    k: float,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    should_cancel: CancelCheck | None = None,
    on_progress: ProgressCallback | None = None,
) -> FloatArray:
    """Run the grid variant on centre points; ``edges`` is an (m, 2) array of indices."""
    pos = pos.copy()
    n = len(pos)
    moving = ~fixed
    if n < 2 or not moving.any():
        return pos
    # Fixed cards push and pull but never move, so only forces on moving cards are summed.
    query = np.flatnonzero(moving).astype(np.int64)
    temperature = k * max(1.0, math.sqrt(float(moving.sum())) / 4.0)
    cooling = temperature / iterations
    reach = 2.0 * k
    for step in range(iterations):
        if should_cancel is not None and should_cancel():
            raise LayoutCancelled
        i, j = _neighbour_pairs(pos, reach, query)
        delta = pos[i] - pos[j]
        dist2 = np.maximum((delta**2).sum(axis=1), 1e-4)
        near = dist2 < reach * reach
        # Repulsion k^2/d along the unit vector is k^2 * delta / d^2.
        push = (k * k / dist2[near])[:, None] * delta[near]
        disp = np.zeros_like(pos)
        disp[:, 0] = np.bincount(i[near], weights=push[:, 0], minlength=n)
        disp[:, 1] = np.bincount(i[near], weights=push[:, 1], minlength=n)
        if len(edges):
            u, v = edges[:, 0], edges[:, 1]
            delta = pos[u] - pos[v]
            dist = np.sqrt(np.maximum((delta**2).sum(axis=1), 1e-4))
            # Attraction d^2/k along the unit vector is delta * d / k.
            pull = (dist * weights / k)[:, None] * delta
            disp[:, 0] += np.bincount(v, weights=pull[:, 0], minlength=n)
            disp[:, 0] -= np.bincount(u, weights=pull[:, 0], minlength=n)
            disp[:, 1] += np.bincount(v, weights=pull[:, 1], minlength=n)
            disp[:, 1] -= np.bincount(u, weights=pull[:, 1], minlength=n)
        length = np.sqrt(np.maximum((disp**2).sum(axis=1), 1e-9))
        scale = np.minimum(length, temperature) / length
        pos[moving] += disp[moving] * scale[moving, None]
        temperature = max(temperature - cooling, k * 0.01)
        if on_progress is not None:
            on_progress((step + 1) / iterations)
    return pos


def force_layout(
    board: Board,
    card_ids: Iterable[str] | None = None,
    *,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int = 0,
    should_cancel: CancelCheck | None = None,
    on_progress: ProgressCallback | None = None,
) -> MoveCards:
    """Arrange the selected cards (or the whole board) by their links, as one change.

    Raises :class:`LayoutCancelled` when ``should_cancel`` returns True between iterations.
    """
    selection = selected_cards(board, card_ids)
    if not selection:
        return MoveCards(())
    index = {card.id: i for i, card in enumerate(selection)}
    cards = list(selection)
    link_ends: list[tuple[int, int]] = []
    link_weights: list[float] = []
    whole_board = len(selection) == len(board.cards)
    links = (
        board.links.values()
        if whole_board
        else {link.id: link for c in selection for link in board.links_of(c.id)}.values()
    )
    for link in links:
        for end in (link.source, link.target):
            if end not in index:
                index[end] = len(cards)
                cards.append(board.cards[end])
        link_ends.append((index[link.source], index[link.target]))
        link_weights.append(link.strength.weight)

    pos = np.array(
        [
            (c.geometry.x + c.geometry.width / 2, c.geometry.y + c.geometry.height / 2)
            for c in cards
        ],
        dtype=np.float64,
    )
    fixed = np.array([c.pinned for c in cards], dtype=bool)
    fixed[len(selection) :] = True
    diagonal = float(np.mean([math.hypot(c.geometry.width, c.geometry.height) for c in cards]))
    k = SPACING * diagonal
    start = _spread_duplicates(pos, k, seed)
    edges = np.array(link_ends, dtype=np.int64).reshape(-1, 2)
    result = fruchterman_reingold(
        start,
        edges,
        np.array(link_weights, dtype=np.float64),
        fixed,
        k,
        iterations=iterations,
        should_cancel=should_cancel,
        on_progress=on_progress,
    )
    moving = ~fixed
    if fixed.sum() == 0:
        result += pos[moving].mean(axis=0) - result[moving].mean(axis=0)
    return moves_to(
        board,
        {
            c.id: (
                float(result[i, 0]) - c.geometry.width / 2,
                float(result[i, 1]) - c.geometry.height / 2,
            )
            for i, c in enumerate(selection)
            if moving[i]
        },
    )
