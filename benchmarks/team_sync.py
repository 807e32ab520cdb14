"""Measure team boards on a real PostgreSQL server: publish, clone and sync.

Usage (from the repository root): ``.venv/bin/python benchmarks/team_sync.py [--url URL]
[--json OUT]``. Without ``--url`` a throwaway server is started on a Unix socket in a
temporary folder (PostgreSQL's binaries must be installed); with it, ``URL`` names an
empty database its role owns, which is prepared with ``team init``.

Figures and targets: publish and clone of the generated board M (10,000 cards, 20,000
links) in at most 10 s each; a sync of 100 changes (pushed by one laptop, pulled by the
other) in at most 1 s each. That a sync's cost grows with the changes and not with the
board is shown by the same 100-change sync on board S (1,000 cards) and M: the ratio
M/S should be near 1, and is reported against a target of 2.
"""

import argparse
import json
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_figures import seconds
from board_generator import SIZES, generate

from evidenceboard.model.changes import EditCards
from evidenceboard.model.factory import edited_card
from evidenceboard.storage import create_board, open_board
from evidenceboard.team.admin import grant, init_server
from evidenceboard.team.publish import clone, publish
from evidenceboard.team.sync import sync

Figure = dict[str, Any]


def _figure(name: str, size: str, value: float, target: float | None) -> Figure:
    passed = target is None or value <= target
    return {"name": name, "size": size, "value": value, "target": target, "pass": passed}


def _hundred_edits(path: Path, author: str, round_number: int) -> None:
    with open_board(path, author=author) as doc:
        cards = sorted(doc.board.cards.values(), key=lambda c: c.id)[:100]
        pairs = tuple(
            (c, edited_card(c, author, title=f"{c.title[:80]} (edit {round_number})"))
            for c in cards
        )
        doc.apply(EditCards(pairs, "Edit 100 cards"))


def measure(url: str, folder: Path, size: str) -> list[Figure]:
    cards, links = SIZES[size]
    generated = generate(cards, links)
    mine = folder / f"{size}-a.evboard"
    with create_board(mine, author="bench") as doc:
        doc.apply(generated.change())
        case = ""

        def _publish() -> None:
            nonlocal case
            case = publish(doc, url).case_id

        publish_s = seconds(_publish)
    theirs = folder / f"{size}-b.evboard"
    clone_s = seconds(lambda: clone(url, case, theirs, author="bench")[0].close())
    figures = [
        _figure("team publish", size, publish_s, 10.0 if size == "M" else None),
        _figure("team clone", size, clone_s, 10.0 if size == "M" else None),
    ]
    push, pull = [], []
    for round_number in range(3):
        _hundred_edits(theirs, "bench", round_number)
        with open_board(theirs, author="bench") as doc:
            push.append(seconds(partial(sync, doc)))
        with open_board(mine, author="bench") as doc:
            pull.append(seconds(partial(sync, doc)))
    figures.append(_figure("team sync, push of 100 changes", size, min(push), 1.0))
    figures.append(_figure("team sync, pull of 100 changes", size, min(pull), 1.0))
    return figures


def _serve() -> tuple[str, Callable[[], None]]:
    from tests.team.pg_process import bin_dir, start_server

    binaries = bin_dir()
    if binaries is None:
        raise SystemExit("No PostgreSQL binaries found; install postgresql or pass --url.")
    server = start_server(binaries)
    server.sql("CREATE ROLE bench LOGIN")
    server.sql("CREATE DATABASE bench OWNER bench")

    def stop() -> None:
        server.stop("immediate")
        server.remove()

    return server.url("bench", "bench"), stop


def _nothing() -> None:
    """Nothing to stop: the server was given."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an empty database owned by the URL's role")
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()
    url: str
    stop: Callable[[], None]
    if args.url:
        url, stop = args.url, _nothing
    else:
        url, stop = _serve()
    try:
        init_server(url)
        grant(url, url.split("://", 1)[1].split("@", 1)[0])
        with tempfile.TemporaryDirectory() as tmp:
            figures = measure(url, Path(tmp), "S") + measure(url, Path(tmp), "M")
    finally:
        stop()
    by = {(f["name"], f["size"]): f["value"] for f in figures}
    for name in ("team sync, push of 100 changes", "team sync, pull of 100 changes"):
        ratio = by[(name, "M")] / by[(name, "S")]
        figures.append(_figure(f"{name}, board M / board S", "M/S", ratio, 2.0))
    for f in figures:
        target = "" if f["target"] is None else f" (target ≤ {f['target']:g})"
        verdict = "" if f["target"] is None else (" PASS" if f["pass"] else " FAIL")
        print(f"{f['name']:<48} {f['size']:>4} {f['value']:8.3f}{target}{verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0 if all(f["pass"] for f in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
