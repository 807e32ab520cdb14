"""A board's bookkeeping for a team server: the ``team_sync`` key/value rows.

What the values mean belongs to :mod:`evidenceboard.team`; here they are only stored
and read back. The value of :data:`HISTORY_MARK` is not given by the caller but set to
the seq of the board's last history row in the same transaction when the caller asks
(``mark_history``), so that the pull a sync applies, its history row and the record
"everything up to here is accounted for" reach the file together or not at all.

The rows come from a board file, which may come from a stranger: a value that is not
text, or a row beyond the first hundred, is left out instead of passed on.
"""

import sqlite3
from collections.abc import Mapping

from evidenceboard.storage.transaction import Writes

#: The key whose value is the seq of the last history row already on the server.
HISTORY_MARK = "history_seq"
_MAX_ROWS = 100
_MAX_VALUE = 4000


def write_sync_rows(conn: Writes, state: Mapping[str, str], *, mark_history: bool) -> None:
    """Replace the rows with ``state``; with ``mark_history``, the mark is the last row."""
    rows = dict(state)
    if mark_history:
        (last,) = conn.execute("SELECT coalesce(max(seq), 0) FROM history").fetchone()
        rows[HISTORY_MARK] = str(int(last))
    conn.execute("DELETE FROM team_sync")
    conn.insert("team_sync", [{"key": k, "value": v} for k, v in sorted(rows.items())])


def read_sync_rows(connection: sqlite3.Connection) -> dict[str, str]:
    """The rows as stored, read on the board's own connection (reading needs no engine)."""
    rows = connection.execute("SELECT key, value FROM team_sync LIMIT ?", (_MAX_ROWS,))
    return {
        key: value
        for key, value in rows
        if isinstance(key, str) and isinstance(value, str) and len(value) <= _MAX_VALUE
    }
