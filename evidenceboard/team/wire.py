"""Reading a case's changes from the server and writing a push: the two server steps.

A pull reads, in one REPEATABLE READ transaction (one snapshot), the case's head
revision and every row written after the revision the laptop already holds; indexes on
``(case_id, rev)`` make that cost grow with the changes, not with the case. A push is one
transaction: it locks the case's row, checks that nobody pushed since the laptop's pull
(else the laptop pulls again first), writes the rows with the next revision and raises
the head. A push cut off anywhere (a killed laptop, a dropped network, a restarted
server) is rolled back by PostgreSQL and can simply be run again.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from evidenceboard.model.history import HistoryEntry
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


def _rows(conn: Connection, query: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(query).mappings()]


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

    def changed(table: Any, *columns: Any) -> Any:
        chosen = columns or tuple(c for c in table.c if c.name not in ("case_id", "rev"))
        return select(*chosen).where(
            (table.c.case_id == case_id) & (table.c.rev > since) & (table.c.rev <= head)
        )

    cards = _rows(conn, changed(SERVER_CARDS))
    links = _rows(conn, changed(SERVER_LINKS))
    attachment_columns = [
        c for c in SERVER_ATTACHMENTS.c if c.name not in ("case_id", "rev", "data")
    ]
    attachments = _rows(conn, changed(SERVER_ATTACHMENTS, *attachment_columns))
    removed = [str(r["id"]) for r in _rows(conn, changed(REMOVED, REMOVED.c.id))] if since else []
    info_rows = _rows(conn, changed(BOARD_INFO))
    have = {r["id"] for r in cards}
    wanted = sorted(
        {str(r[k]) for r in links for k in ("source_id", "target_id") if r[k] not in have}
    )
    endpoints: list[dict[str, Any]] = []
    columns = [c for c in SERVER_CARDS.c if c.name not in ("case_id", "rev")]
    for part in _chunks(wanted):
        endpoints += _rows(
            conn,
            select(*columns).where(
                (SERVER_CARDS.c.case_id == case_id) & SERVER_CARDS.c.id.in_(part)
            ),
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
    )


def read_attachment_data(conn: Connection, case_id: str, shas: Sequence[str]) -> dict[str, object]:
    """The stored bytes of the attachments named (unchecked; see rows.checked_data)."""
    out: dict[str, object] = {}
    for sha in shas:
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
    if out.history:
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
                for e in out.history
            ),
        )
    conn.execute(update(CASES).where(CASES.c.id == case_id).values(head_rev=rev))
    return rev


def case_head(conn: Connection, case_id: str) -> int | None:
    value = conn.execute(select(func.max(CASES.c.head_rev)).where(CASES.c.id == case_id)).scalar()
    return None if value is None else int(value)
