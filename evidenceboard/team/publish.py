"""Putting a board on the server as a new case, and making a working copy of a case.

``publish`` writes the whole board as revision 1 of a new case in one transaction, then
records the link in the board file; ``clone`` reads the whole case in one snapshot,
vets it like a stranger's board, and only then writes a new board file under a
temporary name, which takes ``OUT``'s name (never replacing a file) once complete. A
clone refused (no access, no such case, a server that sent garbage) leaves no file.
"""

import contextlib
import os
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection, insert, text

from evidenceboard.model.board import Board
from evidenceboard.model.changes import AddAttachment, AddCards, Batch, Change
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.ids import is_valid_id, new_id
from evidenceboard.storage.document import BoardDocument, create_board, open_board
from evidenceboard.storage.errors import BoardFileError
from evidenceboard.storage.mapping import attachment_to_row, card_to_row, link_to_row
from evidenceboard.team.admin import find_case
from evidenceboard.team.link import TeamLink, info_fingerprint
from evidenceboard.team.rows import (
    Rejected,
    attachments_from,
    cards_from,
    checked_data,
    fitting,
    history_from,
    info_from,
    info_row,
    links_from,
)
from evidenceboard.team.server import (
    TeamError,
    make_engine,
    server_errors,
    snapshot,
    without_password,
)
from evidenceboard.team.tables import CASES
from evidenceboard.team.trust import trust
from evidenceboard.team.wire import Outgoing, read_attachment_data, read_delta, write_push

Progress = Callable[[str], None]


def quiet(_message: str) -> None:
    """A progress callback that reports nothing."""


@dataclass(frozen=True, slots=True)
class PublishReport:
    case_id: str
    title: str
    cards: int
    links: int
    attachments: int

    def describe(self) -> str:
        return (
            f"Published “{self.title}” as case {self.case_id}: {self.cards} cards, "
            f"{self.links} links, {self.attachments} attachments."
        )


def attachment_meta(document: BoardDocument, sha: str) -> dict[str, object]:
    row = attachment_to_row(document.board.attachments[sha], b"")
    del row["data"]
    return row


def history_actions(document: BoardDocument, count: int) -> dict[int, str]:
    """The words of the board's latest ``count`` history rows, by seq."""
    return {int(r["seq"]): str(r["action"]) for r in document.history(limit=count)}


def current_role(conn: Connection) -> str:
    return str(conn.execute(text("SELECT current_user")).scalar_one())


def publish(document: BoardDocument, url: str, progress: Progress = quiet) -> PublishReport:
    """Put the open board on the server at ``url`` as a new case it is then linked to."""
    if TeamLink.of(document) is not None:
        raise TeamError(
            f"{document.path.name} is already linked to a case on a team server; sync it, "
            "or publish a copy of it (evidenceboard copy) as a new case."
        )
    board = document.board
    case_id = str(uuid.uuid4())
    history = document.change_log()
    outgoing = Outgoing(
        cards=[card_to_row(c) for c in board.cards.values()],
        links=[link_to_row(x) for x in board.links.values()],
        removed=[],
        attachments={sha: attachment_meta(document, sha) for sha in board.attachments},
        attachment_data=document.attachment_data,
        info=info_row(board.info),
        history=history,
        actions=history_actions(document, len(history)),
    )
    progress("Publishing the board")
    engine = make_engine(url)
    try:
        with server_errors("Publishing"), engine.begin() as conn:
            conn.execute(
                insert(CASES).values(
                    id=case_id, title=board.info.title, publisher=current_role(conn), head_rev=0
                )
            )
            rev = write_push(conn, case_id, 0, outgoing)
    finally:
        engine.dispose()
    link = TeamLink(without_password(url), case_id, rev, 0, info_hash=info_fingerprint(board.info))
    # Best effort: without the entry the first sync asks, as for a stranger's board.
    with contextlib.suppress(TeamError):
        trust(board.info.id, link.url, link.case_id)
    # Every row so far is on the server: the history mark goes to the last one.
    document.write_sync_state(link.to_state(), mark_history=True)
    return PublishReport(
        case_id, board.info.title, len(board.cards), len(board.links), len(board.attachments)
    )


def clone(
    url: str,
    case: str,
    out: str | os.PathLike[str],
    *,
    author: str | None = None,
    progress: Progress = quiet,
) -> tuple[BoardDocument, list[str]]:
    """A new board file at ``out`` holding the case; returns it open, and what was refused."""
    target = Path(out)
    if target.exists():
        raise BoardFileError(f"{target.name} already exists; choose another name.")
    rejected = Rejected()
    progress("Reading the case from the server")
    engine = make_engine(url)
    try:
        with server_errors("Cloning"), snapshot(engine) as conn:
            ref = find_case(conn, case)
            delta = read_delta(conn, ref.id, 0)
            for line in delta.oversized:
                rejected.add(line)
            attachments = attachments_from(delta.attachments, rejected)
            raw = read_attachment_data(conn, ref.id, {a.sha256: a.size for a in attachments})
    finally:
        engine.dispose()
    if delta.info is None:
        raise TeamError("The case on the server has no details; nothing was written.")
    board_id = delta.info.get("uuid")
    info = info_from(
        delta.info,
        board_id if isinstance(board_id, str) and is_valid_id(board_id) else new_id(),
        rejected,
    )
    if info is None:
        raise TeamError(f"{rejected.lines[-1]}; nothing was written.")
    now = utc_now()
    data = {}
    for attachment in attachments:
        checked = checked_data(attachment, raw.get(attachment.sha256), rejected)
        if checked is not None:
            data[attachment.sha256] = (attachment, checked)
    cards, links = fitting(
        cards_from(delta.cards, now, rejected),
        links_from(delta.links, now, rejected),
        data,
        (),
        rejected,
    )
    parts: list[Change] = [AddAttachment(a, b) for a, b in data.values()]
    parts.append(AddCards(tuple(cards), tuple(links), allow_duplicates=True))
    change = Batch(tuple(parts), f"Clone “{ref.title[:60]}” from the team server")
    try:
        change.check(Board(info))
    except ChangeError as exc:
        raise TeamError(f"The case on the server does not fit together: {exc}") from exc
    progress("Writing the working copy")
    folder = target.parent if str(target.parent) else Path(".")
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.cloning"
    link = TeamLink(without_password(url), ref.id, delta.head, 0, info_hash=info_fingerprint(info))
    with contextlib.suppress(TeamError):
        trust(info.id, link.url, link.case_id)
    try:
        document = create_board(temp, replace(info), author=author)
        try:
            # The case's history comes along: who changed what, and when, before the clone.
            history = history_from(delta.history, rejected)
            document.apply(change, sync_state=link.to_state(), history=history)
        finally:
            document.close()
        try:
            # A hard link never replaces a file that appeared meanwhile.
            os.link(temp, target)
        except FileExistsError:
            raise BoardFileError(f"{target.name} already exists; choose another name.") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return open_board(target, author=author), rejected.lines
