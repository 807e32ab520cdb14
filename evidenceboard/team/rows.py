"""Server rows to the model and back, vetted like a board file from a stranger.

Rows from the server go through the board file's own converters
(:func:`~evidenceboard.storage.mapping.row_to_card` and the rest), which check every
value the model checks, cap future stamps and refuse what they cannot read. A row
that fails is set aside and named in the sync's report; it never reaches the board. A
hostile or broken server can therefore hold back its own changes, but not put a
malformed card, an oversized text or an attachment whose bytes do not match their
SHA-256 onto a laptop.
"""

import json
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from evidenceboard.model.attachments import MAX_ATTACHMENT_SIZE, Attachment, sha256_hex
from evidenceboard.model.board import BoardInfo
from evidenceboard.model.cards import Card
from evidenceboard.model.clock import parse_timestamp
from evidenceboard.model.errors import InvalidValueError
from evidenceboard.model.history import ITEM_ID_LIMIT, HistoryEntry
from evidenceboard.model.links import Link
from evidenceboard.model.short_text import plural
from evidenceboard.storage.errors import DamagedBoardError
from evidenceboard.storage.mapping import (
    info_to_row,
    row_to_attachment,
    row_to_card,
    row_to_info,
    row_to_link,
    rows_to_settings,
)
from evidenceboard.team.wire import Withheld

_Item = TypeVar("_Item")


@dataclass
class Rejected:
    """What the server sent that could not be used, in words for the report."""

    lines: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if len(self.lines) < 1000:
            self.lines.append(text[:300])


def _read_all(
    rows: Iterable[Mapping[str, Any]],
    read: Callable[[Mapping[str, Any]], _Item],
    what: str,
    out: Rejected,
) -> list[_Item]:
    # One damaged row is refused, in words, and the others still come in.
    found = []
    for row in rows:
        try:
            found.append(read(row))
        except DamagedBoardError as exc:
            out.add(f"Refused {what} from the server: {exc}")
    return found


def cards_from(rows: Iterable[Mapping[str, Any]], now: datetime, out: Rejected) -> list[Card]:
    return _read_all(rows, lambda row: row_to_card(row, now), "a card", out)


def links_from(rows: Iterable[Mapping[str, Any]], now: datetime, out: Rejected) -> list[Link]:
    return _read_all(rows, lambda row: row_to_link(row, now), "a link", out)


def attachments_from(rows: Iterable[Mapping[str, Any]], out: Rejected) -> list[Attachment]:
    return _read_all(rows, row_to_attachment, "an attachment", out)


def checked_data(attachment: Attachment, data: object, out: Rejected) -> bytes | None:
    """The bytes of an attachment if they are bytes and match their SHA-256, else None."""
    if isinstance(data, Withheld):
        out.add(
            f"Refused attachment {attachment.sha256[:12]} from the server: it holds "
            f"{data.held:,} bytes for it, not the {attachment.size:,} its details declare."
        )
        return None
    if not isinstance(data, bytes) or len(data) > MAX_ATTACHMENT_SIZE:
        out.add(f"Refused attachment {attachment.sha256[:12]} from the server: not its bytes.")
        return None
    if sha256_hex(data) != attachment.sha256 or len(data) != attachment.size:
        out.add(
            f"Refused attachment {attachment.sha256[:12]} from the server: its bytes do not "
            "match its fingerprint."
        )
        return None
    return data


#: Longest author name and action words a history row from the server may carry.
MAX_HISTORY_AUTHOR = 200
MAX_HISTORY_ACTION = 1000


def history_from(
    rows: Iterable[Mapping[str, Any]], out: Rejected
) -> list[tuple[HistoryEntry, str]]:
    """The server's history rows as this board records them (numbered 0), with their words.

    A row must read as one this version writes: a known kind of change, a readable list
    of at most the ids a row may name, a time, and an author and words of bounded
    length. Others are refused: an unreadable row in a board's history counts as having
    touched every item when copies are merged. The time is kept as the server has it,
    a future one too (history is ordered by the board's own numbers, not by time): it is
    part of what makes the row the same one on the server and in every copy.
    """
    found = []
    refused = 0
    for row in rows:
        values = [row.get(k) for k in ("at", "author", "action", "change_type", "item_ids")]
        texts = [v for v in values if isinstance(v, str)]
        if len(texts) != len(values):
            refused += 1
            continue
        at, author, action, kind, ids = texts
        entry = HistoryEntry(0, at, author, kind, ids)
        try:
            parse_timestamp(at)
        except InvalidValueError:
            refused += 1
            continue
        if (
            not entry.complete
            or len(ids) > 64 * ITEM_ID_LIMIT
            or not author.strip()
            or len(author) > MAX_HISTORY_AUTHOR
            or len(action) > MAX_HISTORY_ACTION
        ):
            refused += 1
            continue
        found.append((entry, action))
    if refused:
        out.add(f"Refused {refused} history rows from the server: they could not be read.")
    return found


def info_from(row: Mapping[str, Any], keep_id: str, out: Rejected) -> BoardInfo | None:
    """The case's details from its server row, with this board's own id."""
    try:
        info = row_to_info({**row, "uuid": keep_id})
        pairs = json.loads(row["settings"]) if isinstance(row["settings"], str) else None
        if not isinstance(pairs, list) or not all(
            isinstance(p, list) and len(p) == 2 for p in pairs
        ):
            raise DamagedBoardError("The case's settings on the server are damaged.")
        return replace(info, settings=rows_to_settings(pairs))
    except (DamagedBoardError, ValueError, RecursionError) as exc:
        out.add(f"Refused the case's details from the server: {exc}")
        return None


def info_row(info: BoardInfo) -> dict[str, Any]:
    """The server row of the case's details (without case and revision)."""
    row = {k: v for k, v in info_to_row(info).items() if k != "id"}
    return {**row, "settings": json.dumps([list(p) for p in info.settings], ensure_ascii=False)}


def fitting(
    cards: list[Card],
    links: list[Link],
    attachments: Container[str],
    elsewhere: Container[str],
    out: Rejected,
) -> tuple[list[Card], list[Link]]:
    """The cards whose attachment is there, and the links whose two cards are.

    ``attachments`` are the SHA-256s at hand, ``elsewhere`` the ids of cards already on
    the board the rows are going to.
    """
    kept = []
    for card in cards:
        sha = getattr(card.content, "attachment", None)
        if sha is not None and sha not in attachments:
            out.add(f"Refused card {card.id[:8]} from the server: its attachment did not arrive.")
        else:
            kept.append(card)
    ids = {c.id for c in kept}

    def known(card_id: str) -> bool:
        return card_id in ids or card_id in elsewhere

    joined = [x for x in links if known(x.source) and known(x.target)]
    if len(joined) < len(links):
        refused = plural(len(links) - len(joined), "link")
        out.add(f"Refused {refused} from the server: a card is missing.")
    return kept, joined
