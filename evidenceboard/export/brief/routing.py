"""Route the diagram's links around the cards they do not join.

A straight line drawn behind an unrelated card reads as a link to it. Each link is
tried straight; when that crosses another card, the shortest path with one bend (at a
corner of a card in the way, just clear of it) that crosses none is used, and failing
that a path with two bends beside the source and target. The rare link that no such
path clears keeps the straight line. Coordinates are page points, y growing upwards.
"""

import math
from collections.abc import Sequence
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


def segment_hits(a: Point, b: Point, rect: Rect) -> bool:
    """Whether the segment from ``a`` to ``b`` passes through ``rect`` (Liang-Barsky)."""
    if max(a[0], b[0]) < rect.left or min(a[0], b[0]) > rect.right:
        return False
    if max(a[1], b[1]) < rect.bottom or min(a[1], b[1]) > rect.top:
        return False
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
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _clear(path: Sequence[Point], obstacles: Sequence[Rect]) -> bool:
    return not any(
        segment_hits(path[i], path[i + 1], rect) for i in range(len(path) - 1) for rect in obstacles
    )


def _length(path: Sequence[Point]) -> float:
    return sum(math.dist(path[i], path[i + 1]) for i in range(len(path) - 1))


def _corners(rect: Rect) -> list[Point]:
    r = rect.grown(CLEARANCE)
    return [(r.left, r.bottom), (r.left, r.top), (r.right, r.bottom), (r.right, r.top)]


def route(start: Point, end: Point, obstacles: Sequence[Rect]) -> list[Point]:
    """A path from ``start`` to ``end`` that avoids ``obstacles`` where it can."""
    straight = [start, end]
    blocking = [r for r in obstacles if segment_hits(start, end, r)]
    if not blocking:
        return straight
    candidates = [p for rect in blocking for p in _corners(rect)]
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
