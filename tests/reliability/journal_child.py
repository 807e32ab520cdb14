"""A child that stops in the middle of a change, for the own-journal recovery tests.

Run as ``python -m tests.reliability.journal_child BOARD MODE``. It opens the board
through the real code (so its lock record is the app's own), begins a transaction on the
document's connection and changes every card's body, then prints ``ready`` and waits to
be killed. ``spill``: the page cache is tiny, so changed pages reach the board file
before the commit (the journal holds the originals and must be played back to undo
them). ``hold``: the changes stay in memory; the journal exists and the write lock is
held, as during any change.
"""

import sys
import time

from evidenceboard.storage import open_board


def main(path: str, mode: str) -> None:
    document = open_board(path, author="crash")
    connection = document._connection
    if mode == "spill":
        connection.execute("PRAGMA cache_size = 2")
    connection.execute("BEGIN IMMEDIATE")
    for n in range(8):
        connection.execute("UPDATE cards SET body = ?", (f"torn {n} " * 400,))
    print("ready", flush=True)
    time.sleep(120)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
