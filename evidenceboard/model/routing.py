"""Route links around the cards they do not join: for the canvas and the brief's diagram.

A straight line drawn behind an unrelated card reads as a link to it. Each link is
tried straight; when that crosses another card, the shortest path with one bend (at a
corner of a card in the way, just clear of it) that crosses none is used, and failing
that a path with two bends beside the source and target. The rare link that no such
path clears keeps the straight line.

Coordinates are either way up: a :class:`Rect`'s ``bottom`` is its least y and ``top``
its greatest, so the brief passes page points (y up) and the canvas scene units (y
down). :class:`Obstacles` keeps a board's cards in a grid, so that a link is tested
against the cards near it rather than against every card of the board.
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

Point = tuple[float, float]

#: How far a bend stays from the corner of the card it goes around, in points.
CLEARANCE = 5.0


class Rect(NamedTuple):
    left: float
    bottom: float
    right: float
    top: float

    def grown(self, by: float) -> "Rect":
        return Rect(self.left - by, self.bottom - by, self.right + by, self.top + by)


def clip_interval(a: Point, b: Point, rect: Rect) -> tuple[float, float] | None:
    """Where the segment from ``a`` to ``b`` is inside ``rect`` (Liang-Barsky).

    The fractions of the way from ``a`` to ``b`` between which it is inside, ``0 <= t0 <=
    t1 <= 1``, or None when it misses.
    """
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in (
        (-dx, a[0] - rect.left),
        (dx, rect.right - a[0]),
        (-dy, a[1] - rect.bottom),
        (dy, rect.top - a[1]),
    ):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return low, high


def segment_hits(a: Point, b: Point, rect: Rect) -> bool:
    """Whether the segment from ``a`` to ``b`` passes through ``rect``."""
    if max(a[0], b[0]) < rect.left or min(a[0], b[0]) > rect.right:
        return False
    if max(a[1], b[1]) < rect.bottom or min(a[1], b[1]) > rect.top:
        return False
    return clip_interval(a, b, rect) is not None


def _clear(path: Sequence[Point], obstacles: Sequence[Rect]) -> bool:
    return not any(
        segment_hits(path[i], path[i + 1], rect) for i in range(len(path) - 1) for rect in obstacles
    )


def _length(path: Sequence[Point]) -> float:
    return sum(math.dist(path[i], path[i + 1]) for i in range(len(path) - 1))


def _corners(rect: Rect, clearance: float) -> list[Point]:
    r = rect.grown(clearance)
    return [(r.left, r.bottom), (r.left, r.top), (r.right, r.bottom), (r.right, r.top)]


def route(
    start: Point,
    end: Point,
    obstacles: Sequence[Rect],
    *,
    most_in_the_way: int | None = None,
    clearance: float = CLEARANCE,
) -> list[Point]:
    """A path from ``start`` to ``end`` that avoids ``obstacles`` where it can.

    ``most_in_the_way``: a line crossing more cards than this stays straight. One or two
    bends cannot take a line across a crowd of cards, and the search grows with the
    square of the cards in the way, so the canvas, which routes as it draws, sets it.
    ``clearance``: how far a bend stays from the corner it goes around.
    """
    straight = [start, end]
    blocking = [r for r in obstacles if segment_hits(start, end, r)]
    if not blocking or (most_in_the_way is not None and len(blocking) > most_in_the_way):
        return straight
    candidates = [p for rect in blocking for p in _corners(rect, clearance)]
    # Only cards within reach of the candidate paths can be in their way.
    xs = [start[0], end[0], *(c[0] for c in candidates)]
    ys = [start[1], end[1], *(c[1] for c in candidates)]
    near = [
        r
        for r in obstacles
        if r.right >= min(xs) and r.left <= max(xs) and r.top >= min(ys) and r.bottom <= max(ys)
    ]
    best: list[Point] | None = None
    for bend in candidates:
        path = [start, bend, end]
        if (best is None or _length(path) < _length(best)) and _clear(path, near):
            best = path
    if best is not None:
        return best
    for first in candidates:
        for second in candidates:
            path = [start, first, second, end]
            if (best is None or _length(path) < _length(best)) and _clear(path, near):
                best = path
    return best if best is not None else straight


class Obstacles:
    """Named rectangles in a grid of square cells, to find those near a segment quickly."""

    def __init__(
        self, rects: Mapping[str, Rect], cell: float = 400.0, clearance: float = CLEARANCE
    ) -> None:
        self._cell = cell
        self._grid: dict[tuple[int, int], list[tuple[str, Rect]]] = {}
        #: How far a path around a card in the way can stray from the straight line.
        self.reach = clearance
        for name, rect in rects.items():
            self.reach = max(self.reach, rect.right - rect.left, rect.top - rect.bottom)
            for key in self._cells(rect.left, rect.bottom, rect.right, rect.top):
                self._grid.setdefault(key, []).append((name, rect))
        self.reach += 2 * clearance

    def _cells(
        self, left: float, bottom: float, right: float, top: float
    ) -> Iterable[tuple[int, int]]:
        c = self._cell
        for i in range(math.floor(left / c), math.floor(right / c) + 1):
            for j in range(math.floor(bottom / c), math.floor(top / c) + 1):
                yield i, j

    def near(self, a: Point, b: Point, *, leave_out: Iterable[str] = ()) -> list[Rect]:
        """The rectangles a path from ``a`` to ``b`` around the ones in its way may cross."""
        skip = set(leave_out)
        r = self.reach
        left, right = min(a[0], b[0]) - r, max(a[0], b[0]) + r
        bottom, top = min(a[1], b[1]) - r, max(a[1], b[1]) + r
        seen: set[str] = set()
        out: list[Rect] = []
        for key in self._cells(left, bottom, right, top):
            for name, rect in self._grid.get(key, ()):
                if name not in seen and name not in skip:
                    seen.add(name)
                    out.append(rect)
        return out
