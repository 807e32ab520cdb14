"""Crash loop: a child editing a board is killed over and over; nothing it saved is lost.

After every kill the board opens through the normal path (the dead process's lock is
taken over), passes a full integrity check, and holds every change the child reported
saved; the one change in flight at the kill is either wholly there or wholly absent.
"""

import json
import random
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from evidenceboard.model.board import Board
from evidenceboard.storage import open_board
from evidenceboard.storage.lock import lock_path
from tests.reliability.helpers import make_demo, record

ROOT = Path(__file__).resolve().parents[2]
Model = dict[str, dict[str, Any]]


def _model(board: Board) -> Model:
    return {
        "cards": {i: (c.title, c.geometry.x, c.geometry.y) for i, c in sorted(board.cards.items())},
        "links": {i: (x.source, x.target) for i, x in sorted(board.links.items())},
    }


def _apply(model: Model, op: dict[str, Any]) -> None:
    cards, links = model["cards"], model["links"]
    kind = op["op"]
    if kind == "batch":
        for part in op["ops"]:
            _apply(model, part)
    elif kind == "add":
        cards[op["id"]] = (op["title"], op["x"], op["y"])
    elif kind == "edit":
        _title, x, y = cards[op["id"]]
        cards[op["id"]] = (op["title"], x, y)
    elif kind == "move":
        title, _x, _y = cards[op["id"]]
        cards[op["id"]] = (title, op["x"], op["y"])
    elif kind == "delete":
        del cards[op["id"]]
        for link_id in [i for i, (s, t) in links.items() if op["id"] in (s, t)]:
            del links[link_id]
    elif kind == "link":
        links[op["id"]] = (op["s"], op["t"])
    elif kind == "unlink":
        del links[op["id"]]


def _copy(model: Model) -> Model:
    return {"cards": dict(model["cards"]), "links": dict(model["links"])}


def replay(base: Model, lines: list[dict[str, Any]]) -> tuple[Model, Model, int]:
    """What the child's report implies: the board with every change it said was saved,
    the same with the change it was making when killed, and how many were saved."""
    done: Model = _copy(base)
    pending: dict[str, Any] | None = None
    saved = 0
    for entry in lines[1:]:
        if "try" in entry:
            pending = entry["try"]
        elif "done" in entry and pending is not None:
            _apply(done, pending)
            pending, saved = None, saved + 1
    with_pending = _copy(done)
    if pending is not None:
        _apply(with_pending, pending)
    return done, with_pending, saved


def _read_lines(stream: Any, sink: list[dict[str, Any]]) -> None:
    for line in stream:
        try:
            sink.append(json.loads(line))
        except ValueError:
            break  # a line cut by the kill is not a report


def start_crash_child(path: Path, seed: int, stderr: int) -> tuple[Model, subprocess.Popen[str]]:
    """The board's model as it is, and a child process editing it from ``seed`` on.

    The child reports on its standard output, one JSON line per step.
    """
    with open_board(path, read_only=True) as doc:
        base = _model(doc.board)
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.crash_child", str(path), str(seed)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )
    return base, child


def kill_crash_child(child: subprocess.Popen[str], reader: threading.Thread) -> None:
    """Kill the child where it is and wait until its report is read to the end."""
    child.kill()
    child.wait()
    reader.join(10)
    assert child.returncode != 0, "the child must have been killed, not have finished"


def _one_round(path: Path, seed: int, rng: random.Random) -> tuple[int, bool]:
    base, child = start_crash_child(path, seed, stderr=subprocess.PIPE)
    lines: list[dict[str, Any]] = []
    reader = threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True)
    reader.start()
    deadline = time.monotonic() + 30
    while not lines and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.01)
    assert lines and "ready" in lines[0], f"child did not start: {child.stderr.read()}"  # type: ignore[union-attr]
    time.sleep(rng.uniform(0.0, 0.35))
    kill_crash_child(child, reader)

    done, with_pending, saved = replay(base, lines)

    assert lock_path(path).exists(), "the dead child's lock is still there"
    with open_board(path) as doc:  # takes over the stale lock
        assert doc.integrity_report() == [], f"seed {seed}"
        actual = _model(doc.board)
    assert actual in (done, with_pending), f"seed {seed}: a reported change is missing"
    return saved, actual == with_pending and with_pending != done


def _crash_loop(board_dir: Path, kills: int, seed: int) -> None:
    path = make_demo(board_dir)
    rng = random.Random(seed)
    total = 0
    for round_number in range(kills):
        saved, _in_flight_landed = _one_round(path, seed * 1000 + round_number, rng)
        total += saved
    assert total > 0, "the child never got to save anything; the loop proves nothing"
    record("crash-loop kills survived", kills)
    record("crash-loop changes reported saved and found", total)


def test_crash_loop(board_dir: Path) -> None:
    _crash_loop(board_dir, kills=20, seed=8)


@pytest.mark.soak
def test_crash_loop_soak(board_dir: Path) -> None:
    _crash_loop(board_dir, kills=300, seed=88)
