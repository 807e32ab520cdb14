"""Eight EvidenceBoards race to take over a board whose writer died: one wins, every round.

A crashed EvidenceBoard leaves its lock record behind. When several processes then
open the board at once (a team reopening a shared case after a power cut, a launcher
started twice), exactly one of them may get the single-writer lock; the others are
told it is in use. Each round the racers start together from a barrier and hold on to
what they got until all have tried, so two holders in a round held it at the same time.
"""

import json
import multiprocessing
import socket
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from evidenceboard.storage.lock import lock_path
from tests.reliability.helpers import record
from tests.reliability.lock_racer import BARRIER_SECONDS, race
from tests.storage.helpers import dead_pid

if TYPE_CHECKING:
    from multiprocessing.context import ForkServerContext, SpawnContext

RACERS = 8


def _leave_dead_holders_lock(board: Path, pid: int) -> None:
    lock_path(board).write_text(
        json.dumps(
            {
                "user": "crashed",
                "host": socket.gethostname(),
                "pid": pid,
                "since": "2026-01-01T00:00:00Z",
                "app": "EvidenceBoard",
            }
        )
    )


def _context() -> "SpawnContext | ForkServerContext":
    # A fork server imports the racer once and forks it eight times, instead of eight
    # interpreters importing the storage layer side by side; spawn where there is none.
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.reliability.lock_racer"])
    return context


def _race(board_dir: Path, rounds: int) -> None:
    board = board_dir / "case.evboard"
    board.write_bytes(b"")  # the lock never reads the board itself
    dead = dead_pid()
    context = _context()
    barrier = context.Barrier(RACERS + 1)
    results = context.Queue()
    racers = [
        context.Process(target=race, args=(index, str(board), rounds, barrier, results))
        for index in range(RACERS)
    ]
    for racer in racers:
        racer.start()
    overlapping: list[str] = []
    try:
        for round_number in range(rounds):
            _leave_dead_holders_lock(board, dead)
            barrier.wait(BARRIER_SECONDS)
            outcomes = [results.get(timeout=BARRIER_SECONDS) for _ in range(RACERS)]
            errors = [outcome for _index, outcome in outcomes if outcome.startswith("error")]
            assert errors == [], f"round {round_number}: {errors}"
            holders = sorted(index for index, outcome in outcomes if outcome == "held")
            if len(holders) != 1:
                overlapping.append(f"round {round_number}: holders {holders}")
            barrier.wait(BARRIER_SECONDS)
            barrier.wait(BARRIER_SECONDS)
    except BaseException:
        barrier.abort()  # racers waiting for a round that will not come stop at once
        raise
    finally:
        for racer in racers:
            racer.join(BARRIER_SECONDS)
            if racer.is_alive():
                racer.kill()
                racer.join()
    assert overlapping == [], (
        f"{len(overlapping)} of {rounds} rounds had other than one holder: {overlapping[:5]}"
    )
    record(f"rounds of {RACERS} processes racing for a dead holder's lock, one winner each", rounds)


def test_racing_for_a_dead_holders_lock_gives_it_to_exactly_one(board_dir: Path) -> None:
    _race(board_dir, rounds=500)


@pytest.mark.soak
def test_racing_for_a_dead_holders_lock_soak(board_dir: Path) -> None:
    _race(board_dir, rounds=10_000)
