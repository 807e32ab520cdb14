"""Reading a case's changes from the server and writing a push: the two server steps.

A pull reads, in one REPEATABLE READ transaction (one snapshot), the case's head
revision and every row written after the revision the laptop already holds; indexes on
``(case_id, rev)`` make that cost grow with the changes, not with the case. A push is one
transaction: it locks the case's row, checks that nobody pushed since the laptop's pull
(else the laptop pulls again first), writes the rows with the next revision and raises
the head. A push cut off anywhere (a killed laptop, a dropped network, a restarted
server) is rolled back by PostgreSQL and can simply be run again.

What the server sends is measured there before it is sent: a row larger than any the
model accepts is refused by its id, attachment bytes are fetched only when the server
holds exactly as many as their row declares, and a pull that would hold more than a
laptop can keep in memory stops with a message before the board is touched. A hostile
row can hold back its own change, but not fill a laptop's memory.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, cast, delete, func, literal, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.sql.elements import ColumnElement

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE
from evidenceboard.model.history import HistoryEntry
from evidenceboard.storage.vetting import MAX_BOARD_FILE_SIZE
from evidenceboard.team.server import TeamError
from evidenceboard.team.tables import (
    BOARD_INFO,
    CASES,
    REMOVED,
    SCHEMA,
    SERVER_ATTACHMENTS,
    SERVER_CARDS,
    SERVER_HISTORY,
    SERVER_LINKS,
)

#: Rows read per round trip when a case is cloned.
_BATCH = 2000
#: Largest number of ids put into one ``IN (...)`` list.
_IDS = 5000

#: What a pull reads of the server's history rows.
_HISTORY_COLUMNS = ("seq", "at", "author", "action", "change_type", "item_ids")

#: A row of a card, link or the case's details larger than this (its columns as text) is
#: refused before it is sent. No card typed or imported comes near it: a card's longest
#: text, 20 million characters, is 80 MB at most.
MAX_ROW_BYTES = 256 * 1024 * 1024
#: What one pull or clone keeps of the server's rows in memory, attachments aside.
MAX_DELTA_BYTES = 2 * 1024**3
#: How many rows one pull or clone takes; a board of a million cards is far past any case.
MAX_DELTA_ROWS = 2_000_000
#: What one pull or clone fetches of attachment bytes: no more than a board file may hold.
MAX_DELTA_ATTACHMENT_BYTES = MAX_BOARD_FILE_SIZE


@dataclass(frozen=True, slots=True)
class Delta:
    """A case's rows written after some revision, as the server sent them (not vetted)."""

    head: int
    cards: list[dict[str, Any]]
    links: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    removed: list[str]
    info: dict[str, Any] | None
    #: Cards the changed links point to that did not change themselves.
    endpoints: list[dict[str, Any]]
    may_write: bool
    #: Rows refused on the server for their size, in words for the report.
    oversized: list[str]
    #: The history rows the pushes after ``since`` carried: who changed what, and when.
    history: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Withheld:
    """Attachment bytes not fetched: the server holds ``held`` bytes, not the size declared."""

    held: int


class _Budget:
    """What a pull has taken so far; raises TeamError once it is past the limits."""

    def __init__(self) -> None:
        self.rows = 0
        self.bytes = 0
        self.oversized: list[str] = []

    def take(self, size: int) -> None:
        self.rows += 1
        self.bytes += size
        if self.rows > MAX_DELTA_ROWS or self.bytes > MAX_DELTA_BYTES:
            raise TeamError(
                f"The server sent more than one sync can take (over {MAX_DELTA_ROWS:,} items "
                f"or {MAX_DELTA_BYTES // 1024**2:,} MB of text); nothing was changed here. "
                "A case that large is not one a laptop can hold: ask the case's publisher."
            )


def _text_size(columns: Sequence[Any]) -> ColumnElement[int]:
    """The bytes of the columns as the server would send them as text (NULL counts 0)."""
    total: ColumnElement[int] = literal(0)
    for column in columns:
        total = total + func.coalesce(func.octet_length(cast(column, Text)), 0)
    return total


def _rows(
    conn: Connection, budget: _Budget, what: str, columns: Sequence[Any], where: Any
) -> list[dict[str, Any]]:
    """The rows ``where`` holds, read in batches, each measured before it is sent."""
    size = _text_size(columns)
    key = columns[0]
    for ident, held in conn.execute(
        select(key, size).where(where & (size > MAX_ROW_BYTES)).limit(100)
    ):
        budget.oversized.append(
            f"Refused {what} {str(ident)[:12]} from the server: it is {int(held):,} bytes, "
            f"more than any {what} may be."
        )
    query = select(*columns, size.label("_bytes")).where(where & (size <= MAX_ROW_BYTES))
    out: list[dict[str, Any]] = []
    streamed = conn.execution_options(stream_results=True, yield_per=_BATCH)
    for row in streamed.execute(query).mappings():
        budget.take(int(row["_bytes"]))
        out.append({k: v for k, v in row.items() if k != "_bytes"})
    return out


def _chunks(ids: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(ids), _IDS):
        yield ids[start : start + _IDS]


def read_delta(conn: Connection, case_id: str, since: int) -> Delta:
    """Everything of the case written after revision ``since`` (0: the whole case).

    ``conn`` is in a snapshot transaction (:func:`~evidenceboard.team.server.snapshot`).
    """
    head = conn.execute(select(CASES.c.head_rev).where(CASES.c.id == case_id)).scalar()
    if head is None:
        raise TeamError("The case is not on the server, or you no longer have access to it.")
    may_write = bool(
        conn.execute(text(f"SELECT {SCHEMA}.may_write(:c, current_user)"), {"c": case_id}).scalar()
    )

    budget = _Budget()

    def changed(what: str, table: Any, *columns: Any) -> list[dict[str, Any]]:
        chosen = columns or tuple(c for c in table.c if c.name not in ("case_id", "rev"))
        where = (table.c.case_id == case_id) & (table.c.rev > since) & (table.c.rev <= head)
        return _rows(conn, budget, what, chosen, where)

    cards = changed("card", SERVER_CARDS)
    links = changed("link", SERVER_LINKS)
    attachment_columns = [
        c for c in SERVER_ATTACHMENTS.c if c.name not in ("case_id", "rev", "data")
    ]
    attachments = changed("attachment", SERVER_ATTACHMENTS, *attachment_columns)
    removed = [str(r["id"]) for r in changed("removal", REMOVED, REMOVED.c.id)] if since else []
    info_rows = changed("case detail", BOARD_INFO)
    history = changed(
        "history row",
        SERVER_HISTORY,
        *(
            SERVER_HISTORY.c[n]
            for n in ("seq", "at", "author", "action", "change_type", "item_ids")
        ),
    )
    have = {r["id"] for r in cards}
    wanted = sorted(
        {str(r[k]) for r in links for k in ("source_id", "target_id") if r[k] not in have}
    )
    endpoints: list[dict[str, Any]] = []
    columns = [c for c in SERVER_CARDS.c if c.name not in ("case_id", "rev")]
    for part in _chunks(wanted):
        endpoints += _rows(
            conn,
            budget,
            "card",
            columns,
            (SERVER_CARDS.c.case_id == case_id) & SERVER_CARDS.c.id.in_(part),
        )
    return Delta(
        head=int(head),
        cards=cards,
        links=links,
        attachments=attachments,
        removed=removed,
        info=info_rows[0] if info_rows else None,
        endpoints=endpoints,
        may_write=may_write,
        oversized=budget.oversized,
        history=sorted(history, key=_history_order),
    )


def _history_order(row: Mapping[str, Any]) -> tuple[str, int]:
    # By time, then by each copy's own number (a number, not its text: 10 after 9).
    seq = row["seq"]
    return str(row["at"]), seq if isinstance(seq, int) else 0


def read_attachment_data(
    conn: Connection, case_id: str, wanted: Mapping[str, object]
) -> dict[str, object]:
    """The stored bytes of the attachments named, by SHA-256 with their declared sizes.

    The server is asked first how many bytes it holds for each: bytes are fetched only
    when that is the size declared and an attachment may be that large, else the answer is
    :class:`Withheld`. The bytes fetched are still unchecked (see ``rows.checked_data``).
    """
    held: dict[str, int] = {}
    for part in _chunks(sorted(wanted)):
        for sha, length in conn.execute(
            select(SERVER_ATTACHMENTS.c.sha256, func.octet_length(SERVER_ATTACHMENTS.c.data)).where(
                (SERVER_ATTACHMENTS.c.case_id == case_id) & SERVER_ATTACHMENTS.c.sha256.in_(part)
            )
        ):
            held[str(sha)] = int(length or 0)
    out: dict[str, object] = {}
    total = 0
    for sha in sorted(wanted):
        if sha not in held:
            continue
        size = held[sha]
        if size != wanted[sha] or size > MAX_ATTACHMENT_SIZE:
            out[sha] = Withheld(size)
            continue
        total += size
        if total > MAX_DELTA_ATTACHMENT_BYTES:
            raise TeamError(
                "The case's attachments come to more than a board file may hold "
                f"({MAX_DELTA_ATTACHMENT_BYTES // 1024**3} GB); nothing was changed here."
            )
        out[sha] = conn.execute(
            select(SERVER_ATTACHMENTS.c.data).where(
                (SERVER_ATTACHMENTS.c.case_id == case_id) & (SERVER_ATTACHMENTS.c.sha256 == sha)
            )
        ).scalar()
    return out


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What a push writes: rows built by the caller from the board, without ``rev``."""

    cards: list[dict[str, Any]]
    links: list[dict[str, Any]]
    removed: list[str]
    #: sha256 -> the attachment's row (metadata); the bytes are read only if the
    #: server lacks them.
    attachments: dict[str, dict[str, Any]]
    attachment_data: Callable[[str], bytes]
    info: dict[str, Any] | None
    history: list[HistoryEntry]
    actions: Mapping[int, str]

    @property
    def is_empty(self) -> bool:
        return (
            not (self.cards or self.links or self.removed or self.attachments or self.info)
            and not self.history
        )


class Moved(Exception):
    """Somebody pushed since this laptop's pull: pull again, then push."""


def _upsert(conn: Connection, table: Any, rows: list[dict[str, Any]], key: str | None) -> None:
    if not rows:
        return
    keys = ["case_id"] if key is None else ["case_id", key]
    statement = insert(table)
    columns = {c.name: statement.excluded[c.name] for c in table.c if c.name not in keys}
    conn.execute(statement.on_conflict_do_update(index_elements=keys, set_=columns), rows)


def write_push(conn: Connection, case_id: str, base: int, out: Outgoing) -> int:
    """Write ``out`` as the case's next revision, if the head is still ``base``."""
    head = conn.execute(
        select(CASES.c.head_rev).where(CASES.c.id == case_id).with_for_update()
    ).scalar()
    if head is None:
        raise TeamError("You may not change this case on the server (read-only access?).")
    if int(head) != base:
        raise Moved
    rev = base + 1

    def stamped(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "case_id": case_id, "rev": rev} for r in rows]

    missing = sorted(out.attachments)
    if missing:
        present = set(
            conn.execute(
                select(SERVER_ATTACHMENTS.c.sha256).where(
                    (SERVER_ATTACHMENTS.c.case_id == case_id)
                    & SERVER_ATTACHMENTS.c.sha256.in_(missing)
                )
            ).scalars()
        )
        # Attachments are addressed by content: bytes the server holds never move again.
        rows = [
            {**out.attachments[sha], "data": out.attachment_data(sha)}
            for sha in missing
            if sha not in present
        ]
        _upsert(conn, SERVER_ATTACHMENTS, stamped(rows), "sha256")
    live = [r["id"] for r in (*out.cards, *out.links)]
    for part in _chunks(live):
        conn.execute(delete(REMOVED).where((REMOVED.c.case_id == case_id) & REMOVED.c.id.in_(part)))
    _upsert(conn, SERVER_CARDS, stamped(out.cards), "id")
    _upsert(conn, SERVER_LINKS, stamped(out.links), "id")
    for part in _chunks(out.removed):
        for table in (SERVER_LINKS, SERVER_CARDS):
            conn.execute(delete(table).where((table.c.case_id == case_id) & table.c.id.in_(part)))
    if out.removed:
        statement = insert(REMOVED)
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["case_id", "id"], set_={"rev": statement.excluded.rev}
            ),
            stamped({"id": i} for i in out.removed),
        )
    if out.info is not None:
        _upsert(conn, BOARD_INFO, stamped([out.info]), None)
    history = _unsent(conn, case_id, out.history)
    if history:
        conn.execute(
            insert(SERVER_HISTORY),
            stamped(
                {
                    "seq": e.seq,
                    "at": e.at,
                    "author": e.author,
                    "action": out.actions.get(e.seq, ""),
                    "change_type": e.change_type,
                    "item_ids": e.ids_text,
                }
                for e in history
            ),
        )
    conn.execute(update(CASES).where(CASES.c.id == case_id).values(head_rev=rev))
    return rev


def _unsent(conn: Connection, case_id: str, history: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """The history rows the server does not hold yet.

    A push that committed on the server but was not recorded on the board (the laptop
    was killed in between) is sent again by the next sync, with the same history rows;
    and the rows a pull brought from the server sit in the board's history among its
    own. A row is the same one when its time, author, kind of change and items match
    (not its number: each copy numbers its rows itself): two copies do not record the
    same change of the same items by the same author at the same microsecond.
    """
    if not history:
        return []
    seen: set[tuple[str, str, str, str]] = set()
    times = sorted({e.at for e in history})
    h = SERVER_HISTORY.c
    for part in range(0, len(times), _IDS):
        seen.update(
            (str(at), str(author), str(kind), str(ids))
            for at, author, kind, ids in conn.execute(
                select(h.at, h.author, h.change_type, h.item_ids).where(
                    (h.case_id == case_id) & h.at.in_(times[part : part + _IDS])
                )
            )
        )
    return [e for e in history if (e.at, e.author, e.change_type, e.ids_text) not in seen]


def case_head(conn: Connection, case_id: str) -> int | None:
    value = conn.execute(select(func.max(CASES.c.head_rev)).where(CASES.c.id == case_id)).scalar()
    return None if value is None else int(value)
