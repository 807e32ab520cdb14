"""Writing a Change to the board file: the SQL for each kind of change.

The caller runs this inside one transaction, so a change reaches the file whole or not
at all. Moves update only the geometry columns; everything else writes whole rows,
which keeps the code obviously right. The full-text index is updated here, beside the
rows it mirrors.
"""

from collections.abc import Iterable, Sequence
from typing import assert_never

from sqlalchemy import Connection, delete, insert, text, update

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
from evidenceboard.storage.tables import (
    ACH_MARKS,
    ATTACHMENTS,
    BOARD,
    BOARD_SETTINGS,
    CARDS,
    HISTORY,
    LINKS,
)

# An index entry shares its card's rowid, so it is found and removed by key: card_id is
# an unindexed FTS5 column, and a delete by it would scan the whole index.
_FTS_INSERT = text(
    f"INSERT INTO {FTS_TABLE} (rowid, card_id, title, body, details) "
    "VALUES ((SELECT rowid FROM cards WHERE id = :card_id), :card_id, :title, :body, :details)"
)
_MOVE = text("UPDATE cards SET x = :x, y = :y, width = :w, height = :h WHERE id = :id")
_FTS_DELETE = text(
    f"DELETE FROM {FTS_TABLE} WHERE rowid = (SELECT rowid FROM cards WHERE id = :card_id)"
)


def _insert_cards(conn: Connection, cards: Iterable[Card]) -> None:
    cards = list(cards)
    if cards:
        conn.execute(insert(CARDS), [card_to_row(c) for c in cards])
        conn.execute(_FTS_INSERT, [fts_row(c) for c in cards])


def _insert_links(conn: Connection, links: Sequence[Link]) -> None:
    if links:
        conn.execute(insert(LINKS), [link_to_row(link) for link in links])


def _delete_links(conn: Connection, links: Sequence[Link]) -> None:
    if links:
        conn.execute(delete(LINKS).where(LINKS.c.id.in_([x.id for x in links])))


def _delete_fts(conn: Connection, card_ids: Iterable[str]) -> None:
    ids = [{"card_id": i} for i in card_ids]
    if ids:
        conn.execute(_FTS_DELETE, ids)


def write_change(conn: Connection, change: changes.Change) -> None:
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
            conn.execute(delete(CARDS).where(CARDS.c.id.in_(ids)))
        case changes.EditCards():
            afters = [after for _, after in known.pairs]
            for card in afters:
                conn.execute(update(CARDS).where(CARDS.c.id == card.id).values(card_to_row(card)))
            _delete_fts(conn, (c.id for c in afters))
            conn.execute(_FTS_INSERT, [fts_row(c) for c in afters])
        case changes.MoveCards():
            conn.execute(
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
            row = link_to_row(known.after)
            conn.execute(update(LINKS).where(LINKS.c.id == known.after.id).values(row))
        case changes.AddAttachment():
            conn.execute(insert(ATTACHMENTS), [attachment_to_row(known.attachment, known.data)])
        case changes.RemoveAttachment():
            conn.execute(delete(ATTACHMENTS).where(ATTACHMENTS.c.sha256 == known.attachment.sha256))
        case changes.EditBoard():
            conn.execute(update(BOARD).where(BOARD.c.id == 1).values(info_to_row(known.after)))
            if known.after.settings != known.before.settings:
                conn.execute(delete(BOARD_SETTINGS))
                if known.after.settings:
                    rows = [{"key": k, "value": v} for k, v in known.after.settings]
                    conn.execute(insert(BOARD_SETTINGS), rows)
        case changes.SetAchMark():
            _write_mark(conn, known)
        case _:
            assert_never(known)


def _write_mark(conn: Connection, change: changes.SetAchMark) -> None:
    evidence_id, hypothesis_id = change.key
    conn.execute(
        delete(ACH_MARKS).where(
            ACH_MARKS.c.evidence_id == evidence_id, ACH_MARKS.c.hypothesis_id == hypothesis_id
        )
    )
    if change.after is not None:
        conn.execute(insert(ACH_MARKS), [mark_to_row(change.after)])


def write_history(conn: Connection, change: changes.Change, board: Board, author: str) -> None:
    """Append the change to the board's history: who, when, what, and which items."""
    # Large imports name thousands of items; the entry keeps the row small, and merge
    # reads a row naming the most items it can as one that may have touched anything.
    entry = HistoryEntry.of(0, utc_now(), author, change)  # the file numbers the row
    write_foreign_history(conn, [(entry, change.describe(board))])


def write_foreign_history(conn: Connection, rows: Sequence[tuple[HistoryEntry, str]]) -> None:
    """Append history rows recorded elsewhere (a team server's), numbered by this file.

    Each row is an entry and the words of its action; the entry's sequence number is
    not written, the file numbers the rows.
    """
    if rows:
        conn.execute(
            insert(HISTORY),
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
