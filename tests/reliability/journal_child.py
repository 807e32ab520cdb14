"""A child that stops in the middle of a change, for the own-journal recovery tests.

Run as ``python -m tests.reliability.journal_child BOARD MODE``. It opens the board
through the real code (so its lock record is the app's own), begins a transaction on the
document's connection and changes every card's body, then prints ``ready`` and waits to
be killed. ``spill``: the page cache is tiny, so changed pages reach the board file
before the commit (the journal holds the originals and must be played back to undo
them). ``hold``: the changes stay in memory; the journal exists and the write lock is
held, as during any change. ``torn-commit``: a commit that grew the file is left as a
kill inside it leaves it: page 1 (with the new page count) and the pages up to the old
length written, the pages past it not, and the journal holding the old pages; the file
is shorter than its header says.
"""

import os
import struct
import sys
import time
from pathlib import Path

from evidenceboard.storage import open_board

_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_SECTOR = 512
_NONCE = 0x5EED1E55


def _journal_record(page_number: int, page: bytes) -> bytes:
    # SQLite's pager_cksum: the nonce plus every 200th byte, counted from the end.
    checksum = _NONCE
    for index in range(len(page) - 200, 0, -200):
        checksum += page[index]
    return struct.pack(">I", page_number) + page + struct.pack(">I", checksum & 0xFFFFFFFF)


def _leave_torn_commit(path: str, document_connection: object) -> None:
    board = Path(path)
    before = board.read_bytes()
    page_size = int.from_bytes(before[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    connection = document_connection
    connection.execute("BEGIN IMMEDIATE")  # type: ignore[attr-defined]
    connection.execute("UPDATE cards SET body = ?", ("grown " * 20000,))  # type: ignore[attr-defined]
    connection.execute("COMMIT")  # type: ignore[attr-defined]
    after = board.read_bytes()
    assert len(after) > len(before), "the commit did not grow the file"
    header = _JOURNAL_MAGIC + struct.pack(
        ">IIIII", len(before) // page_size, _NONCE, len(before) // page_size, _SECTOR, page_size
    )
    # As SQLite journals every page before changing it: here all the old pages, which
    # covers whatever the commit rewrote.
    pages = [before[i : i + page_size] for i in range(0, len(before), page_size)]
    journal = header.ljust(_SECTOR, b"\0") + b"".join(
        _journal_record(number, page) for number, page in enumerate(pages, start=1)
    )
    journal_path = board.with_name(board.name + "-journal")
    journal_path.write_bytes(journal)
    # The commit's pages are written in order; the kill lands once the old length is.
    with open(board, "r+b") as handle:
        handle.truncate(len(before))
        os.fsync(handle.fileno())


def main(path: str, mode: str) -> None:
    document = open_board(path, author="crash")
    connection = document._connection
    if mode == "torn-commit":
        _leave_torn_commit(path, connection)
        print("ready", flush=True)
        time.sleep(120)
        return
    if mode == "spill":
        connection.execute("PRAGMA cache_size = 2")
    connection.execute("BEGIN IMMEDIATE")
    for n in range(8):
        connection.execute("UPDATE cards SET body = ?", (f"torn {n} " * 400,))
    print("ready", flush=True)
    time.sleep(120)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
