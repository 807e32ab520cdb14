"""Writing a Change to the board file: the SQL for each kind of change.

The caller runs this inside one transaction, so a change reaches the file whole or not
at all. Moves update only the geometry columns; everything else writes whole rows,
which keeps the code obviously right. The full-text index is updated here, beside the
rows it mirrors.
"""

from collections.abc import Iterable, Sequence
from typing import assert_never

from evidenceboard.model import changes
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card
from evidenceboard.model.clock import utc_now
from evidenceboard.model.history import HistoryEntry
from evidenceboard.model.links import Link
from evidenceboard.storage.mapping import (
    attachment_to_row,
    card_to_row,
    fts_row,
    info_to_row,
    link_to_row,
    mark_to_row,
)
from evidenceboard.storage.schema import FTS_TABLE
from evidenceboard.storage.transaction import Writes

# An index entry shares its card's rowid, so it is found and removed by key: card_id is
# an unindexed FTS5 column, and a delete by it would scan the whole index.
_FTS_INSERT = (
    f"INSERT INTO {FTS_TABLE} (rowid, card_id, title, body, details) "
    "VALUES ((SELECT rowid FROM cards WHERE id = :card_id), :card_id, :title, :body, :details)"
)
_MOVE = "UPDATE cards SET x = :x, y = :y, width = :w, height = :h WHERE id = :id"
_FTS_DELETE = f"DELETE FROM {FTS_TABLE} WHERE rowid = (SELECT rowid FROM cards WHERE id = :card_id)"
_DELETE_MARK = "DELETE FROM ach_marks WHERE evidence_id = ? AND hypothesis_id = ?"


def _insert_cards(conn: Writes, cards: Iterable[Card]) -> None:
    cards = list(cards)
    conn.insert("cards", [card_to_row(c) for c in cards])
    conn.executemany(_FTS_INSERT, [fts_row(c) for c in cards])


def _insert_links(conn: Writes, links: Sequence[Link]) -> None:
    conn.insert("links", [link_to_row(link) for link in links])


def _delete_links(conn: Writes, links: Sequence[Link]) -> None:
    conn.delete("links", "id", [x.id for x in links])


def _delete_fts(conn: Writes, card_ids: Iterable[str]) -> None:
    conn.executemany(_FTS_DELETE, [{"card_id": i} for i in card_ids])


def write_change(conn: Writes, change: changes.Change) -> None:
    """Emit the SQL that makes the file match the board after ``change``."""
    known = changes.known_change(change)
    match known:
        case changes.Batch():
            for part in known.changes:
                write_change(conn, part)
        case changes.AddCards():
            _insert_cards(conn, known.cards)
            _insert_links(conn, known.links)
        case changes.RemoveCards():
            _delete_links(conn, known.links)
            ids = [c.id for c in known.cards]
            # The index entries are found through the cards' rows: remove them first.
            _delete_fts(conn, ids)
            conn.delete("cards", "id", ids)
        case changes.EditCards():
            afters = [after for _, after in known.pairs]
            conn.update("cards", "id", [card_to_row(card) for card in afters])
            _delete_fts(conn, (c.id for c in afters))
            conn.executemany(_FTS_INSERT, [fts_row(c) for c in afters])
        case changes.MoveCards():
            conn.executemany(
                _MOVE,
                [
                    {"id": card_id, "x": g.x, "y": g.y, "w": g.width, "h": g.height}
                    for card_id, _old, g in known.moves
                ],
            )
        case changes.AddLinks():
            _insert_links(conn, known.links)
        case changes.RemoveLinks():
            _delete_links(conn, known.links)
        case changes.EditLink():
            conn.update("links", "id", [link_to_row(known.after)])
        case changes.AddAttachment():
            conn.insert("attachments", [attachment_to_row(known.attachment, known.data)])
        case changes.RemoveAttachment():
            conn.delete("attachments", "sha256", [known.attachment.sha256])
        case changes.EditBoard():
            conn.update("board", "id", [info_to_row(known.after)])
            if known.after.settings != known.before.settings:
                conn.execute("DELETE FROM board_settings")
                rows = [{"key": k, "value": v} for k, v in known.after.settings]
                conn.insert("board_settings", rows)
        case changes.SetAchMark():
            conn.execute(_DELETE_MARK, known.key)
            if known.after is not None:
                conn.insert("ach_marks", [mark_to_row(known.after)])
        case _:
            assert_never(known)


def write_history(conn: Writes, change: changes.Change, board: Board, author: str) -> None:
    """Append the change to the board's history: who, when, what, and which items."""
    # Large imports name thousands of items; the entry keeps the row small, and merge
    # reads a row naming the most items it can as one that may have touched anything.
    entry = HistoryEntry.of(0, utc_now(), author, change)  # the file numbers the row
    write_foreign_history(conn, [(entry, change.describe(board))])


def write_foreign_history(conn: Writes, rows: Sequence[tuple[HistoryEntry, str]]) -> None:
    """Append history rows recorded elsewhere (a team server's), numbered by this file.

    Each row is an entry and the words of its action; the entry's sequence number is
    not written, the file numbers the rows.
    """
    conn.insert(
        "history",
        [
            {
                "at": entry.at,
                "author": entry.author,
                "action": action,
                "change_type": entry.change_type,
                "item_ids": entry.ids_text,
            }
            for entry, action in rows
        ],
    )
