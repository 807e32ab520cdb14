"""Bringing a board's full-text index up to the current folding when it is opened.

Boards written before search folded its text (:mod:`evidenceboard.storage.folding`)
hold each card's text in the index as typed: "Yılmaz" there is not found by "Yilmaz".
Search still finds in them what it found before (the query also looks for each word as
typed), and :func:`refold_index` rewrites such an index when the board is opened for
writing, in one transaction, so the board then finds everything a new one does.

The file has no flag saying which folding wrote its index (adding one would change the
schema), so the index is recognised by its content: a row whose title or details, the
short columns, is not already folded was written before folding. Reading every title
and detail line is cheap; the bodies (whole books) are not read. A board whose only
unfolded text is in its bodies is not rewritten; its search keeps the old behaviour for
those cards until they are edited.
"""

from collections.abc import Iterable

from evidenceboard.model.cards import Card
from evidenceboard.storage.folding import fold
from evidenceboard.storage.mapping import fts_row
from evidenceboard.storage.schema import FTS_TABLE
from evidenceboard.storage.transaction import WriteChannel, Writes

# Only rows holding a character outside printable ASCII can fold to something else.
_NOT_ASCII = "'*[^ -~]*'"
_UNFOLDED_CANDIDATES = (
    f"SELECT title, details FROM {FTS_TABLE} "
    f"WHERE title GLOB {_NOT_ASCII} OR details GLOB {_NOT_ASCII}"
)
_CLEAR = f"DELETE FROM {FTS_TABLE}"
_INSERT = (
    f"INSERT INTO {FTS_TABLE} (rowid, card_id, title, body, details) "
    "VALUES ((SELECT rowid FROM cards WHERE id = :card_id), :card_id, :title, :body, :details)"
)


def index_is_folded(conn: Writes) -> bool:
    """Whether every row's title and details in the index are folded text."""
    for title, details in conn.execute(_UNFOLDED_CANDIDATES):
        if fold(str(title)) != title or fold(str(details)) != details:
            return False
    return True


def refold_index(channel: WriteChannel, cards: Iterable[Card]) -> bool:
    """Rewrite the index from ``cards`` if it was written before folding; True if it was.

    The caller handles a failed write (a full disk): the old index keeps working.
    """
    with channel.begin() as conn:
        if index_is_folded(conn):
            return False
        conn.execute(_CLEAR)
        conn.executemany(_INSERT, [fts_row(card) for card in cards])
    return True
