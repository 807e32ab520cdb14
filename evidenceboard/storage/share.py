"""Share a copy of a board: one compact, self-contained file with no deleted remnants.

Investigators hand boards on by USB stick, shared drive and e-mail, so the copy must
hold everything (cards, links, attachment bytes) and nothing that was deleted. The copy
is made with SQLite's ``VACUUM INTO`` on the open, vetted connection: it reads a
consistent snapshot even while the board is open, writes only live rows (freed pages,
where deleted text lingers, are left behind) and produces a file in journal mode
``delete`` that needs no ``-wal``/``-journal`` companion. The open file on disk is never
copied byte for byte.

Non-obvious choices:

* The hardened connection refuses ``ATTACH`` (a hostile board must not reach other
  files), yet ``VACUUM INTO`` and ``VACUUM`` attach their target internally. For the
  duration of one vacuum we allow exactly that attach, of exactly our target name,
  from outside any trigger or view, and put the old authorizer and limit back.
* A copy of one frame ("only this frame") holds the frame, the cards it holds, the
  links among them and the attachments those cards use: every other card is left out
  as a redacted one is, by the same change, and the tag and marking rules still apply
  to what remains.
* A frame left in the copy stops listing the cards left out, so its list of members
  names no card the copy does not hold.
* Redaction (leaving out cards by tag or handling marking) is applied to the copy
  through a :class:`BoardDocument` of the copy, so the copy's history records that
  items were left out; afterwards the full-text index is optimised (FTS5 keeps the
  tokens of deleted rows in old segments until a merge) and the copy vacuumed again.
* The history table names items by their titles ("Delete note “…”"), which would
  leak the titles of deleted and redacted cards. In a shared copy every history entry
  keeps who, when and what kind of change, but its words become neutral ("Delete
  cards (2 items)") and it lists only ids of items still in the copy (an attachment id
  is the SHA-256 of the file, which could confirm possession of a known document).
* A working copy of a team case keeps its server's address and member name in
  ``team_sync``; the shared copy drops them, so it neither names the team's server
  nor syncs as if it were the sender's laptop.
* The copy is verified by opening it through the vetted path before it takes its
  final name, which it gets with a hard link (fails if the name exists) or, when the
  caller asked to overwrite, ``os.replace``.
"""

import contextlib
import json
import os
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from evidenceboard.durable import fsync_folder, fsync_path
from evidenceboard.model.board import Board
from evidenceboard.model.cards import Card
from evidenceboard.model.changes import Batch, Change, EditCards, RemoveAttachment, SetAchMark
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import edited_card
from evidenceboard.model.frames import frame_content, frames, is_frame, members
from evidenceboard.model.markings import marked_at_or_above
from evidenceboard.model.short_text import plural
from evidenceboard.storage.document import BoardDocument, open_board
from evidenceboard.storage.errors import BoardFileError, DamagedBoardError, WriteFailedError
from evidenceboard.storage.hardening import vacuum_allowed
from evidenceboard.storage.mapping import text_list
from evidenceboard.storage.vetting import connect

#: Neutral words for each kind of change, used in a shared copy's history.
_NEUTRAL_ACTIONS = {
    "AddCards": "Add cards",
    "RemoveCards": "Delete cards",
    "EditCards": "Edit cards",
    "MoveCards": "Move cards",
    "AddLinks": "Add links",
    "RemoveLinks": "Delete links",
    "EditLink": "Edit a link",
    "AddAttachment": "Attach a file",
    "RemoveAttachment": "Remove an attachment",
    "EditBoard": "Edit board details",
    "SetAchMark": "Mark a cell of the ACH matrix",
    "Batch": "Several changes at once",
}


@dataclass(frozen=True, slots=True)
class ShareReport:
    """What went into a shared copy and what was left out."""

    path: Path
    cards: int
    links: int
    attachments: int
    omitted_cards: int
    omitted_links: int
    omitted_attachments: int
    #: The title of the one frame the copy holds; "" for a copy of the whole board.
    frame: str = ""

    def describe(self) -> str:
        only = f" (only the frame “{_short(self.frame)}”)" if self.frame else ""
        text = (
            f"Wrote {self.path.name}{only}: {self.cards} cards, {self.links} links, "
            f"{self.attachments} attachments"
        )
        if self.omitted_cards:
            text += (
                f"; left out {self.omitted_cards} cards, {self.omitted_links} links and "
                f"{self.omitted_attachments} attachments"
            )
        return text + "."


def _short(title: str) -> str:
    line = " ".join(title.split())
    return line if len(line) <= 60 else line[:59] + "…"


def shared_frame(board: Board, frame_ref: str) -> Card:
    """The frame ``frame_ref`` (an id or a unique prefix of one) names on ``board``."""
    frame_id = frame_ref if frame_ref in board.cards else board.resolve_id(frame_ref)
    frame = board.cards.get(frame_id)
    if frame is None or not is_frame(frame):
        raise ChangeError(f"{frame_ref[:8]} is not a frame on this board.")
    return frame


def omitted_card_ids(
    board: Board, tags: Iterable[str], markings: Iterable[str], frame: str | None = None
) -> list[str]:
    """The cards a copy redacted by ``tags`` and ``markings`` leaves out.

    A chosen marking also leaves out the cards marked above it in the board's marking
    scheme (choosing SECRET leaves out TOP SECRET), the order a brief's marking uses.
    A copy of only the ``frame`` (an id or unique prefix) also leaves out every card
    that is neither that frame nor held by it.
    """
    folded_tags = {t.casefold() for t in tags}
    chosen = [m for m in markings if m.strip()]
    kept: set[str] | None = None
    if frame is not None:
        only = shared_frame(board, frame)
        kept = {only.id, *members(board, only)}
    return sorted(
        card.id
        for card in board.cards.values()
        if (kept is not None and card.id not in kept)
        or folded_tags & {t.casefold() for t in card.tags}
        or marked_at_or_above(board.info, card.handling, chosen)
    )


def _attachment_of(board: Board, card_id: str) -> str | None:
    sha: str | None = getattr(board.cards[card_id].content, "attachment", None)
    return sha


def _redaction(document: BoardDocument, card_ids: list[str]) -> tuple[Change, int, int]:
    """The change that leaves out the cards, their links and attachments no longer used."""
    board = document.board
    removal = board.removal_of(card_ids)
    kept = set(board.cards) - set(card_ids)
    still_used = {_attachment_of(board, i) for i in kept}
    freed = sorted(
        {sha for sha in (_attachment_of(board, c.id) for c in removal.cards) if sha} - still_used
    )
    left_out = set(card_ids)
    parts: list[Change] = []
    trimmed = _trimmed_frames(document, left_out)
    if trimmed.pairs:
        parts.append(trimmed)
    parts.append(removal)
    # A mark naming a card left out would still name it in the copy.
    parts += [
        SetAchMark(key, mark, None)
        for key, mark in sorted(board.ach_marks.items())
        if left_out.intersection(key)
    ]
    for sha in freed:
        parts.append(RemoveAttachment(board.attachments[sha], document.attachment_data(sha)))
    label = f"Leave out {plural(len(card_ids), 'card')} for sharing"
    return Batch(tuple(parts), label), len(removal.links), len(freed)


def _trimmed_frames(document: BoardDocument, left_out: set[str]) -> EditCards:
    """The frames kept in the copy, listing only the cards that stay in it."""
    board = document.board
    pairs = []
    for frame in frames(board):
        if frame.id in left_out:
            continue
        listed = frame_content(frame).members
        staying = tuple(i for i in listed if i in board.cards and i not in left_out)
        if staying != listed:
            pairs.append((frame, edited_card(frame, document.author, members=staying)))
    return EditCards(tuple(pairs))


def _neutral_history(connection: sqlite3.Connection, present: set[str]) -> None:
    rows = connection.execute("SELECT seq, change_type, item_ids FROM history").fetchall()
    for seq, change_type, item_ids in rows:
        try:
            ids = text_list(item_ids, "items")
        except (TypeError, ValueError):
            # Not a flat list of ids (a hostile value: nested, binary, a number): the
            # entry is kept, naming no item.
            ids = []
        action = _NEUTRAL_ACTIONS.get(change_type, "A change")
        if ids:
            action += f" ({len(ids)} item{'s' if len(ids) != 1 else ''})"
        kept = [i for i in ids if i in present]
        connection.execute(
            "UPDATE history SET action = ?, item_ids = ? WHERE seq = ?",
            (action, json.dumps(kept), seq),
        )


def _scrub(path: Path, present: set[str]) -> None:
    """Neutral history words, a merged full-text index, and a final in-place vacuum."""
    connection, _watchdog = connect(path, writable=True)
    try:
        connection.execute("BEGIN IMMEDIATE")
        _neutral_history(connection, present)
        # A copy handed on is no working copy of a team case: it must not name the
        # team's server and member, nor sync as if it were the sender's laptop.
        # (A board of format 1, shared from a read-only opening, has no such table.)
        has_link = connection.execute(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'team_sync'"
        ).fetchone()[0]
        if has_link:
            connection.execute("DELETE FROM team_sync")
        # FTS5 keeps tokens of deleted rows in older segments until they are merged.
        connection.execute("INSERT INTO card_fts(card_fts) VALUES('optimize')")
        connection.execute("COMMIT")
        with vacuum_allowed(connection, ""):
            connection.execute("VACUUM")
        connection.execute("PRAGMA journal_mode = DELETE")
    finally:
        connection.close()


def _place(temp: Path, destination: Path, *, overwrite: bool) -> None:
    if overwrite:
        os.replace(temp, destination)
        return
    try:
        # A hard link never replaces an existing name, so a file that appeared meanwhile
        # is never overwritten.
        os.link(temp, destination)
    except FileExistsError:
        raise BoardFileError(
            f"{destination.name} already exists; choose another name or allow overwriting."
        ) from None
    except OSError:
        # Some drives (FAT USB sticks, some shares) have no hard links.
        if destination.exists():
            raise BoardFileError(
                f"{destination.name} already exists; choose another name or allow overwriting."
            ) from None
        os.replace(temp, destination)
        return
    temp.unlink()


def _remove_temp(temp: Path) -> None:
    for leftover in (temp, temp.with_name(temp.name + "-journal")):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _verify(temp: Path, expected: Board, omitted: set[str]) -> Board:
    with open_board(temp, read_only=True) as copy:
        problems = copy.integrity_report()
        if problems:
            raise DamagedBoardError(f"The shared copy failed its check: {problems[0]}")
        board = copy.board
    want = set(expected.cards) - omitted
    if set(board.cards) != want:
        raise DamagedBoardError("The shared copy does not hold the expected cards.")
    return board


def share_copy(
    document: BoardDocument,
    destination: str | os.PathLike[str],
    *,
    omit_tags: Iterable[str] = (),
    omit_markings: Iterable[str] = (),
    frame: str | None = None,
    overwrite: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ShareReport:
    """Write a self-contained copy of an open board to ``destination``.

    Cards tagged with any of ``omit_tags`` or marked with any of ``omit_markings`` or
    above one of them (compared without regard to case) are left out together with
    their links and the attachments only they used. With ``frame`` (an id or unique
    prefix), so is every card that is neither that frame nor held by it. Raises
    :class:`BoardFileError` when ``destination`` exists and ``overwrite`` is false, or is
    the board itself, and :class:`ChangeError` when ``frame`` names no frame; nothing is
    written then.
    """
    target = Path(destination)
    if target.exists() and target.resolve() == document.path.resolve():
        raise BoardFileError("A shared copy cannot replace the board it is made from.")
    if target.exists() and not overwrite:
        raise BoardFileError(
            f"{target.name} already exists; choose another name or allow overwriting."
        )
    folder = target.parent if str(target.parent) else Path(".")
    temp = folder / f".{target.name}.{secrets.token_hex(6)}.sharing"
    omitted = omitted_card_ids(document.board, omit_tags, omit_markings, frame)
    frame_title = "" if frame is None else shared_frame(document.board, frame).display_title
    omitted_links = omitted_attachments = 0
    tell = progress or (lambda _message: None)
    try:
        tell("Copying the board")
        try:
            document.vacuum_into(temp)
        except sqlite3.Error as exc:
            raise WriteFailedError(f"The shared copy could not be written: {exc}.") from exc
        if omitted:
            tell("Leaving out redacted cards")
            with open_board(temp, author=document.author) as copy:
                change, omitted_links, omitted_attachments = _redaction(copy, omitted)
                copy.apply(change)
                present = set(copy.board.cards) | set(copy.board.links)
                present |= set(copy.board.attachments)
        else:
            board = document.board
            present = set(board.cards) | set(board.links) | set(board.attachments)
        tell("Removing traces of deleted items")
        try:
            _scrub(temp, present)
        except sqlite3.Error as exc:
            raise WriteFailedError(f"The shared copy could not be cleaned: {exc}.") from exc
        tell("Checking the copy")
        shared = _verify(temp, document.board, set(omitted))
        try:
            fsync_path(temp)
            _place(temp, target, overwrite=overwrite)
        except OSError as exc:
            raise WriteFailedError(
                f"The shared copy could not be written: {exc.strerror or exc}."
            ) from exc
        fsync_folder(folder)
    finally:
        _remove_temp(temp)
    return ShareReport(
        path=target,
        cards=len(shared.cards),
        links=len(shared.links),
        attachments=len(shared.attachments),
        omitted_cards=len(omitted),
        omitted_links=omitted_links,
        omitted_attachments=omitted_attachments,
        frame=frame_title,
    )


def share_file(
    source: str | os.PathLike[str],
    destination: str | os.PathLike[str],
    *,
    omit_tags: Iterable[str] = (),
    omit_markings: Iterable[str] = (),
    frame: str | None = None,
    overwrite: bool = False,
    author: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ShareReport:
    """Open ``source`` read-only through the vetted path and share a copy of it."""
    with open_board(source, read_only=True, author=author) as document:
        return share_copy(
            document,
            destination,
            omit_tags=omit_tags,
            omit_markings=omit_markings,
            frame=frame,
            overwrite=overwrite,
            progress=progress,
        )
