"""A board's change history as merge reads it: which items each change touched.

Every change written to a board file appends a history row (who, when, what kind of
change, and the ids of the items it touched). A copy of a board, whether a plain file
copy or a shared copy, starts with the history of the board it was copied from, so two
diverged copies share a first stretch of rows: the **common ancestor** is the state
after the last row they share. Merge asks of each side's rows *after* that point "did
this side touch the item?", instead of trusting edit stamps that anyone can type into a
file.

Matching the shared stretch is done against *my* history, which the other side cannot
change. Their row matches mine only when it has the same sequence number, time (to the
second), author and kind of change, lists no item my row does not list, and leaves out
only items their board does not hold (a shared copy lists only items it kept; an item
they hold and their row omits means the row was altered). So their file cannot claim
to share more of my history than it really does without knowing each of my later rows,
which only a copy of my board made after those rows would tell them; and a copy made
that late already held my version of every item those rows touched.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, assert_never, get_args

from evidenceboard.model import changes
from evidenceboard.model.clock import format_timestamp

#: A history row names at most this many items; a row that long may have been cut short.
ITEM_ID_LIMIT = 1000

#: The kinds of change whose rows name every item they touch (up to the limit): every
#: kind :func:`touched_ids` knows, which is each kind of :data:`AnyChange`.
_CHANGE_TYPES = frozenset(kind.__name__ for kind in get_args(changes.AnyChange))


def mark_item_id(key: tuple[str, str]) -> str:
    """The name an ACH mark goes by in the history, so a merge can tell who set it."""
    return f"ach:{key[0]}:{key[1]}"


def touched_ids(change: changes.Change) -> list[str]:
    """Ids of the cards, links and attachments the change adds, edits, moves or removes."""
    known = changes.known_change(change)
    match known:
        case changes.Batch():
            return [i for part in known.changes for i in touched_ids(part)]
        case changes.AddCards() | changes.RemoveCards():
            return [c.id for c in known.cards] + [x.id for x in known.links]
        case changes.EditCards():
            return [after.id for _, after in known.pairs]
        case changes.MoveCards():
            return [card_id for card_id, _, _ in known.moves]
        case changes.AddLinks() | changes.RemoveLinks():
            return [x.id for x in known.links]
        case changes.EditLink():
            return [known.after.id]
        case changes.AddAttachment() | changes.RemoveAttachment():
            return [known.attachment.sha256]
        case changes.EditBoard():
            return []
        case changes.SetAchMark():
            return [mark_item_id(known.key)]
        case _:
            assert_never(known)


class HistoryEntry(NamedTuple):
    """One history row as stored: ``at`` and ``ids_text`` are compared as text.

    The item list is kept as its stored JSON text and read only where it is needed: two
    copies share most of their rows word for word, and a board may hold 100,000 rows (a
    tuple: built about three times faster than a frozen dataclass).
    """

    seq: int
    at: str
    author: str
    change_type: str
    #: The JSON list of the ids the change touched, as written by :meth:`of`.
    ids_text: str

    @classmethod
    def of(cls, seq: int, at: datetime, author: str, change: changes.Change) -> "HistoryEntry":
        """The entry the board file records for ``change``."""
        ids = touched_ids(change)
        text = json.dumps(ids[:ITEM_ID_LIMIT])
        return cls(seq, format_timestamp(at), author, type(change).__name__, text)

    def _read(self) -> list[str] | None:
        try:
            ids = json.loads(self.ids_text)
        except (ValueError, RecursionError):
            # A colleague's file may nest the list arbitrarily deep: an unreadable row
            # is one that may not name every item, so the items it touched conflict.
            return None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return None
        return ids

    @property
    def item_ids(self) -> frozenset[str]:
        """The ids the row names (none when they cannot be read)."""
        return frozenset(self._read() or ())

    @property
    def complete(self) -> bool:
        """False when the row may not name every item it touched (cut short, unreadable)."""
        return self._complete(self._read())

    def _complete(self, ids: list[str] | None) -> bool:
        return ids is not None and len(ids) < ITEM_ID_LIMIT and self.change_type in _CHANGE_TYPES


def _same_row(mine: HistoryEntry, theirs: HistoryEntry, their_items: set[str]) -> bool:
    if (mine.seq, mine.at, mine.author, mine.change_type) != (
        theirs.seq,
        theirs.at,
        theirs.author,
        theirs.change_type,
    ):
        return False
    if mine.ids_text == theirs.ids_text:
        return True
    # A shared copy lists only the items it kept: it may leave out only those.
    ours, their_ids = mine.item_ids, theirs.item_ids
    return their_ids <= ours and not (ours - their_ids) & their_items


@dataclass(frozen=True, slots=True)
class _Since:
    """What one side's rows after the common ancestor touched."""

    ids: frozenset[str]
    #: A row that may not name everything it touched: any item may have been touched.
    anything: bool

    def touched(self, item_id: str) -> bool:
        return self.anything or item_id in self.ids


def _since(entries: Sequence[HistoryEntry]) -> _Since:
    ids: set[str] = set()
    anything = False
    for entry in entries:
        read = entry._read()
        anything = anything or not entry._complete(read)
        ids.update(read or ())
    return _Since(frozenset(ids), anything)


@dataclass(frozen=True, slots=True)
class Ancestry:
    """What the two histories say about each item since the copies parted."""

    #: How many history rows the two copies share; 0 means no common ancestor is known.
    shared_rows: int
    _mine: _Since
    _theirs: _Since

    @property
    def known(self) -> bool:
        return self.shared_rows > 0

    def mine_changed(self, item_id: str) -> bool:
        """False only when my own history shows I left the item alone since the copy."""
        return not self.known or self._mine.touched(item_id)

    def theirs_changed(self, item_id: str) -> bool:
        """False only when their history shows they left the item alone since the copy.

        Their history is as forgeable as the rest of their file, so this answer is only
        ever used to keep *my* version, never to drop it.
        """
        return not self.known or self._theirs.touched(item_id)


def ancestry(
    mine: Iterable[HistoryEntry], theirs: Iterable[HistoryEntry], their_items: Iterable[str]
) -> Ancestry:
    """Find where the two copies parted; ``their_items`` are every id their board holds."""
    my_rows = sorted(mine, key=lambda e: e.seq)
    their_rows = sorted(theirs, key=lambda e: e.seq)
    items = set(their_items)
    shared = 0
    for a, b in zip(my_rows, their_rows, strict=False):
        if not _same_row(a, b, items):
            break
        shared += 1
    return Ancestry(shared, _since(my_rows[shared:]), _since(their_rows[shared:]))


def since_sync(
    mine: Iterable[str], theirs: Iterable[str], *, mine_unknown: bool = False
) -> Ancestry:
    """The ancestry of a team sync, where the common ancestor is the last sync itself.

    ``mine`` are the items my board touched since, ``theirs`` the items the server
    changed since; ``mine_unknown`` when one of my rows may not name all it touched.
    """
    return Ancestry(
        1, _Since(frozenset(mine), mine_unknown), _Since(frozenset(theirs), anything=False)
    )
