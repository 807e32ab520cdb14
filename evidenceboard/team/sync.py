"""Sync a working copy with its case on the server: pull the others' changes, push mine.

Each direction is one step. The **pull** reads what the server's revision gained since
this copy last pulled (:func:`fetch`), and :func:`plan_pull` turns it into one change,
planned by the merge planner (:func:`~evidenceboard.model.merge.plan_merge`) with the
ancestry a sync knows exactly: the common ancestor is the last sync, the server says
which items it changed since, and this board's history rows after the last sync say
which items I changed. So an item only the server changed is updated, one only I
changed stays, and one both changed is a conflict exactly as in a merge (mine stays,
theirs is added beside it, tagged and linked). The pull is applied to the board file in
one transaction together with the bookkeeping (:class:`~evidenceboard.team.link.TeamLink`),
which then lists every unpushed item as ``pending``.

The **push** (:func:`collect_push`, :func:`push`, :func:`finish_push`) writes the
current value of each pending item (or its removal) as the case's next revision, in one
server transaction that first checks nobody pushed meanwhile; if somebody did, the
sync pulls again. Only after the server committed does the board record that the items
are pushed. Killed between the two, the next sync pulls its own rows back (equal to
mine, so nothing changes) and pushes them again: nothing is lost and nothing doubled.

Removals travel, unlike in a merge (a working copy must follow the case), but never
over a change: an item removed on the server that I changed since stays, and is pushed
back; an item I removed that the server changed comes back (the merge planner adds it).
Both are listed as "kept" in the report.

The steps that touch the board (planning, applying, collecting) run where the board
lives (the window's main thread); :func:`fetch` and :func:`push` only talk to the server
and can run in the background.
"""

from collections.abc import Callable, Container
from dataclasses import dataclass, field, replace
from typing import Any

from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.changes import Batch, Change, EditBoard, RemoveLinks
from evidenceboard.model.clock import utc_now
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.history import HistoryEntry, since_sync
from evidenceboard.model.markings import raised_handling
from evidenceboard.model.merge import MergeConflict, plan_merge
from evidenceboard.model.short_text import plural
from evidenceboard.storage.document import BoardDocument
from evidenceboard.storage.mapping import card_to_row, link_to_row
from evidenceboard.team import rows as team_rows
from evidenceboard.team import wire
from evidenceboard.team.link import TeamLink, info_fingerprint, require_link
from evidenceboard.team.publish import attachment_meta, history_actions, quiet
from evidenceboard.team.server import TeamError, make_engine, server_errors, snapshot
from evidenceboard.team.trust import UntrustedServerError, is_trusted, trust
from evidenceboard.team.wire import (
    Delta,
    Moved,
    Outgoing,
    read_attachment_data,
    read_delta,
)

#: How many times a sync pulls again when others keep pushing in between.
ATTEMPTS = 5
_SHA_LENGTH = 64

Progress = Callable[[str], None]


class Cancelled(Exception):
    """The user cancelled the sync between two steps; each step done is complete."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """What a pull read from the server, not yet vetted."""

    delta: Delta
    attachment_data: dict[str, object]


@dataclass
class SyncReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    pushed: int = 0
    conflicts: list[MergeConflict] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    revision: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": self.changed,
            "removed": self.removed,
            "pushed": self.pushed,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "kept": self.kept,
            "refused": self.refused,
            "notes": self.notes,
            "revision": self.revision,
        }

    def lines(self) -> list[str]:
        out = [
            f"Pulled {self.added} new, {self.changed} changed and {self.removed} removed "
            f"items; pushed {plural(self.pushed, 'change')}; "
            f"{plural(len(self.conflicts), 'conflict')} "
            f"(server revision {self.revision})."
        ]
        out += [
            c.line(f"here and on the server (by {c.theirs_by or 'a colleague'})")
            for c in self.conflicts
        ]
        out += self.kept + self.refused + self.notes
        return out


# -- the pull ------------------------------------------------------------------------


class _Either:
    """Membership in either of two collections, without copying a board-sized one."""

    def __init__(self, first: Container[str], second: Container[str]) -> None:
        self._first, self._second = first, second

    def __contains__(self, item: object) -> bool:
        return item in self._first or item in self._second


def local_changes(document: BoardDocument, link: TeamLink) -> tuple[set[str], bool, int]:
    """Items changed here since the last sync, whether that may not be all, the last row."""
    rows = document.change_log(after=link.history_seq)
    dirty = set(link.pending)
    unknown = False
    for row in rows:
        dirty |= row.item_ids
        unknown = unknown or not row.complete
    return dirty, unknown, rows[-1].seq if rows else link.history_seq


def fetch(link: TeamLink, have: frozenset[str]) -> Incoming:
    """Read the case's changes since the last pull, and the attachments not in ``have``."""
    engine = make_engine(link.url)
    try:
        with server_errors("Reading the server's changes"), snapshot(engine) as conn:
            delta = read_delta(conn, link.case_id, link.pulled_rev)
            wanted = {
                str(r["sha256"]): r.get("size")
                for r in delta.attachments
                if str(r["sha256"]) not in have
            }
            data = read_attachment_data(conn, link.case_id, wanted)
    finally:
        engine.dispose()
    return Incoming(delta, data)


@dataclass(frozen=True, slots=True)
class PullPlan:
    change: Change
    link: TeamLink
    report: SyncReport
    #: The others' history rows this board does not hold yet, with their words.
    history: tuple[tuple[HistoryEntry, str], ...] = ()


def new_history(
    document: BoardDocument, rows: list[tuple[HistoryEntry, str]]
) -> tuple[tuple[HistoryEntry, str], ...]:
    """The rows of ``rows`` the board's history does not hold (by time, author, kind, items).

    A copy gets its own rows back from the server when a push of it was not recorded
    (killed after the server committed); those are in its history already.
    """
    if not rows:
        return ()
    have = {(e.at, e.author, e.change_type, e.ids_text) for e in document.change_log()}
    fresh: list[tuple[HistoryEntry, str]] = []
    for entry, action in rows:
        key = (entry.at, entry.author, entry.change_type, entry.ids_text)
        if key not in have:
            have.add(key)
            fresh.append((entry, action))
    return tuple(fresh)


def _info_conflict(mine: BoardInfo, theirs: BoardInfo) -> MergeConflict:
    fields = tuple(
        name
        for name in ("title", "description", "handling", "authors", "settings")
        if getattr(mine, name) != getattr(theirs, name)
    )
    return MergeConflict("board", mine.id, mine.title, fields, "", "", None)


def plan_pull(document: BoardDocument, link: TeamLink, incoming: Incoming, by: str) -> PullPlan:
    """The one change that brings the server's changes into the board, and the new link."""
    mine = document.board
    delta = incoming.delta
    report = SyncReport(revision=delta.head)
    refused = team_rows.Rejected()
    for line in delta.oversized:
        refused.add(line)
    now = utc_now()
    dirty, unknown, _last = local_changes(document, link)
    attachments = team_rows.attachments_from(delta.attachments, refused)
    data: dict[str, bytes] = {}
    for attachment in attachments:
        if attachment.sha256 in incoming.attachment_data:
            raw = incoming.attachment_data[attachment.sha256]
            checked = team_rows.checked_data(attachment, raw, refused)
            if checked is not None:
                data[attachment.sha256] = checked
    usable = [a for a in attachments if a.sha256 in data or a.sha256 in mine.attachments]
    endpoints = {
        c.id: c
        for c in team_rows.cards_from(delta.endpoints, now, refused)
        if (sha := getattr(c.content, "attachment", None)) is None
        or sha in mine.attachments
        or sha in data
    }
    cards, links = team_rows.fitting(
        team_rows.cards_from(delta.cards, now, refused),
        team_rows.links_from(delta.links, now, refused),
        _Either(mine.attachments, data),
        _Either(mine.cards, endpoints),
        refused,
    )
    changed_ids = {c.id for c in cards} | {x.id for x in links}
    fill = {x_end for x in links for x_end in (x.source, x.target)} - {c.id for c in cards}
    fillers = [mine.cards.get(i) or endpoints[i] for i in sorted(fill)]
    try:
        theirs = Board.from_parts(mine.info, [*cards, *fillers], links, usable)
        plan = plan_merge(
            mine,
            theirs,
            by,
            known=since_sync(dirty, changed_ids, mine_unknown=unknown),
        )
    except ChangeError as exc:
        raise TeamError(f"The server's changes do not fit this board: {exc}") from exc
    parts: list[Change] = [plan.change(data)] if not plan.is_empty else []
    summary = plan.summary()
    report.added = summary["cards_added"] + summary["links_added"]
    report.changed = summary["cards_updated"] + summary["links_updated"]
    report.conflicts = list(plan.conflicts)
    made_here = {c.id for c in plan.new_cards} | {x.id for x in plan.new_links}
    pending = set(dirty) | (made_here - changed_ids)

    # Removals on the server, except over a change of mine or a link still arriving.
    removed = set(delta.removed) - changed_ids
    arriving = {end for x in links for end in (x.source, x.target)}
    drop_cards: list[str] = []
    for card_id in sorted(i for i in removed if i in mine.cards):
        touched = card_id in dirty or any(x.id in dirty for x in mine.links_of(card_id))
        if touched or unknown or card_id in arriving:
            pending.add(card_id)
            report.kept.append(
                f"Kept: card {card_id[:8]} “{mine.cards[card_id].display_title[:80]}” was "
                "removed on the server but changed here; it goes back to the server."
            )
        else:
            drop_cards.append(card_id)
    if drop_cards:
        removal = mine.removal_of(drop_cards)
        parts.append(removal)
        report.removed += len(removal.cards) + len(removal.links)
        gone = {x.id for x in removal.links}
    else:
        gone = set()
    removed_links = sorted(i for i in removed if i in mine.links)
    drop_links = [
        mine.links[i] for i in removed_links if i not in dirty and not unknown and i not in gone
    ]
    pending |= set(removed_links) & dirty
    if drop_links:
        parts.append(RemoveLinks(tuple(drop_links)))
        report.removed += len(drop_links)

    info_hash = link.info_hash
    if delta.info is not None:
        server_info = team_rows.info_from(delta.info, mine.info.id, refused)
        if server_info is not None and server_info != mine.info:
            if info_fingerprint(mine.info) == link.info_hash:
                parts.append(EditBoard(mine.info, server_info))
                info_hash = info_fingerprint(server_info)
                report.changed += 1
            else:
                report.conflicts.append(_info_conflict(mine.info, server_info))
                raised = raised_handling(mine.info, server_info.handling)
                if raised is not None:
                    # Mine is kept and pushed, but never under a lower marking than theirs.
                    parts.append(EditBoard(mine.info, replace(mine.info, handling=raised)))
                    report.notes.append(
                        f"The case's marking is now {raised[:80]}: the server's copy was "
                        f"marked {server_info.handling[:80]}, this board "
                        f"{mine.info.handling[:80] or 'not at all'}; the higher one is kept."
                    )
        elif server_info is not None:
            info_hash = info_fingerprint(mine.info)
    if unknown:
        # A change here names more items than its history row holds: send everything.
        pending |= set(mine.cards) | set(mine.links)
        report.notes.append(
            "A change made here was too large for its history row to name every item: "
            "the whole board is sent, and every item changed on both sides is a conflict."
        )
    report.refused = refused.lines
    # The board's history records who made the changes pulled, not only who synced.
    names = sorted({c.modified_by for c in cards} | {x.modified_by for x in links})
    who = f" (changes by {', '.join(n[:40] for n in names[:5])}" if names else ""
    who += (f" and {len(names) - 5} others)" if len(names) > 5 else ")") if names else ""
    change = Batch(tuple(parts), f"Sync with the team server{who}")
    new_link = replace(
        link,
        pulled_rev=delta.head,
        pending=frozenset(pending),
        info_hash=info_hash,
        synced_at=now.isoformat(),
    )
    history = new_history(document, team_rows.history_from(delta.history, refused))
    report.refused = refused.lines
    return PullPlan(change, new_link, report, history)


def apply_pull(document: BoardDocument, plan: PullPlan) -> TeamLink:
    """Write the pull and the new bookkeeping to the board in one transaction."""
    try:
        document.apply(plan.change, sync_state=plan.link.to_state(), history=plan.history)
    except ChangeError as exc:
        raise TeamError(f"The server's changes do not fit this board: {exc}") from exc
    # The history mark was set to the pull's own row (or the last one) in the same step.
    fresh = TeamLink.of(document)
    assert fresh is not None
    return fresh


# -- the push ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PushPlan:
    outgoing: Outgoing
    ids: frozenset[str]
    last_seq: int
    info: BoardInfo | None


def collect_push(document: BoardDocument, link: TeamLink) -> PushPlan:
    """The current value (or the removal) of every item changed here and not yet pushed."""
    board = document.board
    dirty, unknown, last_seq = local_changes(document, link)
    if unknown:
        dirty |= set(board.cards) | set(board.links)
    cards = [board.cards[i] for i in sorted(dirty) if i in board.cards]
    links = [board.links[i] for i in sorted(dirty) if i in board.links]
    shas = {i for i in dirty if i in board.attachments}
    shas |= {s for c in cards if (s := getattr(c.content, "attachment", None)) is not None}
    removed = [
        i
        for i in sorted(dirty)
        if not board.holds_id(i) and i not in board.attachments and len(i) != _SHA_LENGTH
    ]
    info = board.info if info_fingerprint(board.info) != link.info_hash else None
    pushed_seq = link.history_seq if link.pushed_seq is None else link.pushed_seq
    history = [e for e in document.change_log(after=pushed_seq) if e.seq <= last_seq]
    outgoing = Outgoing(
        cards=[card_to_row(c) for c in cards],
        links=[link_to_row(x) for x in links],
        removed=removed,
        attachments={sha: attachment_meta(document, sha) for sha in sorted(shas)},
        attachment_data=document.attachment_data,
        info=team_rows.info_row(info) if info is not None else None,
        history=history,
        actions=history_actions(document, len(history)) if history else {},
    )
    return PushPlan(outgoing, frozenset(dirty), last_seq, info)


def push(link: TeamLink, plan: PushPlan) -> int:
    """Write the push as the case's next revision; raises :class:`Moved` if it moved on."""
    engine = make_engine(link.url)
    try:
        with server_errors("Sending the changes"), engine.begin() as conn:
            # Through the module, so a test can cut the push off inside its transaction.
            return wire.write_push(conn, link.case_id, link.pulled_rev, plan.outgoing)
    finally:
        engine.dispose()


def finish_push(document: BoardDocument, link: TeamLink, plan: PushPlan, rev: int) -> TeamLink:
    """Record on the board that the server holds the pushed items at revision ``rev``."""
    done = replace(
        link,
        pulled_rev=rev,
        history_seq=plan.last_seq,
        pushed_seq=plan.last_seq,
        pending=link.pending - plan.ids,
        info_hash=info_fingerprint(plan.info) if plan.info is not None else link.info_hash,
        synced_at=utc_now().isoformat(),
    )
    document.write_sync_state(done.to_state())
    return done


# -- both ------------------------------------------------------------------------------


def sync(
    document: BoardDocument,
    *,
    by: str | None = None,
    progress: Progress = quiet,
    cancelled: Callable[[], bool] = lambda: False,
    trust_server: bool = False,
) -> SyncReport:
    """Pull and push until the board and the case agree; one call of the command line.

    Raises :class:`UntrustedServerError` before any connection when the board names a
    server this user never chose for it here, unless ``trust_server`` says to (which
    then remembers the choice).
    """
    link = require_link(document)
    board_id = document.board.info.id
    if not is_trusted(board_id, link.url, link.case_id):
        if not trust_server:
            raise UntrustedServerError(link.url, link.case_id)
        trust(board_id, link.url, link.case_id)
    author = by or document.author
    total = SyncReport()
    for _attempt in range(ATTEMPTS):
        progress("Reading the server's changes")
        incoming = fetch(link, frozenset(document.board.attachments))
        if cancelled():
            raise Cancelled
        progress("Applying the server's changes")
        pulled = plan_pull(document, link, incoming, author)
        link = apply_pull(document, pulled)
        _add(total, pulled.report)
        if cancelled():
            raise Cancelled
        outgoing = collect_push(document, link)
        if outgoing.outgoing.is_empty:
            return total
        if not incoming.delta.may_write:
            total.notes.append(
                f"You may only read this case: {len(outgoing.ids)} changes made here stay "
                "on this board."
            )
            return total
        progress(f"Sending {plural(len(outgoing.ids), 'change')}")
        try:
            rev = push(link, outgoing)
        except Moved:
            continue  # somebody pushed after our pull: pull theirs first
        link = finish_push(document, link, outgoing, rev)
        total.pushed += len(outgoing.ids)
        total.revision = rev
        return total
    raise TeamError("Others kept changing the case during the sync; try again in a moment.")


def _add(total: SyncReport, part: SyncReport) -> None:
    total.added += part.added
    total.changed += part.changed
    total.removed += part.removed
    total.conflicts += part.conflicts
    total.kept += part.kept
    total.refused += part.refused
    total.notes += part.notes
    total.revision = part.revision
