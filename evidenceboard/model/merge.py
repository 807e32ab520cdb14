"""Merge a colleague's copy of a board into mine, without losing anyone's work.

Items are matched by their stable ids. With only two boards and no common ancestor,
nothing can tell "they deleted it" from "I added it", so the rules lean towards
keeping:

* An item only on their board comes in (with its authorship). A deletion never
  travels through a merge: a card one side deleted and the other kept or edited stays.
* An item with the same values on both sides is left alone. Differences in the edit
  stamps alone (``modified_by``/``modified_at``) are not a difference.
* Geometry-only differences (a card moved or resized) take the version with the later
  ``modified_at``; on a tie (moves do not stamp cards) mine stays.
* Any other difference is a clean one-sided edit only when one side is *untouched*
  (``modified_at == created_at``, it was never edited) and the other side was edited
  later: then the edited version wins, since the untouched one holds nothing new.
  Caveat: an edit made within the same second as the card's creation looks untouched.
* Otherwise both sides changed the item: a **conflict**. Mine stays as it is; theirs is
  added as a new card titled "… (their version, by X)", tagged ``merge-conflict`` and
  linked ``related`` to mine with a rationale naming the fields that differ, so both
  versions are visible on the canvas. A conflicting link is added as a second link
  whose rationale starts "[their version, by X]". The copy's id is derived from the
  two versions, so merging the same board twice adds nothing the second time.
* Attachments are addressed by content, so any attachment only they have is fetched
  (the plan lists the SHA-256s; the caller reads the bytes from their board file).
* Board details: their authors join mine; a different title or description is
  reported and mine kept.

The whole merge is one :class:`Batch`, so one Undo takes it back.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from evidenceboard.model.attachments import Attachment
from evidenceboard.model.board import Board, BoardInfo
from evidenceboard.model.cards import MAX_COORDINATE, MAX_TITLE_LENGTH, Card, normalize_tags
from evidenceboard.model.changes import (
    AddAttachment,
    AddCards,
    Batch,
    Change,
    EditBoard,
    EditCards,
    EditLink,
)
from evidenceboard.model.codec import card_to_dict, link_to_dict
from evidenceboard.model.diff import changed_card_fields, changed_link_fields
from evidenceboard.model.errors import ChangeError
from evidenceboard.model.factory import make_link
from evidenceboard.model.links import Link, LinkKind

CONFLICT_TAG = "merge-conflict"
_SUFFIX_LIMIT = 120


@dataclass(frozen=True, slots=True)
class MergeConflict:
    """An item both sides changed; both versions are kept."""

    kind: str
    id: str
    title: str
    fields: tuple[str, ...]
    mine_by: str
    theirs_by: str
    #: Id of the card or link that holds their version, or None (board details).
    copy_id: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "fields": list(self.fields),
            "mine_by": self.mine_by,
            "theirs_by": self.theirs_by,
            "copy_id": self.copy_id,
        }


@dataclass(frozen=True, slots=True)
class MergePlan:
    """Everything a merge will do, computed before anything changes."""

    theirs_title: str
    new_cards: tuple[Card, ...]
    new_links: tuple[Link, ...]
    updated_cards: tuple[tuple[Card, Card], ...]
    updated_links: tuple[tuple[Link, Link], ...]
    #: Attachments only they have; their bytes must be fetched (see :attr:`fetch`).
    attachments: tuple[Attachment, ...]
    info: tuple[BoardInfo, BoardInfo] | None
    conflicts: tuple[MergeConflict, ...]

    @property
    def fetch(self) -> tuple[str, ...]:
        """SHA-256s of the attachment bytes to read from their board."""
        return tuple(a.sha256 for a in self.attachments)

    @property
    def is_empty(self) -> bool:
        return not (
            self.new_cards
            or self.new_links
            or self.updated_cards
            or self.updated_links
            or self.attachments
            or self.info
        )

    def change(self, attachment_data: Mapping[str, bytes]) -> Batch:
        """The one undoable change; ``attachment_data`` maps each of :attr:`fetch` to bytes."""
        parts: list[Change] = []
        for attachment in self.attachments:
            if attachment.sha256 not in attachment_data:
                raise ChangeError(f"The bytes of “{attachment.file_name}” were not supplied.")
            parts.append(AddAttachment(attachment, attachment_data[attachment.sha256]))
        if self.updated_cards:
            parts.append(EditCards(self.updated_cards, "Take their edits"))
        parts += [EditLink(before, after) for before, after in self.updated_links]
        if self.new_cards or self.new_links:
            parts.append(AddCards(self.new_cards, self.new_links))
        if self.info is not None:
            parts.append(EditBoard(*self.info))
        return Batch(tuple(parts), f"Merge “{_short(self.theirs_title, 60)}”")

    def summary(self) -> dict[str, Any]:
        """Counts and conflicts, the stable JSON form of the merge report."""
        conflict_copies = {c.copy_id for c in self.conflicts}
        return {
            "cards_added": sum(c.id not in conflict_copies for c in self.new_cards),
            "links_added": sum(
                x.id not in conflict_copies and x.source not in conflict_copies
                for x in self.new_links
            ),
            "cards_updated": len(self.updated_cards),
            "links_updated": len(self.updated_links),
            "attachments_added": len(self.attachments),
            "conflicts": [c.to_dict() for c in self.conflicts],
        }

    def lines(self) -> list[str]:
        """The merge report in words."""
        s = self.summary()
        out = [
            f"From “{self.theirs_title}”: {s['cards_added']} new cards, {s['links_added']} new "
            f"links, {s['attachments_added']} new attachments; {s['cards_updated']} cards and "
            f"{s['links_updated']} links updated to their newer version; "
            f"{len(self.conflicts)} conflicts."
        ]
        for c in self.conflicts:
            where = f" — their version is {c.kind} {c.copy_id[:8]}" if c.copy_id else ""
            out.append(
                f"Conflict: {c.kind} {c.id[:8]} “{c.title}” changed by {c.mine_by} (mine) and "
                f"{c.theirs_by} (theirs) in {', '.join(c.fields)}; mine kept{where}."
            )
        return out


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _untouched(item: Card | Link) -> bool:
    return item.modified_at == item.created_at


def _one_sided(mine: Card | Link, theirs: Card | Link) -> str | None:
    """'mine' or 'theirs' when only that side was edited, else None."""
    if _untouched(theirs) and not _untouched(mine) and mine.modified_at > theirs.modified_at:
        return "mine"
    if _untouched(mine) and not _untouched(theirs) and theirs.modified_at > mine.modified_at:
        return "theirs"
    return None


def _derived_id(kind: str, mine_id: str, value: dict[str, Any]) -> str:
    payload = json.dumps([kind, mine_id, value], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _conflict_card(mine: Card, theirs: Card, copy_id: str) -> Card:
    suffix = f" (their version, by {_short(theirs.modified_by, 60)})"
    room = MAX_TITLE_LENGTH - len(suffix)
    g = mine.geometry
    x = min(g.x + g.width + 40.0, MAX_COORDINATE - g.width)
    # Authorship stays theirs: the copy is their work, only its id and title are new.
    return replace(
        theirs,
        id=copy_id,
        title=_short(theirs.display_title, room) + suffix,
        tags=normalize_tags((*theirs.tags, CONFLICT_TAG)),
        geometry=replace(theirs.geometry, x=x, y=g.y),
    )


class _Planner:
    def __init__(self, mine: Board, theirs: Board, by: str) -> None:
        self.mine = mine
        self.theirs = theirs
        self.by = by
        self.new_cards: list[Card] = []
        self.new_links: list[Link] = []
        self.updated_cards: list[tuple[Card, Card]] = []
        self.updated_links: list[tuple[Link, Link]] = []
        self.conflicts: list[MergeConflict] = []

    def cards(self) -> None:
        for card_id in sorted(self.theirs.cards):
            theirs = self.theirs.cards[card_id]
            mine = self.mine.cards.get(card_id)
            if mine is None:
                self.new_cards.append(theirs)
                continue
            fields = changed_card_fields(mine, theirs)
            if not fields:
                continue
            if fields == ["geometry"]:
                if theirs.modified_at > mine.modified_at:
                    self.updated_cards.append((mine, replace(mine, geometry=theirs.geometry)))
                continue
            side = _one_sided(mine, theirs)
            if side == "theirs":
                self.updated_cards.append((mine, theirs))
            elif side is None:
                self._card_conflict(mine, theirs, fields)

    def _card_conflict(self, mine: Card, theirs: Card, fields: list[str]) -> None:
        copy_id = _derived_id("card", mine.id, card_to_dict(theirs))
        self.conflicts.append(
            MergeConflict(
                "card",
                mine.id,
                mine.display_title,
                tuple(fields),
                mine.modified_by,
                theirs.modified_by,
                copy_id,
            )
        )
        if copy_id in self.mine.cards:
            return  # Merged before: their version is already on the board.
        self.new_cards.append(_conflict_card(mine, theirs, copy_id))
        rationale = (
            f"Merge conflict: both copies changed this card ({', '.join(fields)}). "
            f"This is the version from “{_short(self.theirs.info.title, 200)}”, last changed "
            f"by {theirs.modified_by} at {theirs.modified_at:%Y-%m-%d %H:%M} UTC; the card it "
            f"points to is mine, last changed by {mine.modified_by} at "
            f"{mine.modified_at:%Y-%m-%d %H:%M} UTC."
        )
        self.new_links.append(
            make_link(
                copy_id,
                mine.id,
                LinkKind.RELATED,
                self.by,
                rationale=rationale,
                link_id=_derived_id("link", copy_id, {"related": mine.id}),
            )
        )

    def links(self) -> None:
        for link_id in sorted(self.theirs.links):
            theirs = self.theirs.links[link_id]
            mine = self.mine.links.get(link_id)
            if mine is None:
                self.new_links.append(theirs)
                continue
            fields = changed_link_fields(mine, theirs)
            if not fields:
                continue
            side = _one_sided(mine, theirs)
            if side == "theirs":
                self.updated_links.append((mine, theirs))
            elif side is None:
                self._link_conflict(mine, theirs, fields)

    def _link_conflict(self, mine: Link, theirs: Link, fields: list[str]) -> None:
        copy_id = _derived_id("link", mine.id, link_to_dict(theirs))
        title = f"{mine.kind.label} link"
        self.conflicts.append(
            MergeConflict(
                "link",
                mine.id,
                title,
                tuple(fields),
                mine.modified_by,
                theirs.modified_by,
                copy_id,
            )
        )
        if copy_id in self.mine.links:
            return
        prefix = f"[their version, by {_short(theirs.modified_by, 60)}] "
        room = MAX_TITLE_LENGTH * 20 - len(prefix)
        self.new_links.append(
            replace(theirs, id=copy_id, rationale=prefix + _short(theirs.rationale, room))
        )

    def info(self) -> tuple[BoardInfo, BoardInfo] | None:
        mine, theirs = self.mine.info, self.theirs.info
        for name in ("title", "description", "handling"):
            if getattr(mine, name) != getattr(theirs, name):
                self.conflicts.append(
                    MergeConflict("board", mine.id, mine.title, (name,), "", "", None)
                )
        authors = tuple(dict.fromkeys((*mine.authors, *theirs.authors)))
        if authors == mine.authors:
            return None
        return mine, replace(mine, authors=authors)


def plan_merge(mine: Board, theirs: Board, by: str) -> MergePlan:
    """Work out how to bring ``theirs`` into ``mine``; ``by`` is the person merging."""
    planner = _Planner(mine, theirs, by)
    planner.cards()
    planner.links()
    info = planner.info()
    attachments = tuple(
        theirs.attachments[sha] for sha in sorted(theirs.attachments.keys() - mine.attachments)
    )
    return MergePlan(
        theirs_title=theirs.info.title,
        new_cards=tuple(planner.new_cards),
        new_links=tuple(planner.new_links),
        updated_cards=tuple(planner.updated_cards),
        updated_links=tuple(planner.updated_links),
        attachments=attachments,
        info=info,
        conflicts=tuple(planner.conflicts),
    )
