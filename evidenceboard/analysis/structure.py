"""Structure of the board: clusters of linked cards, orphans, and the most central items.

Clusters are the connected groups of the board read as an undirected graph (every link
kind counts). Centrality is PageRank on that undirected graph, each link weighted by its
strength. networkx's own ``pagerank`` needs scipy; a power iteration over numpy arrays
is a few lines, runs in milliseconds on 10,000 cards and keeps scipy out of the app.
"""

from dataclasses import dataclass

import networkx as nx
import numpy as np

from evidenceboard.model.board import Board

DAMPING = 0.85
_TOLERANCE = 1e-9
_MAX_ITERATIONS = 100


@dataclass(frozen=True, slots=True)
class Structure:
    #: Connected groups of two or more cards, largest first, each sorted by id.
    clusters: tuple[tuple[str, ...], ...]
    #: Cards with no link at all, by id.
    orphans: tuple[str, ...]
    #: The most central cards, best first, with their PageRank.
    central: tuple[tuple[str, float], ...]


def pagerank(node_ids: list[str], edges: list[tuple[str, str, float]]) -> dict[str, float]:
    """PageRank of an undirected weighted graph; dangling mass is spread evenly."""
    n = len(node_ids)
    if n == 0:
        return {}
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
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(board.cards)
    edges = []
    for link in board.links.values():
        graph.add_edge(link.source, link.target)
        edges.append((link.source, link.target, link.strength.weight))
    orphans = tuple(sorted(node for node, degree in graph.degree() if degree == 0))
    clusters = sorted(
        (tuple(sorted(group)) for group in nx.connected_components(graph) if len(group) > 1),
        key=lambda group: (-len(group), group[0]),
    )
    ranks = pagerank(sorted(board.cards), edges) if edges else {}
    central = sorted(ranks.items(), key=lambda item: (-item[1], item[0]))[:top]
    return Structure(
        clusters=tuple(clusters),
        orphans=orphans,
        central=tuple((card_id, round(score, 6)) for card_id, score in central),
    )
