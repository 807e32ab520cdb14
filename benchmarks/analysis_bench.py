"""Analysis and layout speed on a seeded 10,000-card / 20,000-link board.

The board is built through the model: mixed card kinds on a jittered grid, links mostly
between near neighbours (1% long), about 5% of them derived_from chains between reports.
Prints one row per figure with its target; ``run()`` returns the same figures for the
benchmark runner. Run from the repository root:
``.venv/bin/python benchmarks/analysis_bench.py``.
"""

import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import print_against_targets, seconds

from evidenceboard.analysis import assess_board, force_layout
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card, CardKind
from evidenceboard.model.changes import AddCards
from evidenceboard.model.factory import make_card, make_link
from evidenceboard.model.grading import parse_grade
from evidenceboard.model.links import Link, LinkKind, Strength

CARDS = 10_000
LINKS = 20_000
SEED = 20241221
_SIDE = 100
_KINDS = (CardKind.ARTICLE, CardKind.ARTICLE, CardKind.DOCUMENT, CardKind.CLAIM, CardKind.NOTE)


def build_board(cards: int = CARDS, links: int = LINKS, seed: int = SEED) -> Board:
    rng = random.Random(seed)
    made: list[Card] = []
    for i in range(cards):
        kind = _KINDS[i % len(_KINDS)]
        values: dict[str, Any] = {}
        if kind in (CardKind.ARTICLE, CardKind.DOCUMENT) and rng.random() < 0.8:
            values["grading"] = parse_grade(rng.choice("ABCDEF") + rng.choice("123456"))
        if kind is CardKind.CLAIM:
            values["is_hypothesis"] = rng.random() < 0.01
        x = (i % _SIDE) * 300.0 + rng.uniform(-40, 40)
        y = (i // _SIDE) * 200.0 + rng.uniform(-40, 40)
        made.append(make_card(kind, f"Card {i}", "bench", x=x, y=y, **values))
    seen: set[tuple[int, int]] = set()
    made_links: list[Link] = []
    while len(made_links) < links:
        a = rng.randrange(cards)
        if rng.random() < 0.99:
            b = a + rng.choice((1, -1, 2, _SIDE, -_SIDE, _SIDE + 1, 2 * _SIDE, 3))
        else:
            b = rng.randrange(cards)
        if not (0 <= b < cards) or a == b or (a, b) in seen:
            continue
        seen.add((a, b))
        source, target = made[a], made[b]
        if source.kind is CardKind.ARTICLE and target.kind is CardKind.ARTICLE and b < a:
            link_kind = LinkKind.DERIVED_FROM
        elif target.kind is CardKind.CLAIM:
            link_kind = LinkKind.CORROBORATES if rng.random() < 0.75 else LinkKind.CONTRADICTS
        else:
            link_kind = LinkKind.RELATED
        strength = rng.choice(list(Strength))
        made_links.append(make_link(source.id, target.id, link_kind, "bench", strength=strength))
    board = Board()
    board.apply(AddCards(tuple(made), tuple(made_links)))
    return board


def _best_of(repeats: int, action: Callable[[], object]) -> float:
    return min(seconds(action) for _ in range(repeats))


def run() -> list[dict[str, Any]]:
    """Time the analysis and the layouts; each figure has name, value, unit and target."""
    board = build_board()
    derived = sum(1 for link in board.links.values() if link.kind is LinkKind.DERIVED_FROM)
    # A rubber-band selection: the top 20 rows of the grid, 2,000 cards.
    selection = sorted(board.cards, key=lambda i: board.cards[i].geometry.y)[:2_000]
    scattered = sorted(board.cards)[:2_000]
    return [
        {
            "name": f"assess_board, {CARDS:,} cards / {LINKS:,} links ({derived:,} derived_from)",
            "value": _best_of(3, lambda: assess_board(board)),
            "unit": "s",
            "target": 1.0,
        },
        {
            "name": "force layout, 2,000 selected cards (one region)",
            "value": _best_of(2, lambda: force_layout(board, selection)),
            "unit": "s",
            "target": 1.0,
        },
        {
            "name": "force layout, 2,000 cards scattered over the board",
            "value": _best_of(1, lambda: force_layout(board, scattered)),
            "unit": "s",
            "target": 1.0,
        },
        {
            "name": f"force layout, all {CARDS:,} cards",
            "value": _best_of(1, lambda: force_layout(board)),
            "unit": "s",
            "target": 10.0,
        },
    ]


def main() -> int:
    return print_against_targets(run(), value_format=".3f", target_format=".1f", column=8)


if __name__ == "__main__":
    raise SystemExit(main())
