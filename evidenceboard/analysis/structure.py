"""Structure of the board: clusters of linked cards, orphans, and the most central items.

Clusters are the connected groups of the board read as an undirected graph (every link
kind counts). Centrality is PageRank on that undirected graph, each link weighted by its
strength. networkx's own ``pagerank`` needs scipy; a power iteration over numpy arrays
is a few lines, runs in milliseconds on 10,000 cards and keeps scipy out of the app.
The clusters are a plain breadth-first walk: networkx for this alone would double the
start-up of the ``analyze`` command. Only the JSON of the analysis reads the centrality,
so it is computed (and numpy loaded) when it is first asked for, not with every
analysis: the text of ``analyze``, the brief and the window never pay for it.
"""

from dataclasses import dataclass, field
from functools import cached_property

from evidenceboard.model.board import Board

DAMPING = 0.85
_TOLERANCE = 1e-9
_MAX_ITERATIONS = 100


@dataclass(frozen=True)
class Structure:
    #: Connected groups of two or more cards, largest first, each sorted by id.
    clusters: tuple[tuple[str, ...], ...]
    #: Cards with no link at all, by id.
    orphans: tuple[str, ...]
    #: What the centrality is computed from: the card ids, sorted, and each link's ends
    #: and weight.
    card_ids: tuple[str, ...] = field(repr=False)
    edges: tuple[tuple[str, str, float], ...] = field(repr=False)
    #: How many of the most central cards :attr:`central` lists.
    top: int = 10

    @cached_property
    def central(self) -> tuple[tuple[str, float], ...]:
        """The most central cards, best first, with their PageRank."""
        ranks = pagerank(list(self.card_ids), list(self.edges)) if self.edges else {}
        best = sorted(ranks.items(), key=lambda item: (-item[1], item[0]))[: self.top]
        return tuple((card_id, round(score, 6)) for card_id, score in best)


def pagerank(node_ids: list[str], edges: list[tuple[str, str, float]]) -> dict[str, float]:
    """PageRank of an undirected weighted graph; dangling mass is spread evenly."""
    n = len(node_ids)
    if n == 0:
        return {}
    import numpy as np

    index = {node: i for i, node in enumerate(node_ids)}
    src = np.fromiter((index[a] for a, _b, _w in edges), dtype=np.int64, count=len(edges))
    dst = np.fromiter((index[b] for _a, b, _w in edges), dtype=np.int64, count=len(edges))
    weight = np.fromiter((w for _a, _b, w in edges), dtype=np.float64, count=len(edges))
    # Undirected: every link carries rank both ways.
    tail = np.concatenate([src, dst])
    head = np.concatenate([dst, src])
    arc_weight = np.concatenate([weight, weight])
    out_weight = np.bincount(tail, weights=arc_weight, minlength=n)
    dangling = out_weight == 0
    share = arc_weight / np.where(out_weight[tail] > 0, out_weight[tail], 1.0)
    rank = np.full(n, 1.0 / n)
    for _ in range(_MAX_ITERATIONS):
        spread = np.bincount(head, weights=rank[tail] * share, minlength=n)
        new = DAMPING * (spread + rank[dangling].sum() / n) + (1.0 - DAMPING) / n
        done = float(np.abs(new - rank).sum()) < n * _TOLERANCE
        rank = new
        if done:
            break
    return {node: float(rank[i]) for i, node in enumerate(node_ids)}


def analyse_structure(board: Board, top: int = 10) -> Structure:
    neighbours: dict[str, set[str]] = {card_id: set() for card_id in board.cards}
    edges = []
    for link in board.links.values():
        neighbours.setdefault(link.source, set()).add(link.target)
        neighbours.setdefault(link.target, set()).add(link.source)
        edges.append((link.source, link.target, link.strength.weight))
    orphans = tuple(sorted(node for node, near in neighbours.items() if not near))
    clusters = sorted(
        (tuple(sorted(group)) for group in _connected_groups(neighbours) if len(group) > 1),
        key=lambda group: (-len(group), group[0]),
    )
    return Structure(
        clusters=tuple(clusters),
        orphans=orphans,
        card_ids=tuple(sorted(board.cards)),
        edges=tuple(edges),
        top=top,
    )


def _connected_groups(neighbours: dict[str, set[str]]) -> list[set[str]]:
    seen: set[str] = set()
    groups: list[set[str]] = []
    for start in neighbours:
        if start in seen:
            continue
        group = {start}
        frontier = [start]
        while frontier:
            for near in neighbours[frontier.pop()]:
                if near not in group:
                    group.add(near)
                    frontier.append(near)
        seen |= group
        groups.append(group)
    return groups
