"""The corruption corpus: damaged and hostile variants of the demo board, built on demand.

Each entry is a name and a function that turns a fresh copy of the demo board (path)
into the bad file. Seeded, so a failure names a reproducible file.
"""

import random
import re
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from evidenceboard.storage.schema import APPLICATION_ID, SCHEMA_V1

PAGE = 4096
#: SQLite would read the missing tail of the last page as zeros; the header check refuses it.
TRUNCATED_BY_ONE_BYTE = "truncated by one byte"
Maker = Callable[[Path], None]


def _edit_bytes(path: Path, change: Callable[[bytearray], None]) -> None:
    data = bytearray(path.read_bytes())
    change(data)
    path.write_bytes(bytes(data))


def _at(offset: int) -> Callable[[int], int]:
    return lambda _size: offset


def _truncate(size: Callable[[int], int]) -> Maker:
    return lambda p: _edit_bytes(p, lambda d: d.__delitem__(slice(size(len(d)), None)))


def _flip_headers(seed: int) -> Maker:
    """Flip the b-tree header of a few seeded pages after the first."""

    def change(data: bytearray) -> None:
        rng = random.Random(seed)
        pages = len(data) // PAGE
        for page in rng.sample(range(1, pages), k=min(3, pages - 1)):
            for offset in range(page * PAGE, page * PAGE + 8):
                data[offset] ^= 0xFF

    return lambda p: _edit_bytes(p, change)


def _zero(start: int, length: int) -> Maker:
    def change(data: bytearray) -> None:
        data[start : start + length] = bytes(length)

    return lambda p: _edit_bytes(p, change)


def _sql(*statements: str, writable_schema: bool = False) -> Maker:
    def make(path: Path) -> None:
        connection = sqlite3.connect(path)
        try:
            if writable_schema:
                connection.execute("PRAGMA writable_schema = ON")
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        finally:
            connection.close()

    return make


#: JSON nested far deeper than any parser's stack: tags or authors made of it.
DEEP_JSON = "[" * 200_000 + "]" * 200_000
_FIRST_ROW = "rowid = (SELECT min(rowid) FROM {table})"


def retype(path: Path, table: str, column: str, value: object, where: str = _FIRST_ROW) -> None:
    """Store ``value`` in ``column`` of some rows, whatever its type.

    SQLite's declared types are only preferences: a hostile file can hold a BLOB, a
    number or text in any column. Here the column's declared type is made BLOB (which
    converts nothing) for the update and then put back, so the schema stays exactly a
    board's and only the stored values are hostile.
    """
    # Built files need no durability: without fsync a few hundred of them take seconds.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = MEMORY")
    try:
        (sql,) = connection.execute(
            "SELECT sql FROM sqlite_schema WHERE name = ?", (table,)
        ).fetchone()
        # A column added by ALTER TABLE follows the last one on its line: ", name TEXT".
        loose = re.sub(rf"(\n    {column}|, {column}) [A-Z]+", r"\1 BLOB", sql, count=1)
        assert loose != sql or " BLOB" in sql, f"no column {column} in {table}"
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_schema SET sql = ? WHERE name = ?", (loose, table))
        connection.commit()
    finally:
        connection.close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA journal_mode = MEMORY")
    try:
        connection.execute(
            f"UPDATE {table} SET {column} = ? WHERE {where.format(table=table)}", (value,)
        )
        connection.execute("PRAGMA writable_schema = ON")
        connection.execute("UPDATE sqlite_schema SET sql = ? WHERE name = ?", (sql, table))
        connection.commit()
    finally:
        connection.close()


def _retyped(table: str, column: str, value: object) -> Maker:
    return lambda path: retype(path, table, column, value)


def _wal_without_its_wal(path: Path) -> None:
    """A board made in WAL mode, copied while open: the schema is only in the -wal file."""
    source = path.with_name("wal-source.evboard")
    connection = sqlite3.connect(source, isolation_level=None)
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute("PRAGMA user_version = 1")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    for statement in SCHEMA_V1:
        connection.execute(statement)
    path.unlink()
    shutil.copyfile(source, path)
    connection.close()
    for leftover in source.parent.glob("wal-source.evboard*"):
        leftover.unlink()


def corpus() -> list[tuple[str, Maker]]:
    """About forty bad files; every one must be refused with a BoardFileError."""
    entries: list[tuple[str, Maker]] = []
    for k in (0, 1, 2, 5, 10):
        entries.append((f"truncated at page {k}", _truncate(_at(k * PAGE))))
    for cut in (50, 99, 101, 4097, 5000, 12345):
        entries.append((f"truncated at byte {cut}", _truncate(_at(cut))))
    entries.append(("truncated by one page", _truncate(lambda n: n - PAGE)))
    entries.append(("truncated at half plus 13", _truncate(lambda n: n // 2 + 13)))
    entries.append((TRUNCATED_BY_ONE_BYTE, _truncate(lambda n: n - 1)))
    for seed in range(10):
        entries.append((f"b-tree headers flipped, seed {seed}", _flip_headers(seed)))
    entries.append(("first page zeroed", _zero(0, PAGE)))
    entries.append(("header zeroed", _zero(0, 100)))
    entries.append(("second page zeroed", _zero(PAGE, PAGE)))
    entries += [
        ("wrong application id", _sql("PRAGMA application_id = 1")),
        ("newer version", _sql("PRAGMA user_version = 999")),
        ("no version", _sql("PRAGMA user_version = 0")),
        (
            "trigger that wipes cards",
            _sql("CREATE TRIGGER t_wipe AFTER INSERT ON links BEGIN DELETE FROM cards; END"),
        ),
        (
            "endless recursive view in place of cards",
            _sql(
                "DROP TABLE links",
                "DROP TABLE cards",
                "CREATE VIEW cards AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL "
                "SELECT i+1 FROM r) SELECT i AS id, 'x' AS title FROM r",
            ),
        ),
        ("extra view", _sql("CREATE VIEW v_exfil AS SELECT title FROM cards")),
        (
            "generated-column memory bomb",
            _sql(
                "CREATE TABLE notes(id INTEGER PRIMARY KEY, big BLOB GENERATED ALWAYS AS "
                "(zeroblob(900000000)) VIRTUAL)"
            ),
        ),
        (
            "generated column added to cards",
            _sql(
                "ALTER TABLE cards ADD COLUMN boom BLOB GENERATED ALWAYS AS "
                "(zeroblob(900000000)) VIRTUAL"
            ),
        ),
        (
            "search-index shadow table with a generated column",
            _sql(
                "UPDATE sqlite_schema SET sql = 'CREATE TABLE ''card_fts_docsize''(id INTEGER "
                "PRIMARY KEY, sz BLOB, g BLOB AS (zeroblob(900000000)))' "
                "WHERE name = 'card_fts_docsize'",
                writable_schema=True,
            ),
        ),
        ("extra table", _sql("CREATE TABLE exfil(x TEXT)")),
        (
            "CHECK constraint smuggled into cards",
            _sql(
                "UPDATE sqlite_schema SET sql = replace(sql, 'title TEXT NOT NULL', "
                "'title TEXT NOT NULL CHECK (length(title) < 1e9)') WHERE name = 'cards'",
                writable_schema=True,
            ),
        ),
        ("WAL board copied without its -wal file", _wal_without_its_wal),
    ]
    # Hostile values in sound files: each row must be checked for what it holds.
    entries += [
        ("tags nested 200,000 deep", _retyped("cards", "tags", DEEP_JSON)),
        ("authors nested 200,000 deep", _retyped("board", "authors", DEEP_JSON)),
        ("tags stored as a BLOB", _retyped("cards", "tags", b'["a"]')),
        ("card width stored as text", _retyped("cards", "width", "wide")),
        ("card id stored as a number", _retyped("cards", "id", 7)),
        ("link page stored as a REAL", _retyped("links", "page", 2.5)),
        ("link kind stored as a BLOB", _retyped("links", "kind", b"corroborates")),
        (
            "card date before year 1 in UTC",
            _retyped("cards", "created_at", "0001-01-01T00:00+01:00"),
        ),
        (
            "board date after year 9999 in UTC",
            _retyped("board", "created_at", "9999-12-31T23:59-01:00"),
        ),
        # Sound in UTC, but shown in local time east of UTC it overflows the calendar.
        (
            "card changed on the calendar's last day",
            _retyped("cards", "modified_at", "9999-12-31T23:00:00Z"),
        ),
        (
            "attachment size stored as infinity",
            _sql(
                "INSERT INTO attachments VALUES ('" + "ab" * 32 + "', 'a.txt', 'text/plain', "
                "9e999, '2024-01-01T00:00:00Z', x'61')"
            ),
        ),
    ]
    return entries
