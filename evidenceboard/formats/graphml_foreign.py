"""Another program's GraphML graph as notes: titles from its names, places from its layout.

Programs keep a node's name under different attributes: ``label`` (Gephi, networkx),
``name`` and ``shared name`` (Cytoscape), ``title``, ``tooltip``, or yEd's
``y:NodeLabel`` (read as ``label`` by :mod:`evidenceboard.formats.graphml_reading`).
The first of those, in that order and without regard to case, that holds text is the
title; otherwise the node's id. A ``description`` becomes the note's text, and an
edge's ``label`` (yEd's ``y:EdgeLabel``, Gephi's ``Edge Label``) its link's rationale.

The drawing is kept: yEd's ``y:Geometry`` (a box, y downwards) or numeric ``x`` and
``y`` attributes (Gephi's centre of the node) place each card's centre, in the file's
own orientation. A graph's units are not a board's: yEd draws 30-unit nodes and a card
is 240 wide, so one scale is applied to every position, the smallest (at least 1) that
keeps apart the cards of close nodes. The pairs looked at are each node's next
:data:`_NEIGHBOURS` in left-to-right order, so the work stays linear in the nodes;
two nodes drawn on the same spot would need an infinite scale, so it is capped at
:data:`MAX_SCALE`. Nodes without a position go on a grid below the drawing.
"""

import math
from collections.abc import Mapping
from typing import Any

from evidenceboard.formats.graphml_reading import GraphData
from evidenceboard.model.cards import DEFAULT_HEIGHT, DEFAULT_WIDTH, MAX_COORDINATE, clean_line

TITLE_KEYS = ("label", "name", "shared name", "title", "tooltip")
EDGE_LABEL_KEYS = ("label", "edge label", "name")
#: Room kept between two cards placed from a drawing.
GAP = 40.0
#: The largest scale applied to a drawing.
MAX_SCALE = 50.0
_NEIGHBOURS = 12
_GRID = (280.0, 180.0)


def _text_of(attrs: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    folded = {str(k).casefold(): v for k, v in attrs.items()}
    for key in keys:
        value = folded.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def node_title(node_id: str, attrs: Mapping[str, Any]) -> str:
    return clean_line((_text_of(attrs, TITLE_KEYS) or node_id)[:1000])


def node_text(attrs: Mapping[str, Any]) -> str:
    return _text_of(attrs, ("description",))[:1_000_000]


def edge_rationale(attrs: Mapping[str, Any]) -> str:
    return clean_line(_text_of(attrs, EDGE_LABEL_KEYS))[:2000]


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and abs(number) <= MAX_COORDINATE else None


def _centre(node_id: str, attrs: Mapping[str, Any], graph: GraphData) -> tuple[float, float] | None:
    box = graph.geometry.get(node_id)
    if box is not None:
        x, y, width, height = box
        return (x + width / 2, y + height / 2)
    left, top = _number(attrs.get("x")), _number(attrs.get("y"))
    return (left, top) if left is not None and top is not None else None


def _scale(centres: list[tuple[float, float]]) -> float:
    import numpy as np

    if len(centres) < 2:
        return 1.0
    points = np.array(centres, dtype=np.float64)
    points = points[np.lexsort((points[:, 1], points[:, 0]))]
    scale = 1.0
    for step in range(1, min(_NEIGHBOURS, len(points) - 1) + 1):
        apart = np.abs(points[step:] - points[:-step])
        with np.errstate(divide="ignore"):
            # A pair's cards stay apart once either distance, scaled, leaves room.
            needed = np.minimum(
                (DEFAULT_WIDTH + GAP) / apart[:, 0], (DEFAULT_HEIGHT + GAP) / apart[:, 1]
            )
        scale = max(scale, float(np.max(needed)))
        if scale >= MAX_SCALE:
            return MAX_SCALE
    return scale


def _clamped(value: float) -> float:
    return min(max(value, -MAX_COORDINATE + DEFAULT_WIDTH), MAX_COORDINATE - DEFAULT_WIDTH)


def node_places(graph: GraphData) -> list[tuple[float, float]]:
    """Each node's card's top-left corner, in the order of ``graph.nodes``."""
    centres = [_centre(node_id, attrs, graph) for node_id, attrs in graph.nodes.items()]
    known = [c for c in centres if c is not None]
    if not known:
        return [((i % 20) * _GRID[0], (i // 20) * _GRID[1]) for i in range(len(graph.nodes))]
    scale = _scale(known)
    left = min(x for x, _ in known) * scale - DEFAULT_WIDTH / 2
    top = min(y for _, y in known) * scale - DEFAULT_HEIGHT / 2
    below = max(y for _, y in known) * scale - top + DEFAULT_HEIGHT / 2 + GAP * 2
    places: list[tuple[float, float]] = []
    unplaced = 0
    for centre in centres:
        if centre is None:
            column, row = unplaced % 20, unplaced // 20
            places.append((column * _GRID[0], below + row * _GRID[1]))
            unplaced += 1
        else:
            x = centre[0] * scale - DEFAULT_WIDTH / 2 - left
            y = centre[1] * scale - DEFAULT_HEIGHT / 2 - top
            places.append((_clamped(x), _clamped(y)))
    return places
