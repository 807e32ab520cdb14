"""A process that races others for a board's single-writer lock, round after round.

Each round it waits at the start line with the others, tries the lock once, reports
whether it got it, and only lets go once every racer has reported, so any two holders
in a round are holders at the same time. It runs in its own process (started by
``multiprocessing``), so it is a module of its own that imports little.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from evidenceboard.storage.errors import BoardLockedError
from evidenceboard.storage.lock import BoardLock

if TYPE_CHECKING:
    from multiprocessing.queues import Queue
    from multiprocessing.synchronize import Barrier

#: Seconds a racer waits at a barrier before the round counts as broken.
BARRIER_SECONDS = 60.0


def race(
    index: int, board: str, rounds: int, barrier: "Barrier", results: "Queue[tuple[int, str]]"
) -> None:
    """Race for the lock on ``board`` ``rounds`` times; put (index, outcome) per round."""
    for _round in range(rounds):
        barrier.wait(BARRIER_SECONDS)  # the start line: the dead holder's lock is in place
        lock: BoardLock | None = None
        try:
            lock = BoardLock.acquire(Path(board), f"racer{index}")
            outcome = "held"
        except BoardLockedError:
            outcome = "refused"
        except Exception as exc:  # any other failure is reported, not swallowed
            outcome = f"error: {exc!r}"
        results.put((index, outcome))
        barrier.wait(BARRIER_SECONDS)  # every racer has tried while the holders hold
        if lock is not None:
            lock.release()
        barrier.wait(BARRIER_SECONDS)  # every holder has let go
