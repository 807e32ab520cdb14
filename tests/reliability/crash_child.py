"""The child of the crash loop: edits a board through the real code until it is killed.

Run as ``python -m tests.reliability.crash_child BOARD SEED``. Before each change it
prints ``{"try": op}`` and after ``apply`` returns ``{"done": n}``, one JSON object a
line, flushed at once, so the parent knows exactly which changes were reported saved
and which one was in flight when the process died.
"""

import json
import random
import sys
from typing import Any

from evidenceboard.model.board import Board
from evidenceboard.model.cards import CardKind, Geometry
from evidenceboard.model.changes import (
    AddCards,
    AddLinks,
    Batch,
    Change,
    EditCards,
    MoveCards,
    RemoveLinks,
)
from evidenceboard.model.factory import edited_card, make_card, make_link
from evidenceboard.model.links import LinkKind
from evidenceboard.storage import open_board

Op = dict[str, Any]


def _add(rng: random.Random, n: int) -> tuple[Change, Op]:
    card = make_card(
        CardKind.NOTE, f"crash {n}", "crash", x=rng.uniform(0, 900), y=rng.uniform(0, 900)
    )
    g = card.geometry
    op = {"op": "add", "id": card.id, "title": card.title, "x": g.x, "y": g.y}
    return AddCards((card,)), op


def _pick(board: Board, rng: random.Random, n: int) -> tuple[Change, Op]:
    ids = sorted(board.cards)
    roll = rng.random()
    if len(ids) < 3 or roll < 0.25:
        return _add(rng, n)
    card = board.cards[rng.choice(ids)]
    if roll < 0.4:
        edited = edited_card(card, "crash", title=f"edited {n}")
        op: Op = {"op": "edit", "id": card.id, "title": edited.title}
        return EditCards(((card, edited),)), op
    if roll < 0.55:
        g = card.geometry
        new = Geometry(rng.uniform(0, 900), rng.uniform(0, 900), g.width, g.height)
        op = {"op": "move", "id": card.id, "x": new.x, "y": new.y}
        return MoveCards(((card.id, g, new),)), op
    if roll < 0.65:
        return board.removal_of([card.id]), {"op": "delete", "id": card.id}
    if roll < 0.8:
        # A second link with the same ends and kind is refused; pick an unlinked end.
        linked = {x.target for x in board.links_of(card.id) if x.source == card.id}
        free = [i for i in ids if i != card.id and i not in linked]
        if not free:
            return _add(rng, n)
        other = rng.choice(free)
        link = make_link(card.id, other, LinkKind.CORROBORATES, "crash")
        return AddLinks((link,)), {"op": "link", "id": link.id, "s": card.id, "t": other}
    if roll < 0.88 and board.links:
        link = board.links[rng.choice(sorted(board.links))]
        return RemoveLinks((link,)), {"op": "unlink", "id": link.id}
    # A batch of several cards and a link between them: one transaction, all or nothing.
    parts = [_add(rng, n * 10 + i) for i in range(3)]
    a, b = parts[0][1]["id"], parts[1][1]["id"]
    link = make_link(a, b, LinkKind.RELATED, "crash")
    change = Batch(
        (*(c for c, _ in parts), AddLinks((link,))), f"Add {len(parts)} cards and a link"
    )
    ops = [op for _, op in parts] + [{"op": "link", "id": link.id, "s": a, "t": b}]
    return change, {"op": "batch", "ops": ops}


def main(path: str, seed: int) -> None:
    rng = random.Random(seed)
    document = open_board(path, author="crash")
    print(json.dumps({"ready": True}), flush=True)
    n = 0
    while True:
        change, op = _pick(document.board, rng, n)
        print(json.dumps({"try": op}), flush=True)
        document.apply(change)
        print(json.dumps({"done": n}), flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
