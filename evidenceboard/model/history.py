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

from evidenceboard.model.changes import (
    AddAttachment,
    AddCards,
    AddLinks,
    Batch,
    Change,
    EditBoard,
    EditCards,
    EditLink,
    MoveCards,
    RemoveAttachment,
    RemoveCards,
    RemoveLinks,
)
from evidenceboard.model.clock import format_timestamp

#: A history row names at most this many items; a row that long may have been cut short.
ITEM_ID_LIMIT = 1000

#: The kinds of change whose rows name every item they touch (up to the limit).
_CHANGE_TYPES = frozenset(
    c.__name__
    for c in (
        AddAttachment,
        AddCards,
        AddLinks,
        Batch,
        EditBoard,
        EditCards,
        EditLink,
        MoveCards,
        RemoveAttachment,
        RemoveCards,
        RemoveLinks,
    )
)


def touched_ids(change: Change) -> list[str]:
    """Ids of the cards, links and attachments the change adds, edits, moves or removes."""
    if isinstance(change, Batch):
        return [i for part in change.changes for i in touched_ids(part)]
    if isinstance(change, AddCards | RemoveCards):
        return [c.id for c in change.cards] + [x.id for x in change.links]
    if isinstance(change, EditCards):
        return [after.id for _, after in change.pairs]
    if isinstance(change, MoveCards):
        return [card_id for card_id, _, _ in change.moves]
    if isinstance(change, AddLinks | RemoveLinks):
        return [x.id for x in change.links]
    if isinstance(change, EditLink):
        return [change.after.id]
    if isinstance(change, AddAttachment | RemoveAttachment):
        return [change.attachment.sha256]
    if isinstance(change, EditBoard):
        return []
    raise TypeError(f"No history for {type(change).__name__}")


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One history row: ``at`` is the stored text, compared exactly."""

    seq: int
    at: str
    author: str
    change_type: str
    item_ids: frozenset[str]
    #: False when the row may not name every item it touched (cut short, or unreadable).
    complete: bool = True

    @classmethod
    def of(cls, seq: int, at: datetime, author: str, change: Change) -> "HistoryEntry":
        """The entry the board file records for ``change``."""
        ids = touched_ids(change)
        return cls(
            seq,
            format_timestamp(at),
            author,
            type(change).__name__,
            frozenset(ids[:ITEM_ID_LIMIT]),
            len(ids) < ITEM_ID_LIMIT,
        )

    @classmethod
    def stored(
        cls, seq: int, at: str, author: str, change_type: str, item_ids: str
    ) -> "HistoryEntry":
        """Read a row as stored; a row whose items cannot be read may have touched anything."""
        try:
            ids = json.loads(item_ids)
        except ValueError:
            ids = None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return cls(seq, at, author, change_type, frozenset(), complete=False)
        complete = len(ids) < ITEM_ID_LIMIT and change_type in _CHANGE_TYPES
        return cls(seq, at, author, change_type, frozenset(ids), complete)


def _same_row(mine: HistoryEntry, theirs: HistoryEntry, their_items: set[str]) -> bool:
    if (mine.seq, mine.at, mine.author, mine.change_type) != (
        theirs.seq,
        theirs.at,
        theirs.author,
        theirs.change_type,
    ):
        return False
    if not theirs.item_ids <= mine.item_ids:
        return False
    return not (mine.item_ids - theirs.item_ids) & their_items


@dataclass(frozen=True, slots=True)
class _Since:
    """What one side's rows after the common ancestor touched."""

    ids: frozenset[str]
    #: A row that may not name everything it touched: any item may have been touched.
    anything: bool

    def touched(self, item_id: str) -> bool:
        return self.anything or item_id in self.ids


def _since(entries: Sequence[HistoryEntry]) -> _Since:
    return _Since(
        frozenset(i for e in entries for i in e.item_ids), not all(e.complete for e in entries)
    )


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
