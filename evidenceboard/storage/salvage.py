"""Read-only salvage: carry what can still be read from a damaged board into a new one.

When a board fails its integrity check and no snapshot helps, the investigator still
wants every card that survived. Salvage opens the damaged file read-only with the same
hardening as any board (no trigger or view can run, limits, a watchdog), skips
``quick_check`` (which is what failed), and reads table by table and row by row, each
row through the same converters the normal open uses, so a half-readable file yields
every readable row and a list of what was lost. The damaged file is never written.

Non-obvious choices:

* The schema is still vetted. A board that holds a trigger, a view or any object a
  board never holds is refused exactly as the normal open refuses it; only *missing*
  or altered tables are tolerated (those are the damage being salvaged). Only the
  columns a board has are ever selected by name, so a generated column smuggled into
  an altered table is never evaluated.
* Rows are found by scanning each table's rowids forwards, backwards, and through its
  indexes: a damaged page stops one scan, not the others, so rows on both sides of the
  damage are reached. Each row is then read on its own by rowid.
* A card or board row whose only damage is its list of tags or authors (nested too
  deeply, not text, not a list) is kept without that list, and the loss reported.
* A card whose row is lost but whose text survives in the full-text index's content
  table comes back as a note holding its title and text, tagged ``salvaged``.
* Attachments are kept only when their bytes still match their SHA-256; a document
  card whose file was lost keeps its text and loses its attachment reference.
* The result is never a silently empty board: when nothing at all can be read the
  salvage fails and writes no file; otherwise the report lists what was lost.
"""

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from evidenceboard.model.attachments import Attachment, sha256_hex
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import Card, CardKind, DocumentContent
from evidenceboard.model.changes import AddAttachment, AddCards, SetAchMark
from evidenceboard.model.factory import make_card
from evidenceboard.model.ids import is_valid_id
from evidenceboard.model.judgement import AchMark
from evidenceboard.model.links import Link
from evidenceboard.storage.document import create_board
from evidenceboard.storage.errors import (
    BoardFileError,
    DamagedBoardError,
    UnsafeBoardError,
)
from evidenceboard.storage.hardening import Watchdog
from evidenceboard.storage.mapping import (
    row_to_attachment,
    row_to_card,
    row_to_info,
    row_to_link,
    row_to_mark,
)
from evidenceboard.storage.schema import ADDED_COLUMNS, FTS_TABLE, SCHEMA_VERSION, SCHEMAS
from evidenceboard.storage.tables import ACH_MARKS, ATTACHMENTS, BOARD, CARDS, LINKS
from evidenceboard.storage.vetting import _FTS_SHADOW, connect, read_header

_Item = TypeVar("_Item")

#: Seconds any one statement of a salvage may run.
STATEMENT_SECONDS = 10.0

# The columns a board has, by name: the only ones ever selected from a damaged file.
_COLUMNS = {
    "board": tuple(c.name for c in BOARD.c if c.name != "id"),
    "attachments": tuple(c.name for c in ATTACHMENTS.c if c.name != "data"),
    "cards": tuple(c.name for c in CARDS.c),
    "links": tuple(c.name for c in LINKS.c),
    "ach_marks": tuple(c.name for c in ACH_MARKS.c),
}


def _columns(table: str, version: int) -> tuple[str, ...]:
    # Columns a later format added are not in an older board's tables.
    return tuple(name for name in _COLUMNS[table] if ADDED_COLUMNS.get((table, name), 1) <= version)


@dataclass(slots=True)
class SalvageReport:
    """What a salvage carried over and what it could not."""

    path: Path
    cards: int = 0
    links: int = 0
    attachments: int = 0
    #: Cards rebuilt as notes from the full-text index because their row was lost.
    from_index: int = 0
    lost: list[str] = field(default_factory=list)

    def describe(self) -> str:
        text = (
            f"Salvaged {self.cards} cards, {self.links} links and {self.attachments} "
            f"attachments into {self.path.name}"
        )
        if self.from_index:
            text += f" ({self.from_index} cards rebuilt as notes from the search index)"
        if self.lost:
            return text + f"; {len(self.lost)} problem(s): what could not be read is listed."
        return text + "; nothing was found missing."


def _expected_objects(version: int) -> set[tuple[str, str]]:
    reference = sqlite3.connect(":memory:")
    try:
        for statement in SCHEMAS[version]:
            reference.execute(statement)
        rows = reference.execute("SELECT type, name FROM sqlite_schema").fetchall()
    finally:
        reference.close()
    return {(kind, name) for kind, name in rows if not name.startswith(f"{FTS_TABLE}_")}


class _Reader:
    """Statements on the damaged file, each bounded by the watchdog."""

    def __init__(
        self, connection: sqlite3.Connection, watchdog: Watchdog, name: str, version: int = 1
    ) -> None:
        self.connection = connection
        self.version = version
        self.watchdog = watchdog
        self.name = name
        self.lost: list[str] = []
        self.objects: dict[str, tuple[str, str, str | None]] = {}

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self.watchdog.limit(STATEMENT_SECONDS):
            return self.connection.execute(sql, params).fetchall()

    def vet_schema(self, version: int) -> None:
        try:
            rows = self.query("SELECT type, name, tbl_name, sql FROM sqlite_schema")
        except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
            raise DamagedBoardError(
                f"Nothing can be salvaged from {self.name}: its table of contents is "
                f"unreadable ({exc})."
            ) from exc
        expected = _expected_objects(version)
        for kind, name, table, sql in rows:
            name, sql = str(name), None if sql is None else " ".join(str(sql).split())
            shadow = name.startswith(f"{FTS_TABLE}_") or name.startswith(
                f"sqlite_autoindex_{FTS_TABLE}_"
            )
            fine_shadow = shadow and (
                (kind == "table" and sql is not None and _FTS_SHADOW.match(sql))
                or (kind == "index" and sql is None)
            )
            if (kind, name) not in expected and not fine_shadow:
                raise UnsafeBoardError(
                    f"{self.name} contains a {kind} “{name}” that a board never holds; it "
                    "was not salvaged because it could run code or hide data."
                )
            self.objects[name] = (str(kind), str(table), sql)

    def rowids(self, table: str) -> list[int]:
        """Every rowid reachable by any scan; damage stops one scan, not the others."""
        if table not in self.objects:
            self.lost.append(f"The {table} table is missing: everything in it is lost.")
            return []
        scans = [
            f"SELECT rowid FROM {table} NOT INDEXED ORDER BY rowid",
            f"SELECT rowid FROM {table} NOT INDEXED ORDER BY rowid DESC",
        ]
        scans += [
            f'SELECT rowid FROM {table} INDEXED BY "{name}"'
            for name, (kind, owner, _sql) in self.objects.items()
            if kind == "index" and owner == table
        ]
        found: set[int] = set()
        failures = 0
        for sql in scans:
            try:
                with self.watchdog.limit(STATEMENT_SECONDS):
                    for (rowid,) in self.connection.execute(sql):
                        if isinstance(rowid, int):
                            found.add(rowid)
            except (sqlite3.Error, UnicodeDecodeError):
                failures += 1
        if failures:
            self.lost.append(
                f"Part of the {table} table is damaged: items stored on the damaged pages "
                "may be lost."
            )
        return sorted(found)

    def rows(self, table: str, columns: Iterable[str]) -> Iterator[dict[str, Any]]:
        columns = list(columns)
        select = f"SELECT {', '.join(columns)} FROM {table} WHERE rowid = ?"
        for rowid in self.rowids(table):
            try:
                found = self.query(select, (rowid,))
            except (sqlite3.Error, UnicodeDecodeError) as exc:
                self.lost.append(f"Row {rowid} of the {table} table is unreadable ({exc}).")
                continue
            if found:
                yield dict(zip(columns, found[0], strict=True))


def read_board_id(path: Path) -> str | None:
    """The id of the board in a file that may be damaged, or None if it cannot be read.

    The window uses it to find the snapshots of a board that no longer opens.
    """
    try:
        read_header(path)
    except DamagedBoardError:
        pass
    except BoardFileError:
        return None
    try:
        connection, watchdog = connect(path, writable=False)
    except BoardFileError:
        return None
    try:
        with watchdog.limit(STATEMENT_SECONDS):
            row = connection.execute("SELECT uuid FROM board WHERE id = 1").fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return None
    finally:
        connection.close()
    value = row[0] if row else None
    return value if isinstance(value, str) and is_valid_id(value) else None


def _header_version(path: Path) -> int:
    try:
        return read_header(path).user_version
    except DamagedBoardError:
        # The format number itself is damaged; read it as the current format.
        return SCHEMA_VERSION


def _repaired(
    convert: Callable[[dict[str, Any]], _Item], row: dict[str, Any], column: str
) -> _Item | None:
    """The row read with its JSON list ``column`` emptied, or None if still unreadable."""
    if row.get(column) == "[]":
        return None
    try:
        return convert({**row, column: "[]"})
    except DamagedBoardError:
        return None


def _read_info(reader: _Reader) -> BoardInfo | None:
    for row in reader.rows("board", _COLUMNS["board"]):
        try:
            return row_to_info(row)
        except DamagedBoardError as exc:
            info = _repaired(row_to_info, row, "authors")
            if info is not None:
                reader.lost.append(f"{exc} The list of authors was left out.")
                return info
            reader.lost.append(str(exc))
    reader.lost.append("The board's title and details were lost.")
    return None


def _read_attachments(reader: _Reader) -> Iterator[tuple[Attachment, bytes]]:
    for row in reader.rows("attachments", _COLUMNS["attachments"]):
        try:
            attachment = row_to_attachment(row)
            found = reader.query(
                "SELECT data FROM attachments WHERE sha256 = ?", (attachment.sha256,)
            )
        except (DamagedBoardError, sqlite3.Error, UnicodeDecodeError) as exc:
            reader.lost.append(f"An attachment is unreadable ({exc}).")
            continue
        data = found[0][0] if found else None
        if (
            not isinstance(data, bytes)
            or len(data) != attachment.size
            or sha256_hex(data) != attachment.sha256
        ):
            reader.lost.append(
                f"The attached file “{attachment.file_name}” is damaged (its bytes no longer "
                "match their fingerprint) and was left out."
            )
            continue
        yield attachment, data


def _read_cards(reader: _Reader, version: int) -> dict[str, Card]:
    cards: dict[str, Card] = {}
    for row in reader.rows("cards", _columns("cards", reader.version)):
        try:
            card = row_to_card(row)
        except DamagedBoardError as exc:
            repaired = _repaired(row_to_card, row, "tags")
            if repaired is None:
                reader.lost.append(str(exc))
                continue
            reader.lost.append(f"{exc} Its tags were left out; the card was kept.")
            card = repaired
        cards.setdefault(card.id, card)
    return cards


def _cards_from_index(reader: _Reader, known: set[str], author: str) -> list[Card]:
    """Notes rebuilt from the full-text index for cards whose own row was lost."""
    table = f"{FTS_TABLE}_content"
    if table not in reader.objects:
        return []
    rebuilt = []
    for row in reader.rows(table, ("c0", "c1", "c2")):
        card_id, title, body = row["c0"], row["c1"], row["c2"]
        if not isinstance(card_id, str) or not is_valid_id(card_id) or card_id in known:
            continue
        if not isinstance(title, str) or not isinstance(body, str):
            continue
        try:
            rebuilt.append(
                make_card(
                    CardKind.NOTE,
                    title,
                    author,
                    card_id=card_id,
                    text=body,
                    tags=("salvaged",),
                )
            )
        except ValueError:
            continue
        known.add(card_id)
    return rebuilt


def _read_marks(reader: _Reader, version: int, card_ids: set[str]) -> list[AchMark]:
    """The analyst's ACH marks whose two cards were kept (format 2 and later)."""
    if version < 2:
        return []
    marks: dict[tuple[str, str], AchMark] = {}
    for row in reader.rows("ach_marks", _COLUMNS["ach_marks"]):
        try:
            mark = row_to_mark(row)
        except DamagedBoardError as exc:
            reader.lost.append(str(exc))
            continue
        if mark.evidence_id in card_ids and mark.hypothesis_id in card_ids:
            marks.setdefault(mark.key, mark)
        else:
            reader.lost.append("An ACH mark lost one of its cards and was left out.")
    return list(marks.values())


def _read_links(reader: _Reader, cards: dict[str, Card]) -> list[Link]:
    links = []
    for row in reader.rows("links", _columns("links", reader.version)):
        try:
            link = row_to_link(row)
        except DamagedBoardError as exc:
            reader.lost.append(str(exc))
            continue
        if link.source not in cards or link.target not in cards:
            reader.lost.append(f"Link {link.id[:8]} lost one of its cards and was left out.")
            continue
        links.append(link)
    return links


def _without_lost_files(cards: dict[str, Card], kept: set[str], lost: list[str]) -> list[Card]:
    result = []
    for card in cards.values():
        content = card.content
        if isinstance(content, DocumentContent) and content.attachment not in (None, *kept):
            lost.append(f"The file of document card “{card.display_title}” was lost.")
            card = replace(card, content=replace(content, attachment=None))
        result.append(card)
    return result


def salvage_board(
    damaged: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    author: str | None = None,
) -> SalvageReport:
    """Read what can be read from ``damaged`` into a new board file ``out``.

    ``damaged`` is opened read-only and never changed; ``out`` must not exist. Raises
    :class:`NotABoardError` / :class:`NewerVersionError` for a file that is not one of
    our boards, :class:`UnsafeBoardError` for a schema holding triggers, views or
    foreign objects, and :class:`DamagedBoardError` when nothing can be read; no file is
    written then.
    """
    source, target = Path(damaged), Path(out)
    version = _header_version(source)
    if target.exists():
        raise BoardFileError(f"{target.name} already exists; choose another name.")
    connection, watchdog = connect(source, writable=False)
    try:
        reader = _Reader(connection, watchdog, source.name, version)
        reader.vet_schema(version)
        info = _read_info(reader)
        files = list(_read_attachments(reader))
        cards = _read_cards(reader, version)
        by = author or "salvage"
        from_index = _cards_from_index(reader, set(cards), by)
        links = _read_links(reader, cards)
        marks = _read_marks(reader, version, set(cards))
    finally:
        connection.close()
    if info is None and not cards and not from_index and not files:
        raise DamagedBoardError(
            f"Nothing could be salvaged from {source.name}: no card, link or file is readable."
        )
    kept_files = {a.sha256 for a, _ in files}
    all_cards = _without_lost_files(cards, kept_files, reader.lost) + from_index
    report = SalvageReport(target, len(all_cards), len(links), len(files), len(from_index))
    report.lost = reader.lost
    board_info = info or BoardInfo(title=f"Salvaged from {source.name}"[:200])
    document = create_board(target, board_info, author=author)
    try:
        with document:
            for attachment, data in files:
                document.apply(AddAttachment(attachment, data))
            document.apply(AddCards(tuple(all_cards), tuple(links)))
            kept = {c.id for c in all_cards}
            for mark in marks:
                if mark.evidence_id in kept and mark.hypothesis_id in kept:
                    document.apply(SetAchMark(mark.key, None, mark))
            problems = document.integrity_report()
            if problems:
                raise DamagedBoardError(f"The salvaged board failed its check: {problems[0]}")
    except BaseException:
        with contextlib.suppress(OSError):
            target.unlink()
        raise
    return report
