"""A quick read of what the canvas draws first: each card's kind and box, each link's ends.

Opening a large board spends most of its time turning rows into model objects. The
window can show the board before that, from the six canvas columns of ``cards`` and
three of ``links`` read here into numpy arrays (a tenth of the full load's time on a
board of 10,000 cards).

The file is untrusted like any board, so the sketch checks what it reads with the
model's own rules: kinds parse through :class:`CardKind` and :class:`LinkKind`, boxes
lie within the model's coordinate and size limits (which also rules out NaN and
infinities), ids are text, and each link's two cards are there. A sketch that breaks
one of them raises :class:`DamagedBoardError` with the same words the full load would
use, so a board never previews and then fails to open for a reason the preview hid.
"""

import sqlite3
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from evidenceboard.model.cards import MAX_COORDINATE, MAX_SIZE, MIN_SIZE, CardKind
from evidenceboard.model.collector_pause import collector_paused
from evidenceboard.model.links import LinkKind
from evidenceboard.storage.errors import DamagedBoardError

#: The order of the kind codes in :attr:`BoardSketch.card_kinds`.
CARD_KINDS: tuple[CardKind, ...] = tuple(CardKind)
#: The order of the kind codes in :attr:`BoardSketch.link_kinds`.
LINK_KINDS: tuple[LinkKind, ...] = tuple(LinkKind)


@dataclass(frozen=True, eq=False)
class BoardSketch:
    """Cards as boxes and links as pairs of card indices, in parallel arrays."""

    card_ids: tuple[str, ...]
    #: Index into :data:`CARD_KINDS`, one per card.
    card_kinds: NDArray[np.int8]
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    width: NDArray[np.float64]
    height: NDArray[np.float64]
    #: Index of each link's source and target card in :attr:`card_ids`.
    link_sources: NDArray[np.intp]
    link_targets: NDArray[np.intp]
    #: Index into :data:`LINK_KINDS`, one per link.
    link_kinds: NDArray[np.int8]

    @property
    def card_count(self) -> int:
        return len(self.card_ids)

    @property
    def link_count(self) -> int:
        return len(self.link_kinds)


def _kind_codes(kinds: tuple[CardKind, ...] | tuple[LinkKind, ...]) -> str:
    # SQLite turns kinds into codes in C, far cheaper than a Python lookup per row; the
    # values are the enums' own, passed as parameters.
    whens = " ".join(f"WHEN ? THEN {code}" for code in range(len(kinds)))
    return f"CASE kind {whens} ELSE -1 END"


_CARDS_SQL = f"SELECT id, {_kind_codes(CARD_KINDS)}, x, y, width, height FROM cards"
_LINKS_SQL = f"SELECT source_id, target_id, {_kind_codes(LINK_KINDS)} FROM links"
_CARD_VALUES = tuple(kind.value for kind in CARD_KINDS)
_LINK_VALUES = tuple(kind.value for kind in LINK_KINDS)
_NAMES = ("x", "y", "width", "height")


def _card_damage(card_id: Any, reason: str) -> DamagedBoardError:
    return DamagedBoardError(f"Card {str(card_id)[:40]} in the board is damaged ({reason}).")


def _bad_kind(connection: sqlite3.Connection, table: str) -> DamagedBoardError:
    """The error for the first row of ``table`` whose kind is not one of ours."""
    values = _CARD_VALUES if table == "cards" else _LINK_VALUES
    holes = ", ".join("?" * len(values))
    row = connection.execute(
        f"SELECT id, kind FROM {table} WHERE kind IS NULL OR kind NOT IN ({holes}) LIMIT 1",
        values,
    ).fetchone()
    item, enum = ("Card", "CardKind") if table == "cards" else ("Link", "LinkKind")
    item_id, kind = row if row is not None else ("?", None)
    return DamagedBoardError(
        f"{item} {str(item_id)[:40]} in the board is damaged ({kind!r} is not a valid {enum})."
    )


def _numbers(column: NDArray[np.object_], ids: list[Any], name: str) -> NDArray[np.float64]:
    try:
        return column.astype(np.float64)
    except (TypeError, ValueError):
        # Only for a damaged board: find the card to name.
        for card_id, value in zip(ids, column.tolist(), strict=True):
            try:
                float(value)
            except (TypeError, ValueError):
                raise _card_damage(card_id, f"its {name} is not a number") from None
        raise _card_damage("?", f"its {name} is not a number") from None


def _check_range(
    array: NDArray[np.float64], low: float, high: float, ids: list[Any], what: str
) -> None:
    # Written so that NaN fails too: every comparison with NaN is false.
    bad = np.flatnonzero(~((array >= low) & (array <= high)))
    if bad.size:
        raise _card_damage(ids[int(bad[0])], what)


def _read_cards(
    connection: sqlite3.Connection,
) -> tuple[list[str], NDArray[np.int8], list[NDArray[np.float64]]]:
    rows = connection.execute(_CARDS_SQL, _CARD_VALUES).fetchall()
    if not rows:
        empty = np.zeros(0, dtype=np.float64)
        return [], np.zeros(0, dtype=np.int8), [empty, empty, empty, empty]
    table = np.array(rows, dtype=object)
    ids: list[Any] = table[:, 0].tolist()
    for card_id in ids:
        if type(card_id) is not str:
            raise _card_damage(card_id, "expected text")
    codes = table[:, 1].astype(np.int8)
    if (codes < 0).any():
        raise _bad_kind(connection, "cards")
    columns = [_numbers(table[:, 2 + i], ids, name) for i, name in enumerate(_NAMES)]
    for array, name in zip(columns[:2], _NAMES[:2], strict=True):
        what = f"The card's {name} position is out of range."
        _check_range(array, -MAX_COORDINATE, MAX_COORDINATE, ids, what)
    for array, name in zip(columns[2:], _NAMES[2:], strict=True):
        what = f"The card's {name} must be between {MIN_SIZE:g} and {MAX_SIZE:g}."
        _check_range(array, MIN_SIZE, MAX_SIZE, ids, what)
    return ids, codes, columns


def _dangling(connection: sqlite3.Connection) -> DamagedBoardError:
    row = connection.execute(
        "SELECT id FROM links WHERE source_id NOT IN (SELECT id FROM cards) "
        "OR target_id NOT IN (SELECT id FROM cards) OR source_id IS NULL OR target_id IS NULL "
        "LIMIT 1"
    ).fetchone()
    link_id = str(row[0])[:8] if row is not None else "?"
    return DamagedBoardError(
        f"The board is inconsistent: Link {link_id} points to a card that is not there."
    )


def read_sketch(connection: sqlite3.Connection) -> BoardSketch:
    """The canvas columns of every card and link, checked; raises DamagedBoardError."""
    # Hundreds of thousands of row values, none of them garbage yet: collections while
    # reading them would only walk them again and again.
    with collector_paused():
        return _read_sketch(connection)


def _read_sketch(connection: sqlite3.Connection) -> BoardSketch:
    ids, card_kinds, (x, y, width, height) = _read_cards(connection)
    index = {card_id: i for i, card_id in enumerate(ids)}
    if len(index) != len(ids):
        raise DamagedBoardError("The board is inconsistent: a card appears twice.")
    rows = connection.execute(_LINKS_SQL, _LINK_VALUES).fetchall()
    ends = [np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)]
    link_kinds = np.zeros(0, dtype=np.int8)
    if rows:
        table = np.array(rows, dtype=object)
        link_kinds = table[:, 2].astype(np.int8)
        if (link_kinds < 0).any():
            raise _bad_kind(connection, "links")
        try:
            # A C-level map over a dict: the bulk of the sketch's time on a large board.
            ends = [
                np.fromiter(map(index.__getitem__, table[:, i]), np.intp, len(rows)) for i in (0, 1)
            ]
        except (KeyError, TypeError):
            raise _dangling(connection) from None
    return BoardSketch(
        card_ids=tuple(ids),
        card_kinds=card_kinds,
        x=x,
        y=y,
        width=width,
        height=height,
        link_sources=ends[0],
        link_targets=ends[1],
        link_kinds=link_kinds,
    )
